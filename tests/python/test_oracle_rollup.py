"""Differential test of ``chitieu.rollup`` against a plain-Python oracle written
here, on seeded random cases with awkward shapes: hierarchies with skipped
levels and units reporting at several levels, mixed period kinds (days, months,
quarters, halves, years), explicit target periods (calendar and ranges), unit
groups, nested unit targets, every time and space rule, ratios, money, duplicate
and NaN policies, and periods that do not nest (an error both must agree on).

``CHITIEU_ORACLE_CASES`` sets the number of cases (2,000 by default; ``make
soak`` runs 20,000), ``CHITIEU_ORACLE_SEED`` the first seed. A failure names
the seed; ``CHITIEU_ORACLE_SEED=<seed> CHITIEU_ORACLE_CASES=1`` replays it.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pytest
from _oracle_cases import run_seeds

from chitieu import Catalog, Hierarchy, Indicator, Observations, rollup

CASES = int(os.environ.get("CHITIEU_ORACLE_CASES", "2000"))
FIRST_SEED = int(os.environ.get("CHITIEU_ORACLE_SEED", "0"))
LEVELS = ["province", "district", "commune"]
TIME_RULES = ["sum", "last", "first", "mean", "min", "max"]
SPACE_RULES = ["sum", "mean", "min", "max"]


# -- periods, independently of chitieu.Period -------------------------------------
@dataclass(frozen=True)
class Span:
    kind: str
    first: dt.date
    last: dt.date

    def contains(self, other: Span) -> bool:
        return self.first <= other.first and other.last <= self.last

    def overlaps(self, other: Span) -> bool:
        return self.first <= other.last and other.first <= self.last

    def text(self) -> str:
        f = self.first
        if self.kind == "day":
            return f"{f.year}{f.month:02d}{f.day:02d}"
        if self.kind == "month":
            return f"{f.year}{f.month:02d}"
        if self.kind == "quarter":
            return f"{f.year}Q{(f.month + 2) // 3}"
        if self.kind == "half":
            return f"{f.year}S{1 if f.month == 1 else 2}"
        if self.kind == "year":
            return str(f.year)
        return f"{f.isoformat()}/{self.last.isoformat()}"


def month_end(y: int, m: int) -> dt.date:
    return dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)


MONTHS_OF = {"month": 1, "quarter": 3, "half": 6, "year": 12}
KIND_ORDER = ["day", "month", "quarter", "half", "year"]


def calendar(kind: str, y: int, m: int) -> Span:
    """The period of `kind` holding month m of year y."""
    n = MONTHS_OF[kind]
    start = (m - 1) // n * n + 1
    return Span(kind, dt.date(y, start, 1), month_end(y, start + n - 1))


def holding(kind: str, p: Span) -> Span | None:
    """The period of `kind` that contains p, or None if p does not nest in one."""
    if kind == "day":
        return p if p.kind == "day" else None
    c = calendar(kind, p.first.year, p.first.month)
    return c if c.contains(p) else None


def random_period(rng: np.random.Generator, kinds: list[str], years: list[int]) -> Span:
    kind = kinds[rng.integers(len(kinds))]
    y = years[rng.integers(len(years))]
    m = int(rng.integers(1, 13))
    if kind == "day":
        d = int(rng.integers(1, month_end(y, m).day + 1))
        return Span("day", dt.date(y, m, d), dt.date(y, m, d))
    return calendar(kind, y, m)


# -- a random case --------------------------------------------------------------------
@dataclass
class Case:
    seed: int
    codes: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    groups: dict[str, list[str]] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    rules: dict[str, tuple] = field(default_factory=dict)  # code -> (time, space, money)
    ratios: dict[str, tuple[str, str, float]] = field(default_factory=dict)
    rows: list[tuple[str, str, Span, float]] = field(default_factory=list)
    duplicates: str = "error"
    nans: str = "error"
    request: dict = field(default_factory=dict)


def make_case(seed: int) -> Case:
    rng = np.random.default_rng(seed)
    c = Case(seed)
    # Provinces, districts, communes; some communes directly under a province.
    for p in range(int(rng.integers(1, 4))):
        pc = f"P{p}"
        c.codes.append(pc), c.levels.append("province"), c.parents.append("")
        for d in range(int(rng.integers(0, 3))):
            dc = f"{pc}D{d}"
            c.codes.append(dc), c.levels.append("district"), c.parents.append(pc)
            for k in range(int(rng.integers(0, 4))):
                c.codes.append(f"{dc}C{k}"), c.levels.append("commune"), c.parents.append(dc)
        for k in range(int(rng.integers(0, 3))):
            c.codes.append(f"{pc}S{k}"), c.levels.append("commune"), c.parents.append(pc)
    order = rng.permutation(len(c.codes))  # ids not in tree order
    c.codes = [c.codes[i] for i in order]
    c.levels = [c.levels[i] for i in order]
    c.parents = [c.parents[i] for i in order]

    # Indicators: base ones with random rules, maybe money, maybe a ratio.
    for k in range(int(rng.integers(1, 4))):
        code = f"i{k}"
        time = TIME_RULES[rng.integers(len(TIME_RULES))]
        space = SPACE_RULES[rng.integers(len(SPACE_RULES))]
        money = bool(rng.random() < 0.3)
        c.rules[code] = (time, space, money)
        c.indicators.append(Indicator(code, value_type="money" if money else "real",
                                      time_rule=time, space_rule=space))
    if len(c.rules) >= 2 and rng.random() < 0.5:
        factor = float(rng.choice([100.0, 1.0, 1000.0]))
        c.ratios["r"] = ("i0", "i1", factor)
        c.indicators.append(Indicator.ratio("r", "i0", "i1", factor))

    # Targets: levels, units (nested), groups; periods by type or explicit.
    n_levels = int(rng.integers(0, 3))
    levels = list(rng.permutation(LEVELS)[:n_levels]) if n_levels else []
    units = []
    if rng.random() < 0.35 or not levels:
        units = sorted(set(rng.choice(c.codes, size=int(rng.integers(1, 4)))))
    if rng.random() < 0.3:
        for g in range(int(rng.integers(1, 3))):
            c.groups[f"g{g}"] = sorted(set(rng.choice(c.codes, size=int(rng.integers(1, 4)))))
    years = [2020, 2021]
    if rng.random() < 0.7:
        n = int(rng.integers(1, 3))
        kinds = sorted(rng.choice(["month", "quarter", "half", "year"], size=n,
                                  replace=False), key=KIND_ORDER.index)
        c.request = {"period_type": list(kinds)}
        finest = KIND_ORDER.index(kinds[0])
        data_kinds = KIND_ORDER[: finest + 1]
        if rng.random() < 0.05:  # a value that does not nest: an error
            data_kinds = KIND_ORDER[: min(finest + 2, len(KIND_ORDER))]
    else:
        targets = []
        for _ in range(int(rng.integers(1, 3))):
            kind = ["quarter", "half", "year", "range"][rng.integers(4)]
            y = years[rng.integers(2)]
            if kind == "range":
                m0 = int(rng.integers(1, 12))
                m1 = int(rng.integers(m0, 13))
                targets.append(Span("range", dt.date(y, m0, 1), month_end(y, m1)))
            else:
                targets.append(calendar(kind, y, int(rng.integers(1, 13))))
        c.request = {"periods": [t.text() for t in dict.fromkeys(targets)]}
        data_kinds = ["day", "month"] if rng.random() < 0.9 else ["day", "month", "quarter"]
    if levels:
        c.request["level"] = levels
    if units:
        c.request["units"] = units
    if c.groups and rng.random() < 0.8:
        c.request["groups"] = sorted(c.groups)

    # Rows: any unit, mixed kinds; duplicates and NaN by policy.
    c.duplicates = ["error", "last", "sum"][rng.integers(3)]
    c.nans = "skip" if rng.random() < 0.4 else "error"
    base = list(c.rules)
    for _ in range(int(rng.integers(1, 25))):
        ind = base[rng.integers(len(base))]
        unit = c.codes[rng.integers(len(c.codes))]
        per = random_period(rng, data_kinds, years)
        money = c.rules[ind][2]
        value = float(rng.integers(-5, 50)) if money else float(rng.integers(-20, 200)) / 4
        if c.nans == "skip" and rng.random() < 0.1:
            value = math.nan
        c.rows.append((ind, unit, per, value))
        if rng.random() < 0.15:  # the same cell again
            c.rows.append((ind, unit, per, float(rng.integers(0, 30))))
    return c


# -- the oracle -----------------------------------------------------------------------
class Refused(Exception):
    pass


def clean_rows(c: Case) -> list[tuple[str, str, Span, float]]:
    rows = [r for r in c.rows if not math.isnan(r[3])]
    if c.nans == "error" and len(rows) != len(c.rows):
        raise Refused("nan")
    out: dict[tuple, list] = {}
    for ind, unit, per, v in rows:
        key = (ind, unit, per)
        if key not in out:
            out[key] = [ind, unit, per, v]
        elif c.duplicates == "error":
            raise Refused("duplicate")
        elif c.duplicates == "last":
            out[key][3] = v  # kept in the first row's place
        else:
            out[key][3] += v
    return [tuple(r) for r in out.values()]


def targets_of(c: Case) -> list[tuple[str, str, set[str]]]:
    """(label, level name, units counted in it) for every requested target."""
    parent = dict(zip(c.codes, c.parents))
    level = dict(zip(c.codes, c.levels))

    def line(u: str) -> list[str]:  # u and its ancestors
        out = []
        while u:
            out.append(u)
            u = parent[u]
        return out

    under = {t: {u for u in c.codes if t in line(u)} for t in c.codes}
    req = c.request
    out = []
    listed = req.get("units", [])
    for lv in req.get("level", []):
        found = [t for t in c.codes
                 if level[t] == lv and (not listed or any(a in listed for a in line(t)))]
        if not found:
            raise Refused("no unit of a requested level within the units")
        out += [(t, lv, under[t]) for t in found]
    if listed and not req.get("level"):
        out += [(t, level[t], under[t]) for t in listed]
    for g in req.get("groups", []):
        out.append((g, "group", {u for u in c.codes if any(a in c.groups[g] for a in line(u))}))
    return out


def output_periods(c: Case, rows) -> tuple[list[Span], dict]:
    """Output periods and, per row period, the output periods it falls in; Refused
    for a row that does not nest (only rows of units inside some target count)."""
    req = c.request
    outs: dict[Span, list[Span]] = {}
    if "period_type" in req:
        for per in {r[2] for r in rows}:
            outs[per] = []
            for kind in req["period_type"]:
                h = holding(kind, per)
                if h is None:
                    raise Refused("not nested")
                outs[per].append(h)
    else:
        targets = [parse_target(t) for t in req["periods"]]
        for per in {r[2] for r in rows}:
            outs[per] = []
            for t in targets:
                if t.contains(per):
                    outs[per].append(t)
                elif t.overlaps(per):
                    raise Refused("not nested")
    return outs


def parse_target(text: str) -> Span:
    if "/" in text:
        a, b = text.split("/")
        return Span("range", dt.date.fromisoformat(a), dt.date.fromisoformat(b))
    y = int(text[:4])
    if len(text) == 4:
        return calendar("year", y, 1)
    n = int(text[5])
    return calendar("quarter", y, 3 * n) if text[4] == "Q" else calendar("half", y, 6 * n)


def time_value(rule: str, cells: list[tuple[Span, float]]) -> float:
    values = [v for _, v in cells]
    by_key = sorted(cells, key=lambda pv: (pv[0].last, pv[0].first))
    if rule == "sum":
        return sum(values)
    if rule == "mean":
        return sum(values) / len(values)
    if rule == "min":
        return min(values)
    if rule == "max":
        return max(values)
    return by_key[-1][1] if rule == "last" else by_key[0][1]


def space_value(rule: str, values: list[float]) -> float:
    if rule == "sum":
        return sum(values)
    if rule == "mean":
        return sum(values) / len(values)
    return min(values) if rule == "min" else max(values)


def oracle(c: Case) -> dict[tuple, tuple[float, int, int]]:
    rows = clean_rows(c)
    targets = targets_of(c)
    inside = set().union(*(m for _, _, m in targets)) if targets else set()
    outs = output_periods(c, [r for r in rows if r[1] in inside])
    depth = {u: LEVELS.index(lv) for u, lv in zip(c.codes, c.levels)}
    # (indicator, unit, output period) -> [(row period, value)]
    cells: dict[tuple, list] = {}
    for ind, unit, per, v in rows:
        for o in outs.get(per, []):
            cells.setdefault((ind, unit, o), []).append((per, v))
    result = {}
    base = {}
    for label, lv, members in targets:
        for ind, (time, space, _) in c.rules.items():
            per_out: dict[Span, list] = {}
            for (i, u, o), cs in cells.items():
                if i == ind and u in members:
                    per_out.setdefault(o, []).append((u, time_value(time, cs)))
            for o, unit_values in per_out.items():
                deepest = max(depth[u] for u, _ in unit_values)
                n_rep = sum(1 for u, _ in unit_values if depth[u] == deepest)
                n_exp = sum(1 for u in members if depth[u] == deepest)
                value = space_value(space, [v for _, v in unit_values])
                base[(ind, label, lv, o)] = (value, n_rep, n_exp, deepest)
                result[(ind, label, lv, o.text())] = (value, n_rep, n_exp)
    for code, (a, b, factor) in c.ratios.items():
        for (ind, label, lv, o), (va, ra, ea, _) in list(base.items()):
            if ind != a or (b, label, lv, o) not in base:
                continue
            vb, rb, eb, _ = base[(b, label, lv, o)]
            value = math.nan if vb == 0 else va / vb * factor
            result[(code, label, lv, o.text())] = (value, min(ra, rb), max(ea, eb))
    return result


# -- running chitieu --------------------------------------------------------------------
def build_inputs(c: Case) -> tuple[Hierarchy, Catalog, Observations]:
    """The case's hierarchy, catalog and observations."""
    h, cat = model_of(c)
    return h, cat, observations_of(c, c.rows, h, cat)


