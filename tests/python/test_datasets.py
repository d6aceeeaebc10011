"""chitieu.datasets and chitieu._progress: determinism, shapes, codes, plausibility.

Every expectation is computed here plainly with pandas from the generated frames;
nothing is compared with figures produced by the generator itself.
"""

import io
import re
import sys

import numpy as np
import pandas as pd
import pytest

from chitieu import _progress, datasets

YEARS = (2019, 2020)
PERIODS = [f"{y}{m:02d}" for y in YEARS for m in range(1, 13)]
ISLANDS = {"318", "471", "536", "755"}  # districts without communes that report


@pytest.fixture(scope="module")
def district():
    return datasets.labour_social(seed=7, years=YEARS, units="district")


@pytest.fixture(scope="module")
def commune():
    return datasets.labour_social(seed=7, years=(2020,), units="commune")


def _plain(df):
    """Categorical columns as plain strings, for comparisons and merges."""
    return df.assign(
        **{c: df[c].astype(str) for c in df.columns if df[c].dtype == "category"}
    )


def _assert_same(a, b):
    """Frame equality; categoricals compared by codes and categories (fast)."""
    assert list(a.columns) == list(b.columns) and (a.dtypes == b.dtypes).all()
    assert len(a) == len(b)
    for c in a.columns:
        if a[c].dtype == "category":
            assert list(a[c].cat.categories) == list(b[c].cat.categories), c
            assert np.array_equal(
                a[c].cat.codes.to_numpy(), b[c].cat.codes.to_numpy()
            ), c
        else:
            assert a[c].equals(b[c]), c


def _used(column):
    """The distinct values of a categorical column, as a set of strings."""
    return set(column.cat.remove_unused_categories().cat.categories)


def _province_of(units):
    """code -> province code, walking parent links (province: itself)."""
    parent = units.set_index("code")["parent_code"]
    level = units.set_index("code")["level"]
    out = pd.Series(units["code"].to_numpy(), index=units["code"])
    for _ in range(2):
        out = out.where(
            level.loc[out.to_numpy()].to_numpy() == "province",
            parent.loc[out.to_numpy()].to_numpy(),
        )
    return out


def _district_of(units):
    """code -> district code for communes and districts."""
    u = units.set_index("code")
    out = u["parent_code"].where(u["level"] == "commune", u.index.to_series())
    return out[u["level"] != "province"]


# ------------------------------------------------------------------ determinism


def test_same_seed_same_data(district):
    again = datasets.labour_social(seed=7, years=YEARS, units="district")
    for name in (
        "units",
        "catalog",
        "observations",
        "plans",
        "allocations",
        "payments",
        "approved_beneficiaries",
    ):
        _assert_same(getattr(district, name), getattr(again, name))


def test_different_seed_different_data(district):
    other = datasets.labour_social(seed=8, years=YEARS, units="district")
    assert not np.array_equal(
        other.observations["value"], district.observations["value"]
    )
    assert not other.plans["target"].equals(district.plans["target"])
    assert not other.payments["amount"].equals(district.payments["amount"])
    pd.testing.assert_frame_equal(other.catalog, district.catalog)


def test_a_year_does_not_depend_on_the_other_years(district):
    alone = datasets.labour_social(seed=7, years=(2020,), units="district")
    obs = _plain(district.observations)
    obs = obs[obs["period"].str.startswith("2020")].reset_index(drop=True)
    pd.testing.assert_frame_equal(obs, _plain(alone.observations))
    plans = district.plans[district.plans["period"] == "2020"].reset_index(drop=True)
    pd.testing.assert_frame_equal(plans, alone.plans)
    pay = _plain(district.payments)
    pay = pay[pay["date"].dt.year == 2020].reset_index(drop=True)
    pd.testing.assert_frame_equal(pay, _plain(alone.payments))
    alloc = district.allocations[district.allocations["year"] == 2020].reset_index(
        drop=True
    )
    pd.testing.assert_frame_equal(alloc, alone.allocations)


# ------------------------------------------------------------------ shapes, codes


