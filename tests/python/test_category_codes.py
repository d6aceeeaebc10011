"""The core's categorical codes (used by every result's to_pandas): against numpy
on random ids, pandas' own code types, and refusals that name the culprit."""

import numpy as np
import pandas as pd
import pytest

from chitieu import _core


@pytest.mark.parametrize("size", [1, 5, 126, 127, 300, 32766, 32767, 40000])
def test_codes_match_numpy_in_pandas_code_type(size):
    rng = np.random.default_rng(size)
    ids = rng.integers(0, size, 5000).astype(np.int32)
    used = _core.used_ids(ids, size)
    assert used.dtype == bool and len(used) == size
    np.testing.assert_array_equal(used, np.bincount(ids, minlength=size) > 0)
    table = rng.integers(-1, 7, size).astype(np.int32)
    codes = _core.category_codes(ids, table, 7)
    assert codes.dtype == np.int8
    np.testing.assert_array_equal(codes, table[ids])
    plain = _core.category_codes(ids, None, size)
    np.testing.assert_array_equal(plain, ids)
    # the type pandas would have cast the codes to: no copy when it is given them
    names = [f"c{i}" for i in range(size)]
    expected = pd.Categorical.from_codes(ids, names).codes.dtype
    assert plain.dtype == expected
    assert pd.Categorical.from_codes(plain, names, validate=False).codes.dtype == expected


def test_empty_ids():
    ids = np.zeros(0, np.int32)
    assert not _core.used_ids(ids, 3).any()
    assert len(_core.category_codes(ids, None, 3)) == 0


@pytest.mark.parametrize("bad", [-1, 10])
def test_an_id_out_of_range_is_refused_naming_its_row(bad):
    ids = np.array([0, 1, bad, 2], np.int32)
    with pytest.raises(IndexError, match=f"row 2: id {bad} is not below 10"):
        _core.used_ids(ids, 10)
    with pytest.raises(IndexError, match=f"row 2: id {bad} is not below 10"):
        _core.category_codes(ids, None, 10)
    with pytest.raises(IndexError, match=f"row 2: id {bad} is not below 10"):
        _core.category_codes(ids, np.zeros(10, np.int32), 1)


def test_a_table_code_beyond_the_categories_is_refused():
    with pytest.raises(IndexError, match=r"table\[1\] = 3 is not a code below 3"):
        _core.category_codes(np.zeros(4, np.int32), np.array([0, 3], np.int32), 3)


def test_other_dtypes_are_refused_not_cast():
    with pytest.raises(ValueError, match="ids must have dtype int32, not int64"):
        _core.used_ids(np.zeros(3, np.int64), 3)


def test_wider_ids_are_checked_before_they_are_narrowed():
    from chitieu.observations import _used

    used, codes = _used(np.array([3, 1, 3], np.int64), 5)
    assert used.tolist() == [1, 3] and codes.tolist() == [1, 0, 1]
    # 2**32 + 1 would become 1 in int32: refused, not cut short
    with pytest.raises(IndexError, match=r"ids must lie in \[0, 5\)"):
        _used(np.array([2**32 + 1], np.int64), 5)


@pytest.mark.parametrize("threads", [1, 2, 3, 0])
def test_threads_split_the_rows_alike(threads):
    # 300,000 rows: slices of 64K rows or more, so up to four of them
    rng = np.random.default_rng(threads)
    ids = rng.integers(0, 700, 300_000).astype(np.int32)
    ids[ids == 5] = 6  # one id that never occurs, in every slice
    used = _core.used_ids(ids, 700, threads)
    np.testing.assert_array_equal(used, np.bincount(ids, minlength=700) > 0)
    assert not used[5]
    table = rng.integers(-1, 40, 700).astype(np.int32)
    np.testing.assert_array_equal(_core.category_codes(ids, table, 40, threads), table[ids])
    np.testing.assert_array_equal(_core.category_codes(ids, None, 700, threads), ids)


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_the_first_bad_row_is_named_whichever_slice_holds_it(threads):
    ids = np.zeros(300_000, np.int32)
    ids[[250_000, 170_001, 290_000]] = 9  # in the later slices only
    for call in (lambda: _core.used_ids(ids, 5, threads),
                 lambda: _core.category_codes(ids, None, 5, threads),
                 lambda: _core.category_codes(ids, np.zeros(5, np.int32), 1, threads)):
        with pytest.raises(IndexError, match="row 170001: id 9 is not below 5"):
            call()

