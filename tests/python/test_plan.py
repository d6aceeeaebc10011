"""Plans: building and checking targets, versions, phasing (against pandas oracles)."""

import datetime as dt
import pickle

import numpy as np
import pandas as pd
import pytest

import chitieu
from chitieu import Phasing, Plan


@pytest.fixture(scope="module")
def vn():
    return chitieu.Hierarchy.vietnam(2024)


@pytest.fixture(scope="module")
def cat():
    return chitieu.Catalog([
        chitieu.Indicator.flow("jobs_created"),
        chitieu.Indicator.stock("households"),
        chitieu.Indicator.stock("poor_households", direction="lower"),
        chitieu.Indicator.ratio("poverty_rate", "poor_households", "households", 100,
                                direction="lower"),
    ])


# -- building and bad input ------------------------------------------------------

def test_bad_targets_name_the_culprit():
    p = Plan()
    with pytest.raises(ValueError, match=r"jobs_created x 01 x 2020.*lo 5 is greater than hi 3"):
        p.add_total("jobs_created", "01", "2020", lo=5, hi=3)
    with pytest.raises(ValueError, match="needs a baseline period"):
        p._add_one("change", "poverty_rate", "01", "2020", -1, None, None, None, None,
                   "points", "original", None)
    with pytest.raises(ValueError, match=r"baseline period 2020 must end before"):
        p.add_change("poverty_rate", "01", "2020", -1, baseline="2020", change_unit="points")
    with pytest.raises(ValueError, match="points or percent"):
        p.add_change("poverty_rate", "01", "2020", -1, baseline="2019", change_unit="")
    with pytest.raises(ValueError, match="unit of change 'pts'"):
        p.add_change("poverty_rate", "01", "2020", -1, baseline="2019", change_unit="pts")
    with pytest.raises(ValueError, match="cannot parse period '20x0'"):
        p.add_total("jobs_created", "01", "20x0", 5)
    assert len(p) == 0
    p.add_total("jobs_created", "01", "2020", 5)
    with pytest.raises(ValueError, match="duplicate"):
        p.add_total("jobs_created", "01", "2020", 6)


def test_from_frame_checks_rows_and_is_all_or_nothing():
    frame = pd.DataFrame({"indicator": ["jobs_created", "jobs_created"], "unit": ["01", "02"],
                          "period": ["2020", "2020"], "kind": ["total", "totl"],
                          "target": [1.0, 2.0]})
    with pytest.raises(ValueError, match=r"plan row 1 \(jobs_created x 02\).*'totl'"):
        Plan.from_frame(frame)
    frame["kind"] = "total"
    frame["target"] = ["1", "lots"]
    with pytest.raises(ValueError, match=r"row 1.*'target'.*'lots' is not a number"):
        Plan.from_frame(frame)
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['kind'\]"):
        Plan.from_frame(frame.drop(columns="kind"))
    frame["target"] = ["1", ""]  # an empty cell is a missing target, allowed
    assert np.isnan(Plan.from_frame(frame).to_frame()["target"][1])


def test_check_lists_unknown_codes(vn, cat):
    p = Plan()
    p.add_total("jobs_created", "99", "2020", 5)
    p.add_total("jobs_creatd", "01", "2020", 5)
    p.add_level("nope", "01", "2020", 5)
    with pytest.raises(KeyError, match=r"indicators not in the catalog: jobs_creatd, nope"):
        p.check(vn, cat)
    q = Plan()
    q.add_total("jobs_created", "99", "2020", 5)
    with pytest.raises(KeyError, match=r"units not in the hierarchy: 99"):
        Plan.from_frame(q.to_frame(), hierarchy=vn, catalog=cat)
    r = Plan()
    r.add_total("households", "01", "2020", 5)
    with pytest.raises(ValueError, match=r"sums over time.*households x 01"):
        r.check(vn, cat)


def test_dataset_plans_round_trip():
    plans = chitieu.datasets.labour_social(years=(2020,), units="district").plans
    plan = Plan.from_frame(plans)
    assert len(plan) == len(plans)
    assert plan.versions == ["original", "adjusted"]
    assert plan.plan_periods == ["2020"]
    back = plan.to_frame()
    cols = ["indicator", "unit", "period", "kind", "bound", "baseline_period", "change_unit",
            "version"]
    def norm(f):
        return f[cols].astype(object).where(f[cols].notna(), None).values.tolist()
    assert norm(back) == norm(plans)
    for c in ("target", "lo", "hi"):
        np.testing.assert_array_equal(back[c].to_numpy(), plans[c].to_numpy())
    assert (back["effective_date"].dt.date == plans["effective_date"].dt.date).all()
    again = pickle.loads(pickle.dumps(plan))
    assert again.to_frame().equals(back)


