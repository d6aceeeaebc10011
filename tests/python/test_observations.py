import numpy as np
import pandas as pd
import pytest
from _engine_helpers import build_hierarchy

import chitieu
from chitieu import Catalog, Indicator, Observations, _core

FRAME = pd.DataFrame({
    "code": ["P", "D1", "D2", "C1", "C2", "C3"],
    "name": ["P", "D1", "D2", "C1", "C2", "C3"],
    "level": ["province", "district", "district", "commune", "commune", "commune"],
    "parent_code": ["", "P", "P", "D1", "D1", "D2"],
})


@pytest.fixture
def setup():
    cat = Catalog([
        Indicator.flow("jobs"),
        Indicator.flow("paid", value_type="money"),
        Indicator.stock("poor"),
        Indicator.ratio("rate", "poor", "jobs"),
    ])
    return build_hierarchy(FRAME), cat


def frame(**columns):
    base = {"indicator": ["jobs", "jobs", "poor"], "unit": ["C1", "C2", "C3"],
            "period": ["202401", "202402", "2024Q1"], "value": [1.5, 2.0, 7.0]}
    base.update(columns)
    return pd.DataFrame(base)


def test_from_frame_round_trips(setup):
    h, cat = setup
    obs = Observations.from_frame(frame(), h, cat)
    assert len(obs) == 3
    back = obs.to_frame()
    assert back["indicator"].astype(str).tolist() == ["jobs", "jobs", "poor"]
    assert back["unit"].astype(str).tolist() == ["C1", "C2", "C3"]
    assert back["period"].astype(str).tolist() == ["202401", "202402", "2024Q1"]
    assert back["value"].tolist() == [1.5, 2.0, 7.0]


def test_from_frame_numbers_periods_in_calendar_order(setup):
    """Period ids follow the calendar (first day, last day, kind), not the order
    the rows meet them: a monthly rollup then reads its presence bits 64 at a time,
    and the frame's period categories come in order. The figures do not move."""
    h, cat = setup
    periods = ["2024Q1", "202403", "2024-01", "202312", "202401", "202402", "2024"]
    rows = pd.DataFrame({"indicator": "jobs", "unit": ["C1", "C2", "C3", "C1", "C2", "C3", "C1"],
                         "period": periods, "value": [1.0, 2, 3, 4, 5, 6, 7]})
    obs = Observations.from_frame(rows, h, cat)
    # 2024-01 and 202401 are one period, interned once; then by first day, last day
    parsed = [chitieu.Period(p) for p in obs.periods.codes()]
    assert [str(p) for p in parsed] == ["202312", "202401", "2024Q1", "2024", "202402", "202403"]
    back = obs.to_frame()
    assert back["period"].cat.categories.tolist() == [str(p) for p in parsed]
    assert back["period"].astype(str).tolist() == [
        "2024Q1", "202403", "202401", "202312", "202401", "202402", "2024"]
    months = Observations.from_frame(rows[~rows.period.isin(["2024Q1", "2024"])], h, cat)
    monthly = chitieu.rollup(months, h, cat, level="commune", period_type="month").to_pandas()
    got = monthly.set_index(["unit", "period"])["value"].astype(float)
    got.index = got.index.map(lambda k: (str(k[0]), str(k[1])))
    assert got.to_dict() == {("C3", "202401"): 3.0, ("C1", "202312"): 4.0,
                             ("C2", "202401"): 5.0, ("C3", "202402"): 6.0,
                             ("C2", "202403"): 2.0}


def test_money_rows_are_exact_int64(setup):
    h, cat = setup
    big = 2**62 + 1  # not representable in float64
    d = pd.DataFrame({"indicator": ["paid", "paid"], "unit": ["C1", "C2"],
                      "period": "202401", "value": np.array([big, -3], dtype=np.int64)})
    back = Observations.from_frame(d, h, cat).to_frame()
    assert back["value"].dtype == np.int64 and back["value"].tolist() == [big, -3]
    mixed = pd.concat([frame(), d.astype({"value": np.float64}).iloc[1:]])
    back = Observations.from_frame(mixed, h, cat).to_frame()
    assert back["value_money"].tolist()[-1] == -3 and back["value_money"].isna().sum() == 3
    with pytest.raises(ValueError, match=r"'paid'.*0.5"):
        Observations.from_frame(d.assign(value=[0.5, 1.0]), h, cat)


def test_from_arrays_is_zero_copy_for_matching_dtypes(setup):
    h, cat = setup
    periods, per = _core._period_index_of(["202401", "202402"])
    ind = np.array([0, 0], dtype=np.int32)
    unit = np.array([3, 4], dtype=np.int32)
    val = np.array([1.0, 2.0])
    obs = Observations.from_arrays(ind, unit, per, val, periods=periods, hierarchy=h, catalog=cat)
    cols = obs._core.columns()
    assert np.shares_memory(cols["real_value"], val)
    assert np.shares_memory(cols["real_unit"], unit)
    assert not cols["real_value"].flags.writeable
    # Non-contiguous input is copied, int64 ids converted; results are the same.
    strided = np.array([1.0, 9.0, 2.0, 9.0])[::2]
    obs2 = Observations.from_arrays(ind.astype(np.int64), unit, per, strided, periods=periods,
                                    hierarchy=h, catalog=cat)
    assert not np.shares_memory(obs2._core.columns()["real_value"], strided)
    assert obs2.to_frame()["value"].tolist() == [1.0, 2.0]


