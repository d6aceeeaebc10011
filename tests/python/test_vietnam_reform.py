"""Vietnam's 2025 units, the official crosswalk and comparisons across the
1 July 2025 reform, on the shipped (real) data, checked against plain pandas."""

import doctest
from importlib import resources

import numpy as np
import pandas as pd
import pytest

import chitieu
from chitieu import Catalog, Crosswalk, Hierarchy, Indicator, rollup
from chitieu.translate import translate_observations

DATA = resources.files("chitieu") / "data"


@pytest.fixture(scope="module")
def v24():
    return Hierarchy.vietnam(2024)


@pytest.fixture(scope="module")
def v25():
    return Hierarchy.vietnam(2025)


@pytest.fixture(scope="module")
def cw():
    return Crosswalk.vietnam(2024, 2025)


@pytest.fixture(scope="module")
def table():
    with resources.as_file(DATA / "vn_crosswalk_2024_2025.csv") as path:
        return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def catalog():
    return Catalog([Indicator.flow("paid", value_type="money"), Indicator.flow("jobs"),
                    Indicator.stock("households"), Indicator.stock("poor"),
                    Indicator.ratio("poverty_rate", "poor", "households", 100)])


def test_doctests():
    assert doctest.testmod(chitieu.translate).failed == 0


def test_counts_and_structure_in_force(v25):
    assert v25.counts() == {"nation": 1, "province": 34, "commune": 3321}
    assert v25.levels == ["nation", "province", "commune"]
    assert Hierarchy.vietnam(as_of="2025-06-30").counts()["province"] == 63
    assert Hierarchy.vietnam(as_of="2025-07-01").counts()["province"] == 34
    with pytest.raises(ValueError, match="not both"):
        Hierarchy.vietnam(2025, as_of="2025-07-01")


def test_every_old_commune_of_the_table_maps_as_the_table_says(cw, table, v24):
    assert len(table) == 10570
    expected = table.groupby("old_code")["new_code"].apply(sorted).to_dict()
    frame = cw.to_frame()
    got = frame.groupby("old")["new"].apply(sorted).to_dict()
    assert {k: got[k] for k in expected} == expected
    # Every other unit of 2024 maps too, except the 12 communes the table lacks.
    unmapped = sorted(set(v24) - set(frame["old"]))
    assert unmapped == ["07693", "07732", "07744", "16387", "16411", "18448", "20176",
                        "20674", "25102", "25174", "25177", "25186"]
    partial = table[table["weight"] == ""]["old_code"].unique()
    assert sorted(cw.unknown_share_units) == sorted(partial) and len(partial) == 439


def _commune_data(v24, cw, rng, indicators=("paid", "jobs", "households", "poor")):
    """Random integer values for every mapped old commune and the five island districts."""
    units = sorted(set(cw.to_frame()["old"]) & (set(v24.units("commune")) | {
        "318", "471", "498", "536", "755"}))
    frames = []
    for ind in indicators:
        hi = 10**12 if ind == "paid" else 5000
        frames.append(pd.DataFrame({"indicator": ind, "unit": units, "period": "202503",
                                    "value": rng.integers(0, hi, len(units))}))
    return pd.concat(frames, ignore_index=True)


def _national(frame, hierarchy, catalog, period):
    obs = chitieu.Observations.from_frame(frame, hierarchy, catalog)
    r = rollup(obs, hierarchy, catalog, level="nation", periods=[period]).to_pandas()
    return r.set_index(r["indicator"].astype(str))["value"]


def test_national_totals_identical_after_translation(v24, v25, cw, catalog):
    rng = np.random.default_rng(15)
    data = _commune_data(v24, cw, rng)
    before = _national(data, v24, catalog, "2025Q1")
    pairs = cw.to_frame()
    pairs = pairs[pairs["old"].isin(cw.unknown_share_units)]
    weights = pairs.assign(weight=rng.integers(1, 10_000, len(pairs)))  # e.g. households
    for how in ({"split": "equal"}, {"split": "largest"}, {"weights": weights}):
        out = translate_observations(data, cw, catalog, **how)
        assert out["value"].dtype == np.int64 and out["translated"].all()
        after = _national(out[["indicator", "unit", "period", "value"]], v25, catalog, "2025Q1")
        for ind in ("paid", "jobs", "households", "poor"):  # every additive indicator
            assert after[ind] == before[ind], (how, ind)
        paid = out[out["indicator"] == "paid"]
        assert int(paid["value"].sum()) == int(data[data["indicator"] == "paid"]["value"].sum())
        marked = paid[paid["estimated_share"] > 0]
        assert len(marked) > 0 and (marked["estimated"] != 0).any()


