"""The version diff on hand-built articles: what was added, removed and rewritten, and for a
rewritten sentence which figures and names changed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsweave.model import Article, Correction, EntityMention, Sentence, Span
from newsweave.versions.diff import ChangeKind, SentenceChange, VersionDiff, diff_versions

STORM = "A storm hit the coast on Monday."
INJURED = "Three people were injured."
POWER = "Power was cut to 2,000 homes."


def _find(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(start=start, end=start + len(words))


def _article(
    *sentences: str,
    title: str = "",
    entities: tuple[tuple[str, str], ...] = (),
    notices: tuple[str, ...] = (),
) -> Article:
    """An article of ``sentences`` (one space apart), with ``(words, label)`` entity mentions and
    correction notices found by their words."""
    text = " ".join(sentences)
    starts = [sum(len(sentence) + 1 for sentence in sentences[:i]) for i in range(len(sentences))]
    return Article(
        id="a",
        uri="a.txt",
        text=text,
        title=title,
        sentences=tuple(Sentence(span=Span(start=s, end=s + len(t))) for s, t in zip(starts, sentences, strict=True)),
        entities=tuple(EntityMention(span=_find(text, words), label=label) for words, label in entities),
        corrections=tuple(Correction(span=_find(text, notice), kind="correction") for notice in notices),
    )


def _only_change(diff: VersionDiff) -> SentenceChange:
    (change,) = diff.changes
    return change


def test_diff_identical_versions_are_unchanged() -> None:
    article = _article(STORM, INJURED, POWER, title="Storm hits coast")
    diff = diff_versions(article, article)
    assert diff.unchanged
    assert diff == VersionDiff(changes=(), title_changed=None, corrections_added=())


def test_diff_whitespace_alone_is_no_change() -> None:
    assert diff_versions(_article(STORM, INJURED), _article(STORM, "Three  people\nwere injured.")).unchanged


def test_diff_added_sentence() -> None:
    change = _only_change(diff_versions(_article(STORM, POWER), _article(STORM, INJURED, POWER)))
    assert change == SentenceChange(
        kind=ChangeKind.ADDED, old_sentence=None, new_sentence=1, old_text="", new_text=INJURED
    )


def test_diff_removed_sentence() -> None:
    diff = diff_versions(_article(STORM, INJURED, POWER), _article(STORM, POWER))
    assert _only_change(diff) == SentenceChange(
        kind=ChangeKind.REMOVED, old_sentence=1, new_sentence=None, old_text=INJURED, new_text=""
    )
    assert not diff.unchanged


@pytest.mark.parametrize(
    ("old", "new", "figures"),
    [
        ("Three people were injured.", "Five people were injured.", (("Three", "Five"),)),
        ("The deal is worth $5.6 billion.", "The deal is worth $5.7 billion.", (("$5.6 billion", "$5.7 billion"),)),
        ("Turnout reached 12% on Sunday.", "Turnout reached 14% on Sunday.", (("12%", "14%"),)),
        ("Power was cut to 2,000 homes.", "Power was cut to 2,400 homes.", (("2,000", "2,400"),)),
        ("Two people were hurt.", "Two people were hurt and 40 homes burned.", (("", "40"),)),
        # The same figure written another way is the same figure.
        ("Police said 3 people died.", "Police said three people died.", ()),
        ("Turnout reached 12% on Sunday.", "Turnout reached 12 percent on Sunday.", ()),
    ],
)
def test_diff_rewritten_sentence_names_its_changed_figures(
    old: str, new: str, figures: tuple[tuple[str, str], ...]
) -> None:
    change = _only_change(diff_versions(_article(STORM, old), _article(STORM, new)))
    assert change.kind is ChangeKind.CHANGED
    assert (change.old_sentence, change.new_sentence) == (1, 1)
    assert (change.old_text, change.new_text) == (old, new)
    assert change.figures == figures
    assert change.names == ()


def test_diff_figures_pair_by_what_they_count() -> None:
    old = _article("Three people were injured and 20 homes were damaged.")
    new = _article("Five people were injured and 20 homes were damaged, costing $2 million.")
    assert _only_change(diff_versions(old, new)).figures == (("Three", "Five"), ("", "$2 million"))


def test_diff_rewritten_sentence_names_its_changed_names() -> None:
    old = _article(
        STORM,
        "Mayor John Smith visited Dayton with the Red Cross.",
        entities=(("John Smith", "PERSON"), ("Dayton", "GPE"), ("Red Cross", "ORG")),
    )
    new = _article(
        STORM,
        "Mayor Jon Smyth visited Dayton and Xenia with the Red Cross.",
        entities=(("Jon Smyth", "PERSON"), ("Dayton", "GPE"), ("Xenia", "GPE"), ("Red Cross", "ORG")),
    )
    change = _only_change(diff_versions(old, new))
    assert change.kind is ChangeKind.CHANGED
    assert change.names == (("John Smith", "Jon Smyth"), ("", "Xenia"))
    assert change.figures == ()


def test_diff_correction_notice_added() -> None:
    notice = "Correction: An earlier version of this article misstated the number of people injured."
    old = _article(STORM, INJURED)
    new = _article(STORM, "Five people were injured.", notice, notices=(notice,))
    diff = diff_versions(old, new)
    assert diff.corrections_added == (notice,)
    assert [change.kind for change in diff.changes] == [ChangeKind.CHANGED, ChangeKind.ADDED]
    assert diff.changes[1].new_text == notice


def test_diff_correction_notice_already_there_is_not_added() -> None:
    notice = "Update: This story has been updated."
    old = _article(STORM, notice, notices=(notice,))
    new = _article(STORM, "This story has been UPDATED.", notice.upper(), notices=(notice.upper(),))
    assert diff_versions(old, new).corrections_added == ()


def test_diff_title_change() -> None:
    old = _article(STORM, title="Storm hits coast")
    new = _article(STORM, title="Storm hits coast, three hurt")
    diff = diff_versions(old, new)
    assert diff.title_changed == ("Storm hits coast", "Storm hits coast, three hurt")
    assert diff.changes == ()
    assert not diff.unchanged


def test_diff_moved_sentence_is_removed_where_it_stood_and_added_where_it_goes() -> None:
    diff = diff_versions(_article(STORM, INJURED, POWER), _article(INJURED, STORM, POWER))
    assert [(change.kind, change.old_sentence, change.new_sentence) for change in diff.changes] == [
        (ChangeKind.ADDED, None, 0),
        (ChangeKind.REMOVED, 1, None),
    ]
    assert {change.old_text or change.new_text for change in diff.changes} == {INJURED}


def test_diff_pairs_rewritten_sentences_in_reading_order() -> None:
    old = _article(STORM, INJURED, POWER, "The storm is moving north.")
    new = _article(
        STORM,
        "Five people were injured.",
        "Schools will close on Tuesday.",
        "Power was cut to 3,000 homes.",
        "The storm is moving north.",
    )
    diff = diff_versions(old, new)
    assert [(change.kind, change.old_sentence, change.new_sentence) for change in diff.changes] == [
        (ChangeKind.CHANGED, 1, 1),
        (ChangeKind.ADDED, None, 2),
        (ChangeKind.CHANGED, 2, 3),
    ]
    assert [change.figures for change in diff.changes] == [(("Three", "Five"),), (), (("2,000", "3,000"),)]


def test_diff_unrelated_rewrite_is_removed_and_added() -> None:
    diff = diff_versions(_article(STORM, INJURED), _article(STORM, "Schools will close on Tuesday."))
    assert [change.kind for change in diff.changes] == [ChangeKind.REMOVED, ChangeKind.ADDED]


def test_diff_without_sentences_compares_paragraphs() -> None:
    old = Article(id="a", uri="a.txt", text=f"{STORM}\n\n{INJURED}\n")
    new = Article(id="a", uri="a.txt", text=f"{STORM}\n\nFive people\nwere injured.\n \n{POWER}")
    diff = diff_versions(old, new)
    assert [(change.kind, change.old_sentence, change.new_sentence) for change in diff.changes] == [
        (ChangeKind.CHANGED, 1, 1),
        (ChangeKind.ADDED, None, 2),
    ]
    assert diff.changes[0].new_text == "Five people were injured."
    assert diff.changes[0].figures == (("Three", "Five"),)
    assert diff_versions(old, old).unchanged


def test_diff_with_sentences_on_one_side_only_compares_paragraphs() -> None:
    old = Article(id="a", uri="a.txt", text=f"{STORM} {INJURED}")
    assert diff_versions(old, _article(STORM, INJURED)).unchanged


_WORDS = st.sampled_from(["three", "five", "people", "were", "injured", "police", "said", "$5", "billion", "homes"])
_SENTENCES = st.lists(st.lists(_WORDS, min_size=1, max_size=5).map(lambda words: " ".join(words) + "."), max_size=8)


def _rest(texts: list[str], touched: set[int]) -> list[str]:
    return [text for i, text in enumerate(texts) if i not in touched]


@given(old_texts=_SENTENCES, new_texts=_SENTENCES)
def test_diff_accounts_for_every_sentence_once(old_texts: list[str], new_texts: list[str]) -> None:
    old, new = _article(*old_texts), _article(*new_texts)
    assert diff_versions(old, old).unchanged
    changes = diff_versions(old, new).changes
    olds = [change.old_sentence for change in changes if change.old_sentence is not None]
    news = [change.new_sentence for change in changes if change.new_sentence is not None]
    # Each sentence is touched at most once, in reading order, and what is left is the same on both sides.
    assert olds == sorted(set(olds))
    assert news == sorted(set(news))
    assert _rest(old_texts, set(olds)) == _rest(new_texts, set(news))
    for change in changes:
        assert (change.old_sentence is None) == (change.kind is ChangeKind.ADDED)
        assert (change.new_sentence is None) == (change.kind is ChangeKind.REMOVED)
        assert change.old_text == ("" if change.old_sentence is None else old_texts[change.old_sentence])
        assert change.new_text == ("" if change.new_sentence is None else new_texts[change.new_sentence])