def test_units_are_the_2024_hierarchy(district):
    units = district.units
    assert list(units.columns) == ["code", "name", "level", "parent_code"]
    assert units["level"].value_counts().to_dict() == {
        "commune": 10047,
        "district": 696,
        "province": 63,
    }
    assert units["code"].is_unique
    assert units.loc[units["level"] == "province", "code"].str.len().eq(2).all()
    assert units.loc[units["level"] == "commune", "code"].str.len().eq(5).all()
    assert "00001" in set(units["code"])  # leading zeros kept


def test_catalog_columns_and_formulas(district):
    cat = district.catalog
    assert list(cat.columns) == [
        "code",
        "name",
        "unit",
        "value_type",
        "direction",
        "preset",
        "formula",
    ]
    assert cat["code"].is_unique and 18 <= len(cat) <= 26
    assert set(cat["value_type"]) == {"real", "money"}
    assert set(cat["direction"]) == {"higher", "lower"}
    base = cat[cat["formula"] == ""]
    derived = cat[cat["formula"] != ""]
    assert set(base["preset"]) <= {
        "flow",
        "stock",
        "stock_average",
        "level",
        "max",
        "min",
    }
    assert (derived["preset"] == "").all()
    codes = set(cat["code"])
    for formula in derived["formula"]:
        m = re.fullmatch(r"(ratio|difference|sum)\((.*)\)", formula)
        assert m, formula
        args = [a.strip() for a in m.group(2).split(",")]
        parts = args[:2] if m.group(1) == "ratio" else args
        assert set(parts) <= codes, formula
        if m.group(1) == "ratio":
            assert float(args[2]) == 100
    money = set(cat.loc[cat["value_type"] == "money", "code"])
    assert {"social_assistance_paid", "elderly_allowance_paid"} <= money
    for code in (
        "jobs_created",
        "poverty_rate",
        "trained_labour_rate",
        "task_completion_rate",
        "poor_households",
        "near_poor_households",
        "households",
    ):
        assert code in codes


def test_observations_are_a_complete_grid(district):
    obs = district.observations
    assert list(obs.columns) == ["indicator", "unit", "period", "value"]
    for c in ("indicator", "unit", "period"):
        assert obs[c].dtype == "category"
    assert obs["value"].dtype == np.int64
    cat = district.catalog
    base = set(cat.loc[cat["formula"] == "", "code"])
    assert _used(obs["indicator"]) == base
    assert list(obs["period"].cat.categories) == PERIODS
    districts = set(district.units.loc[district.units["level"] == "district", "code"])
    assert _used(obs["unit"]) == districts - {"498"}  # Hoàng Sa: no one lives there
    n_units = obs["unit"].nunique()
    assert len(obs) == len(base) * n_units * len(PERIODS)
    assert not obs.duplicated(["indicator", "unit", "period"]).any()
    assert (obs["value"] >= 0).all()


def test_commune_reporters_are_every_commune_and_the_islands(commune):
    obs = commune.observations
    units = commune.units
    communes = set(units.loc[units["level"] == "commune", "code"])
    assert _used(obs["unit"]) == communes | ISLANDS
    assert not obs.duplicated(["indicator", "unit", "period"]).any()
    assert _used(commune.payments["unit"]) <= communes | ISLANDS
    assert set(commune.approved_beneficiaries["unit"]) == communes | ISLANDS


def _wide(data, period=None):
    obs = _plain(data.observations)
    if period is not None:
        obs = obs[obs["period"] == period]
    return obs.pivot_table(
        index=["unit", "period"], columns="indicator", values="value", aggfunc="sum"
    )


def test_values_are_consistent_with_each_other(district):
    w = _wide(district)
    assert (w["trained_workers"] <= w["labour_force"]).all()
    assert (w["poor_households"] + w["near_poor_households"] <= w["households"]).all()
    assert (w["task_completed"] <= w["task_total"]).all()
    rate = w["social_assistance_paid"] / (
        w["social_assistance_recipients"] * w["social_assistance_rate"]
    )
    assert rate.between(
        1.29, 1.81
    ).all()  # a caseload's mean coefficient, times the standard
    assert w["social_assistance_rate"].isin([270_000, 350_000, 360_000]).all()