def test_merged_province_is_the_sum_of_its_old_provinces(v24, cw, catalog):
    rng = np.random.default_rng(3)
    data = _commune_data(v24, cw, rng, ("paid",))
    out = translate_observations(data, cw, catalog, split="equal")
    new_tq = out[out["unit"].map(lambda c: cw.new.ancestor(c, "province")) == "08"]
    old = data[data["unit"].map(lambda c: v24.ancestor(c, "province")).isin(["08", "02"])]
    assert int(new_tq["value"].sum()) == int(old["value"].sum())
    # Province-level rows translate as wholes, with nothing estimated.
    prov = pd.DataFrame({"indicator": "paid", "unit": ["08", "02", "01"], "period": "2025Q1",
                         "value": np.array([5, 7, 11], dtype=np.int64)})
    got = translate_observations(prov, cw, catalog)
    assert got.set_index("unit")["value"].to_dict() == {"01": 11, "08": 12}
    assert (got["estimated_share"] == 0).all()


def test_splits_without_shares_are_refused_with_units_and_options(cw, catalog):
    data = pd.DataFrame({"indicator": "paid", "unit": ["00007", "00001", "00025"],
                         "period": "202501", "value": np.array([9, 1, 4], dtype=np.int64)})
    with pytest.raises(ValueError) as e:
        translate_observations(data, cw, catalog)
    text = str(e.value)
    assert "'00007' -> '00008'/" in text
    assert 'split="equal"' in text and 'split="largest"' in text and "weights" in text
    bad = data.assign(unit="07693")
    with pytest.raises(ValueError, match=r"'07693'.*conversion table"):
        translate_observations(bad, cw, catalog, split="equal")


def test_rows_are_placed_by_date_or_column(cw, catalog):
    data = pd.DataFrame({"indicator": "jobs", "unit": ["02"], "period": ["2025"],
                         "value": [1.0]})
    with pytest.raises(ValueError, match=r"straddle 01/07/2025.*'structure'"):
        translate_observations(data, cw, catalog)
    out = translate_observations(data.assign(structure="old"), cw, catalog)
    assert out["unit"].tolist() == ["08"] and out["translated"].all()
    with pytest.raises(ValueError, match="rule across units"):
        translate_observations(data.assign(period="202501"), cw)
    rate = data.assign(indicator="poverty_rate", period="202501")
    with pytest.raises(ValueError, match="derived"):
        translate_observations(rate, cw, catalog)
    stray = data.assign(unit="02", period="202508")  # old Hà Giang after the reform
    with pytest.raises(KeyError, match="'02'"):
        translate_observations(stray, cw, catalog)


def test_back_to_2024_provinces_where_whole(v25):
    back = Crosswalk.vietnam(2025, 2024)
    data = pd.DataFrame({"indicator": "jobs", "unit": ["01", "00004"], "period": "2026Q1",
                         "value": [4.0, 2.0]})
    assert back.apply(data)[0]["unit"].tolist() == ["01"]  # Hà Nội kept whole
    with pytest.raises(ValueError, match="'08' -> '02'/'08'"):
        back.apply(data.assign(unit="08"))
    with pytest.raises(ValueError, match="old communes cannot be recovered"):
        Crosswalk.vietnam(2025, 2024, level="commune")


