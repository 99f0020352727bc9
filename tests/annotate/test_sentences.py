"""Sentence segmentation: offsets into the text, paragraphs kept apart, abbreviations joined."""

from __future__ import annotations

import re
from pathlib import Path

import pysbd.abbreviation_replacer
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.annotate.sentences import _compiled, _segment, _segmenter, segment_sentences


def _texts(text: str, language: str = "en") -> list[str]:
    return [text[s.span.start : s.span.end] for s in segment_sentences(text, language=language)]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "The ferry stopped. Crews waited.", ["The ferry stopped.", "Crews waited."]),
        (
            "en",
            "Storm warning\nThe ferry stopped. Crews waited.",
            ["Storm warning", "The ferry stopped.", "Crews waited."],
        ),
        ("en", "Storm warning\n\nThe ferry stopped.", ["Storm warning", "The ferry stopped."]),
        (
            "en",
            "What happens next\n\nEngineers will inspect the ramp",
            ["What happens next", "Engineers will inspect the ramp"],
        ),
        ("en", "Mr. Holm said it was late. He left.", ["Mr. Holm said it was late.", "He left."]),
        (
            "en",
            "Dr. Lind met Gov. Berg in Port Veldt. They talked.",
            ["Dr. Lind met Gov. Berg in Port Veldt.", "They talked."],
        ),
        (
            "en",
            "It cost $3.50 at 9 a.m. on Friday. Then it rose.",
            ["It cost $3.50 at 9 a.m. on Friday.", "Then it rose."],
        ),
        ("en", "  Leading spaces. And more.  \n\n  Next para.  ", ["Leading spaces.", "And more.", "Next para."]),
        ("es", "El Sr. Pérez dijo que sí.", ["El Sr. Pérez dijo que sí."]),
        ("es", "El Sr. Pérez dijo que sí. Luego se fue.", ["El Sr. Pérez dijo que sí.", "Luego se fue."]),
        ("es", "La Sra. Ruiz llegó. El Dr. Soto también.", ["La Sra. Ruiz llegó.", "El Dr. Soto también."]),
        ("es", "Hola. ¿Qué tal? ¡Bien!", ["Hola.", "¿Qué tal?", "¡Bien!"]),
        ("xx", "Unknown language. Falls back to English.", ["Unknown language.", "Falls back to English."]),
        ("en", "", []),
        ("en", "\n\n  \n", []),
    ],
)
def test_segment_sentences_splits(language: str, text: str, expected: list[str]) -> None:
    assert _texts(text, language) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The office is on Harbour St.\n\nThe ferry stopped.",
        "The office is on Harbour St.\n \nThe ferry stopped.",
        "Storm warning\n\t\nThe ferry stopped at dawn",
        "He met Gov.\n\nBerg arrived later.",
    ],
)
def test_segment_sentences_never_crosses_blank_line(text: str) -> None:
    for sentence in _texts(text):
        assert not any(line.strip() == "" for line in sentence.split("\n")), sentence


def test_segment_sentences_heading_is_own_sentence() -> None:
    text = "Ferry halted\nThe company halted all sailings on Tuesday. Islanders waited."

    sentences = _texts(text)

    assert sentences[0] == "Ferry halted"
    assert len(sentences) == 3


def test_segment_sentences_offsets_index_text() -> None:
    text = "First para. Second sentence.\n\nHeading line\nA third sentence here."

    sentences = segment_sentences(text)

    assert [text[s.span.start : s.span.end] for s in sentences] == [
        "First para.",
        "Second sentence.",
        "Heading line",
        "A third sentence here.",
    ]
    assert [s.span.start for s in sentences] == [0, 12, 30, 43]


_WORDS = st.sampled_from(
    ["The", "ferry", "Sr.", "Dr.", "St.", "a.m.", "U.S.", "stopped.", '"Go!"', "¿Qué?", "3.5", "Ana", "…", "—"]
)
_GAPS = st.sampled_from([" ", "\n", "\n\n", "\n \n", " \n\t\n "])
_PROSE = st.lists(st.tuples(_WORDS, _GAPS), max_size=30).map(lambda pairs: "".join(w + g for w, g in pairs))


@settings(deadline=None)
@given(st.one_of(st.text(max_size=200), _PROSE), st.sampled_from(["en", "es"]))
def test_segment_sentences_spans_index_text_in_order(text: str, language: str) -> None:
    previous_end = 0
    for sentence in segment_sentences(text, language=language):
        start, end = sentence.span.start, sentence.span.end
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip()
        assert "\n\n" not in piece
        previous_end = end


@settings(deadline=None)
@given(_PROSE, st.sampled_from(["en", "es"]))
def test_segment_sentences_never_crosses_whitespace_only_line(text: str, language: str) -> None:
    for sentence in segment_sentences(text, language=language):
        piece = text[sentence.span.start : sentence.span.end]
        assert not any(line.strip() == "" for line in piece.split("\n")), piece


