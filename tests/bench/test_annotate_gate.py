"""The annotation eval gate: time expressions on TimeBank's reporting half and sentence splits on the
hard news sentences stay at or above the floors pinned in ``bench/annotate_floors.json``.

TimeBank lives in ``../shared/data/timebank``; where it is absent the gate fails (a skip would prove
nothing). The metric itself is tested on small made-up documents.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import SHARED, _shared_folder, load_bench

from newsweave.model import Sentence, Span, TimeKind, TimeRef

ev = load_bench("annotate_eval")


@pytest.fixture(scope="module")
def timebank() -> Path:
    return _shared_folder(SHARED / "data" / "timebank")


@pytest.fixture(scope="module")
def record() -> dict[str, Any]:
    return ev.read_record()  # type: ignore[no-any-return]


def test_annotate_gate_data_is_the_data_the_floors_were_pinned_on(timebank: Path, record: dict[str, Any]) -> None:
    assert ev.data_sha256(timebank) == record["data_sha256"], "data changed: bench/annotate_floors.json does not apply"


def test_annotate_gate_figures_at_or_above_floors(timebank: Path, record: dict[str, Any]) -> None:
    _, reporting = ev.halves(ev.load_docs(timebank))

    measured = ev.gate_figures(reporting)

    assert ev.below_floors(measured, record["floors"]) == []


def test_annotate_gate_meets_the_targets(record: dict[str, Any]) -> None:
    """The floors themselves hold the targets: relaxed F1 0.85, value accuracy 0.80, no wrong split."""
    floors = record["floors"]
    assert floors["relaxed_f1"] >= 0.85
    assert floors["value_accuracy"] >= 0.80
    assert floors["split_errors"] <= 1


def test_annotate_gate_halves_are_fixed_and_disjoint(timebank: Path) -> None:
    docs = ev.load_docs(timebank)
    tuning, reporting = ev.halves(docs)
    names = sorted(doc.name for doc in docs)
    assert [doc.name for doc in tuning] == names[0::2]
    assert [doc.name for doc in reporting] == names[1::2]


# --- the metric on made-up documents -----------------------------------------------------------------

_PUBLISHED = datetime(1998, 1, 8, 12, tzinfo=UTC)


def _ref(start: int, end: int, value: str, granularity: str = "day") -> TimeRef:
    return TimeRef(span=Span(start=start, end=end), kind=TimeKind.DATE, granularity=granularity, value=value)


def test_parse_tml_offsets_index_the_text(tmp_path: Path) -> None:
    tml = tmp_path / "doc.tml"
    tml.write_text(
        '<?xml version="1.0" ?><TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08">19980108</TIMEX3>'
        '</DCT><TEXT>It <EVENT eid="e1">fell</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday'
        '</TIMEX3> and <TIMEX3 tid="t2" type="DURATION" value="P1W">last week</TIMEX3>.</TEXT></TimeML>',
        encoding="utf-8",
    )

    doc = ev.parse_tml(tml)

    assert doc.published == _PUBLISHED
    assert [(doc.text[t.start : t.end], t.type, t.value) for t in doc.timexes] == [
        ("yesterday", "DATE", "1998-01-07"),
        ("last week", "DURATION", "P1W"),
    ]


def test_score_times_strict_relaxed_and_value() -> None:
    text = "It fell early yesterday and last week, in 1997."
    gold = (
        ev.Timex(8, 23, "DATE", "1998-01-07"),
        ev.Timex(28, 37, "DATE", "1998-W01"),
        ev.Timex(42, 46, "DATE", "1997"),
    )
    doc = ev.TimeDoc("doc", text, _PUBLISHED, gold)
    system = (_ref(14, 23, "1998-01-07"), _ref(28, 37, "1998-W02", "week"), _ref(3, 7, "1998"))

    scores = ev.score_times([doc], [system])

    assert (scores.gold, scores.system) == (3, 3)
    assert scores.strict.precision == pytest.approx(1 / 3)  # only "last week" has the same span
    assert scores.relaxed.recall == pytest.approx(2 / 3)  # "yesterday" overlaps, "1997" is missed
    assert scores.value_accuracy == pytest.approx(1 / 2)  # "last week" matched with the wrong week


def test_relaxed_pairs_are_one_to_one() -> None:
    gold = (ev.Timex(0, 10, "DATE", "x"), ev.Timex(12, 20, "DATE", "y"))
    system = (_ref(0, 20, "x"),)

    assert ev.relaxed_pairs(gold, system) == [(0, 0)]


def test_score_sentences_counts_wrong_and_missed_splits() -> None:
    paragraphs = [["Sen. Paul spoke.", "He left."], ["One sentence only."]]

    def splitter(text: str) -> list[Sentence]:
        """Cuts before "Paul" (a wrong split) and nowhere else (the real boundary is missed)."""
        if "Paul" not in text:
            return [Sentence(span=Span(start=0, end=len(text)))]
        cut = text.index("Paul")
        return [Sentence(span=Span(start=0, end=cut)), Sentence(span=Span(start=cut, end=len(text)))]

    errors = ev.score_sentences(paragraphs, splitter)

    assert (errors.boundaries, errors.wrong, errors.missed) == (1, 1, 1)


@pytest.mark.parametrize(
    ("measured", "failed"),
    [
        ({"relaxed_f1": 0.86, "split_errors": 0.0}, []),
        ({"relaxed_f1": 0.80, "split_errors": 0.0}, ["relaxed_f1 0.8000 below its floor 0.850"]),
        ({"relaxed_f1": 0.86, "split_errors": 2.0}, ["split_errors 2 above its ceiling 1"]),
    ],
)
def test_below_floors(measured: dict[str, float], failed: list[str]) -> None:
    assert ev.below_floors(measured, {"relaxed_f1": 0.85, "split_errors": 1.0}) == failed
