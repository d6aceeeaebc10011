"""chitieu.rollup against a plain pandas oracle written here: per reporting unit over
time, then over units, then derived indicators from the aggregated parts."""

import calendar
import pickle
from datetime import date
from importlib import resources

import numpy as np
import pandas as pd
import pytest
from _engine_helpers import build_hierarchy

import chitieu
from chitieu import Catalog, Indicator, Observations

LEVELS = ["province", "district", "commune"]
TIME = {"sum": "sum", "mean": "mean", "min": "min", "max": "max", "last": "last", "first": "first"}


def catalog():
    return Catalog([
        Indicator.flow("jobs"),
        Indicator.flow("paid", value_type="money"),
        Indicator.flow("refund", value_type="money"),
        Indicator.stock("poor"),
        Indicator.stock("households"),
        Indicator.stock_average("caseload"),
        Indicator.level("price"),
        Indicator.max("peak"),
        Indicator.min("low"),
        Indicator("first_sum", time_rule="first", space_rule="sum"),
        Indicator("sum_mean", time_rule="sum", space_rule="mean"),
        Indicator.stock("fund", value_type="money"),
        Indicator.stock_average("fund_avg", value_type="money"),
        Indicator.max("fund_max", value_type="money"),
        Indicator.ratio("poverty_rate", "poor", "households"),
        Indicator.difference("net_paid", "paid", "refund"),
        Indicator.sum("jobs_and_poor", "jobs", "poor"),
        Indicator.ratio("net_share", "net_paid", "paid", 1000),
    ])


# ---- periods, by hand ----------------------------------------------------------

def span(p):
    """First and last day of a period identifier: 2024, 2024S1, 2024Q3, 202407."""
    y = int(p[:4])
    if len(p) == 4:
        return date(y, 1, 1), date(y, 12, 31)
    if p[4] in "QS":
        n = int(p[5])
        months = 3 if p[4] == "Q" else 6
        m0 = (n - 1) * months + 1
        m1 = m0 + months - 1
        return date(y, m0, 1), date(y, m1, calendar.monthrange(y, m1)[1])
    m = int(p[4:6])
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def containing(p, kind):
    """The period of `kind` holding all of p, or None."""
    first, last = span(p)
    y = first.year
    if kind == "year":
        out = f"{y}"
    elif kind == "half":
        out = f"{y}S{(first.month - 1) // 6 + 1}"
    elif kind == "quarter":
        out = f"{y}Q{(first.month - 1) // 3 + 1}"
    else:
        out = f"{y}{first.month:02d}"
    start, end = span(out)
    return out if start <= first and last <= end else None


# ---- the oracle ----------------------------------------------------------------

def structure(frame):
    """unit -> ancestor code per level, and unit -> level."""
    parent = dict(zip(frame.code, frame.parent_code))
    level = dict(zip(frame.code, frame.level))
    anc = {lv: {} for lv in LEVELS}
    for code in frame.code:
        u = code
        while u:
            anc[level[u]][code] = u
            u = parent[u]
    return anc, level


def time_oracle(rows, cat, frame, kind):
    """Per (indicator, unit, target period): the unit's value by the indicator's time
    rule; every rule is computed and each indicator picks its own. Money stays
    int64 (exact at these magnitudes) except for means."""
    _, level_of = structure(frame)
    d = rows.copy()
    d["out"] = d["period"].map(lambda p: containing(p, kind))
    assert d["out"].notna().all()
    d["last"] = d["period"].map(lambda p: span(p)[1])
    d["first"] = d["period"].map(lambda p: span(p)[0])
    d = d.sort_values(["last", "first", "row"], kind="stable")
    spec = {i.code: i for i in cat}
    is_money = d["indicator"].map(lambda c: spec[c].value_type == "money").to_numpy(bool)
    d["v"] = np.where(is_money, d["money"].astype(np.float64), d["real"])
    d["m"] = np.where(is_money, d["money"], 0).astype(np.int64)
    g = d.groupby(["indicator", "out", "unit"], sort=True)
    rules = list(TIME)
    v = np.column_stack([g["v"].agg(r).to_numpy(np.float64) for r in rules])
    m = np.column_stack([g["m"].agg(r).to_numpy(np.int64) for r in rules if r != "mean"])
    keys = g["v"].agg("size").reset_index()[["indicator", "out", "unit"]]
    inds = [spec[c] for c in keys["indicator"]]
    t_rule = np.array([rules.index(i.time_rule) for i in inds])
    exact = np.array([i.value_type == "money" and i.time_rule != "mean" for i in inds])
    no_mean = [r for r in rules if r != "mean"]
    m_rule = np.array([no_mean.index(i.time_rule) if e else 0 for i, e in zip(inds, exact)])
    keys["xi"] = np.where(exact, m[np.arange(len(keys)), m_rule], 0)
    keys["f"] = np.where(exact, keys["xi"].astype(np.float64), v[np.arange(len(keys)), t_rule])
    keys["depth"] = keys["unit"].map(lambda u: LEVELS.index(level_of[u]))
    return keys