def model_of(c: Case) -> tuple[Hierarchy, Catalog]:
    """The case's hierarchy (with its groups) and catalog."""
    h = Hierarchy.from_arrays(c.codes, c.codes, c.levels, c.parents, level_names=LEVELS)
    for name, members in c.groups.items():
        h.add_group(name, members)
    return h, Catalog(c.indicators)


def observations_of(c: Case, rows: list, h: Hierarchy, cat: Catalog) -> Observations:
    """``rows`` (the case's or some of them) as observations, with its duplicate and
    NaN policies."""
    frame = pd.DataFrame({"indicator": [r[0] for r in rows],
                          "unit": [r[1] for r in rows],
                          "period": [r[2].text() for r in rows],
                          "value": [r[3] for r in rows]})
    return Observations.from_frame(frame, h, cat, duplicates=c.duplicates,
                                   nan_policy=c.nans, threads=1)


def run_chitieu(c: Case) -> dict[tuple, tuple[float, int, int]]:
    h, cat, obs = build_inputs(c)
    return cells_of(rollup(obs, h, cat, threads=int(1 + c.seed % 2), **c.request))


def cells_of(result) -> dict[tuple, tuple[float, int, int]]:
    """A rollup result as {(indicator, unit, level, period): (value, reporting,
    expected)}, money as its exact value where whole."""
    res = result.to_pandas()
    value = res["value"].to_numpy(dtype=float)
    if "value_money" in res:  # exact đồng where whole
        money = res["value_money"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        value = np.where(np.isnan(money), value, money)
    keys = zip(*(res[k].astype(str).tolist() for k in ("indicator", "unit", "level", "period")))
    counts = zip(res["n_reporting"].tolist(), res["n_expected"].tolist())
    return {key: (float(v), int(r), int(e)) for key, v, (r, e) in zip(keys, value, counts)}


def same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def check(seed: int, make: Callable[[int], Case] = make_case,
          run: Callable[[Case], dict] = run_chitieu) -> None:
    """The seed's case (from ``make``, rolled up by ``run``) against the oracle;
    refusals must agree."""
    c = make(seed)
    try:
        want = oracle(c)
    except Refused:
        with pytest.raises(ValueError):
            run(c)
        return
    got = run(c)
    assert set(got) == set(want), (
        f"seed {seed}: cells differ\nonly chitieu: {sorted(set(got) - set(want))}\n"
        f"only oracle: {sorted(set(want) - set(got))}\ncase: {c}")
    for key, (v, rep, exp) in want.items():
        gv, grep, gexp = got[key]
        assert same(gv, v) and (grep, gexp) == (rep, exp), (
            f"seed {seed}: {key}: chitieu {got[key]}, oracle {(v, rep, exp)}\ncase: {c}")


def test_rollup_matches_oracle_on_random_cases():
    run_seeds(check, FIRST_SEED, CASES)
