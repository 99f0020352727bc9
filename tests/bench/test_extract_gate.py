"""The extraction eval gate: F1 on each set (AEB, trafilatura-dev) stays at or above the floors pinned
in the repo, and extracting the pages again and again does not grow resident memory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import SHARED, load_bench

# Per pass over the memory test's pages; 10 passes over all 181 pages may grow RSS by < 50 MB.
MAX_GROWTH_PER_PASS = 5 * 2**20
SETS = ("aeb", "trafilatura-dev")


ev = load_bench("extract_eval")


def _set_folder(name: str) -> Path:
    """The set's folder under ../shared/data; absent data fails the test (CI has it), naming the folder."""
    folder = SHARED / "data" / name
    if not folder.is_dir():
        pytest.fail(f"shared data absent: {folder} not found (put ../shared beside the checkout)")
    return folder


@pytest.fixture(scope="module")
def aeb_pages(aeb_dir: Path) -> list[object]:
    return list(ev.load_pages(aeb_dir))


def test_extract_gate_pins_every_set() -> None:
    assert set(ev.read_floors()) == set(SETS)


@pytest.mark.parametrize("name", SETS)
def test_extract_gate_data_is_the_data_the_floors_were_pinned_on(name: str) -> None:
    pinned_sha, _ = ev.read_floors()[name]

    assert ev.data_sha256(_set_folder(name)) == pinned_sha, f"{name} data changed: its floors do not apply"


@pytest.mark.model
@pytest.mark.parametrize("name", SETS)
def test_extract_gate_scores_at_or_above_floors(name: str) -> None:
    _, floors = ev.read_floors()[name]

    measured = ev.gate_scores(ev.load_set(_set_folder(name)))

    for figure, floor in floors.items():
        assert measured[figure] >= floor, f"{name} {figure} {measured[figure]:.4f} fell below its floor {floor:.3f}"


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
    floors.write_text('{"sets": {"aeb": {"data_sha256": "0000", "floors": {"html_f1": 0.5}}}}', encoding="utf-8")
    data = ev.DataSet(name="aeb", folder=aeb_dir, strings=False, pages=[])

    assert ev.update_floors([data], path=floors) == 1
    assert '"0000"' in floors.read_text(encoding="utf-8")


def test_update_floors_adds_a_new_set_and_keeps_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "strings-set"
    (folder / "pages").mkdir(parents=True)
    (folder / "evaldata.json").write_text("{}", encoding="utf-8")
    floors = tmp_path / "floors.json"
    kept = {"data_sha256": "0000", "floors": {"html_f1": 0.5}}
    floors.write_text(json.dumps({"sets": {"aeb": kept}}), encoding="utf-8")
    monkeypatch.setattr(ev, "gate_scores", lambda data: {"html_f1": 0.91234})

    assert ev.update_floors([ev.DataSet(name="strings-set", folder=folder, strings=True, pages=[])], path=floors) == 0

    written = json.loads(floors.read_text(encoding="utf-8"))["sets"]
    assert written["aeb"] == kept
    assert written["strings-set"]["floors"] == {"html_f1": 0.912}
    assert written["strings-set"]["data_sha256"] == ev.data_sha256(folder)
