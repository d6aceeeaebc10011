"""DHIS2 periods and dataValueSets: round trips chitieu -> JSON / CSV -> chitieu
on random data of every DHIS2 period type, unknown uids listed, bad values
refused naming where they are."""

import doctest
import json

import numpy as np
import pandas as pd
import pytest

import chitieu
from chitieu import dhis2
from chitieu.dhis2 import datavalues, mapping, metadata, periods

# DHIS2 ids of every fixed period type with their dates, from DHIS2's
# definitions (dhis2-core DateUnitPeriodTypeParser), written out here.
PERIODS = {
    "20200715": ("2020-07-15", "2020-07-15"),
    "2020W1": ("2019-12-30", "2020-01-05"),
    "2020WedW5": ("2020-01-29", "2020-02-04"),
    "2020ThuW1": ("2020-01-02", "2020-01-08"),
    "2020SatW1": ("2020-01-04", "2020-01-10"),
    "2020SunW1": ("2019-12-29", "2020-01-04"),
    "2020BiW1": ("2019-12-30", "2020-01-12"),
    "202002": ("2020-02-01", "2020-02-29"),
    "202001B": ("2020-01-01", "2020-02-29"),
    "2020Q4": ("2020-10-01", "2020-12-31"),
    "2020NovQ1": ("2019-11-01", "2020-01-31"),
    "2020S1": ("2020-01-01", "2020-06-30"),
    "2020AprilS2": ("2020-10-01", "2021-03-31"),
    "2020NovS1": ("2019-11-01", "2020-04-30"),
    "2020": ("2020-01-01", "2020-12-31"),
    "2020April": ("2020-04-01", "2021-03-31"),
    "2020July": ("2020-07-01", "2021-06-30"),
    "2020Sep": ("2020-09-01", "2021-08-31"),
    "2020Oct": ("2020-10-01", "2021-09-30"),
    "2020Nov": ("2019-11-01", "2020-10-31"),
}


@pytest.mark.parametrize("pid", sorted(PERIODS))
def test_period_dates_and_back(pid):
    p = dhis2.parse_period(pid)
    assert (str(p.first), str(p.last)) == PERIODS[pid]
    assert p.to_dhis2() == pid
    assert dhis2.to_dhis2(str(p)) == pid  # through chitieu's own identifier


def test_periods_dhis2_cannot_express_are_refused():
    for text in ("2016-2020", "2020-01-01/2020-09-30", "2020-01-07/2020-01-13"):
        assert chitieu.Period.parse(text).dhis2_type is None
        with pytest.raises(ValueError, match="no DHIS2 period type"):
            dhis2.to_dhis2(text)
    with pytest.raises(ValueError, match="'2020AprilS3'"):
        dhis2.parse_period("2020AprilS3")


def _random_values(seed, n=60):
    rng = np.random.default_rng(seed)
    pids = list(PERIODS)
    rows = {(f"DE{rng.integers(5)}", str(rng.choice(pids)), f"OU{rng.integers(4)}",
             str(rng.choice(["", "COa", "COb"]))) for _ in range(n)}
    frame = pd.DataFrame(sorted(rows), columns=["indicator", "period", "unit", "category"])
    frame["category"] = _missing_as_none(frame["category"].replace("", None))
    frame["period"] = [str(dhis2.parse_period(p)) for p in frame["period"]]
    # Awkward values: tiny, huge, negative, non-terminating binary fractions.
    pool = np.array([0.1, 1 / 3, -2.5, 1e-300, 123456789.125, 0.0, 7.0, 2.0**52 + 1])
    frame["value"] = pool[rng.integers(len(pool), size=len(frame))] * rng.integers(1, 5, len(frame))
    return frame


def _missing_as_none(column):
    """Object column, None where no option is given (pandas may hold it as NaN)."""
    return pd.Series([None if pd.isna(v) else str(v) for v in column], index=column.index,
                     dtype=object)


def _mapping():
    return dhis2.Mapping(
        org_units={f"uidOU{k}": f"OU{k}" for k in range(4)},
        data_elements={f"uidDE{k}": f"DE{k}" for k in range(5)},
        category_option_combos={"uidCOa": "COa", "uidCOb": "COb"})


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_round_trip_is_identity(seed, fmt, tmp_path):
    rows = _random_values(seed)
    m = _mapping()
    out = dhis2.from_observations(rows, m)
    assert set(out["dataElement"]) <= set(m.data_elements)
    path = tmp_path / f"values.{fmt}"
    if fmt == "json":
        dhis2.write_json(out, path)
        back = dhis2.read_json(path)
    else:
        dhis2.write_csv(out, path)
        back = dhis2.read_csv(path)
    values = dhis2.to_observations(back, m)
    assert values.unknown.empty
    got = values.frame[["indicator", "period", "unit", "category", "value"]].reset_index(drop=True)
    got["category"] = _missing_as_none(got["category"])
    got = got.astype(dict.fromkeys(("indicator", "period", "unit"), object))
    rows = rows.astype(dict.fromkeys(("indicator", "period", "unit"), object))
    pd.testing.assert_frame_equal(got, rows[["indicator", "period", "unit", "category", "value"]])