def oracle(per_unit, cat, frame, target_of):
    """Expected rows for the targets of ``target_of`` (unit -> target code), indexed
    (indicator, target, period): the space rule over the units each target holds,
    coverage at the deepest reporting level, then derived indicators from their
    parts."""
    spec = {i.code: i for i in cat}
    keys = per_unit.assign(target=per_unit["unit"].map(target_of))
    keys = keys[keys["target"].notna()]
    cell = ["indicator", "target", "out"]
    c = keys.groupby(cell, sort=True)
    keys = keys.assign(deepest=c["depth"].transform("max"))
    keys["at_deepest"] = keys["depth"] == keys["deepest"]
    c = keys.groupby(cell, sort=True)
    summary = pd.DataFrame({
        **{f"f_{r}": c["f"].agg(r) for r in ("sum", "mean", "min", "max")},
        **{f"x_{r}": c["xi"].agg(r) for r in ("sum", "min", "max")},
        "deepest": c["depth"].max(),
        "n_reporting": c["at_deepest"].sum(),
    }).reset_index()
    units_at = frame.assign(depth=frame.level.map(LEVELS.index))
    units_at["target"] = units_at.code.map(target_of)
    expected_n = units_at.groupby(["target", "depth"]).size()

    out = {}
    for row in summary.to_dict("records"):
        i = spec[row["indicator"]]
        exact = i.value_type == "money" and i.time_rule != "mean" and i.space_rule != "mean"
        value = int(row[f"x_{i.space_rule}"]) if exact else row[f"f_{i.space_rule}"]
        out[(row["indicator"], row["target"], row["out"])] = {
            "value": float(value),
            "money": value if exact else None,
            "n_reporting": int(row["n_reporting"]),
            "n_expected": int(expected_n[(row["target"], int(row["deepest"]))]),
        }
    for ind in cat:
        if not ind.derived:
            continue
        keys = {(t, o) for (c, t, o) in out if c == ind.parts[0]}
        for t, o in sorted(keys):
            parts = [out.get((p, t, o)) for p in ind.parts]
            if any(p is None for p in parts):
                continue
            cell = {"n_reporting": min(p["n_reporting"] for p in parts),
                    "n_expected": max(p["n_expected"] for p in parts), "money": None}
            if ind.formula.startswith("ratio"):
                den = parts[1]["value"]
                cell["value"] = np.nan if den == 0 else parts[0]["value"] / den * ind.factor
            else:
                signs = [1] + [-1 if ind.formula.startswith("difference") else 1] * (len(parts) - 1)
                if all(p["money"] is not None for p in parts):
                    cell["money"] = sum(s * p["money"] for s, p in zip(signs, parts))
                    cell["value"] = float(cell["money"])
                else:
                    cell["value"] = sum(s * p["value"] for s, p in zip(signs, parts))
            out[(ind.code, t, o)] = cell
    return out


def expected(rows, cat, frame, levels, kinds):
    """{(level, kind): expected rows} for every combination."""
    anc, _ = structure(frame)
    out = {}
    for kind in kinds:
        per_unit = time_oracle(rows, cat, frame, kind)
        for level in levels:
            out[(level, kind)] = oracle(per_unit, cat, frame, anc[level])
    return out