# ------------------------------------------------------------------ plausibility


def test_poverty_rates_are_plausible(district):
    obs = _plain(district.observations)
    obs["province"] = obs["unit"].map(_province_of(district.units))
    dec = obs[obs["period"].isin(["201912", "202012"])]
    sums = dec.pivot_table(
        index=["province", "period"], columns="indicator", values="value", aggfunc="sum"
    )
    rate = 100 * sums["poor_households"] / sums["households"]
    assert rate.between(0, 60).all()
    national = (
        100
        * sums.groupby("period")["poor_households"].sum()
        / sums.groupby("period")["households"].sum()
    )
    assert national.between(1, 10).all()
    assert national["202012"] < national["201912"]  # poverty falls year on year
    assert rate.max() > 5 * rate.median() > 0  # provinces differ a lot


def test_seasonality(district):
    obs = _plain(district.observations)
    nat = obs.groupby(["indicator", "period"])["value"].sum()
    for y in YEARS:
        # The annual poverty review lands in December.
        assert nat["poor_households", f"{y}12"] < 0.9 * nat["poor_households", f"{y}11"]
        assert (
            nat["vocational_enrolment", f"{y}09"]
            > 2 * nat["vocational_enrolment", f"{y}01"]
        )
        assert nat["jobs_created", f"{y}12"] > nat["jobs_created", f"{y}06"]
    assert (
        nat["workers_abroad", "202005"] < 0.3 * nat["workers_abroad", "201905"]
    )  # COVID-19


def test_plans_reference_units_and_indicators(district):
    plans = district.plans
    assert list(plans.columns) == [
        "indicator",
        "unit",
        "level",
        "period",
        "kind",
        "bound",
        "target",
        "lo",
        "hi",
        "baseline_period",
        "change_unit",
        "version",
        "effective_date",
    ]
    level = district.units.set_index("code")["level"]
    assert (plans["unit"].map(level) == plans["level"]).all()
    assert set(plans["level"]) == {"district", "province"}
    assert set(plans["indicator"]) <= set(district.catalog["code"])
    assert set(plans["period"]) == {"2019", "2020"}
    key = ["indicator", "unit", "period", "kind", "version"]
    assert not plans.duplicated(key).any()
    assert set(plans["version"]) == {"original", "adjusted"}
    adjusted = plans[plans["version"] == "adjusted"]
    originals = plans[plans["version"] == "original"].set_index(key[:4])
    assert adjusted.set_index(key[:4]).index.isin(originals.index).all()
    assert (adjusted["effective_date"].dt.year == adjusted["period"].astype(int)).all()

    total = plans[plans["kind"] == "total"]
    assert (total["target"] > 0).all() and total["bound"].eq("at_least").all()
    flows = set(district.catalog.loc[district.catalog["preset"] == "flow", "code"])
    assert set(total["indicator"]) <= flows
    level_rows = plans[plans["kind"] == "level"]
    assert set(level_rows["bound"]) == {"at_least", "at_most"}
    assert (
        level_rows.loc[level_rows["indicator"] == "poverty_rate", "bound"]
        .eq("at_most")
        .all()
    )
    assert (
        level_rows.loc[level_rows["indicator"] == "trained_labour_rate", "bound"]
        .eq("at_least")
        .all()
    )
    change = plans[plans["kind"] == "change"]
    assert (
        change["baseline_period"].astype(int) == change["period"].astype(int) - 1
    ).all()
    poverty = change[change["indicator"] == "poverty_rate"]
    assert (
        poverty["bound"].eq("range").all() and poverty["change_unit"].eq("points").all()
    )
    assert (poverty["lo"] < poverty["hi"]).all() and (poverty["hi"] < 0).all()
    assert plans.loc[plans["kind"] != "change", "baseline_period"].isna().all()