def test_round_trip_through_observations_keeps_money_exact():
    h = chitieu.Hierarchy.from_arrays(["N", "A"], ["N", "A"], ["nation", "unit"], ["", "N"])
    cat = chitieu.Catalog([chitieu.Indicator.flow("paid", value_type="money")])
    frame = pd.DataFrame({"indicator": ["paid", "paid"], "unit": ["A", "A"],
                          "period": ["2020-04-01/2021-03-31", "202001"],
                          "value": np.array([2**62 + 1, 5], dtype=np.int64)})
    obs = chitieu.Observations.from_frame(frame, h, cat)
    m = dhis2.Mapping(org_units={"ouA": "A"}, data_elements={"dePaid": "paid"})
    text = dhis2.write_csv(dhis2.from_observations(obs, m))
    assert "2020April" in text and str(2**62 + 1) in text
    values = dhis2.to_observations(dhis2.read_csv(text), m)
    assert values.frame["value"].dtype == np.int64
    back = chitieu.Observations.from_frame(values.frame, h, cat).to_frame()
    pd.testing.assert_frame_equal(back, obs.to_frame())


def test_unknown_uids_are_listed_never_dropped():
    raw = dhis2.read_json({"dataValues": [
        {"dataElement": "uidDE0", "period": "202001", "orgUnit": "uidOU0", "value": "1"},
        {"dataElement": "uidDEx", "period": "202001", "orgUnit": "uidOU0", "value": "2"},
        {"dataElement": "uidDE1", "period": "202001", "orgUnit": "uidOUx", "value": "3"},
        {"dataElement": "uidDE1", "period": "202001", "orgUnit": "uidOU1",
         "categoryOptionCombo": "uidCOx", "value": "4"}]})
    with pytest.raises(ValueError, match=r"3 data value.*'uidCOx'.*'uidDEx'.*'uidOUx'"):
        dhis2.to_observations(raw, _mapping())
    values = dhis2.to_observations(raw, _mapping(), unknown="list")
    assert values.frame["value"].tolist() == [1.0]
    assert len(values.unknown) == 3 and values.unknown["reason"].str.contains("unknown").all()


def test_set_header_defaults_and_non_numbers():
    raw = dhis2.read_json(json.dumps({"period": "2019W43", "orgUnit": "uidOU0", "dataValues": [
        {"dataElement": "uidDE0", "value": "5"}, {"dataElement": "uidDE0", "value": "true",
                                                 "period": "2019W44"}]}))
    assert raw["period"].tolist() == ["2019W43", "2019W44"]
    with pytest.raises(ValueError, match=r"dataValueSet, entry 1, column value: 'true' is not a number"):
        dhis2.to_observations(raw, _mapping())


def test_csv_header_by_name_and_long_rows():
    text = "value,period,orgunit,dataelement\n3,202001,uidOU0,uidDE0\n"
    raw = dhis2.read_csv(text)
    assert raw.loc[2, ["dataElement", "value"]].tolist() == ["uidDE0", "3"]
    with pytest.raises(ValueError, match="line 3: 5 fields"):
        dhis2.read_csv(text + "1,2,3,4,5\n")


def test_export_of_a_rollup():
    h = chitieu.Hierarchy.from_arrays(["N", "A", "B"], ["N", "A", "B"], ["nation", "unit", "unit"],
                                      ["", "N", "N"])
    cat = chitieu.Catalog([chitieu.Indicator.flow("jobs")])
    obs = chitieu.Observations.from_frame(pd.DataFrame({
        "indicator": ["jobs"] * 3, "unit": ["A", "B", "A"], "period": ["202004", "202004", "202103"],
        "value": [1.5, 2.0, 4.0]}), h, cat)
    result = chitieu.rollup(obs, h, cat, level="nation", periods=["2020April"])
    m = dhis2.Mapping(org_units={"ouN": "N", "ouA": "A", "ouB": "B"}, data_elements={"deJobs": "jobs"})
    sent = dhis2.write_json(dhis2.from_result(result, m))["dataValues"]
    assert [(v["dataElement"], v["period"], v["orgUnit"], v["value"]) for v in sent] == [
        ("deJobs", "2020April", "ouN", "7.5")]


@pytest.mark.parametrize("module", [dhis2, datavalues, mapping, metadata, periods])
def test_doctests(module):
    assert doctest.testmod(module).failed == 0


def test_export_of_an_assessment():
    h = chitieu.Hierarchy.from_arrays(["N", "A", "a1"], ["N", "A", "a1"],
                                      ["nation", "province", "commune"], ["", "N", "A"])
    cat = chitieu.Catalog([chitieu.Indicator.flow("jobs")])
    obs = chitieu.Observations.from_frame(pd.DataFrame({
        "indicator": "jobs", "unit": "a1", "period": ["202003", "202006"],
        "value": [4000.0, 5997.5]}), h, cat)
    plan = chitieu.Plan()
    plan.add_total("jobs", "A", "2020", 24000)
    assessment = chitieu.assess(obs, plan, h, cat, level="province", period="2020S1")
    m = dhis2.Mapping(org_units={"ouA": "A"}, data_elements={"deJobs": "jobs"})
    sent = dhis2.read_json(json.dumps(dhis2.write_json(dhis2.from_result(assessment, m,
                                                                         value="actual"))))
    assert sent[["dataElement", "period", "orgUnit", "value"]].values.tolist() == [
        ["deJobs", "2020S1", "ouA", "9997.5"]]
