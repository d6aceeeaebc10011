"""Row order and code encoding never change a result: sorted and shuffled rows, one
thread or several, strings or categorical / dictionary-encoded codes give identical
observations and rollups."""

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from _engine_helpers import build_hierarchy

import chitieu
from chitieu import Catalog, Indicator, Observations

UNITS = pd.DataFrame({
    "code": ["P1", "P2", "D1", "D2", "D3", "C1", "C2", "C3", "C4", "C5"],
    "name": ["P1", "P2", "D1", "D2", "D3", "C1", "C2", "C3", "C4", "C5"],
    "level": ["province"] * 2 + ["district"] * 3 + ["commune"] * 5,
    "parent_code": ["", "", "P1", "P1", "P2", "D1", "D1", "D2", "D3", "D3"],
})
CATALOG = Catalog([Indicator.flow("jobs"), Indicator.flow("paid", value_type="money"),
                   Indicator.stock("poor"), Indicator.ratio("rate", "jobs", "poor")])
MONTHS = [f"2024{m:02d}" for m in range(1, 13)]


def random_rows(rng, n):
    """Integer-valued rows (exact sums in any order), with duplicates."""
    return pd.DataFrame({
        "indicator": rng.choice(["jobs", "paid", "poor"], n),
        "unit": rng.choice(UNITS["code"].iloc[5:], n),
        "period": rng.choice(MONTHS, n),
        "value": rng.integers(0, 1000, n).astype(np.float64),
    })


def plain(frame):
    """Codes as text, rows in code order (categories follow first appearance)."""
    keys = ["indicator", "unit", "period"]
    frame = frame.astype(dict.fromkeys(keys, str))
    return frame.sort_values(keys).reset_index(drop=True)


def rollups(obs, h):
    out = []
    for level, kind in [("province", "quarter"), (["district", "province"], "year"),
                        ("commune", "month")]:
        r = chitieu.rollup(obs, h, CATALOG, level=level, period_type=kind).to_pandas()
        out.append(plain(r))
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sorted_and_shuffled_rows_give_identical_results(seed):
    h = build_hierarchy(UNITS)
    rng = np.random.default_rng(seed)
    rows = random_rows(rng, 20_000)
    ordered = rows.sort_values(["indicator", "unit", "period"], kind="stable")
    shuffled = rows.sample(frac=1.0, random_state=seed)
    expected = None
    for frame in (ordered, shuffled):
        for threads in (1, 2, 3):
            obs = Observations.from_frame(frame, h, CATALOG, duplicates="sum",
                                          threads=threads)
            back = plain(obs.to_frame())
            got = [back, *rollups(obs, h)]
            if expected is None:
                expected = got
                # the oracle: duplicates summed per (indicator, unit, period)
                oracle = rows.groupby(["indicator", "unit", "period"])["value"].sum()
                assert sorted(back["value"].tolist()) == sorted(oracle.tolist())
            else:
                for a, b in zip(got, expected):
                    pd.testing.assert_frame_equal(a, b)


def test_duplicates_across_threads_are_found():
    h = build_hierarchy(UNITS)
    rows = random_rows(np.random.default_rng(5), 10_000).drop_duplicates(
        ["indicator", "unit", "period"])
    twice = pd.concat([rows, rows.iloc[[0]]])  # the repeat sits in the last thread's rows
    with pytest.raises(ValueError, match=f"rows 0 and {len(rows)}"):
        Observations.from_frame(twice, h, CATALOG, threads=2)


def test_categorical_and_dictionary_codes_give_the_same_observations():
    h = build_hierarchy(UNITS)
    rows = random_rows(np.random.default_rng(7), 5_000)
    expected = plain(Observations.from_frame(rows, h, CATALOG, duplicates="sum").to_frame())
    as_category = rows.astype(dict.fromkeys(("indicator", "unit", "period"), "category"))
    # a category no row uses is not looked up, even when it is unknown
    as_category["unit"] = as_category["unit"].cat.add_categories(["not-a-unit"])
    as_dictionary = rows.copy()
    for c in ("indicator", "unit", "period"):
        as_dictionary[c] = pd.Series(pa.array(rows[c]).dictionary_encode(),
                                     dtype=pd.ArrowDtype(pa.dictionary(pa.int32(),
                                                                       pa.string())))
    for frame in (as_category, as_dictionary):
        got = plain(Observations.from_frame(frame, h, CATALOG, duplicates="sum").to_frame())
        pd.testing.assert_frame_equal(got, expected)
    missing = as_category.copy()
    missing.loc[3, "unit"] = None
    with pytest.raises(ValueError, match=r"row 3\b.*unit|unit.*row 3\b"):
        Observations.from_frame(missing, h, CATALOG, duplicates="sum")
