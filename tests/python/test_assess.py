"""Assessments end to end: the quoted report figures, and random plans and data on
part of the real hierarchy against an oracle written plainly in pandas."""

import datetime as dt
import itertools

import numpy as np
import pandas as pd
import pytest

import chitieu
from chitieu import Plan, assess
from chitieu.cli import main


@pytest.fixture(scope="module")
def vn():
    return chitieu.Hierarchy.vietnam(2024)


def _catalog():
    return chitieu.Catalog([
        chitieu.Indicator.flow("jobs_created"),
        chitieu.Indicator.flow("vocational_enrolment"),
        chitieu.Indicator.flow("merit_houses_built"),
        chitieu.Indicator.flow("task_total"),
        chitieu.Indicator.flow("task_completed"),
        chitieu.Indicator.ratio("task_completion_rate", "task_completed", "task_total", 100,
                                unit="%"),
        chitieu.Indicator.stock("labour_force"),
        chitieu.Indicator.stock("trained_workers"),
        chitieu.Indicator.ratio("trained_labour_rate", "trained_workers", "labour_force", 100,
                                unit="%"),
        chitieu.Indicator.stock("households"),
        chitieu.Indicator.stock("poor_households", direction="lower"),
        chitieu.Indicator.ratio("poverty_rate", "poor_households", "households", 100,
                                unit="%", direction="lower"),
    ])


def _months(first, last):
    return [str(p) for p in chitieu.Period.sequence(first, last)]


# -- the figures quoted in reports ------------------------------------------------------

def test_quoted_report_figures(vn):
    cat = _catalog()
    a, b, c = "00001", vn.descendants("02", "commune")[0], vn.descendants("04", "commune")[0]
    rows = []
    for m, v in zip(_months("202001", "202006"), [1500, 1700, 1600, 1800, 1697, 1700]):
        rows.append(("jobs_created", a, m, v))                 # 9,997 in H1
    rows += [("vocational_enrolment", a, "202003", 7800),     # 7,800 of 14,000
             ("vocational_enrolment", b, "202005", 4502),     # 4,502 of 17,696
             ("task_total", a, "202002", 195), ("task_completed", a, "202006", 120),
             ("merit_houses_built", b, "202007", 1876),       # 1,876 of 1,956 houses
             ("labour_force", c, "201912", 10000), ("trained_workers", c, "201912", 5000),
             ("labour_force", c, "202012", 10000), ("trained_workers", c, "202012", 5075),
             ("jobs_created", c, "201903", 10000), ("jobs_created", c, "202003", 10550)]
    obs = chitieu.Observations.from_frame(
        pd.DataFrame(rows, columns=["indicator", "unit", "period", "value"]), vn, cat)
    plan = Plan()
    plan.add_total("jobs_created", "01", "2020", 24000)
    plan.add_total("vocational_enrolment", "01", "2020", 14000)
    plan.add_total("vocational_enrolment", "02", "2020", 17696)
    plan.add_level("task_completion_rate", "01", "2020", 100)
    plan.add_total("merit_houses_built", "02", "2020", 1956)
    plan.add_change("trained_labour_rate", "04", "2020", 0.5, baseline="2019",
                    change_unit="points")
    plan.add_change("jobs_created", "04", "2020", 5, baseline="2019", change_unit="percent")

    h1 = assess(obs, plan, vn, cat, level="province", period="6 tháng đầu năm 2020")
    f = h1.to_pandas().set_index(["indicator", "unit", "kind"])
    shown = h1.to_pandas(decimals=2).set_index(["indicator", "unit", "kind"])
    assert f.loc[("jobs_created", "01", "total"), "actual"] == 9997
    assert shown.loc[("jobs_created", "01", "total"), "pct_of_plan"] == 41.65
    assert shown.loc[("vocational_enrolment", "01", "total"), "pct_of_plan"] == 55.71
    assert shown.loc[("vocational_enrolment", "02", "total"), "pct_of_plan"] == 25.44
    rate = f.loc[("task_completion_rate", "01", "level"), "pct_of_plan"]
    assert rate == pytest.approx(120 / 195 * 100, rel=1e-15)   # the measure is exact
    assert shown.loc[("task_completion_rate", "01", "level"), "pct_of_plan"] == 61.54
    truncated = h1.to_pandas(decimals=2, rounding="truncate").set_index(
        ["indicator", "unit", "kind"])
    assert truncated.loc[("task_completion_rate", "01", "level"), "pct_of_plan"] == 61.53
    # +5.5% on the same period last year, and as a percent change target (like for like).
    assert shown.loc[("jobs_created", "04", "change"), "yoy_pct"] == 5.5
    assert f.loc[("jobs_created", "04", "change"), "actual"] == pytest.approx(5.5)
    assert f.loc[("jobs_created", "04", "change"), "expected_pct"] == 100

    year = assess(obs, plan, vn, cat, level="province", period="2020").to_pandas(decimals=2)
    year = year.set_index(["indicator", "unit", "kind"])
    houses = year.loc[("merit_houses_built", "02", "total")]
    assert houses["pct_of_plan"] == 95.91 and houses["status"] == "off_track"
    trained = year.loc[("trained_labour_rate", "04", "change")]
    assert trained["value"] == pytest.approx(50.75) and trained["baseline_value"] == 50.0
    assert trained["actual"] == pytest.approx(0.75) and trained["yoy_pp"] == 0.75
    assert trained["status"] == "met"


