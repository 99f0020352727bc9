"""Options of the story clusterer: bad values are refused when the options are made."""

from __future__ import annotations

import pytest

from newsweave.group.options import EventOptions


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n_candidates": 0},
        {"semantic_weight": 1.0},
        {"regularisation": (0.0,)},
        {"regularisation": ()},
        {"cv_folds": -1},
        {"threshold_grid": (1.5,)},
        {"id_prefix": ""},
    ],
)
def test_options_validate(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="must"):
        EventOptions(**kwargs)  # type: ignore[arg-type]
