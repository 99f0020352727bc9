"""Pinned floors of an eval gate: the figures a benchmark must stay at or above, and the sha256 of
the data they were measured on.

A floors file is ``{"data": what was measured, "data_sha256": ..., "floors": {name: value}}``.
The gate test asserts that the data still hash to ``data_sha256`` (floors measured on other data
prove nothing) and that each figure reaches its floor. Raising floors to a new run writes each
one a little under the figure (``margin``, so run-to-run noise of the last digit does not fail
the gate) and never lowers one: a run below a floor, or on changed data, is refused.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

__all__ = ["MARGIN", "data_digest", "pinned_floors", "raise_floors"]

MARGIN = 0.005


def data_digest(*paths: Path) -> str:
    """One sha256 over the bytes of ``paths``, in the order given."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def pinned_floors(path: Path) -> tuple[str, dict[str, float]]:
    """The data sha256 and the floors pinned in ``path``."""
    pinned = json.loads(path.read_text(encoding="utf-8"))
    return str(pinned["data_sha256"]), {str(name): float(value) for name, value in pinned["floors"].items()}


def raise_floors(
    path: Path,
    measured: Mapping[str, float],
    gated: Iterable[str],
    *,
    data: str,
    sha256: str,
    margin: float = MARGIN,
) -> None:
    """Write the ``gated`` figures of ``measured`` as floors in ``path``, never lowering one; exit
    with a message (nothing written) when the data changed or a figure fell below its floor."""
    pinned_sha, floors = pinned_floors(path) if path.exists() else ("", {})
    if pinned_sha and pinned_sha != sha256:
        sys.exit(f"the data changed since the floors were pinned: review {path.name} by hand")
    names = [name for name in gated if name in measured]
    lowered = [name for name in names if measured[name] < floors.get(name, 0.0)]
    if lowered:
        sys.exit(f"refusing to lower floors: {', '.join(lowered)}")
    raised = {name: max(floors.get(name, 0.0), round(measured[name] - margin, 3)) for name in names}
    record = {"data": data, "data_sha256": sha256, "floors": raised}
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"floors written to {path}")