# Texts where pysbd's search for its sentences is subtle: a sentence said twice, white space
# around and inside, pysbd's own rewrites (ellipses, lists, quotes) and an empty text.
_PYSBD_CASES = [
    "He left. He left. He left.",
    "  It rained.   It rained.\t",
    "Wait... what? Yes!! No?! \u2026 Fine.",
    "1) first item 2) second item. a. one b. two",
    'She said "Go now." Then "stay." (See below.) Done.',
    "Mr. Holm at 9 a.m. in the U.S. met Dr. Lind.",
    "El Sr. Pérez dijo: «¿Qué?» Luego se fue.\u00a0Fin.",
    "",
]


@pytest.mark.parametrize("text", _PYSBD_CASES)
@pytest.mark.parametrize("language", ["en", "es"])
def test_segment_equals_pysbd_segment(text: str, language: str) -> None:
    segmenter = _segmenter(language)
    assert _segment(segmenter, text) == segmenter.segment(text)


@settings(deadline=None, max_examples=150)
@given(st.one_of(st.text(max_size=120), _PROSE), st.sampled_from(["en", "es"]))
def test_segment_equals_pysbd_segment_on_any_text(text: str, language: str) -> None:
    segmenter = _segmenter(language)
    assert _segment(segmenter, text) == segmenter.segment(text)


_ABBREVIATED = (
    "Gov. Holm met Sen. Lind at 9 a.m. on Jan. 4 in St. Paul. Prof. Ek, Jr. came too. "
    "The U.S. Army sent approx. 40 vol. of reports, i.e. about no. 7 of the series, etc. Then they left."
)