# -- versions --------------------------------------------------------------------

def _random_plan(rng, n_keys=40):
    rows = []
    versions = ["v0", "v1", "v2"]
    start = dt.date(2019, 11, 1)
    for k in range(n_keys):
        for v in rng.choice(versions, size=rng.integers(1, 4), replace=False):
            undated = rng.random() < 0.15
            eff = None if undated else start + dt.timedelta(days=int(rng.integers(0, 400)))
            rows.append({"indicator": "jobs_created", "unit": f"{k:02d}", "period": "2020",
                         "kind": "total", "target": float(rng.integers(1, 1000)),
                         "version": str(v), "effective_date": eff})
    return pd.DataFrame(rows)


def _oracle_order(frame):
    eff = pd.to_datetime(frame["effective_date"])
    first = {}
    for i, v in enumerate(frame["version"]):
        first.setdefault(v, i)
    earliest = {}
    for v, e in zip(frame["version"], eff):
        key = pd.Timestamp.min if pd.isna(e) else e
        earliest[v] = min(earliest.get(v, pd.Timestamp.max), key)
    return sorted(first, key=lambda v: (earliest[v], first[v]))


def _oracle_in_force(frame, as_of=None, version=None):
    order = _oracle_order(frame)
    rank = {v: i for i, v in enumerate(order)}
    out = {}
    for _, row in frame.iterrows():
        eff = row["effective_date"]
        eff = None if eff is None or pd.isna(eff) else pd.Timestamp(eff).date()
        if version is not None:
            if rank[row["version"]] > rank[version]:
                continue
            key = rank[row["version"]]
        else:
            if as_of is not None and eff is not None and eff > as_of:
                continue
            key = (dt.date.min if eff is None else eff, rank[row["version"]])
        if row["unit"] not in out or key > out[row["unit"]][0]:
            out[row["unit"]] = (key, row["target"], row["version"])
    return {u: (t, v) for u, (_, t, v) in out.items()}


def test_version_choice_matches_an_oracle():
    rng = np.random.default_rng(4)
    for _ in range(5):
        frame = _random_plan(rng)
        plan = Plan.from_frame(frame)
        assert plan.versions == _oracle_order(frame)
        for as_of in [dt.date(2019, 12, 1), dt.date(2020, 3, 1), dt.date(2020, 8, 15), None]:
            got = plan.in_force(as_of)
            want = _oracle_in_force(frame, as_of=as_of)
            assert dict(zip(got["unit"], zip(got["target"], got["version"]))) == want
        for version in plan.versions:
            got = plan.in_force(version=version)
            want = _oracle_in_force(frame, version=version)
            assert dict(zip(got["unit"], zip(got["target"], got["version"]))) == want
    with pytest.raises(KeyError, match="unknown plan version 'final'"):
        plan.in_force(version="final")


def test_explicit_version_order():
    p = Plan(versions=["final", "draft"])
    p.add_total("jobs_created", "01", "2020", 2, version="draft")
    p.add_total("jobs_created", "01", "2020", 3, version="final")
    assert p.versions == ["final", "draft"]
    assert p.in_force()["version"].tolist() == ["draft"]  # both undated: the later in order
    with pytest.raises(ValueError, match="leaves out versions of the plan: draft"):
        p.set_version_order(["final"])


# -- phasing -----------------------------------------------------------------------

def test_linear_phasing_is_elapsed_fraction():
    rng = np.random.default_rng(2)
    year = chitieu.Period("2020")
    for _ in range(100):
        d = dt.date(2020, 1, 1) + dt.timedelta(days=int(rng.integers(0, 366)))
        day = chitieu.Period.day(d.year, d.month, d.day)
        for by in ("months", "days"):
            assert Phasing.linear(elapsed_by=by).expected_share("2020", d) == pytest.approx(
                day.elapsed_fraction(year, elapsed_by=by), abs=0)
    assert Phasing.linear().expected_share("2020", "2020S1") == 0.5
    with pytest.raises(ValueError, match="'weeks'"):
        Phasing.linear(elapsed_by="weeks")


