"""Regression tests for defects 3, 6 and 8 of issue 20: what the caller does with its
data after a build never changes the observations, never makes a rollup read out of
bounds, and values and revisions convert exactly."""

import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest
from _engine_helpers import build_hierarchy

import chitieu
from chitieu import Catalog, Indicator, Observations, _core

FRAME = pd.DataFrame({
    "code": ["P", "D1", "C1", "C2"],
    "name": ["P", "D1", "C1", "C2"],
    "level": ["province", "district", "commune", "commune"],
    "parent_code": ["", "P", "D1", "D1"],
})


@pytest.fixture
def setup():
    cat = Catalog([Indicator.flow("jobs"), Indicator.flow("paid", value_type="money")])
    return build_hierarchy(FRAME), cat


def province_total(obs, h, cat, code):
    r = chitieu.rollup(obs, h, cat, level="province", period_type="year").to_pandas()
    return r.loc[r["indicator"] == code, "value"].tolist()


def test_defect3_editing_the_frame_after_from_frame_leaves_observations_unchanged(setup):
    h, cat = setup
    df = pd.DataFrame({"indicator": "jobs", "unit": ["C1", "C2"], "period": "2024",
                       "value": [1.0, 2.0]})
    obs = Observations.from_frame(df, h, cat)
    df.loc[0, "value"] = np.nan
    df.loc[1, "value"] = 50.0
    df.loc[1, "unit"] = "P"
    assert obs.to_frame()["value"].tolist() == [1.0, 2.0]
    assert province_total(obs, h, cat, "jobs") == [3.0]  # not NaN past nan_policy="error"


# In a child interpreter: a crash there fails the test instead of ending the run.
MUTATE = textwrap.dedent("""
    import sys, numpy as np, pandas as pd, chitieu
    from chitieu import Catalog, Indicator, Observations, _core
    h = chitieu.Hierarchy.from_frame(pd.DataFrame({
        "code": ["P", "D1", "C1", "C2"], "name": ["P", "D1", "C1", "C2"],
        "level": ["province", "district", "commune", "commune"],
        "parent_code": ["", "P", "D1", "D1"]}),
        levels=["province", "district", "commune"])
    cat = Catalog([Indicator.flow("jobs")])
    periods, per = _core._period_index_of(["202401", "202402"])
    cols = {"indicator": np.zeros(2, np.int32), "unit": np.array([2, 3], np.int32),
            "period": per.copy()}
    obs = Observations.from_arrays(cols["indicator"], cols["unit"], cols["period"],
                                   np.ones(2), periods=periods, hierarchy=h, catalog=cat)
    cols[sys.argv[1]][1] = int(sys.argv[2])
    try:
        chitieu.rollup(obs, h, cat, level="province", period_type="year")
    except ValueError as e:
        print("refused:", e)
    else:
        print("rolled up")
""")


@pytest.mark.parametrize("column, value", [("unit", 10**9), ("unit", -5),
                                           ("indicator", 7), ("period", 2**31 - 1)])
def test_defect6_arrays_modified_after_from_arrays_are_refused_not_read_out_of_bounds(
        column, value):
    child = subprocess.run([sys.executable, "-c", MUTATE, column, str(value)],
                           capture_output=True, text=True, timeout=120, check=False)
    assert child.returncode == 0, child.stderr
    assert "refused:" in child.stdout and "modified" in child.stdout, child.stdout


def test_defect8_nullable_int64_money_with_na_converts_exactly(setup):
    h, cat = setup
    big = 2**54 + 6  # float64 would make it 2**54 + 4 (or + 8)
    df = pd.DataFrame({"indicator": "paid", "unit": ["C1", "C2"], "period": "2024",
                       "value": pd.array([big, None], dtype="Int64")})
    with pytest.raises(ValueError, match="row 1"):
        Observations.from_frame(df, h, cat)
    obs = Observations.from_frame(df, h, cat, nan_policy="skip")
    assert big in obs.to_frame()["value"].tolist()
    r = chitieu.rollup(obs, h, cat, level="province", period_type="year").to_pandas()
    assert r["value_money"].tolist() == [big] and r["n_reporting"].tolist() == [1]


def test_defect8_float_revisions_are_not_truncated_to_a_tie(setup):
    h, cat = setup
    df = pd.DataFrame({"indicator": "jobs", "unit": "C1", "period": "2024",
                       "value": [10.0, 20.0, 30.0], "revision": [1.2, 1.7, 1.5]})
    obs = Observations.from_frame(df, h, cat, duplicates="last", revision="revision")
    assert obs.to_frame()["value"].tolist() == [20.0]  # 1.7 is the latest, not row order
    periods, per = _core._period_index_of(["2024"] * 3)
    arrays = (np.zeros(3, np.int32), np.full(3, 2, np.int32), per, np.array([10.0, 20.0, 30.0]))
    for revision in (np.array([1.2, 1.7, 1.5]), np.array([1.0, 3.0, 2.0]),
                     np.array(["2024-01-02", "2024-03-01", "2024-02-01"], "datetime64[ns]")):
        obs = Observations.from_arrays(*arrays, periods=periods, hierarchy=h, catalog=cat,
                                       duplicates="last", revision=revision)
        assert obs.to_frame()["value"].tolist() == [20.0]
