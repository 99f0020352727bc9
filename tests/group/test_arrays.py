"""Array helpers of the clusterer and the index: sorted sums and unit scaling."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.group.arrays import sorted_add, to_unit


@settings(max_examples=200, deadline=None)
@given(
    old=st.dictionaries(st.integers(0, 60), st.integers(1, 9)),
    new=st.dictionaries(st.integers(0, 60), st.integers(1, 9)),
)
def test_arrays_sorted_add_adds_by_key(old: dict[int, int], new: dict[int, int]) -> None:
    def arrays(items: dict[int, int]) -> tuple[np.ndarray, np.ndarray]:
        keys = sorted(items)
        return np.array(keys, dtype=np.int32), np.array([items[key] for key in keys], dtype=np.float32)

    keys, values = sorted_add(*arrays(old), *arrays(new))
    expected = {key: old.get(key, 0) + new.get(key, 0) for key in old.keys() | new.keys()}
    assert keys.tolist() == sorted(expected)
    assert values.tolist() == [expected[key] for key in sorted(expected)]


def test_arrays_to_unit_scales_a_vector_or_each_row_and_keeps_zero() -> None:
    rows = np.array([[3.0, 4.0], [0.0, 0.0]], dtype=np.float32)
    unit = to_unit(rows)
    assert unit.dtype == np.float32
    np.testing.assert_allclose(unit, [[0.6, 0.8], [0.0, 0.0]], rtol=1e-6)
    np.testing.assert_array_equal(to_unit(rows[0]), unit[0])