def compare(result, want, level, kind):
    got = result[(result["level"] == level) & (result["period_type"] == kind)]
    assert len(got) == len(want), (level, kind)
    money = "value_money" in got.columns
    for row in got.itertuples(index=False):
        key = (row.indicator, row.unit, row.period)
        assert key in want, key
        e = want[key]
        if np.isnan(e["value"]):
            assert np.isnan(row.value), key
        else:
            assert row.value == pytest.approx(e["value"], rel=1e-12, abs=1e-9), key
        if e["money"] is not None:
            assert money and row.value_money == e["money"], key
        elif money:
            assert pd.isna(row.value_money), key
        assert (row.n_reporting, row.n_expected) == (e["n_reporting"], e["n_expected"]), key
        assert row.coverage == pytest.approx(100 * e["n_reporting"] / e["n_expected"])


# ---- random cases ---------------------------------------------------------------

def random_hierarchy(rng):
    rows = []
    for p in range(int(rng.integers(1, 4))):
        pc = f"P{p}"
        rows.append((pc, "province", ""))
        for d in range(int(rng.integers(1, 4))):
            dc = f"{pc}D{d}"
            rows.append((dc, "district", pc))
            for c in range(int(rng.integers(0, 4))):
                rows.append((f"{dc}C{c}", "commune", dc))
    return pd.DataFrame(rows, columns=["code", "level", "parent_code"]).assign(
        name=lambda f: f.code)


def random_rows(rng, frame, cat, n, duplicates=False, nans=False, month_only=False):
    units = frame.code[frame.level != "province"].tolist()
    months = [f"2024{m:02d}" for m in range(1, 13)]
    quarters = [f"2024Q{q}" for q in range(1, 5)]
    base = [i for i in cat if not i.derived]
    seen, rows = set(), []
    for _ in range(n):
        ind = base[int(rng.integers(len(base)))]
        unit = units[int(rng.integers(len(units)))]
        quarterly = not month_only and ind.time_rule != "sum" and rng.random() < 0.3
        period = (quarters if quarterly else months)[int(rng.integers(4 if quarterly else 12))]
        key = (ind.code, unit, period)
        if key in seen and not (duplicates and rng.random() < 0.5):
            continue
        seen.add(key)
        money = int(rng.integers(-10**12, 10**12))
        real = float(rng.integers(-20000, 100000)) / 8
        if nans and rng.random() < 0.05:
            real = np.nan
        rows.append((ind.code, unit, period, real, money, int(rng.integers(0, 3))))
    d = pd.DataFrame(rows, columns=["indicator", "unit", "period", "real", "money", "revision"])
    is_money = d["indicator"].map({i.code: i.value_type == "money" for i in cat})
    d = d[~(is_money & d["real"].isna())]
    d["row"] = np.arange(len(d))
    return d


def frame_for(d, cat):
    """The input frame: money rows' values as float64 (exact below 2^53)."""
    is_money = d["indicator"].map({i.code: i.value_type == "money" for i in cat})
    value = np.where(is_money, d["money"].astype(np.float64), d["real"])
    return d[["indicator", "unit", "period", "revision"]].assign(value=value)


def resolve_duplicates(d, cat, policy):
    """What the observations should hold after duplicates are combined."""
    d = d[~d["real"].isna() | d["indicator"].map({i.code: i.value_type == "money" for i in cat})]
    key = ["indicator", "unit", "period"]
    if policy == "sum":
        agg = d.groupby(key, sort=False).agg(real=("real", "sum"), money=("money", "sum"),
                                             row=("row", "min"))
        return agg.reset_index()
    d = d.sort_values(["revision", "row"], kind="stable")
    last = d.groupby(key, sort=False).tail(1)
    first_row = d.groupby(key, sort=False)["row"].min()
    last = last.drop(columns="row").merge(first_row.reset_index(), on=key)
    return last


@pytest.mark.parametrize("seed", range(100))
def test_random_rollups_match_pandas_oracle(seed):
    rng = np.random.default_rng(seed)
    cat = catalog()
    frame = random_hierarchy(rng)
    h = build_hierarchy(frame)
    duplicates = ["error", "last", "sum"][seed % 3]
    nan_policy = "skip" if seed % 4 == 0 else "error"
    d = random_rows(rng, frame, cat, int(rng.integers(5, 300)),
                    duplicates=duplicates != "error", nans=nan_policy == "skip",
                    month_only=seed % 5 == 0)
    obs = Observations.from_frame(frame_for(d, cat), h, cat, revision="revision",
                                  duplicates=duplicates, nan_policy=nan_policy)
    truth = resolve_duplicates(d, cat, duplicates) if duplicates != "error" else d
    truth = truth[truth["real"].notna() | truth["indicator"].isin(
        [i.code for i in cat if i.value_type == "money"])]
    kinds = ["month", "quarter", "year"] if seed % 5 == 0 else ["quarter", "half", "year"]
    result = chitieu.rollup(obs, h, cat, level=["province", "district"], period_type=kinds,
                            threads=1 + seed % 2).to_pandas()
    for (level, kind), want in expected(truth, cat, frame, ["province", "district"],
                                        kinds).items():
        compare(result, want, level, kind)