def test_profile_phasing():
    ph = Phasing.profile({"2020Q2": 2, "2020Q1": 1, "2020Q3": 3, "2020Q4": 4}, period_type="quarter",
                         cumulative=False)
    assert ph.cumulative == pytest.approx([0.1, 0.3, 0.6, 1.0])
    assert ph.expected_share("2020", "2020-09-30") == pytest.approx(0.6)
    assert ph.expected_share("2021", "2021-02-15") == pytest.approx(0.1 * (1 + 15 / 28) / 3)
    with pytest.raises(ValueError, match=r"share 2 .* never decrease"):
        Phasing.profile([0.5, 0.4, 1.0], period_type="month")
    with pytest.raises(ValueError, match="12 month shares but the plan period 2020Q1 has 3"):
        Phasing.profile(np.linspace(1 / 12, 1, 12)).expected_share("2020Q1", "2020-02-01")
    assert pickle.loads(pickle.dumps(ph)).cumulative == ph.cumulative


def _monthly_frame(rng, units, indicator, years, low=0, high=100):
    rows = []
    for y in years:
        for m in range(1, 13):
            for u in units:
                if rng.random() < 0.9:
                    rows.append((indicator, u, f"{y}{m:02d}", float(rng.integers(low, high))))
    return pd.DataFrame(rows, columns=["indicator", "unit", "period", "value"])


def test_phasing_from_actuals_matches_pandas(vn, cat):
    rng = np.random.default_rng(8)
    communes = vn.descendants("06", "commune")[:30]
    flows = _monthly_frame(rng, communes, "jobs_created", (2018, 2019))
    hh = _monthly_frame(rng, communes, "households", (2018, 2019), 100, 200)
    poor = _monthly_frame(rng, communes, "poor_households", (2018, 2019), 0, 60)
    obs = chitieu.Observations.from_frame(pd.concat([flows, hh, poor], ignore_index=True), vn,
                                          cat)
    # A flow: the national running total over the year's total, averaged over years.
    got = Phasing.from_actuals(obs, "jobs_created", [2018, 2019]).cumulative
    shapes = []
    for y in (2018, 2019):
        f = flows[flows["period"].str.startswith(str(y))]
        monthly = f.groupby("period")["value"].sum().reindex(
            [f"{y}{m:02d}" for m in range(1, 13)], fill_value=0)
        shapes.append(monthly.cumsum() / monthly.sum())
    np.testing.assert_allclose(got, np.mean(shapes, axis=0), rtol=1e-12)
    # A ratio of stocks: change since December of the year before, per the last value of
    # each commune in each month (every row is the last of its month here).
    def rate(month):
        h = hh[hh["period"] == month]["value"].sum()
        return poor[poor["period"] == month]["value"].sum() / h * 100
    path = np.array([rate(f"2019{m:02d}") for m in range(1, 13)]) - rate("201812")
    got = Phasing.from_actuals(obs, "poverty_rate", [2019], unit="06").cumulative
    np.testing.assert_allclose(got, path / path[-1], rtol=1e-9)
    with pytest.raises(ValueError, match="no past period"):
        Phasing.from_actuals(obs, "poverty_rate", [2018])  # no December 2017
    with pytest.raises(KeyError):
        Phasing.from_actuals(obs, "nope", [2019])


def test_plan_phasing_per_indicator():
    q = Phasing.profile([0.1, 0.2, 0.5, 1.0], period_type="quarter")
    p = Plan(phasing={None: Phasing.linear(elapsed_by="days"), "jobs_created": q})
    assert p.phasing("jobs_created").cumulative == q.cumulative
    assert p.phasing("other").is_linear
    assert p.phasing().expected_share("2020", "2020-01-31") == pytest.approx(31 / 366)
    with pytest.raises(TypeError, match=r"chitieu.Phasing"):
        p.set_phasing("linear")
    again = pickle.loads(pickle.dumps(p))
    assert again.phasing("jobs_created").cumulative == q.cumulative


def test_docstring_examples():
    import doctest

    import chitieu.assessment
    import chitieu.phasing
    import chitieu.plan

    assert doctest.testmod(chitieu.plan).failed == 0
    assert doctest.testmod(chitieu.phasing).failed == 0
    assert doctest.testmod(chitieu.assessment).failed == 0


def test_phasing_options_are_keywords_named_like_everywhere_else():
    halves = Phasing.profile([0.4, 1.0], period_type="half")
    assert repr(halves) == "Phasing.profile([0.4, 1], period_type='half')"
    assert halves.expected_share("2020", "2020-06-30") == pytest.approx(0.4)
    assert repr(Phasing.linear(elapsed_by="days")) == "Phasing.linear(elapsed_by='days')"
    with pytest.raises(TypeError):
        Phasing.profile([0.4, 1.0], "half")  # an option, so keyword-only
    with pytest.raises(TypeError):
        Phasing.linear("days")
    with pytest.raises(ValueError, match="elapsed_by 'weeks'"):
        Phasing.linear(elapsed_by="weeks")
