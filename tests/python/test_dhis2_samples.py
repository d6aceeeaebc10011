"""The real DHIS2 samples in ../shared/data/dhis2 (see its README): metadata and
data values imported with their counts, DHIS2's own analytics reproduced from
the raw values through the chitieu engine, and a differential rollup of the
607 raw Sierra Leone values against a plain-pandas oracle."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import chitieu
from chitieu import dhis2

ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "dhis2"
SL = ROOT / "openhexa-toolbox" / "sl-demo-2.41.0.1_2024-07-26" / "bodies"
PLAY = ROOT / "openhexa-toolbox" / "play-40.0.1_2023-08-08" / "bodies"
E2E = ROOT / "dhis2-core" / "e2e-aggregate"
DXF2 = ROOT / "dhis2-core" / "dxf2-datavalueset"

pytestmark = pytest.mark.skipif(not ROOT.is_dir(), reason="shared DHIS2 samples not present")


@pytest.fixture(scope="module")
def sl():
    meta = dhis2.read_metadata(SL / "organisation_units.0.json", SL / "organisation_units.1.json",
                               SL / "organisation_unit_levels.0.json",
                               SL / "data_elements.0.json", SL / "data_elements.1.json",
                               SL / "indicators.0.json", SL / "category_option_combos.0.json")
    return meta, dhis2.hierarchy_from_metadata(meta)


def test_sierra_leone_metadata(sl):
    meta, hierarchy = sl
    assert meta.counts() == {"org_units": 1332, "levels": 4, "data_elements": 1035,
                             "indicators": 77, "indicator_types": 0,
                             "category_option_combos": 225}
    assert len(hierarchy) == 1332
    assert hierarchy.path("uNEhNuBUr0i")[0] == "ImspTQPwCqd"  # Tonko Maternity Clinic -> Sierra Leone
    catalog, skipped = dhis2.catalog_from_metadata(meta)
    # 762 SUM + 136 AVERAGE + 26 AVERAGE_SUM_ORG_UNIT kept; 96 NONE + 15 COUNT listed.
    reasons = skipped.groupby("kind")["reason"].apply(list)
    assert sum(1 for r in reasons["dataElement"] if "NONE" in r) == 96
    assert sum(1 for r in reasons["dataElement"] if "COUNT" in r) == 15
    # No indicatorType is recorded here: every indicator is listed, none guessed.
    assert len(reasons["indicator"]) == 77
    assert len(catalog) == 924 and len(reasons["dataElement"]) == 111
    assert catalog["fbfJHSPpUQD"].time_rule == "sum"
    assert (catalog["h0xKKjijTdI"].time_rule, catalog["h0xKKjijTdI"].space_rule) == ("mean", "sum")
    # With a factor given, the simple ones become ratios of sums.
    with_factor, skipped = dhis2.catalog_from_metadata(meta, default_factor=100)
    assert with_factor["Uvn6LCg7dVU"].formula == "ratio(fbfJHSPpUQD, h0xKKjijTdI, 100)"
    assert len(skipped[skipped["kind"] == "indicator"]) == 70  # constants, #{de.coc}, OUG{..}, ...


def _operand_catalog(meta, raw):
    """One indicator per data element x combo, with the element's DHIS2 rules."""
    rules = {d["id"]: dhis2.metadata.AGGREGATION_RULES[d["aggregationType"]]
             for d in meta.data_elements if d["aggregationType"] in dhis2.metadata.AGGREGATION_RULES}
    operands = sorted(set(raw["dataElement"] + "." + raw["categoryOptionCombo"]))
    return chitieu.Catalog([chitieu.Indicator(o, time_rule=rules[o[:11]][0],
                                              space_rule=rules[o[:11]][1]) for o in operands])