def test_multi_level_multi_kind_equals_separate_calls_and_threads_agree():
    rng = np.random.default_rng(7)
    cat = catalog()
    frame = random_hierarchy(rng)
    h = build_hierarchy(frame)
    obs = Observations.from_frame(frame_for(random_rows(rng, frame, cat, 400), cat), h, cat)
    both = chitieu.rollup(obs, h, cat, level=["province", "district"],
                          period_type=["quarter", "year"], threads=1).to_pandas()
    two = chitieu.rollup(obs, h, cat, level=["province", "district"],
                         period_type=["quarter", "year"], threads=2).to_pandas()
    pd.testing.assert_frame_equal(both, two)  # values are multiples of 1/8: exact sums
    key = ["indicator", "unit", "period"]
    for level in ["province", "district"]:
        for kind in ["quarter", "year"]:
            one = chitieu.rollup(obs, h, cat, level=level, period_type=kind).to_pandas()
            part = both[(both.level == level) & (both.period_type == kind)]
            a = one.astype(dict.fromkeys(key, str)).sort_values(key).reset_index(drop=True)
            b = part.astype(dict.fromkeys(key, str)).sort_values(key).reset_index(drop=True)
            pd.testing.assert_frame_equal(a[key + ["value", "n_reporting"]],
                                          b[key + ["value", "n_reporting"]])


def test_merged_states_equal_rollup_of_concatenated_rows():
    rng = np.random.default_rng(11)
    cat = catalog()
    frame = random_hierarchy(rng)
    h = build_hierarchy(frame)
    d = frame_for(random_rows(rng, frame, cat, 500), cat)
    shuffled = d.sample(frac=1, random_state=3)
    parts = [shuffled.iloc[k::3] for k in range(3)]
    args = {"level": ["province", "district"], "period_type": ["quarter", "year"]}
    states = [chitieu.partial_rollup(Observations.from_frame(p, h, cat), h, cat, **args)
              for p in parts]
    states = [pickle.loads(pickle.dumps(s)) for s in states]
    merged = chitieu.RollupState.merge_all(states).finish().to_pandas()
    whole = chitieu.rollup(Observations.from_frame(d, h, cat), h, cat, **args).to_pandas()
    key = ["indicator", "unit", "level", "period"]
    a = merged.astype(dict.fromkeys(key, str)).sort_values(key).reset_index(drop=True)
    b = whole.astype(dict.fromkeys(key, str)).sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12)
    assert states[0].merge(states[1]).rows == len(parts[0]) + len(parts[1])
    result = chitieu.RollupState.merge_all(states).finish()
    pd.testing.assert_frame_equal(pickle.loads(pickle.dumps(result)).to_pandas(),
                                  result.to_pandas())


def test_unit_groups_are_targets_and_scopes():
    rng = np.random.default_rng(21)
    cat = catalog()
    frame = random_hierarchy(rng)
    while (frame.level == "province").sum() < 2 or (frame.level == "commune").sum() < 2:
        frame = random_hierarchy(rng)
    h = build_hierarchy(frame)
    provinces = frame.code[frame.level == "province"].tolist()
    communes = frame.code[frame.level == "commune"].tolist()
    groups = {"first": [provinces[0]], "mix": [provinces[1], communes[0]]}
    for name, members in groups.items():
        h.add_group(name, members)
    d = random_rows(rng, frame, cat, 300)
    obs = Observations.from_frame(frame_for(d, cat), h, cat)
    result = chitieu.rollup(obs, h, cat, level="district", groups=list(groups),
                            period_type="quarter").to_pandas()
    anc, _ = structure(frame)
    per_unit = time_oracle(d, cat, frame, "quarter")
    for name, members in groups.items():
        held = {u: name for u in frame.code
                if any(anc[lv].get(u) in members for lv in LEVELS)}
        want = oracle(per_unit, cat, frame, held)
        got = result[result.unit == name].assign(level="group", period_type="quarter")
        compare(got, want, "group", "quarter")
    # A group's name as `units`: the districts inside it.
    scoped = chitieu.rollup(obs, h, cat, level="district", units="mix",
                            period_type="year").to_pandas()
    inside = {anc["district"].get(u) for u in frame.code
              if any(anc[lv].get(u) in groups["mix"] for lv in LEVELS)} - {None}
    assert set(scoped["unit"].astype(str)) <= inside and len(scoped) > 0


