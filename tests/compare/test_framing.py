"""Framing on articles written so that every difference is known: the lexicon read from its package,
the words each sentence is marked for, leads and their ranks, omissions, voices, and the brief
worded with the most neutral member."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest

from newsweave.compare import compare_articles
from newsweave.compare import lexicon as lexicon_module
from newsweave.compare.align import ClaimUnit
from newsweave.compare.framing import claim_order, frame_comparison, omission_threshold
from newsweave.compare.framing_words import ATTRIBUTION_VERBS, LOADED_SPEECH_VERBS, NEUTRAL_SPEECH_VERBS
from newsweave.compare.lexicon import lexicon_name, load_valence, parse_lexicon
from newsweave.compare.voices import voice_kind
from newsweave.compare.wording import is_fact_word, sentence_loadedness, sentence_words
from newsweave.errors import ModelUnavailableError
from newsweave.model import (
    Article,
    ClaimGroup,
    ClaimMember,
    ClaimStatus,
    EntityMention,
    Quote,
    Sentence,
    Span,
    VoiceKind,
    WordKind,
)
from newsweave.report.views import brief_items, member_text, wording_differs

# --- helpers -----------------------------------------------------------------------------------


def find(text: str, sub: str) -> Span:
    start = text.index(sub)
    return Span(start=start, end=start + len(sub))


def article(
    article_id: str,
    sentences: Sequence[str],
    *,
    language: str = "en",
    quotes: Sequence[Quote] = (),
    entities: Sequence[EntityMention] = (),
    title: str = "",
) -> Article:
    text = " ".join(sentences)
    return Article(
        id=article_id,
        uri=f"{article_id}.txt",
        text=text,
        title=title,
        language=language,
        sentences=tuple(Sentence(span=find(text, sentence)) for sentence in sentences),
        quotes=tuple(quotes),
        entities=tuple(entities),
    )


def marks(text: str, **kwargs: object) -> list[tuple[str, WordKind]]:
    one = article("a", [text], **kwargs)  # type: ignore[arg-type]
    return [(one.text_at(word.span), word.kind) for word in sentence_words(one, one.sentences[0].span)]


def units_of(articles: Sequence[Article]) -> list[ClaimUnit]:
    return [
        ClaimUnit(index, number, sentence.span, a.text_at(sentence.span), frozenset())
        for index, a in enumerate(articles)
        for number, sentence in enumerate(a.sentences)
    ]


def group(claim_id: str, *members: tuple[Article, int]) -> ClaimGroup:
    sources = tuple(dict.fromkeys(a.id for a, _ in members))
    return ClaimGroup(
        id=claim_id,
        status=ClaimStatus.SHARED if len(sources) > 1 else ClaimStatus.UNIQUE,
        sources=sources,
        members=tuple(ClaimMember(article_id=a.id, sentence=n, span=a.sentences[n].span) for a, n in members),
    )


# --- the lexicon --------------------------------------------------------------------------------


def test_lexicon_parses_the_vader_format() -> None:
    text = "shocking\t-1.7\t1.34536\t[-2, -3, -1]\nCalm\t1.3\t0.5\t[1]\nbroken line\n\tx\nodd\tnot-a-number\t0\t[]\n"
    assert parse_lexicon(text) == {"shocking": -1.7, "calm": 1.3}


def test_lexicon_loads_from_the_installed_package() -> None:
    valence = load_valence()
    assert len(valence) > 7000
    assert valence["shocking"] == pytest.approx(-1.7)
    assert valence["disaster"] == pytest.approx(-3.1)
    assert "said" not in valence
    assert load_valence() is valence  # read once per process


def test_lexicon_names_package_version_file_and_licence() -> None:
    assert lexicon_name() == "vaderSentiment 3.3.2 vader_lexicon.txt (MIT)"


def test_lexicon_missing_package_is_a_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon_module, "LEXICON_PACKAGE", "no_such_lexicon_package")
    with pytest.raises(ModelUnavailableError, match=r"compare\.lexicon_missing.*vader_lexicon\.txt"):
        load_valence.__wrapped__()


def test_speech_verb_lists_refine_the_annotator_list() -> None:
    assert not set(LOADED_SPEECH_VERBS) & NEUTRAL_SPEECH_VERBS
    assert {"said", "claimed", "admitted", "insisted"} <= ATTRIBUTION_VERBS


# --- marked words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The ship hit the bridge on Tuesday.", []),
        ("Three people were killed and five injured in the crash.", []),  # words that name what happened
        (
            "The rogue ship smashed into the bridge in a shocking disaster.",
            [
                ("rogue", WordKind.EVALUATIVE),
                ("smashed", WordKind.EVALUATIVE),
                ("shocking", WordKind.EVALUATIVE),
                ("disaster", WordKind.EVALUATIVE),
            ],
        ),
        ("The authority admitted it had opened an inquiry.", [("admitted", WordKind.ATTRIBUTION)]),
        ("Trump claimed, falsely, that he won.", [("claimed", WordKind.ATTRIBUTION), ("falsely", WordKind.EVALUATIVE)]),
        ("He made false claims about the vote.", [("false", WordKind.EVALUATIVE)]),
        ("The mayor insisted the bridge was safe.", [("insisted", WordKind.ATTRIBUTION)]),
        ("Two workers were admitted to hospital.", []),  # not a speech verb here
        ("The team claimed the title on Sunday.", []),
        ("The driver was allegedly drunk.", [("allegedly", WordKind.HEDGE)]),
        ("The climber is said to have fallen 200 feet.", [("said", WordKind.HEDGE)]),
        ("A man believed to be her husband screamed.", [("believed", WordKind.HEDGE)]),
        ("Damage could exceed $40 million.", [("could", WordKind.HEDGE)]),
        ("The crew could not reach the ship.", []),
        ("The vote was held in May.", []),
        ("It was a very significant defeat.", [("very", WordKind.INTENSIFIER), ("significant", WordKind.INTENSIFIER)]),
        ("Sadly, the last-ditch talks failed.", [("Sadly", WordKind.EVALUATIVE), ("last-ditch", WordKind.EVALUATIVE)]),
    ],
)
def test_words_marked_in_a_sentence(sentence: str, expected: list[tuple[str, WordKind]]) -> None:
    assert marks(sentence) == expected


def test_words_inside_quotes_and_names_are_not_the_outlets() -> None:
    text = '"It was a shocking disaster," said Hope Brave, a resident.'
    quote = Quote(span=find(text, "It was a shocking disaster,"), speaker=find(text, "Hope Brave"))
    name = EntityMention(span=find(text, "Hope Brave"), label="PERSON", entity_id="hope-brave")
    assert marks(text, quotes=[quote], entities=[name]) == []


def test_words_are_scored_in_english_only() -> None:
    assert marks("El barco chocó en un desastre terrible.", language="es") == []
    assert marks("The ship smashed into the bridge.", language="") == [("smashed", WordKind.EVALUATIVE)]


def test_loadedness_sums_scores() -> None:
    plain = article("a", ["The authority said it had opened an inquiry."])
    loaded = article("b", ["The authority admitted it had opened a shocking inquiry."])
    assert sentence_loadedness(plain, plain.sentences[0].span) == 0.0
    assert sentence_loadedness(loaded, loaded.sentences[0].span) == pytest.approx(2.0 + 2.0)


@pytest.mark.parametrize(
    ("word", "is_fact"),
    [
        ("killed", True),
        ("injuries", True),
        ("losing", True),
        ("winning", True),
        ("shootings", True),
        ("wonderful", False),
        ("window", False),
        ("deadline", False),
        ("explore", False),
        ("chaos", False),
    ],
)
def test_fact_words_include_their_regular_forms(word: str, is_fact: bool) -> None:
    assert is_fact_word(word) is is_fact


# --- leads, omissions, centrality -----------------------------------------------------------------

BRIDGE = [
    article("w", ["The ship hit the bridge.", "The bridge closed.", "An inquiry opened.", "Divers checked the pier."]),
    article("x", ["The bridge closed.", "The ship hit the bridge.", "An inquiry opened."]),
    article("y", ["The ship hit the bridge.", "Ferries ran late.", "The bridge closed."]),
    article("z", ["Ferries ran late.", "The ship hit the bridge.", "Shops stayed shut."]),
]


def _bridge_claims() -> list[ClaimGroup]:
    w, x, y, z = BRIDGE
    return [
        group("c1", (w, 0), (x, 1), (y, 0), (z, 1)),  # the strike: all four
        group("c2", (w, 1), (x, 0), (y, 2)),  # the closure: all but z
        group("c3", (w, 2), (x, 2)),  # the inquiry: two
        group("c4", (y, 1), (z, 0)),  # ferries: two
        group("c5", (w, 3)),
        group("c6", (z, 2)),
    ]


def test_claim_order_ranks_by_first_sentence() -> None:
    assert claim_order("x", _bridge_claims()) == {"c2": 1, "c1": 2, "c3": 3}


@pytest.mark.parametrize(("n_articles", "needed"), [(2, 2), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4)])
def test_omission_needs_at_least_two_and_most_of_the_others(n_articles: int, needed: int) -> None:
    assert omission_threshold(n_articles) == needed


def test_framing_leads_ranks_omissions_and_exclusives() -> None:
    claims = _bridge_claims()
    framing = frame_comparison(BRIDGE, [], units_of(BRIDGE), claims)
    by_source = {source.article_id: source for source in framing.sources}
    assert [(s.article_id, s.lead_sentence, s.lead_claim) for s in framing.sources] == [
        ("w", 0, "c1"),
        ("x", 0, "c2"),
        ("y", 0, "c1"),
        ("z", 0, "c4"),
    ]
    # lead claims in the order of the first source leading with them; None: left out
    assert [(r.claim_id, r.rank) for r in by_source["z"].lead_ranks] == [("c1", 2), ("c2", None), ("c4", 1)]
    assert [(r.claim_id, r.rank) for r in by_source["x"].lead_ranks] == [("c1", 2), ("c2", 1), ("c4", None)]
    # z leaves out the closure (three sources) before the inquiry (two), and it carries the ferries
    assert [item.claim_id for item in by_source["z"].omitted] == ["c2", "c3"]
    assert [item.claim_id for item in by_source["w"].omitted] == ["c4"]
    assert by_source["z"].omitted[0].n_sources == 3
    assert by_source["z"].omitted[0].centrality > by_source["z"].omitted[1].centrality
    assert [item.claim_id for item in by_source["w"].exclusive] == ["c5"]
    assert [item.claim_id for item in by_source["x"].exclusive] == []


def test_an_omission_needs_no_sentence_near_the_claim() -> None:
    claims = _bridge_claims()
    units = units_of(BRIDGE)
    scores = np.zeros((len(units), len(units)))
    near = next(i for i, u in enumerate(units) if (u.article, u.sentence) == (3, 2))  # z's "Shops stayed shut."
    closure = next(i for i, u in enumerate(units) if (u.article, u.sentence) == (0, 1))  # w's "The bridge closed."
    scores[near, closure] = scores[closure, near] = 0.62
    framing = frame_comparison(BRIDGE, [], units, claims, scores=scores, min_probability=0.5)
    z = next(source for source in framing.sources if source.article_id == "z")
    assert [item.claim_id for item in z.omitted] == ["c3"]


# --- voices -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "kind", "cue"),
    [
        ("a senior official said", VoiceKind.OFFICIAL, "official"),
        ("Troy police Lt. Gerry Scherlinck", VoiceKind.OFFICIAL, "police"),
        ("a spokeswoman for the city fire service", VoiceKind.OFFICIAL, "spokeswoman"),
        ("a senior official who was not authorized to speak publicly", VoiceKind.ANONYMOUS, "not authorized"),
        ("a source familiar with the talks", VoiceKind.ANONYMOUS, "familiar with"),
        ("Ana Ruiz, an expert on bridges at the port college", VoiceKind.EXPERT, "expert"),
        ("Luke Pigeon , who lives next door , a witness", VoiceKind.WITNESS, "witness"),
        ("Jo Bell, a resident of the eastern quay", VoiceKind.WITNESS, "resident"),
        ("a strategist for the Smith campaign", VoiceKind.CAMPAIGN, "strategist"),
        ("la alcaldesa Elena Varga", VoiceKind.OFFICIAL, "alcaldesa"),
        ("Bill Adgate , who works for LPL Financial", VoiceKind.OTHER, ""),
    ],
)
def test_voice_kind_from_the_words_that_introduce_a_speaker(description: str, kind: VoiceKind, cue: str) -> None:
    assert voice_kind(description) == (kind, cue)


def test_voices_count_words_and_who_only_one_source_quotes() -> None:
    one_text = 'Ana Ruiz, an expert on bridges, said: "The pier will hold for now." "Expect delays," a witness said.'
    one = article("one", [one_text])
    one = Article(
        **{
            **{f: getattr(one, f) for f in ("id", "uri", "text", "language", "sentences")},
            "entities": (EntityMention(span=find(one_text, "Ana Ruiz"), label="PERSON", entity_id="ana-ruiz"),),
            "quotes": (
                Quote(span=find(one_text, "The pier will hold for now."), speaker=find(one_text, "Ana Ruiz")),
                Quote(span=find(one_text, "Expect delays,"), speaker=find(one_text, "a witness")),
            ),
        }
    )
    other_text = '"We will reopen it soon," said Mayor Jo Bell.'
    other = article(
        "other",
        [other_text],
        quotes=[Quote(span=find(other_text, "We will reopen it soon,"), speaker=find(other_text, "Mayor Jo Bell"))],
    )
    third_text = '"Expect delays," a witness said.'
    third = article(
        "third",
        [third_text],
        quotes=[Quote(span=find(third_text, "Expect delays,"), speaker=find(third_text, "a witness"))],
    )
    framing = frame_comparison([one, other, third], [], units_of([one, other, third]), [])
    voices = {v.speaker: v for v in framing.sources[0].voices}
    assert (voices["Ana Ruiz"].kind, voices["Ana Ruiz"].cue, voices["Ana Ruiz"].n_words) == (
        VoiceKind.EXPERT,
        "expert",
        6,
    )
    assert voices["Ana Ruiz"].only_here
    assert (voices["a witness"].kind, voices["a witness"].only_here) == (VoiceKind.WITNESS, False)
    assert [(v.speaker, v.kind) for v in framing.sources[1].voices] == [("Mayor Jo Bell", VoiceKind.OFFICIAL)]


# --- wording of a shared claim, and the brief -------------------------------------------------------


def test_wording_marks_what_differs_and_finds_the_most_neutral_member() -> None:
    plain = article("plain", ["The authority said it had opened an inquiry."])
    loaded = article("loaded", ["The authority admitted it had opened an inquiry."])
    hedged = article("hedged", ["The authority reportedly said it had opened an inquiry."])
    claims = [group("c1", (loaded, 0), (plain, 0), (hedged, 0))]
    framing = frame_comparison([loaded, plain, hedged], [], units_of([loaded, plain, hedged]), claims)
    (wording,) = framing.wordings
    assert wording.loadedness == (2.0, 0.0, 1.0)
    assert (wording.neutral_member, wording.differs) == (1, True)
    (admitted,) = framing.sources[0].words
    assert (loaded.text_at(admitted.span), admitted.claim_id, admitted.differs) == ("admitted", "c1", True)


class WordsEmbedder:
    """Bag-of-words vectors (hashed): sentences sharing most words come out close, as real ones do."""

    dimensions = 256

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        vectors = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.casefold()):
                vectors[row, int(hashlib.sha256(word.encode()).hexdigest(), 16) % self.dimensions] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)


def test_brief_words_a_shared_claim_with_its_most_neutral_member_and_says_sources_differ() -> None:
    loaded = article(
        "herald",
        ["The harbour authority admitted it had opened an investigation into the collision on Tuesday."],
    )
    plain = article(
        "observer",
        ["The harbour authority said it had opened an investigation into the collision on Tuesday."],
    )
    for order in ([loaded, plain], [plain, loaded]):
        comparison = compare_articles(order, embedder=WordsEmbedder())
        ((claim, member),) = brief_items(comparison)
        assert member_text(comparison, member) == plain.text
        assert wording_differs(comparison, claim)
        herald = next(source for source in comparison.framing.sources if source.article_id == "herald")
        assert [(comparison.article("herald").text_at(w.span), w.differs) for w in herald.words] == [("admitted", True)]


def test_brief_notes_nothing_when_members_word_it_alike() -> None:
    one = article("one", ["The harbour authority said it had opened an investigation into the collision."])
    two = article("two", ["The harbour authority said it had opened an investigation into the collision."])
    comparison = compare_articles([one, two], embedder=WordsEmbedder())
    ((claim, _),) = brief_items(comparison)
    assert not wording_differs(comparison, claim)
