"""The comparison eval gate: on ECB+ dev event lines and the hand-labelled reading in
bench/compare_gold.json, the comparison stays at or above the floors pinned in the repo."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import load_bench

ce = load_bench("compare_eval")


def test_compare_gate_data_is_the_data_the_floors_were_pinned_on(ecbplus_dir: Path) -> None:
    pinned_sha, _ = ce.read_floors()
    assert ce.data_sha256() == pinned_sha, "ECB+ or the gold changed: floors in bench/compare_floors.json do not apply"


@pytest.mark.model
def test_compare_gate_figures_at_or_above_floors(ecbplus_dir: Path) -> None:
    _, floors = ce.read_floors()
    measured = ce.gate_scores()
    for name, floor in floors.items():
        assert measured[name] >= floor, f"{name} {measured[name]:.4f} fell below its floor {floor:.3f}"
