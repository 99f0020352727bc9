"""The framing eval gate: on the hand-labelled reading of ten ECB+ dev events in
bench/framing_gold.json, marked words and omitted central facts stay at or above the floors pinned
in bench/framing_floors.json, and ahead of the baselines run beside them."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import load_bench

fe = load_bench("framing_eval")


def test_framing_gate_data_is_the_data_the_floors_were_pinned_on(ecbplus_dir: Path) -> None:
    pinned_sha, _ = fe.read_floors()
    assert fe.data_sha256() == pinned_sha, "ECB+ or the gold changed: floors in bench/framing_floors.json do not apply"


def test_framing_gold_references_lines_that_exist(ecbplus_dir: Path) -> None:
    documents = fe.load_documents()
    for event in fe.json.loads(fe.GOLD.read_text(encoding="utf-8"))["events"]:
        for doc, words in event["words"].items():
            lines = str(documents[doc]["text"]).split("\n")
            for line, word, _ in words:
                assert word.casefold() in {w.casefold() for w, _ in fe.word_tokens(lines[line])}, (doc, line, word)
        facts = fe.read_facts(event)
        assert all(len({doc for doc, _ in lines}) >= 2 for lines in facts.lines)


def test_omission_scoring_counts_hits_on_gold_facts() -> None:
    facts = fe.Facts(lines=[{("a", 1), ("b", 2)}, {("b", 5)}], omitted={("c", 0), ("c", 1)})
    scored = fe.score_omissions({"c": [{("a", 1)}, {("a", 9)}]}, facts)
    assert (scored.right, scored.predicted, scored.gold, scored.found) == (1, 2, 2, 1)
    assert (scored.precision, scored.recall) == (0.5, 0.5)


@pytest.mark.model
def test_framing_gate_figures_at_or_above_floors(ecbplus_dir: Path) -> None:
    _, floors = fe.read_floors()
    figures, totals = fe.score(fe.load_documents(), fe.Annotator())
    for name, floor in floors.items():
        assert figures[name] >= floor, f"{name} {figures[name]:.4f} fell below its floor {floor:.3f}"
    assert totals["words"].precision > totals["words_lexicon"].precision
    assert totals["words"].recall > totals["words_lexicon"].recall
    assert totals["omissions"].precision > totals["omissions_overlap"].precision
