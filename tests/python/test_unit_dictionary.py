"""A dictionary-encoded unit column (positions into a table of hierarchy ids) is
read through its dictionary: the same observations and rollups as the ids gathered
beforehand, in any row order and thread count, whether the build keeps the
positions (no row rewritten) or maps them (duplicates combined); a position or an
entry out of range is refused naming it. Id arrays the observations keep without a
copy and the caller changes afterwards are refused by the rollup."""

import numpy as np
import pandas as pd
import pytest
from _engine_helpers import build_hierarchy
from test_observations_order import CATALOG, MONTHS, UNITS, plain, rollups

import chitieu
from chitieu import Observations


def id_columns(seed, n, distinct=False):
    """Ids of random rows (with duplicates, summed by policy, unless `distinct`:
    then n of the 120 cells), the communes given as positions into a shuffled
    dictionary of their hierarchy ids."""
    h = build_hierarchy(UNITS)
    rng = np.random.default_rng(seed)
    communes = np.asarray(h.ids(list(UNITS["code"].iloc[5:])), dtype=np.int32)
    dictionary = rng.permutation(communes)
    kinds = np.asarray([CATALOG.id("jobs"), CATALOG.id("poor")], dtype=np.int32)
    if distinct:
        cell = rng.choice(len(kinds) * len(dictionary) * len(MONTHS), n, replace=False)
        ind = kinds[cell // (len(dictionary) * len(MONTHS))]
        positions = (cell // len(MONTHS) % len(dictionary)).astype(np.int32)
        per = (cell % len(MONTHS)).astype(np.int32)
    else:
        positions = rng.integers(0, len(dictionary), n).astype(np.int32)
        ind = rng.choice(kinds, n)
        per = rng.integers(0, len(MONTHS), n).astype(np.int32)
    value = rng.integers(0, 1000, n).astype(np.float64)
    return h, dictionary, positions, ind, per, value


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("threads", [1, 2, 3])
@pytest.mark.parametrize("rows", [30_000, "distinct"])
def test_dictionary_matches_gathered_ids(seed, threads, rows):
    """Rows with duplicates are rewritten (unit ids mapped by the build); distinct
    rows keep their positions, read through the dictionary by every rollup."""
    distinct = rows == "distinct"
    h, dictionary, positions, ind, per, value = id_columns(
        seed, 100 if distinct else rows, distinct=distinct)
    common = {"periods": MONTHS, "hierarchy": h, "catalog": CATALOG, "duplicates": "sum",
              "threads": threads}
    gathered = Observations.from_arrays(ind, dictionary[positions], per, value, **common)
    mapped = Observations.from_arrays(ind, positions, per, value, unit_dictionary=dictionary,
                                      **common)
    pd.testing.assert_frame_equal(plain(mapped.to_frame()), plain(gathered.to_frame()))
    for a, b in zip(rollups(mapped, h), rollups(gathered, h)):
        pd.testing.assert_frame_equal(a, b)


def test_rewritten_rows_own_their_unit_ids():
    """Rows the build rewrites (duplicates summed) get unit ids of their own:
    changing the positions afterwards changes nothing."""
    h, dictionary, positions, ind, per, value = id_columns(3, 5_000)
    common = {"periods": MONTHS, "hierarchy": h, "catalog": CATALOG, "duplicates": "sum"}
    obs = Observations.from_arrays(ind, positions, per, value, unit_dictionary=dictionary,
                                   **common)
    before = plain(obs.to_frame())
    positions[:] = 0
    pd.testing.assert_frame_equal(plain(obs.to_frame()), before)


def mapped(h, dictionary, positions, ind, per, value, **options):
    """Observations from unit positions and their dictionary (duplicates summed)."""
    return Observations.from_arrays(ind, positions, per, value, periods=MONTHS, hierarchy=h,
                                    catalog=CATALOG, duplicates="sum",
                                    unit_dictionary=dictionary, **options)


@pytest.mark.parametrize("bad", [5, -1, 1_000_000])
def test_position_beyond_the_dictionary_is_named(bad):
    columns = id_columns(4, 5_000)
    columns[2][1234] = bad
    with pytest.raises(ValueError, match=rf"unit position {bad} at row 1234 is beyond the "
                                         r"unit dictionary \(5 entries\)"):
        mapped(*columns, threads=2)


@pytest.mark.parametrize("entry", [-1, len(UNITS)])
def test_dictionary_entry_that_is_no_unit_is_named(entry):
    columns = id_columns(5, 100)
    columns[1][2] = entry
    with pytest.raises(ValueError, match=rf"unit dictionary entry 2 is {entry}, not a unit "
                                         rf"id of the hierarchy \(it has {len(UNITS)} units\)"):
        mapped(*columns)


def test_other_bad_rows_are_still_named_with_a_dictionary():
    columns = id_columns(6, 5_000)
    per, value = columns[4], columns[5]
    per[777] = len(MONTHS)
    with pytest.raises(ValueError, match=f"period id {len(MONTHS)} at row 777 is out of range"):
        mapped(*columns)
    per[777] = 0
    value[3000] = np.nan
    with pytest.raises(ValueError, match=r"at row 3000 .* is not finite"):
        mapped(*columns)


@pytest.mark.parametrize("column", ["indicator", "period"])
@pytest.mark.parametrize("threads", [1, 2])
def test_arrays_changed_after_the_build_are_refused(column, threads):
    """Observations keep the caller's id arrays (no copy): an id the caller puts
    out of range afterwards is refused by the rollup, not read beyond a table."""
    h = build_hierarchy(UNITS)
    rng = np.random.default_rng(7)
    communes = np.asarray(h.ids(list(UNITS["code"].iloc[5:])), dtype=np.int32)
    cells = np.array([(k, u, p) for k in (CATALOG.id("jobs"), CATALOG.id("poor"))
                      for u in communes for p in range(len(MONTHS))], dtype=np.int32)
    cells = cells[rng.permutation(len(cells))]
    ind, unit, per = (np.ascontiguousarray(cells[:, i]) for i in range(3))
    value = np.ones(len(cells))
    obs = Observations.from_arrays(ind, unit, per, value, periods=MONTHS, hierarchy=h,
                                   catalog=CATALOG, threads=threads)
    before = chitieu.rollup(obs, h, CATALOG, level="province", period_type="year",
                            indicators=["jobs"]).to_pandas()
    assert before["value"].sum() == len(cells) // 2  # every jobs row counted once
    changed = {"indicator": ind, "period": per}[column]
    changed[len(cells) // 2] = 10_000
    with pytest.raises(ValueError, match="modified after they were built"):
        chitieu.rollup(obs, h, CATALOG, level="province", period_type="year", threads=threads)


@pytest.mark.parametrize("threads", [1, 2])
def test_kept_positions_changed_after_the_build_are_refused(threads):
    """Distinct rows keep the caller's positions (no mapped copy): a position put
    beyond the dictionary afterwards is refused by the rollup and by the first
    look at the rows' unit ids, naming the row."""
    h, dictionary, positions, ind, per, value = id_columns(8, 100, distinct=True)
    obs = mapped(h, dictionary, positions, ind, per, value, threads=threads)
    before = chitieu.rollup(obs, h, CATALOG, level="province", period_type="year",
                            indicators=["jobs"], threads=threads).to_pandas()
    assert before["value"].sum() == value[ind == CATALOG.id("jobs")].sum()
    positions[42] = len(dictionary)
    with pytest.raises(ValueError, match="modified after they were built"):
        chitieu.rollup(obs, h, CATALOG, level="province", period_type="year",
                       threads=threads)
    with pytest.raises(ValueError, match=rf"unit position {len(dictionary)} at row 42 is "
                                         r"beyond the unit dictionary: the arrays given"):
        obs.to_frame()