def test_jobs_plan_half_way_by_mid_year(district):
    obs = _plain(district.observations)
    obs["province"] = obs["unit"].map(_province_of(district.units))
    jobs = obs[obs["indicator"] == "jobs_created"]
    plans = district.plans
    for y in YEARS:
        h1 = (
            jobs[jobs["period"].between(f"{y}01", f"{y}06")]
            .groupby("province")["value"]
            .sum()
        )
        target = plans[
            (plans["indicator"] == "jobs_created")
            & (plans["kind"] == "total")
            & (plans["level"] == "province")
            & (plans["period"] == str(y))
            & (plans["version"] == "original")
        ].set_index("unit")["target"]
        pct = 100 * h1 / target
        assert len(pct) == 63 and pct.between(20, 80).all(), pct.describe()


# ------------------------------------------------------------------ money


def _final_allocations(alloc):
    last = (
        alloc.sort_values("effective_date")
        .groupby(["programme", "source", "unit", "year"])
        .tail(1)
    )
    return last.set_index(["programme", "source", "unit", "year"])["amount"]


def test_money_columns_are_exact_integers(district):
    assert district.allocations["amount"].dtype == np.int64
    assert district.payments["amount"].dtype == np.int64
    assert district.payments["beneficiaries"].dtype == np.int64
    assert district.approved_beneficiaries["approved"].dtype == np.int64
    assert list(district.allocations.columns) == [
        "programme",
        "source",
        "unit",
        "year",
        "amount",
        "effective_date",
    ]
    assert list(district.payments.columns) == [
        "date",
        "programme",
        "source",
        "unit",
        "amount",
        "beneficiaries",
        "reversal",
    ]
    alloc = district.allocations
    assert set(alloc["programme"]) == set(datasets.PROGRAMMES)
    assert set(alloc["source"]) == set(datasets.SOURCES)
    assert set(alloc["unit"]) <= set(
        district.units.loc[district.units["level"] == "district", "code"]
    )
    assert (alloc["effective_date"].dt.year == alloc["year"]).all()
    assert (alloc["amount"] > 0).all()
    assert alloc.duplicated(["programme", "source", "unit", "year"]).any()  # amendments


def _check_ledger(pay, alloc, units, approved=None):
    years = pay["date"].dt.year
    assert set(years) <= set(alloc["year"])
    assert (pay["reversal"] == (pay["amount"] < 0)).all()
    assert pay["amount"].ne(0).all() and (pay["beneficiaries"] >= 0).all()
    assert pay.loc[pay["reversal"], "beneficiaries"].eq(0).all()
    assert 0 < pay["reversal"].mean() < 0.01
    p = pay.assign(year=years, district=pay["unit"].map(_district_of(units)))
    paid = p.groupby(["programme", "source", "district", "year"], observed=True)[
        "amount"
    ].sum()
    paid.index.names = ["programme", "source", "unit", "year"]
    final = _final_allocations(alloc)
    assert paid.index.isin(final.index).all()  # nothing paid without an allocation
    share = (paid / final.reindex(paid.index)).to_numpy()
    assert (share <= 1.0).all()
    assert np.mean((share >= 0.9) & (share <= 1.0)) >= 0.8  # most units absorb 90-100%
    assert 0 < np.mean(share < 0.9) < 0.15  # a few laggards
    if approved is not None:
        reached = p.groupby(["programme", "unit", "year"], observed=True)[
            "beneficiaries"
        ].sum()
        wanted = approved.set_index(["programme", "unit", "year"])["approved"]
        assert (reached <= wanted.reindex(reached.index)).all()
        assert (reached / wanted.reindex(reached.index)).median() > 0.9


def test_payments_follow_their_allocations(district):
    pay = district.payments
    assert pay["date"].is_monotonic_increasing
    for y in YEARS:
        in_year = pay[pay["date"].dt.year == y]
        assert in_year["date"].min() >= pd.Timestamp(f"{y}-01-01")
        assert in_year["date"].max() <= pd.Timestamp(f"{y}-12-31")
    _check_ledger(
        pay, district.allocations, district.units, district.approved_beneficiaries
    )
    # An S-curve with a year-end catch-up: more paid in December than in January.
    month = pay.groupby(pay["date"].dt.month)["amount"].sum()
    assert month[12] > 1.5 * month[1]


