"""The quote eval gate: direct-quote F1 and speaker accuracy on PolNeAR dev stay at or above the
floors pinned in ``bench/quote_floors.json``; and the eval's own parts read the gold as documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import SHARED, load_bench

from newsweave.model import Quote, Span

ev = load_bench("quote_eval")


@pytest.fixture(scope="module")
def polnear_dev() -> Path:
    """PolNeAR dev under ../shared; absent, the gate fails (a skip would prove nothing)."""
    folder = SHARED / "data" / "polnear" / "dev"
    if not folder.is_dir():
        pytest.fail(f"shared data absent: {folder} not found (put ../shared beside the checkout)")
    return folder


def test_quote_gate_data_is_the_data_the_floors_were_pinned_on(polnear_dev: Path) -> None:
    pinned_sha, _ = ev.read_floors()
    assert ev.data_sha256(polnear_dev) == pinned_sha, "PolNeAR dev changed: bench/quote_floors.json does not apply"


@pytest.mark.model
def test_quote_gate_at_or_above_floors(polnear_dev: Path) -> None:
    _, floors = ev.read_floors()

    measured = ev.gate_scores(polnear_dev)

    for name, floor in floors.items():
        assert measured[name] >= floor, f"{name} {measured[name]:.4f} fell below its floor {floor:.3f}"


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        ('He said "we will win" today.', 'said "we will win"', ["we will win"]),
        ("“Outer “inner” end,” she said.", "“Outer “inner” end,”", ["Outer “inner” end,"]),
        ("“First part\n\n“second part,” he said.", "“First part\n\n“second part,”", ["First part", "second part,"]),
        ("we will win", "we will win", []),
    ],
)
def test_quoted_passages_reads_outermost_quotes_per_paragraph(text: str, fragment: str, expected: list[str]) -> None:
    start = text.index(fragment)

    passages = ev.quoted_passages(text, start, start + len(fragment))

    assert [text[a:b] for a, b in passages] == expected


def test_quoted_passages_reads_marks_just_outside_the_content() -> None:
    text = 'She said "we will win" today.'
    start = text.index("we")

    assert ev.quoted_passages(text, start, start + len("we will win")) == [(start, start + len("we will win"))]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [((0, 10), (5, 20), True), ((0, 10), (8, 20), False), ((0, 4), (2, 40), True), ((0, 4), (4, 8), False)],
)
def test_matches_needs_half_of_the_shorter(a: tuple[int, int], b: tuple[int, int], expected: bool) -> None:
    assert ev.matches(a, b) is expected


def test_gold_quotes_from_brat_attribution(tmp_path: Path) -> None:
    text = 'Ana Ruiz spoke. "The quay is shut," she said.'
    content = text.index('"The')
    source = text.index("she")
    ann = tmp_path / "doc_abcd.ann"
    ann.write_text(
        f'T1\tSource 0 8\tAna Ruiz\nT2\tContent {content} {content + 18}\t"The quay is shut,"\n'
        f"T3\tSource {source} {source + 3}\tshe\nT4\tCue {source + 4} {source + 8}\tsaid\n"
        f"T5\tAttribution {source + 4} {source + 8}\tsaid\nE1\tAttribution:T5 Content:T2 Cue:T4 Source:T3\n"
        "T6\tCue 9 14\tspoke\nT7\tAttribution 9 14\tspoke\nE2\tAttribution:T7 Cue:T6 Source:T1\n",
        encoding="utf-8",
    )

    gold, sources = ev.gold_quotes(text, ann)

    (quote,) = gold
    assert text[quote.span[0] : quote.span[1]] == "The quay is shut,"
    assert quote.pronoun == "she"
    doc = ev.Doc("doc", text, gold, sources)
    assert ev.referent(doc, quote, ()) == "Ana Ruiz"


def test_judge_tells_span_overlap_from_resolution() -> None:
    text = 'Ana Ruiz spoke. "The quay is shut," she said.'
    she = text.index("she")
    gold = ev.GoldQuote((17, 34), ((she, she + 3),), "she")
    resolved = Quote(span=Span(start=17, end=34), speaker=Span(start=she, end=she + 3), speaker_entity="ana ruiz")
    unresolved = Quote(span=Span(start=17, end=34), speaker=Span(start=she, end=she + 3))

    assert ev.judge(text, gold, "Ana Ruiz", resolved) == (True, True)
    assert ev.judge(text, gold, "Ana Ruiz", unresolved) == (True, False)
