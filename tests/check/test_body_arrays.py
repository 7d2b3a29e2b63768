"""The duplicate guard's array helpers give what NumPy's own set functions give."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from wren.similarity.bodies import _members, distinct_counts

values = st.lists(st.integers(0, 40), max_size=200)


@given(values)
def test_distinct_counts_are_numpys_unique_with_counts(items: list[int]) -> None:
    array = np.array(items, dtype=np.uint64)
    found, counts = distinct_counts(array)
    expected, expected_counts = np.unique(array, return_counts=True)
    assert found.tolist() == expected.tolist()
    assert counts.tolist() == expected_counts.tolist()


@given(values, values)
def test_members_are_numpys_isin(items: list[int], others: list[int]) -> None:
    array = np.array(items, dtype=np.uint64)
    ordered = np.unique(np.array(others, dtype=np.uint64))
    assert _members(array, ordered).tolist() == np.isin(array, ordered).tolist()