def test_daily_payments_every_commune_within_allocations(commune):
    # Hà Nội, Hà Giang, Nghệ An and Bà Rịa - Vũng Tàu (with the island Côn Đảo).
    chosen = ["01", "02", "40", "77"]
    pay = datasets.daily_payments(seed=7, year=2020, provinces=chosen)
    assert list(pay.columns) == list(commune.payments.columns)
    assert pay["date"].is_monotonic_increasing
    assert (pay["date"].dt.year == 2020).all()
    assert pay.loc[~pay["reversal"], "date"].dt.day_of_week.max() <= 4  # working days
    units = commune.units
    province = _province_of(units)
    leaves = set(units.loc[units["level"] == "commune", "code"]) | ISLANDS
    expected = {code for code in leaves if province[code] in chosen}
    assert _used(pay["unit"]) == expected and "755" in expected
    assert len(pay) > 100 * len(expected)  # many payments a year per commune
    _check_ledger(pay, commune.allocations, units, commune.approved_beneficiaries)


def test_daily_payments_of_a_province_do_not_depend_on_the_others(district):
    both = datasets.daily_payments(seed=3, year=2019, provinces=["02", "01"])
    alone = datasets.daily_payments(seed=3, year=2019, provinces="02")
    province = both["unit"].map(_province_of(district.units)).astype(str)
    assert set(province) == {"01", "02"}
    mine = both[province == "02"].reset_index(drop=True)
    _assert_same(_plain(mine), _plain(alone))
    with pytest.raises(KeyError, match="'99'"):
        datasets.daily_payments(provinces=["01", "99"])


# ------------------------------------------------------------------ bad input, repr


@pytest.mark.parametrize(
    "kwargs, culprit",
    [
        ({"units": "province"}, "province"),
        ({"years": (2015,)}, "2015"),
        ({"years": ()}, "years"),
        ({"seed": -1}, "-1"),
        ({"seed": 1.5}, "1.5"),
    ],
)
def test_bad_arguments_name_the_culprit(kwargs, culprit):
    with pytest.raises(ValueError, match=re.escape(culprit)):
        datasets.labour_social(**kwargs)


def test_repr_and_html(district):
    text = repr(district)
    assert text.startswith(
        "LabourSocialData(seed=7, years=2019–2020, units='district')"
    )
    assert f"{len(district.observations):,}" in text
    page = district._repr_html_()
    assert (
        "<table>" in page
        and "observations" in page
        and "approved_beneficiaries" in page
    )
    assert len(text.splitlines()) == 8


# ------------------------------------------------------------------ synthetic


def _cells(s):
    return (s.indicator.astype(np.int64) * len(s.unit_codes) + s.unit) * len(
        s.period_codes
    ) + s.period


def test_synthetic_unique_below_the_cell_space():
    s = datasets.synthetic(200_000, seed=3, indicators=3, years=(2020,))
    assert s.unique_cells and len(s) == 200_000
    for arr in (s.indicator, s.unit, s.period):
        assert arr.dtype == np.int32
    assert s.value.dtype == np.float64
    assert np.unique(_cells(s)).size == len(s)
    assert list(s.period_codes) == [f"2020{m:02d}" for m in range(1, 13)]
    assert len(s.unit_codes) == 10047 and s.unit_codes[0] == "00001"
    assert (
        (s.value == np.floor(s.value)).all()
        and s.value.min() >= 0
        and s.value.max() < 10_000
    )
    assert s.indicator.max() == 2 and s.period.max() == 11


def test_synthetic_spans_several_chunks_uniformly():
    s = datasets.synthetic(300_000, seed=4, indicators=40, years=(2020,))
    cells = _cells(s)
    space = 40 * 10047 * 12
    assert np.unique(cells).size == len(s) and cells.max() < space
    first_chunk = np.mean(cells < (1 << 22))
    assert abs(first_chunk - (1 << 22) / space) < 0.01
    assert (np.diff(cells) > 0).all()  # sorted by (indicator, unit, period)