def test_cross_reform_yoy_against_a_pandas_oracle(v24, v25, cw, catalog):
    """2026S1 against 2025S1 (all old units) and the year 2025 (half on each) for a
    few provinces, flows and a rate of stocks, through rollup(crosswalk=)."""
    rng = np.random.default_rng(7)
    provinces = ["08", "01", "79"]  # merged (Tuyên Quang + Hà Giang), kept, merged of three
    pairs = cw.to_frame()
    first_target = pairs.groupby("old")["new"].first().to_dict()
    old_units = [c for c in v24.units("commune")
                 if c in first_target and v25.ancestor(first_target[c], "province") in provinces]
    new_units = [c for c in v25.units("commune") if v25.ancestor(c, "province") in provinces]
    old_units = list(rng.choice(old_units, 400, replace=False))  # not every unit reports
    new_units = list(rng.choice(new_units, 150, replace=False))
    rows = []
    for month in [f"2025{m:02d}" for m in range(1, 13)] + [f"2026{m:02d}" for m in range(1, 7)]:
        units = old_units if month < "202507" else new_units
        for ind in ("jobs", "households", "poor"):
            rows.append(pd.DataFrame({"indicator": ind, "unit": units, "period": month,
                                      "value": rng.integers(1, 900, len(units)).astype(float)}))
    data = pd.concat(rows, ignore_index=True)
    r = rollup(data, v25, catalog, level="province", periods=["2025S1", "2026S1", "2025"],
               units=provinces, crosswalk=cw, split="equal").to_pandas()
    got = r.set_index([r["indicator"].astype(str), r["unit"].astype(str),
                       r["period"].astype(str)])["value"]
    # Oracle: each row's new province from the table (old commune -> its new
    # communes' province; splits stay within one province), then plain sums.
    province = np.where(data["period"] < "202507",
                        data["unit"].map(lambda c: first_target.get(c, c)), data["unit"])
    data = data.assign(province=[v25.ancestor(u, "province") for u in province])
    def flow(period_months):
        s = data[(data.indicator == "jobs") & data.period.isin(period_months)]
        return s.groupby("province")["value"].sum()
    def stock(ind, month):
        s = data[(data.indicator == ind) & (data.period == month)]
        return s.groupby("province")["value"].sum()
    s25 = flow([f"2025{m:02d}" for m in range(1, 7)])
    s26 = flow([f"2026{m:02d}" for m in range(1, 7)])
    y25 = flow([f"2025{m:02d}" for m in range(1, 13)])
    for p in provinces:
        assert got[("jobs", p, "2025S1")] == pytest.approx(s25[p])
        assert got[("jobs", p, "2026S1")] == pytest.approx(s26[p])
        assert got[("jobs", p, "2025")] == pytest.approx(y25[p])
        yoy = got[("jobs", p, "2026S1")] / got[("jobs", p, "2025S1")] - 1
        assert yoy == pytest.approx(s26[p] / s25[p] - 1)
        rate25 = 100 * stock("poor", "202506")[p] / stock("households", "202506")[p]
        rate26 = 100 * stock("poor", "202606")[p] / stock("households", "202606")[p]
        assert got[("poverty_rate", p, "2025S1")] == pytest.approx(rate25)
        assert got[("poverty_rate", p, "2026S1")] - got[("poverty_rate", p, "2025S1")] == \
            pytest.approx(rate26 - rate25)


def test_plans_made_before_the_reform_translate_totals_and_refuse_merged_rates(cw, catalog):
    from chitieu.translate import translate_plans

    made = pd.Timestamp("2024-12-15")
    plans = pd.DataFrame({
        "indicator": ["jobs", "jobs", "jobs", "poverty_rate", "poverty_rate"],
        "unit": ["08", "02", "01", "01", "08"], "level": "province", "period": "2025",
        "kind": ["total", "total", "total", "level", "level"], "bound": "at_least",
        "target": [100.0, 50.0, 70.0, 1.5, 3.0], "lo": np.nan, "hi": np.nan,
        "version": "original", "effective_date": made})
    with pytest.raises(ValueError, match="poverty_rate level of '08'"):
        translate_plans(plans, cw, catalog)
    out = translate_plans(plans.iloc[:4], cw, catalog)
    got = out.set_index(["indicator", "unit"])
    assert got.loc[("jobs", "08"), "target"] == 150.0  # old Tuyên Quang + Hà Giang
    assert got.loc[("poverty_rate", "01"), "target"] == 1.5  # Hà Nội kept whole
    assert (out["estimated_share"] == 0).all()
    mean = translate_plans(plans, cw, catalog, rates="mean").set_index(["indicator", "unit"])
    assert mean.loc[("poverty_rate", "08"), "target"] == 3.0
    assert mean.loc[("poverty_rate", "08"), "estimated_share"] == 1.0
    with pytest.raises(ValueError, match="district"):
        translate_plans(plans.assign(level="district", unit="001").iloc[:1], cw, catalog)