def test_money_overflow_raises_naming_the_cell():
    frame = pd.DataFrame({"code": ["P", "D", "C1", "C2"], "level": ["province", "district",
                          "commune", "commune"], "parent_code": ["", "P", "D", "D"]}).assign(
        name=lambda f: f.code)
    h = build_hierarchy(frame)
    cat = Catalog([Indicator.flow("paid", value_type="money")])
    big = np.iinfo(np.int64).max - 5
    d = pd.DataFrame({"indicator": "paid", "unit": ["C1", "C2"], "period": "202401",
                      "value": np.array([big, 10], dtype=np.int64)})
    with pytest.raises(ValueError, match=r"'paid'.*'P'.*'2024Q1'"):
        chitieu.rollup(Observations.from_frame(d, h, cat), h, cat, level="province",
                       period_type="quarter")
    d["value"] = np.array([big, -10], dtype=np.int64)
    r = chitieu.rollup(Observations.from_frame(d, h, cat), h, cat, level="province",
                       period_type="quarter").to_pandas()
    assert r["value_money"].tolist() == [big - 10]


def test_finer_period_than_data_and_bad_requests():
    frame = random_hierarchy(np.random.default_rng(1))
    h = build_hierarchy(frame)
    cat = catalog()
    unit = frame.code[frame.level == "district"].iloc[0]
    d = pd.DataFrame({"indicator": ["jobs", "jobs"], "unit": unit,
                      "period": ["202403", "2024Q2"], "value": [1.0, 2.0]})
    obs = Observations.from_frame(d, h, cat)
    with pytest.raises(ValueError, match=r"'jobs'.*'2024Q2'"):
        chitieu.rollup(obs, h, cat, level="province", period_type="month")
    assert len(chitieu.rollup(obs, h, cat, level="province", period_type="quarter")) == 2
    with pytest.raises(KeyError, match="'ward'"):
        chitieu.rollup(obs, h, cat, level="ward", period_type="year")
    with pytest.raises(KeyError, match="'nope'"):
        chitieu.rollup(obs, h, cat, level="province", period_type="year", indicators=["nope"])
    with pytest.raises(ValueError, match="'fortnight'"):
        chitieu.rollup(obs, h, cat, level="province", period_type="fortnight")
    with pytest.raises(ValueError, match="period"):
        chitieu.rollup(obs, h, cat, level="province")
    s1 = chitieu.partial_rollup(obs, h, cat, level="province", period_type="year")
    s2 = chitieu.partial_rollup(obs, h, cat, level="district", period_type="year")
    with pytest.raises(ValueError, match="different requests"):
        s1.merge(s2)


def test_derived_indicator_output_pulls_in_its_parts():
    frame = random_hierarchy(np.random.default_rng(2))
    h = build_hierarchy(frame)
    cat = catalog()
    rng = np.random.default_rng(3)
    d = frame_for(random_rows(rng, frame, cat, 300), cat)
    obs = Observations.from_frame(d, h, cat)
    r = chitieu.rollup(obs, h, cat, level="province", period_type="year",
                       indicators=["poverty_rate", "net_share"]).to_pandas()
    assert set(r["indicator"].astype(str)) <= {"poverty_rate", "net_share"}
    full = chitieu.rollup(obs, h, cat, level="province", period_type="year").to_pandas()
    sub = full[full.indicator.isin(["poverty_rate", "net_share"])]
    assert sorted(r["value"].dropna()) == pytest.approx(sorted(sub["value"].dropna()))


def test_repr_html_and_empty_result():
    empty = chitieu.RollupState().finish()
    assert len(empty) == 0 and "RollupResult" in empty._repr_html_()


# ---- the real Vietnamese hierarchy --------------------------------------------