def test_synthetic_beyond_the_cell_space():
    space = 1 * 10047 * 12
    s = datasets.synthetic(space + 5000, seed=5, indicators=1, years=(2020,))
    assert not s.unique_cells and len(s) == space + 5000
    counts = np.bincount(_cells(s), minlength=space)
    assert counts.min() == 1 and counts.sum() == space + 5000
    exact = datasets.synthetic(space, seed=5, indicators=1, years=(2020,))
    assert exact.unique_cells and np.array_equal(
        np.sort(_cells(exact)), np.arange(space)
    )
    with pytest.raises(ValueError, match="exceeds"):
        datasets.synthetic(space + 1, indicators=1, years=(2020,), replace=False)
    iid = datasets.synthetic(1000, seed=5, indicators=1, years=(2020,), replace=True)
    assert len(iid) == 1000 and not iid.unique_cells


def test_synthetic_determinism_shuffle_and_frame():
    a = datasets.synthetic(1e4, seed=6, indicators=5)
    b = datasets.synthetic(1e4, seed=6, indicators=5)
    c = datasets.synthetic(1e4, seed=7, indicators=5)
    assert np.array_equal(_cells(a), _cells(b)) and np.array_equal(a.value, b.value)
    assert not np.array_equal(_cells(a), _cells(c))
    mixed = datasets.synthetic(1e4, seed=6, indicators=5, shuffle=True)
    assert not np.array_equal(_cells(mixed), _cells(a))
    order = np.argsort(_cells(mixed))
    assert np.array_equal(_cells(mixed)[order], _cells(a))
    assert np.array_equal(mixed.value[order], a.value)  # rows stay aligned
    frame = a.to_frame()
    assert list(frame.columns) == ["indicator", "unit", "period", "value"]
    assert (frame["unit"].astype(str).to_numpy() == a.unit_codes[a.unit]).all()
    assert frame["period"].dtype == "category" and frame["value"].dtype == np.float64
    assert "10,000 rows" in repr(a)
    with pytest.raises(ValueError, match=r"1.5"):
        datasets.synthetic(1.5)


# ------------------------------------------------------------------ progress


class _FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_silent_when_not_a_tty(capsys, monkeypatch):
    monkeypatch.delenv("CHITIEU_PROGRESS", raising=False)
    assert not _progress.interactive()
    assert list(_progress.track(range(5), desc="x")) == list(range(5))
    with _progress.bar(total=3, desc="y") as b:
        b.update(3)
    datasets.synthetic(1000, indicators=1)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_progress_shown_on_a_tty_unless_disabled(monkeypatch):
    monkeypatch.delenv("CHITIEU_PROGRESS", raising=False)
    tty = _FakeTTY()
    monkeypatch.setattr(sys, "stderr", tty)
    assert _progress.interactive()
    assert list(_progress.track(range(3), desc="counting")) == [0, 1, 2]
    assert "counting" in tty.getvalue()
    quiet = _FakeTTY()
    monkeypatch.setattr(sys, "stderr", quiet)
    monkeypatch.setenv("CHITIEU_PROGRESS", "0")
    assert list(_progress.track(range(3), desc="counting")) == [0, 1, 2]
    assert quiet.getvalue() == ""


def test_progress_silent_without_tqdm(monkeypatch):
    monkeypatch.setenv("CHITIEU_PROGRESS", "1")
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm now fails
    tty = _FakeTTY()
    monkeypatch.setattr(sys, "stderr", tty)
    assert list(_progress.track(iter("ab"), desc="letters")) == ["a", "b"]
    with _progress.bar(total=1) as b:
        b.update()
    assert tty.getvalue() == ""


@pytest.mark.parametrize("name", ["labour", "payments", "benchmark"])
def test_module_doctests(name):
    import doctest
    import importlib

    assert doctest.testmod(importlib.import_module(f"chitieu.datasets.{name}")).failed == 0