@pytest.mark.parametrize("language", ["en", "es"])
def test_segment_sentences_with_cached_patterns_equals_plain_re(language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    cached = segment_sentences(_ABBREVIATED, language=language)
    misses = _compiled.cache_info().misses
    assert misses > 0  # pysbd's abbreviation patterns went through the cache
    assert segment_sentences(_ABBREVIATED, language=language) == cached
    assert _compiled.cache_info().misses == misses  # the second page compiles nothing
    monkeypatch.setattr(pysbd.abbreviation_replacer, "re", re)
    assert segment_sentences(_ABBREVIATED, language=language) == cached


# --- news abbreviations, tags, quotations and closing marks -------------------------------------

NEWS_SPLITS = [
    # party-state tags, after and inside parentheses and commas
    (
        "Senate Majority Leader Mitch McConnell, R-Ky., said Monday that the chamber would vote. He did not say when.",
        [
            "Senate Majority Leader Mitch McConnell, R-Ky., said Monday that the chamber would vote.",
            "He did not say when.",
        ],
    ),
    (
        "Rep. Adam Schiff, D-Calif., called the memo misleading. Republicans disagreed.",
        ["Rep. Adam Schiff, D-Calif., called the memo misleading.", "Republicans disagreed."],
    ),
    (
        '"We need answers," said Sen. Jeff Flake, R-Ariz., in a statement. The White House did not respond.',
        ['"We need answers," said Sen. Jeff Flake, R-Ariz., in a statement.', "The White House did not respond."],
    ),
    (
        "Sen. John McCain (R-Ariz.) said the vote would fail. He left.",
        ["Sen. John McCain (R-Ariz.) said the vote would fail.", "He left."],
    ),
    (
        "Sen. Joe Manchin, D-W. Va., said he had not decided. His office declined to comment.",
        ["Sen. Joe Manchin, D-W. Va., said he had not decided.", "His office declined to comment."],
    ),
    # a tag that ends a sentence stays there
    (
        "The bill was backed by Rand Paul, R-Ky. It did not reach the floor.",
        ["The bill was backed by Rand Paul, R-Ky.", "It did not reach the floor."],
    ),
    # U.S. inside a sentence and at its end
    (
        "The U.S. Army said it would send troops. A U.S. official confirmed it.",
        ["The U.S. Army said it would send troops.", "A U.S. official confirmed it."],
    ),
    (
        "The company is based in the U.S. Its largest market is China.",
        ["The company is based in the U.S.", "Its largest market is China."],
    ),
    ("He lives in the U.S. He was born in Canada.", ["He lives in the U.S.", "He was born in Canada."]),
    # titles and short forms
    (
        "Gov. Jerry Brown signed the bill on Sept. 30. Lt. Gov. Gavin Newsom praised it.",
        ["Gov. Jerry Brown signed the bill on Sept. 30.", "Lt. Gov. Gavin Newsom praised it."],
    ),
    (
        "The memo, dated Feb. 2, was signed by Asst. Atty. Gen. John Doe. It was released Friday.",
        ["The memo, dated Feb. 2, was signed by Asst. Atty. Gen. John Doe.", "It was released Friday."],
    ),
    (
        "The plant in Ft. Worth, Tex., closed on Oct. 1. About 400 workers lost their jobs.",
        ["The plant in Ft. Worth, Tex., closed on Oct. 1.", "About 400 workers lost their jobs."],
    ),
    (
        "The attacks of Sept. 11, 2001, killed nearly 3,000 people. Families gather each year.",
        ["The attacks of Sept. 11, 2001, killed nearly 3,000 people.", "Families gather each year."],
    ),
    (
        "The agency said on Jan. 5 that it had acted. Critics disagreed.",
        ["The agency said on Jan. 5 that it had acted.", "Critics disagreed."],
    ),
    # initials
    (
        "J. R. R. Tolkien wrote the books. Former President George H. W. Bush read them.",
        ["J. R. R. Tolkien wrote the books.", "Former President George H. W. Bush read them."],
    ),
    # a.m. and p.m. mid-sentence, and at a sentence's end
    (
        "The hearing ended at 10 p.m. on Thursday and resumed at 9 a.m. Friday. Both sides claimed victory.",
        ["The hearing ended at 10 p.m. on Thursday and resumed at 9 a.m. Friday.", "Both sides claimed victory."],
    ),
    (
        "The polls close at 8 p.m. Eastern, and results come by 11 p.m. Turnout was heavy.",
        ["The polls close at 8 p.m. Eastern, and results come by 11 p.m.", "Turnout was heavy."],
    ),
    (
        "The shooting happened at 10:30 p.m. Thursday in St. Louis. Two people were hurt.",
        ["The shooting happened at 10:30 p.m. Thursday in St. Louis.", "Two people were hurt."],
    ),
    (
        "The ceremony began at 9 a.m. Officials said it went smoothly.",
        ["The ceremony began at 9 a.m.", "Officials said it went smoothly."],
    ),
    # quotations and closing marks
    ('"We will not back down," she said. "Never."', ['"We will not back down," she said.', '"Never."']),
    ('"Is this the end?" he asked. Nobody answered.', ['"Is this the end?" he asked.', "Nobody answered."]),
    ("“I don’t know,” he said. ” He then left.", ["“I don’t know,” he said. ”", "He then left."]),
    ("He said “no.” ” And left.", ["He said “no.” ”", "And left."]),
    (
        "Trump told Fox News’ “Tucker Carlson Tonight.” He denied it.",
        ["Trump told Fox News’ “Tucker Carlson Tonight.”", "He denied it."],
    ),
    # a brand that opens a sentence in lower case is no continuation
    ("iPhone sales rose. iPad sales fell.", ["iPhone sales rose.", "iPad sales fell."]),
]


@pytest.mark.parametrize(("text", "expected"), NEWS_SPLITS)
def test_segment_sentences_survive_news_writing(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("” The crowd cheered.", ["” The crowd cheered."]),
        ("The vote passed. ”", ["The vote passed. ”"]),
        ("It was over. ) Then more.", ["It was over. ) Then more."]),
        ("— The storm hit. Power failed.", ["— The storm hit.", "Power failed."]),
    ],
)
def test_segment_sentences_punctuation_joins_a_neighbour(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


_TAGGED_WORDS = st.sampled_from(
    [
        "Sen.", "Rep.", "Gov.", "R-Ky.", "D-Calif.", "(R-Ariz.)", "U.S.", "Sept.", "Jan.", "J.", "R.", "9",
        "a.m.", "p.m.", "Friday.", "said", "McConnell,", "he", "left.", "”", '"', "“Go.”", ",", ")", "Va.,",
    ]
)  # fmt: skip
_TAGGED_PROSE = st.lists(st.tuples(_TAGGED_WORDS, st.sampled_from([" ", " ", "\n"])), max_size=30).map(
    lambda pairs: "".join(w + g for w, g in pairs)
)
_FRAGMENT = re.compile(r"[\W_]*|[(\[]?[RDI]-[A-Z][A-Za-z.]*[)\]]?[.,;:]?|(?:[A-Z]\.){2,}[.,;:]?")


@settings(deadline=None, max_examples=200)
@given(_TAGGED_PROSE)
def test_segment_sentences_never_leave_a_fragment_of_punctuation_or_a_tag(text: str) -> None:
    sentences = _texts(text)
    if len(sentences) > 1:  # a text that is only a fragment stays one
        for sentence in sentences:
            assert not _FRAGMENT.fullmatch(sentence), sentences


def test_segment_sentences_hard_sentences_bench() -> None:
    """The benchmark's hard sentences (bench/hard_sentences.txt) split exactly as written."""
    path = Path(__file__).resolve().parents[2] / "bench" / "hard_sentences.txt"
    paragraphs = path.read_text(encoding="utf-8").split("\n\n")
    for paragraph in paragraphs:
        expected = [line.strip() for line in paragraph.splitlines() if line.strip()]
        assert _texts(" ".join(expected)) == expected