def test_example_data_across_the_reform_keep_every_additive_national_total(v24, v25, cw):
    data = chitieu.datasets.labour_social(seed=2, years=(2025, 2026), units="district")
    assert data.reform
    obs, period = data.observations, data.observations["period"].astype(str)
    assert set(obs.loc[period < "202507", "unit"].astype(str)) <= set(v24)
    assert set(obs.loc[period >= "202507", "unit"].astype(str)) <= set(v25)
    plans_2026 = data.plans[data.plans["period"] == "2026"]
    assert set(plans_2026["unit"]) == set(v25.units("province"))
    assert (data.payments.loc[data.payments["date"] >= "2025-07-01", "unit"].astype(str)
            .isin(set(v25))).all()
    cat = Catalog.from_frame(data.catalog)
    old = obs[period < "202507"]
    before = rollup(chitieu.Observations.from_frame(old, v24, cat), v24, cat, level="nation",
                    periods=["2025S1"]).to_pandas()
    after = rollup(obs, v25, cat, level="nation", periods=["2025S1"], crosswalk=cw,
                   split="equal").to_pandas()
    key = lambda r: r.set_index(r["indicator"].astype(str))  # noqa: E731
    before, after = key(before), key(after)
    additive = [i for i in cat if not i.formula and i.space_rule == "sum"]
    assert len(additive) >= 10
    for ind in additive:
        if ind.value_type == "money":  # exact đồng
            assert after.loc[ind.code, "value_money"] == before.loc[ind.code, "value_money"]
        else:  # whole counts, but means over months add in another order
            assert after.loc[ind.code, "value"] == pytest.approx(before.loc[ind.code, "value"],
                                                                rel=1e-12), ind.code


def test_observations_on_the_old_hierarchy_go_through_the_hook(v24, v25, cw, catalog):
    frame = pd.DataFrame({"indicator": ["paid", "jobs"], "unit": ["02", "08"],
                          "period": "202503", "value": [7, 5]})
    obs = chitieu.Observations.from_frame(frame, v24, catalog)
    r = rollup(obs, v25, catalog, level="province", periods=["2025Q1"], crosswalk=cw
               ).to_pandas().set_index("indicator")
    assert r.loc["paid", "value_money"] == 7 and r.loc["jobs", "value"] == 5.0
    assert set(r["unit"].astype(str)) == {"08"}
    with pytest.raises(ValueError, match="crosswalk's new one"):
        rollup(obs, v24, catalog, level="province", crosswalk=cw)


def test_allocations_and_payments_translate_exactly_against_pandas(v24, cw):
    from chitieu.translate import translate_rows

    data = chitieu.datasets.labour_social(seed=4, years=(2025,), units="district", reform=False)
    province_of = {p: cw.targets(p)[0][0] for p in v24.units("province")}
    for frame, value, keys in ((data.allocations, "amount", ["programme", "source", "year",
                                                             "effective_date"]),
                               (data.payments, "amount", ["date", "programme", "source"])):
        out = translate_rows(frame, cw, value, keys)
        assert out[value].dtype == np.int64 and (out["estimated_share"] == 0).all()
        # Oracle: each district's new province through its old province, plain sums.
        units = frame["unit"].astype(str)
        island = units.isin(["318", "471", "498", "536", "755"])  # to their đặc khu
        new = np.where(island, units.map(lambda u: cw.targets(u)[0][0] if u in v24 else u),
                       units.map(lambda u: province_of[v24.ancestor(u, "province")]))
        expected = frame.assign(new=new).groupby(["programme", "new"], observed=True)[value].sum()
        got = out.assign(programme=out["programme"].astype(str)).groupby(
            ["programme", "unit"], observed=True)[value].sum()
        got.index = got.index.set_levels(got.index.levels[1].astype(str), level=1)
        expected.index = expected.index.set_levels(
            expected.index.levels[0].astype(str), level=0)
        assert got.sort_index().to_dict() == expected.sort_index().to_dict()