# -- a random plan on random data, against pandas --------------------------------------

PROVINCES = ["06", "48"]  # Bắc Kạn; Đà Nẵng with Hoàng Sa, a district without communes
ADJUSTED = dt.date(2020, 7, 10)
PLAN_PERIOD = "2020"  # every target of the random plan is for this year


@pytest.fixture(scope="module")
def world(vn):
    rng = np.random.default_rng(20)
    cat = _catalog()
    units = vn.to_frame()
    communes = [c for p in PROVINCES for c in vn.descendants(p, "commune")]
    months = _months("201901", "202012")
    rows = []
    for ind, lo, hi in [("jobs_created", 0, 60), ("households", 100, 300),
                        ("poor_households", 0, 40), ("task_total", 0, 9),
                        ("task_completed", 0, 8)]:
        for c in communes:
            for m in months:
                if rng.random() < 0.85:
                    rows.append((ind, c, m, float(rng.integers(lo, hi))))
    data = pd.DataFrame(rows, columns=["indicator", "unit", "period", "value"])
    obs = chitieu.Observations.from_frame(data, vn, cat)

    targets = []
    bounds = itertools.cycle(["at_least", "at_most", "exact", "range", "at_least"])

    def add(ind, unit, kind, bound, target=np.nan, lo=np.nan, hi=np.nan, baseline=None,
            change_unit=None, version="original", eff=dt.date(2019, 12, 15)):
        targets.append({"indicator": ind, "unit": unit, "period": PLAN_PERIOD, "kind": kind, "bound": bound,
                            "target": target, "lo": lo, "hi": hi, "baseline_period": baseline,
                            "change_unit": change_unit, "version": version, "effective_date": eff})

    def total(ind, unit, scale):
        bound = next(bounds)
        v = float(rng.integers(1, 3 * scale))
        if rng.random() < 0.05:
            v = 0.0
        if bound == "range":
            add(ind, unit, "total", bound, lo=v, hi=v * 1.2)
        else:
            add(ind, unit, "total", bound, target=v)
        if rng.random() < 0.3:
            add(ind, unit, "total", "at_least", target=v * 0.9, version="adjusted",
                eff=ADJUSTED)

    for p in PROVINCES:
        n_communes = len(vn.descendants(p, "commune"))
        if p == "48":
            total("jobs_created", p, 400 * n_communes)
        if p == "48":  # Bắc Kạn's districts' rates do not add up: not_additive
            add("poverty_rate", p, "level", "at_most", target=float(rng.uniform(8, 14)))
        add("poverty_rate", p, "change", "range", lo=-1.5, hi=-1.0, baseline="2019",
            change_unit="points")
        add("jobs_created", p, "change", "at_least", target=float(rng.integers(-5, 10)),
            baseline="2019", change_unit="percent")
        add("task_completion_rate", p, "level", "at_least", target=float(rng.uniform(80, 95)))
        shared_bound = p == "06"  # Đà Nẵng's districts: every bound, mixed
        for d in vn.descendants(p, "district"):
            n = max(len(vn.descendants(d, "commune")), 1)
            if p == "06" or rng.random() < 0.85:  # Bắc Kạn: complete, one bound
                if shared_bound:
                    add("jobs_created", d, "total", "at_least",
                        target=float(rng.integers(1, 800 * n)))
                    if rng.random() < 0.3:
                        add("jobs_created", d, "total", "at_least",
                            target=float(rng.integers(1, 800 * n)), version="adjusted",
                            eff=ADJUSTED + dt.timedelta(days=int(rng.integers(0, 60))))
                else:
                    total("jobs_created", d, 400 * n)
            # Bắc Kạn's roll-up is complete; Đà Nẵng's lacks Hoàng Sa (498): partial.
            if p == "06" or (d != "498" and rng.random() < 0.95):
                add("households", d, "level", "at_least", target=float(rng.integers(1, 250 * n)))
            if rng.random() < 0.5:
                add("poverty_rate", d, "level", "at_most", target=float(rng.uniform(8, 14)))
    plan = Plan.from_frame(pd.DataFrame(targets))
    return {"cat": cat, "units": units, "data": data, "obs": obs, "plan": plan,
                "targets": pd.DataFrame(targets)}


