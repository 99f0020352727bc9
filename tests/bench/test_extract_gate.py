"""The extraction eval gate: F1 on the AEB pages stays at or above the floors pinned in the repo,
and extracting the pages again and again does not grow resident memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import load_bench

# Per pass over the memory test's pages; 10 passes over all 181 pages may grow RSS by < 50 MB.
MAX_GROWTH_PER_PASS = 5 * 2**20


ev = load_bench("extract_eval")


@pytest.fixture(scope="module")
def aeb_pages(aeb_dir: Path) -> list[object]:
    return list(ev.load_pages(aeb_dir))


def test_extract_gate_data_is_the_data_the_floors_were_pinned_on(aeb_dir: Path) -> None:
    pinned_sha, _ = ev.read_floors()
    assert ev.data_sha256(aeb_dir) == pinned_sha, "AEB data changed: floors in bench/extract_floors.json do not apply"


@pytest.mark.model
def test_extract_gate_f1_at_or_above_floors(aeb_pages: list[object]) -> None:
    _, floors = ev.read_floors()

    measured = ev.gate_scores(aeb_pages)

    for name, floor in floors.items():
        assert measured[name] >= floor, f"{name} {measured[name]:.4f} fell below its floor {floor:.3f}"


@pytest.mark.model
def test_extract_memory_growth_stays_flat(aeb_pages: list[object]) -> None:
    passes = 3
    _, growth = ev.memory_growth(aeb_pages[:60], passes)

    assert growth < passes * MAX_GROWTH_PER_PASS, f"RSS grew {growth / 2**20:.1f} MB over {passes} passes"


@pytest.mark.parametrize(
    ("floors", "measured", "expected"),
    [
        ({"html_f1": 0.95}, {"html_f1": 0.9678}, {"html_f1": 0.967}),
        ({"html_f1": 0.97}, {"html_f1": 0.97}, {"html_f1": 0.97}),
        ({}, {"plain_text_f1": 0.8661}, {"plain_text_f1": 0.866}),
    ],
)
def test_raise_floors_raises_and_rounds_down(
    floors: dict[str, float], measured: dict[str, float], expected: dict[str, float]
) -> None:
    assert ev.raise_floors(floors, measured) == expected


def test_raise_floors_refuses_to_lower_a_floor() -> None:
    with pytest.raises(ValueError, match=r"refusing to lower floors: html_f1 0\.9600 < floor 0\.966"):
        ev.raise_floors({"html_f1": 0.966, "plain_text_f1": 0.8}, {"html_f1": 0.96, "plain_text_f1": 0.9})


def test_update_floors_refuses_other_data(tmp_path: Path, aeb_dir: Path) -> None:
    floors = tmp_path / "floors.json"
    floors.write_text('{"data_sha256": "0000", "floors": {"html_f1": 0.5}}', encoding="utf-8")

    assert ev.update_floors(aeb_dir, [], path=floors) == 1
    assert '"0000"' in floors.read_text(encoding="utf-8")