@pytest.fixture(scope="module")
def vietnam():
    path = resources.files("chitieu") / "data" / "vn_admin_2024.csv"
    with resources.as_file(path) as p:
        frame = pd.read_csv(p, dtype=str, keep_default_na=False)
    return chitieu.Hierarchy.vietnam(2024), frame


def commune_rows(frame, rng, n):
    communes = frame.code[frame.level == "commune"].to_numpy()
    return pd.DataFrame({
        "indicator": rng.choice(["jobs", "poor", "households", "paid"], n),
        "unit": rng.choice(communes, n),
        "period": rng.choice([f"2024{m:02d}" for m in range(1, 13)], n),
        "value": rng.integers(0, 1000, n).astype(np.float64),
    }).drop_duplicates(["indicator", "unit", "period"])


def test_vietnam_communes_to_districts_to_provinces(vietnam):
    h, frame = vietnam
    cat = Catalog([Indicator.flow("jobs"), Indicator.stock("poor"),
                   Indicator.stock("households"), Indicator.flow("paid", value_type="money"),
                   Indicator.ratio("poverty_rate", "poor", "households")])
    d = commune_rows(frame, np.random.default_rng(5), 20000)
    obs = Observations.from_frame(d, h, cat)
    direct = chitieu.rollup(obs, h, cat, level="province", period_type="quarter").to_pandas()

    # Districts first, then their totals rolled again as district-level data.
    districts = chitieu.rollup(obs, h, cat, level="district", period_type="quarter",
                               indicators=["jobs", "poor", "households", "paid"]).to_pandas()
    again = districts[["indicator", "unit", "period", "value"]].astype(
        {"indicator": str, "unit": str, "period": str})
    obs2 = Observations.from_frame(again, h, cat)
    two_step = chitieu.rollup(obs2, h, cat, level="province", period_type="quarter").to_pandas()
    key = ["indicator", "unit", "period"]
    a = direct.astype(dict.fromkeys(key, str)).sort_values(key).reset_index(drop=True)
    b = two_step.astype(dict.fromkeys(key, str)).sort_values(key).reset_index(drop=True)
    pd.testing.assert_series_equal(a["value"], b["value"], check_exact=False, rtol=1e-12)
    assert (a[key] == b[key]).all().all()
    # Coverage: the direct rollup counts communes, the two-step one districts.
    assert (a["n_expected"] >= b["n_expected"]).all()
    _anc, _ = structure(frame)
    truth = d.assign(real=d["value"], money=d["value"].astype(np.int64), row=np.arange(len(d)))
    want = expected(truth, cat, frame, ["province"], ["quarter"])
    compare(direct, want[("province", "quarter")], "province", "quarter")


def test_money_columns_are_kept_only_when_a_row_is_exact():
    rng = np.random.default_rng(5)
    cat = catalog()
    frame = random_hierarchy(rng)
    h = build_hierarchy(frame)
    communes = frame.code[frame.level == "commune"].tolist()
    rows = pd.DataFrame({"indicator": ["jobs"] * 3 + ["paid"] * 3,
                         "unit": communes[:1] * 6,
                         "period": ["202401", "202402", "202403"] * 2,
                         "value": [1.0, 2.0, 3.0, 10.0, 20.0, 30.0]})
    obs = Observations.from_frame(rows, h, cat)
    for codes, money in ((["jobs"], False), (["jobs", "paid"], True)):
        res = chitieu.rollup(obs, h, cat, level="province", period_type="quarter",
                             indicators=codes)
        cols = res._core.columns()
        assert len(cols["money"]) == len(cols["exact"]) == (len(res) if money else 0)
        frame_out = res.to_pandas()
        assert ("value_money" in frame_out) == money
        if money:
            paid = frame_out[frame_out.indicator == "paid"]
            assert paid.value_money.tolist() == [60]
            assert frame_out[frame_out.indicator == "jobs"].value_money.isna().all()
        again = pickle.loads(pickle.dumps(res))
        pd.testing.assert_frame_equal(again.to_pandas(), frame_out)
    state = list(res._core.__getstate__())
    state[10] = state[10][:0]  # money without its exact flags: refused
    with pytest.raises(ValueError, match="corrupt pickled rollup result"):
        type(res._core).__new__(type(res._core)).__setstate__(tuple(state))