FLOWS = {"jobs_created", "task_total", "task_completed"}
RATIOS = {"poverty_rate": ("poor_households", "households"),
          "task_completion_rate": ("task_completed", "task_total")}
LOWER = {"poor_households", "poverty_rate"}
ADDITIVE = {"jobs_created", "households"}


def _oracle_values(data, units, level, first, last):
    """Indicator values per unit of `level` over [first, last] (whole months)."""
    parent = dict(zip(units["code"], units["parent_code"]))
    lvl = dict(zip(units["code"], units["level"]))

    def up(code):
        while lvl[code] != level:
            code = parent[code]
        return code

    d = data.copy()
    month_first = pd.to_datetime(d["period"], format="%Y%m")
    month_last = month_first + pd.offsets.MonthEnd(0)
    d = d[(month_first >= pd.Timestamp(first)) & (month_last <= pd.Timestamp(last))]
    ups = {u: up(u) for u in d["unit"].unique()}
    d = d.assign(target=d["unit"].map(ups))
    out = {}
    flows = d[d["indicator"].isin(FLOWS)]
    for (ind, t), v in flows.groupby(["indicator", "target"])["value"].sum().items():
        out[ind, t] = v
    stocks = d[~d["indicator"].isin(FLOWS)].sort_values("period")
    last_rows = stocks.groupby(["indicator", "unit"]).tail(1)
    for (ind, t), v in last_rows.groupby(["indicator", "target"])["value"].sum().items():
        out[ind, t] = v
    for ratio, (num, den) in RATIOS.items():
        for (ind, t) in list(out):
            if ind == num and (den, t) in out:
                out[ratio, t] = out[num, t] / out[den, t] * 100 if out[den, t] else np.nan
    return out