def test_bad_inputs_name_the_culprit(setup):
    h, cat = setup
    periods, per = _core._period_index_of(["202401", "202402"])
    ind = np.array([0, 0], dtype=np.int32)
    unit = np.array([3, 4], dtype=np.int32)
    with pytest.raises(KeyError, match="'X9'"):
        Observations.from_frame(frame(unit=["C1", "X9", "C3"]), h, cat)
    with pytest.raises(KeyError, match="'hires'"):
        Observations.from_frame(frame(indicator=["jobs", "hires", "poor"]), h, cat)
    with pytest.raises(ValueError, match="differ in length"):
        Observations.from_arrays(ind, unit[:1], per, np.ones(2), periods=periods, hierarchy=h,
                                 catalog=cat)
    with pytest.raises(ValueError, match="unit id 99 at row 1"):
        Observations.from_arrays(ind, np.array([3, 99], np.int32), per, np.ones(2),
                                 periods=periods, hierarchy=h, catalog=cat)
    with pytest.raises(ValueError, match=r"indicator_ids.*float64"):
        Observations.from_arrays(ind.astype(float), unit, per, np.ones(2), periods=periods,
                                 hierarchy=h, catalog=cat)
    with pytest.raises(ValueError, match="numeric"):
        Observations.from_arrays(ind, unit, per, np.array(["a", "b"]), periods=periods,
                                 hierarchy=h, catalog=cat)
    with pytest.raises(ValueError, match=r"'rate'.*derived"):
        Observations.from_frame(frame(indicator=["jobs", "rate", "poor"]), h, cat)
    with pytest.raises(ValueError, match="period"):
        Observations.from_frame(frame(period=["202401", "2024Q9", "2024Q1"]), h, cat)


def test_nan_policy(setup):
    h, cat = setup
    d = frame(value=[1.0, np.nan, 7.0])
    with pytest.raises(ValueError, match=r"row 1.*'jobs'.*'C2'.*'202402'"):
        Observations.from_frame(d, h, cat)
    obs = Observations.from_frame(d, h, cat, nan_policy="skip")
    assert len(obs) == 3 and obs.to_frame()["value"].isna().sum() == 1  # kept, not dropped
    r = chitieu.rollup(obs, h, cat, level="province", period_type="year").to_pandas()
    jobs = r[r.indicator == "jobs"].iloc[0]
    assert jobs.value == 1.0 and jobs.n_reporting == 1  # the NaN unit did not report
    with pytest.raises(ValueError, match="not finite"):
        chitieu.rollup(obs, h, cat, level="province", period_type="year", nan_policy="error")


@pytest.mark.parametrize("policy, expected", [("sum", 5.0), ("last", 1.0)])
def test_duplicate_policies(setup, policy, expected):
    h, cat = setup
    d = frame(unit=["C1", "C1", "C3"], period=["202401", "202401", "2024Q1"],
              value=[1.0, 4.0, 7.0]).assign(revision=[2, 1, 0])
    with pytest.raises(ValueError, match=r"'jobs'.*'C1'.*'202401'.*rows 0 and 1"):
        Observations.from_frame(d, h, cat)
    obs = Observations.from_frame(d, h, cat, duplicates=policy, revision="revision")
    back = obs.to_frame()
    assert len(back) == 2 and back["value"].iloc[0] == expected


def test_cumulative_values_become_flows(setup):
    h, cat = setup
    d = pd.DataFrame({"indicator": "jobs", "unit": ["C1", "C1", "C1", "C2"],
                      "period": ["202403", "202401", "202402", "202402"],
                      "value": [30.0, 10.0, 25.0, 8.0]})
    with pytest.raises(ValueError, match=r"'jobs'.*'C2'.*'202402'"):
        Observations.from_frame(d, h, cat, cumulative=["jobs"])
    obs = Observations.from_frame(d, h, cat, cumulative=["jobs"], cumulative_gaps="carry")
    assert obs.to_frame()["value"].tolist() == [5.0, 10.0, 15.0, 8.0]
    # Declared in the catalog instead.
    cat2 = Catalog([Indicator.flow("jobs", cumulative=True)])
    obs2 = Observations.from_frame(d.iloc[:3], h, cat2)
    r = chitieu.rollup(obs2, h, cat2, level="province", period_type="quarter").to_pandas()
    assert r["value"].tolist() == [30.0]  # the year-to-date value at the end of Q1