@pytest.mark.parametrize("k", [0, 1, 2])
def test_analytics_reproduced_from_raw_values(sl, k):
    meta, hierarchy = sl
    raw = dhis2.read_json(SL / f"data_value_sets_get_data_elements.{k}.json")
    assert len(raw) == 2
    catalog = _operand_catalog(meta, raw)
    mapping = dhis2.Mapping(data_elements={o: o for o in catalog.codes})
    values = dhis2.to_observations(raw, mapping, hierarchy=hierarchy, catalog=catalog)
    obs = chitieu.Observations.from_frame(values.frame, hierarchy, catalog)
    period = raw["period"].iloc[0]
    result = chitieu.rollup(obs, hierarchy, catalog, level="Facility", periods=[period])
    got = {(i.split(".")[0], i.split(".")[1], u, p): v
           for i, u, p, v in result.to_pandas()[["indicator", "unit", "period", "value"]]
           .astype({"indicator": str, "unit": str, "period": str}).itertuples(index=False)
           if u == "uNEhNuBUr0i"}
    analytics = json.loads((SL / f"analytics_get_data_elements.{k}.json").read_text())
    expected = {(dx, co, ou, pe): float(v) for dx, co, ou, pe, v in analytics["rows"]}
    assert len(expected) == 2
    assert got == expected


def test_play_values_roll_up_like_a_pandas_oracle(sl):
    meta, hierarchy = sl
    raw = pd.concat([dhis2.read_json(PLAY / f"data_value_sets__get_period.{k}.json")
                     for k in range(4)])
    assert len(raw) == 607
    same = pd.concat([dhis2.read_json(PLAY / f"data_value_sets__get_start_end.{k}.json")
                      for k in range(2)])
    key = ["dataElement", "period", "orgUnit", "categoryOptionCombo", "value"]
    assert sorted(map(tuple, same[key].values)) == sorted(map(tuple, raw[key].values))
    catalog = _operand_catalog(meta, raw)
    mapping = dhis2.Mapping(data_elements={o: o for o in catalog.codes})
    values = dhis2.to_observations(raw, mapping, hierarchy=hierarchy, catalog=catalog)
    obs = chitieu.Observations.from_frame(values.frame, hierarchy, catalog)
    result = chitieu.rollup(obs, hierarchy, catalog, level=["District", "National"],
                            periods=["2022Q1"]).to_pandas()
    # Oracle: plain pandas over the raw JSON, SUM operands only.
    sums = {i.code for i in catalog if (i.time_rule, i.space_rule) == ("sum", "sum")}
    frame = values.frame[values.frame["indicator"].isin(sums)]
    national = frame.groupby("indicator")["value"].sum()
    got = result[(result["level"] == "National") & result["indicator"].isin(sums)]
    got = got.set_index(got["indicator"].astype(str))["value"]
    assert len(national) > 10
    np.testing.assert_allclose(got.loc[national.index].to_numpy(), national.to_numpy())
    district = {u: hierarchy.path(u)[1] for u in frame["unit"].unique()}
    by_district = frame.assign(d=frame["unit"].map(district)).groupby(["indicator", "d"])["value"].sum()
    rows = result[(result["level"] == "District") & result["indicator"].isin(sums)]
    table = rows.set_index([rows["indicator"].astype(str), rows["unit"].astype(str)])["value"]
    np.testing.assert_allclose(table.loc[by_district.index].to_numpy(), by_district.to_numpy())