def _oracle_targets(targets, units, level, as_of):
    """Per (indicator, kind, unit of level): (source, target, lo, hi, bound, version,
    baseline, change_unit, reason)."""
    t = targets.copy()
    t["eff"] = pd.to_datetime(t["effective_date"])
    t = t[t["eff"] <= pd.Timestamp(as_of)]
    t = t.sort_values(["eff"]).groupby(["indicator", "unit", "kind"]).tail(1)
    lvl = dict(zip(units["code"], units["level"]))
    parent = dict(zip(units["code"], units["parent_code"]))
    t = t[[lvl[u] in (level, "district", "commune") for u in t["unit"]]]
    t = t[[level == "province" or lvl[u] != "province" for u in t["unit"]]]
    children = units[units["level"] == "district"].groupby("parent_code")["code"].apply(list)
    out = {}
    scope = units[(units["level"] == level)]
    scope = scope[[(c if level == "province" else parent[c]) in PROVINCES
                   for c in scope["code"]]]["code"]
    for (ind, kind), fam in t.groupby(["indicator", "kind"]):
        by_unit = {r["unit"]: r for _, r in fam.iterrows()}
        for u in scope:
            if u in by_unit:
                r = by_unit[u]
                out[ind, kind, u] = ("direct", r["target"], r["lo"], r["hi"], r["bound"],
                                     r["version"], r["baseline_period"], r["change_unit"], "")
                continue
            kids = [by_unit[k] for k in children.get(u, []) if k in by_unit] \
                if level == "province" else []
            if not kids:
                out[ind, kind, u] = ("none", np.nan, np.nan, np.nan, None, None, None, None,
                                     "no_target")
                continue
            bounds = {k["bound"] for k in kids}
            if ind not in ADDITIVE or kind == "change" or len(bounds) > 1:
                out[ind, kind, u] = ("none", np.nan, np.nan, np.nan, None, None, None, None,
                                     "not_additive")
                continue
            bound = bounds.pop()
            col = ["lo", "hi"] if bound == "range" else ["target"]
            ok = [k for k in kids if all(np.isfinite(k[c]) for c in col)]
            sums = {c: sum(k[c] for k in ok) for c in ("target", "lo", "hi")}
            if bound == "range":
                sums["target"] = np.nan
            else:
                sums["lo"] = sums["hi"] = np.nan
            versions = "+".join(v for v in ["original", "adjusted"]
                                if v in {k["version"] for k in ok})
            complete = len(ok) == len(children.get(u, []))
            out[ind, kind, u] = ("rolled_up" if complete else "partial", sums["target"],
                                 sums["lo"], sums["hi"], bound, versions, None, None,
                                 "" if complete else "partial_target")
    return out


def _oracle_status(kind, bound, lower, a, goal, expected, final, on=0.95, risk=0.80, tol=0.005):
    if np.isnan(a) or np.isnan(goal):
        return None
    if bound == "exact":
        reached = abs(a - goal) <= tol * abs(goal)
        up = None
    else:
        up = bound == "at_least" or (bound == "range" and not lower)
        reached = a >= goal if up else a <= goal

    def grade(r):
        return "on_track" if r >= on else "at_risk" if r >= risk else "off_track"

    if kind == "level":
        if reached:
            return "met"
        if final or goal == 0:
            return "off_track"
        short = abs(a - goal) if up is None else (goal - a if up else a - goal)
        return grade(1 - short / abs(goal))
    amount = up is not None and ((up and goal > 0) or (not up and goal < 0))
    if reached and (amount or final):
        return "met"
    if final:
        return "off_track"
    if expected <= 0:
        return "on_track"
    if goal == 0:
        return "on_track" if reached else "off_track"
    pace = a / goal / expected
    if up is None:
        return grade(0 if pace <= 0 else min(pace, 1 / pace))
    if amount:
        return grade(pace)
    return "on_track" if pace <= 0 else grade(1 / pace)


def _oracle(world, vn, level, period):
    p = chitieu.Period(period)
    last = p.last
    year_frac = p.elapsed_fraction(PLAN_PERIOD)
    final = last >= dt.date(2020, 12, 31)
    data, units = world["data"], world["units"]
    now = _oracle_values(data, units, level, dt.date(2020, 1, 1), last)
    ago = _oracle_values(data, units, level, dt.date(2019, 1, 1),
                         chitieu.Period.range(dt.date(2020, 1, 1), last).shift(-1).last)
    end_2019 = _oracle_values(data, units, level, dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    targets = _oracle_targets(world["targets"], units, level, last)
    parent = dict(zip(units["code"], units["parent_code"]))
    rows = []
    for (ind, kind, u), (source, target, lo, hi, bound, version, base_p, cu, reason) in \
            targets.items():
        value = now.get((ind, u), np.nan)
        if source == "none" and np.isnan(value):
            continue
        lower = ind in LOWER
        base = np.nan
        actual = value
        if kind == "change":
            base = (ago if ind in FLOWS else end_2019).get((ind, u), np.nan)
            if reason == "":
                if np.isnan(base):
                    reason = "no_baseline"
                elif cu == "percent" and base == 0:
                    reason = "zero_baseline"
            actual = (value - base if cu == "points" else
                      (value - base) / abs(base) * 100 if base else np.nan)
        goal = (lo if not lower else hi) if bound == "range" else target
        if reason == "":
            reason = ("no_target" if np.isnan(goal) else "no_actual" if np.isnan(actual)
                      else "zero_target" if goal == 0 else "")
        pct = actual / goal * 100 if reason == "" else np.nan
        if kind == "level":
            expected = np.nan
        elif kind == "change" and ind in FLOWS:
            expected = 1.0
        else:
            expected = year_frac
        usable = reason in ("", "zero_target", "no_actual")
        status = _oracle_status(kind, bound, lower, actual, goal, expected, final) \
            if usable else None
        last_year = ago.get((ind, u), np.nan)
        yoy = (value - last_year) / abs(last_year) * 100 if last_year else np.nan
        if bound is None or np.isnan(pct):
            score = np.nan
        elif bound == "exact":
            score = -abs(pct - 100)
        else:
            up = bound == "at_least" or (bound == "range" and not lower)
            score = pct if (up and goal > 0) or (not up and goal < 0) else -pct
        rows.append({
            "indicator": ind, "unit": u, "kind": kind, "target_source": source, "target": target, "lo": lo,
            "hi": hi, "bound": bound, "plan_version": version, "value": value, "baseline_value": base,
            "plan_period": PLAN_PERIOD,
            "baseline_period": base_p if isinstance(base_p, str) else None,  # NaN in the frame
            "actual": actual, "goal": goal, "pct_of_plan": pct, "missing_reason": reason or None,
            "expected_pct": expected * 100,
            "pace": pct / (expected * 100) if expected > 0 else np.nan,
            "projected_run_rate": actual / year_frac if kind != "level" else np.nan,
            "projected_phased": actual / expected if kind != "level" and expected > 0 else np.nan,
            "status": status, "same_period_last_year": last_year, "yoy_pct": yoy,
            "yoy_pp": value - last_year if ind in RATIOS else np.nan,
            "parent": parent[u], "score": score})
    frame = pd.DataFrame(rows)
    frame["rank"] = frame.groupby(["indicator", "kind", "parent"])["score"].rank(
        method="min", ascending=False)
    return frame


NUMERIC = ["target", "lo", "hi", "goal", "value", "baseline_value", "actual", "pct_of_plan",
           "expected_pct", "pace", "projected_run_rate", "projected_phased",
           "same_period_last_year", "yoy_pct", "yoy_pp"]
TEXT = ["target_source", "bound", "plan_version", "plan_period", "baseline_period", "missing_reason",
        "status"]


@pytest.mark.parametrize("level,period", [("province", "2020Q3"), ("province", "2020"),
                                          ("province", "202002"), ("district", "202005"),
                                          ("district", "2020")])
def test_random_assessment_matches_pandas(world, vn, level, period):
    got = assess(world["obs"], world["plan"], vn, world["cat"], level=level, period=period,
                 units=PROVINCES, threads=2).to_pandas()
    want = _oracle(world, vn, level, period)
    key = ["indicator", "unit", "kind"]
    got = got.set_index(key).sort_index()
    want = want.set_index(key).sort_index()
    assert got.index.tolist() == want.index.tolist()
    assert len(got) >= 10
    for c in NUMERIC:
        np.testing.assert_allclose(got[c].to_numpy(float), want[c].to_numpy(float),
                                   rtol=1e-9, atol=1e-9, err_msg=c)
    for c in TEXT:
        assert got[c].tolist() == want[c].tolist(), c
    np.testing.assert_array_equal(got["rank"].to_numpy(float, na_value=np.nan),
                                  want["rank"].to_numpy(float))
    assert set(got["period"]) == {str(chitieu.Period(period))}
    assert not np.isinf(got[NUMERIC].to_numpy(float)).any()


def test_the_random_world_covers_every_case(world, vn):
    seen = pd.concat([
        assess(world["obs"], world["plan"], vn, world["cat"], level=lv, period=p,
               units=PROVINCES).to_pandas()
        for lv, p in [("province", "2020Q3"), ("province", "2020"), ("district", "202005"),
                      ("district", "2020")]])
    assert {"direct", "rolled_up", "partial", "none"} <= set(seen["target_source"])
    assert {"met", "on_track", "at_risk", "off_track"} <= set(seen["status"].dropna())
    assert {"total", "level", "change"} <= set(seen["kind"])
    assert {"at_least", "at_most", "exact", "range"} <= set(seen["bound"].dropna())
    assert {"original", "adjusted", "original+adjusted"} <= set(seen["plan_version"].dropna())
    assert {"no_target", "partial_target", "not_additive"} <= set(seen["missing_reason"].dropna())


# -- versions, phasing and bad input end to end ------------------------------------------

def _small(vn):
    cat = _catalog()
    rows = [("jobs_created", "00001", m, 100.0) for m in _months("202001", "202012")]
    obs = chitieu.Observations.from_frame(
        pd.DataFrame(rows, columns=["indicator", "unit", "period", "value"]), vn, cat)
    return cat, obs


def test_version_used_is_reported(vn):
    cat, obs = _small(vn)
    plan = Plan()
    plan.add_total("jobs_created", "01", "2020", 1200, effective="2019-12-15")
    plan.add_total("jobs_created", "01", "2020", 1000, version="adjusted",
                   effective="2020-07-20")

    def row(**kw):
        return assess(obs, plan, vn, cat, level="province", **kw).to_pandas().iloc[0]

    assert row(period="2020S1")[["target", "plan_version"]].tolist() == [1200, "original"]
    assert row(period="2020")[["target", "plan_version"]].tolist() == [1000, "adjusted"]
    assert row(period="2020S1", as_of="2020-08-01")["plan_version"] == "adjusted"
    assert row(period="2020", version="original")["target"] == 1200
    a = assess(obs, plan, vn, cat, level="province", period="2020", version="original")
    assert "version original" in repr(a) and "<table" in a._repr_html_()


def test_profile_phasing_sets_the_expected_share(vn):
    cat, obs = _small(vn)
    plan = Plan(phasing=chitieu.Phasing.profile([0.1, 0.3, 0.6, 1.0], period_type="quarter"))
    plan.add_total("jobs_created", "01", "2020", 1200)
    r = assess(obs, plan, vn, cat, level="province", period="2020S1").to_pandas().iloc[0]
    assert r["expected_pct"] == pytest.approx(30.0)
    assert r["pct_of_plan"] == 50.0 and r["pace"] == pytest.approx(50 / 30)
    assert r["projected_phased"] == pytest.approx(600 / 0.3)
    assert r["projected_run_rate"] == pytest.approx(1200)
    assert r["status"] == "on_track"


def test_bad_inputs_are_named(vn):
    cat, obs = _small(vn)
    plan = Plan()
    plan.add_total("jobs_created", "01", "2020", 0)
    plan.add_total("jobs_creatd", "01", "2020", 5)
    with pytest.raises(KeyError, match="jobs_creatd"):
        assess(obs, plan, vn, cat, level="province", period="2020S1")
    plan = Plan()
    plan.add_total("jobs_created", "0X", "2020", 5)
    with pytest.raises(KeyError, match="0X"):
        assess(obs, plan, vn, cat, level="province", period="2020S1")
    plan = Plan()
    plan.add_total("jobs_created", "01", "2020", 0)
    plan.add_change("jobs_created", "01", "2020", 5, baseline="2019", change_unit="percent")
    with pytest.raises(ValueError, match=r"2021Q1 does not fall in any plan period.*2020"):
        assess(obs, plan, vn, cat, level="province", period="2021Q1")
    with pytest.raises(KeyError, match="provinc"):
        assess(obs, plan, vn, cat, level="provinc", period="2020")
    with pytest.raises(ValueError, match="at_risk <= on_track"):
        assess(obs, plan, vn, cat, level="province", period="2020",
               thresholds={"on_track": 0.5, "at_risk": 0.9})
    with pytest.raises(ValueError, match="rank_by"):
        assess(obs, plan, vn, cat, level="province", period="2020", rank_by="size")
    f = assess(obs, plan, vn, cat, level="province", period="2020").to_pandas()
    f = f.set_index("kind")
    assert np.isnan(f.loc["total", "pct_of_plan"])
    assert f.loc["total", "missing_reason"] == "zero_target"
    assert f.loc["change", "missing_reason"] == "no_baseline"
    assert not np.isinf(f.select_dtypes("number").to_numpy(float)).any()


def test_rank_by_value_is_direction_aware(vn):
    cat = _catalog()
    communes = {p: vn.descendants(p, "commune")[0] for p in ("01", "02", "04")}
    rows = [("poor_households", communes[p], "202006", v)
            for p, v in zip(communes, [30.0, 10.0, 20.0])]
    rows += [("households", communes[p], "202006", 100.0) for p in communes]
    obs = chitieu.Observations.from_frame(
        pd.DataFrame(rows, columns=["indicator", "unit", "period", "value"]), vn, cat)
    plan = Plan()
    for p in communes:
        plan.add_level("poverty_rate", p, "2020", 15, bound="at_most")
    f = assess(obs, plan, vn, cat, level="province", period="2020S1", rank_by="value")
    ranks = f.to_pandas().set_index("unit")["rank"].to_dict()
    assert ranks == {"01": 3, "02": 1, "04": 2}
    by_pct = assess(obs, plan, vn, cat, level="province", period="2020S1").to_pandas()
    assert by_pct.set_index("unit")["rank"].to_dict() == ranks


def test_cli_assess(vn, tmp_path, capsys):
    cat, obs = _small(vn)
    obs.to_frame().to_csv(tmp_path / "obs.csv", index=False)
    cat.to_frame().to_csv(tmp_path / "catalog.csv", index=False)
    plan = Plan()
    plan.add_total("jobs_created", "01", "2020", 1200)
    plan.to_frame().to_csv(tmp_path / "plan.csv", index=False)
    rc = main(["assess", "--observations", str(tmp_path / "obs.csv"), "--catalog",
               str(tmp_path / "catalog.csv"), "--plan", str(tmp_path / "plan.csv"),
               "--level", "province", "--period", "2020Q3", "--out", str(tmp_path / "a.csv")])
    assert rc == 0, capsys.readouterr().err
    out = pd.read_csv(tmp_path / "a.csv", dtype={"unit": str})
    assert out.loc[0, "pct_of_plan"] == 75.0 and out.loc[0, "status"] == "on_track"