def test_e2e_metadata_and_values(sl):
    _, hierarchy = sl
    meta = dhis2.read_metadata(E2E / "metadata.json")
    assert (len(meta.data_elements), len(meta.indicators), len(meta.indicator_types)) == (75, 19, 2)
    catalog, skipped = dhis2.catalog_from_metadata(meta)
    # 9 BOOLEAN data elements and 1 aggregationType NONE are listed, 65 kept.
    de_skipped = skipped[skipped["kind"] == "dataElement"]
    assert len(de_skipped) == 10 and de_skipped["reason"].str.contains("BOOLEAN").sum() == 9
    ratio = catalog["K1DkT2kokjD"]  # % of malaria tested cases by RDT, factor 100
    assert ratio.formula == "ratio(pmRn0GsUfr6, K1DkT2kokjD.den, 100)"
    assert catalog["K1DkT2kokjD.den"].formula == "sum(DPNsg3wjxGm, pmRn0GsUfr6)"
    raw = dhis2.read_json(E2E / "dataValues_bulk.json")
    assert len(raw) == 231 and raw["period"].value_counts().to_dict() == {"201912": 222, "2018": 9}
    combos = {c["id"]: c["name"] for c in meta.category_option_combos}
    values = dhis2.to_observations(raw, dhis2.Mapping(category_option_combos=combos),
                                   hierarchy=hierarchy, catalog=catalog, unknown="list")
    assert len(values.frame) + len(values.unknown) == 231
    assert values.unknown["reason"].str.contains("not in the catalog").all()
    assert set(values.unknown["dataElement"]) <= set(de_skipped["id"])
    obs = chitieu.Observations.from_frame(values.frame, hierarchy, catalog,
                                          categories=["category"])
    assert len(obs) == len(values.frame)
    # Bo's December 2019 by combo, through the engine, against plain pandas.
    result = chitieu.rollup(obs, hierarchy, catalog, level="District", periods=["201912"],
                            by=["category"]).to_pandas()
    sums = {i.code for i in catalog if not i.derived and (i.time_rule, i.space_rule) == ("sum", "sum")}
    month = values.frame[(values.frame["period"] == "201912") & values.frame["indicator"].isin(sums)]
    oracle = month.assign(category=month["category"].fillna("")).groupby(
        ["indicator", "category"])["value"].sum()
    got = result[result["indicator"].astype(str).isin(sums)]
    got = got.set_index([got["indicator"].astype(str),
                         got["category"].astype(object).fillna("").astype(str)])["value"]
    assert len(oracle) > 20
    np.testing.assert_allclose(got.loc[oracle.index].to_numpy(), oracle.to_numpy())


def test_format_samples():
    b = dhis2.read_csv(DXF2 / "dataValueSetB.csv")
    assert len(b) == 12 and b["lastUpdated"].eq("2012-01-01").all()
    no_header = dhis2.read_csv(DXF2 / "dataValueSetBNoHeader.csv")
    pd.testing.assert_frame_equal(no_header.reset_index(drop=True), b.reset_index(drop=True))
    short_rows = dhis2.read_csv(DXF2 / "dataValueSetWithDataSetHeader.csv")
    assert "deleted" in short_rows and not short_rows["deleted"].any()
    booleans = dhis2.read_csv(DXF2 / "dataValueSetBooleanTest.csv")
    with pytest.raises(ValueError, match=r"dataValueSetBooleanTest.csv, line 2, column value"):
        dhis2.to_observations(booleans)
    weekly = dhis2.read_json(ROOT / "dhis2-android-sdk" / "data_values_weekly.json")
    frame = dhis2.to_observations(weekly).frame
    assert frame["period"].tolist() == ["2019W43"]
    assert str(chitieu.Period.parse("2019W43").first) == "2019-10-21"
    mixed = dhis2.read_json(ROOT / "dhis2-android-sdk" / "data_values_lyLU2wR22tC.json")
    assert sorted(set(mixed["period"])) == ["2016", "2017", "2018", "201906", "201907"]


@pytest.mark.parametrize("path", [*sorted(SL.glob("data_value_sets_*.json")),
                                  *sorted(PLAY.glob("data_value_sets_*.json")),
                                  E2E / "dataValues_bulk.json"], ids=lambda p: p.name)
def test_raw_values_write_back_as_read(path):
    original = json.loads(path.read_text())["dataValues"]
    written = dhis2.write_json(dhis2.read_json(path))["dataValues"]
    # Empty fields ("comment": "" or null) are left out when written, nothing else changes.
    assert written == [{k: v for k, v in r.items() if v not in ("", None)} for r in original]
    again = dhis2.read_csv(dhis2.write_csv(dhis2.read_json(path)))
    columns = [c for c in dhis2.COLUMNS if c != "created"]
    assert again[columns].values.tolist() == dhis2.read_json(path)[columns].values.tolist()
