"""Differential test of ``chitieu.assess`` against a plain-Python oracle written
here, on seeded random cases with awkward shapes: hierarchies with skipped
levels and data at several levels, monthly and quarterly rows (a quarter that
does not fit a window: an error both must agree on), duplicates summed, NaN
skipped, money beyond 2^53, flows, stocks and a ratio of flows in percent,
both directions, totals, levels and changes (points and percent, like for like
for flows), direct, rolled-up and partial targets, ties in ranks.

Checked per row: which rows there are, value and coverage over the window to
date, same period last year, baseline value, actual, year on year (% and
points), target and its source, pct_of_plan, expected_pct (totals, linear
phasing) and the rank among siblings.

``CHITIEU_ASSESS_ORACLE_CASES`` sets the number of cases (150 by default;
``make soak`` runs 2,000), ``CHITIEU_ORACLE_SEED`` the first seed. A failure
names the seed; ``CHITIEU_ORACLE_SEED=<seed> CHITIEU_ASSESS_ORACLE_CASES=1``
replays it.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from _oracle_cases import LEVELS, Refused, TreeCase, oracle_or_refusal, random_tree, run_seeds, same

from chitieu import Catalog, Hierarchy, Indicator, Observations, Plan, assess

CASES = int(os.environ.get("CHITIEU_ASSESS_ORACLE_CASES", "150"))
FIRST_SEED = int(os.environ.get("CHITIEU_ORACLE_SEED", "0"))
YEAR = 2020


def month_end(y: int, m: int) -> dt.date:
    return dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Span:
    first: dt.date
    last: dt.date

    def text(self) -> str:
        f = self.first
        if self.last == month_end(f.year, f.month):
            return f"{f.year}{f.month:02d}"
        return f"{f.year}Q{(f.month + 2) // 3}"

    def shift_year(self, years: int) -> Span:
        return Span(self.first.replace(year=self.first.year + years),  # ends of months
                    month_end(self.last.year + years, self.last.month))


@dataclass
class Case(TreeCase):
    kinds: dict[str, tuple] = field(default_factory=dict)  # code -> (rule, better, money)
    ratio: bool = False
    rows: list[tuple[str, str, Span, float]] = field(default_factory=list)
    targets: list[tuple] = field(default_factory=list)  # (ind, unit, kind, value, unit_of_change)
    level: str = "province"
    period: str = "2020S1"
    last_month: int = 6


def make_case(seed: int) -> Case:
    rng = np.random.default_rng(seed)
    c = Case(seed)
    c.codes, c.levels, c.parents = random_tree(rng, provinces=3, districts=3, communes=2, skipped=0.5)
    def pick(xs):
        return xs[int(rng.integers(len(xs)))]

    c.kinds = {"f": ("sum", pick(["higher", "lower"]), rng.random() < 0.3),
               "g": ("sum", "higher", False),
               "s": ("last", pick(["higher", "lower"]), False)}
    c.ratio = bool(rng.random() < 0.5)
    c.level = pick(["province", "province", "district"])
    quarters = rng.random() < 0.2
    c.last_month = pick([3, 6, 9, 12]) if quarters else int(rng.integers(1, 13))
    c.period = {3: "2020Q1", 6: "2020S1", 9: "2020Q3", 12: "2020"}.get(c.last_month) if (
        quarters or rng.random() < 0.5) and c.last_month % 3 == 0 else f"{YEAR}{c.last_month:02d}"
    if quarters and rng.random() < 0.1:
        c.last_month -= 1  # a quarter's row may not fit the windows: refused
        c.period = f"{YEAR}{c.last_month:02d}"
    big = c.kinds["f"][2] and rng.random() < 0.5
    for _ in range(int(rng.integers(0, 60))):
        ind, unit, year = pick(list(c.kinds)), pick(c.codes), pick([YEAR - 1, YEAR])
        m = int(rng.integers(1, 13))
        span = (Span(dt.date(year, (m - 1) // 3 * 3 + 1, 1), month_end(year, (m - 1) // 3 * 3 + 3))
                if quarters and rng.random() < 0.3 else Span(dt.date(year, m, 1), month_end(year, m)))
        value = float(rng.integers(0, 2**55 if big and ind == "f" else 40))
        if rng.random() < 0.05:
            value = math.nan
        c.rows.append((ind, unit, span, value))
        if rng.random() < 0.1:  # the same cell again: summed
            c.rows.append((ind, unit, span, float(rng.integers(0, 10))))
    target_units = [u for u, lv in zip(c.codes, c.levels)
                    if LEVELS.index(lv) >= LEVELS.index(c.level)]
    for ind in [*c.kinds, *(["r"] if c.ratio else [])]:
        kind = pick(["total", "level", "change"]) if ind != "g" else "total"
        if kind == "total" and c.kinds.get(ind, ("last",))[0] != "sum":
            kind = "level"
        change_unit = pick(["points", "percent"])
        for u in target_units:
            if rng.random() < 0.6:
                value = math.nan if rng.random() < 0.05 else float(rng.integers(-2, 200))
                c.targets.append((ind, u, kind, value, change_unit))
    return c


# -- the oracle ---------------------------------------------------------------------------
def oracle(c: Case) -> dict[tuple, dict]:
    parent, level = dict(zip(c.codes, c.parents)), dict(zip(c.codes, c.levels))
    if not c.targets:
        raise Refused("no plan period holds the assessment period")

    def line(u: str) -> list[str]:
        return [u] + line(parent[u]) if parent[u] else [u]

    cells: dict[tuple, float] = {}
    for ind, u, span, v in c.rows:
        if not math.isnan(v):
            cells[(ind, u, span)] = cells.get((ind, u, span), 0.0) + v
    now = Span(dt.date(YEAR, 1, 1), month_end(YEAR, c.last_month))
    windows = {"now": now, "last": now.shift_year(-1), "base_stock": Span(
        dt.date(YEAR - 1, 1, 1), dt.date(YEAR - 1, 12, 31))}
    needed = {t[0] for t in c.targets} | ({"f", "g"} if any(t[0] == "r" for t in c.targets)
                                           else set())
    at_level = [u for u in c.codes if level[u] == c.level]
    for (ind, u, span) in cells:
        if ind not in needed or not any(a in at_level for a in line(u)):
            continue
        for w in windows.values():
            inside = w.first <= span.first and span.last <= w.last
            if not inside and span.first <= w.last and w.first <= span.last:
                raise Refused(f"{span} does not fit {w}")

    def part(ind: str, unit: str, w: Span) -> tuple[float, int, int] | None:
        members = [u for u in c.codes if unit in line(u)]
        got: dict[str, float] = {}
        for (i, u, span), v in cells.items():
            if i == ind and u in members and w.first <= span.first and span.last <= w.last:
                if c.kinds[ind][0] == "sum":
                    got[u] = got.get(u, 0.0) + v
                elif u not in got or (span.last, span.first) > got[u][0]:
                    got[u] = ((span.last, span.first), v)  # the latest; ties: the shortest
        if not got:
            return None
        values = [v if c.kinds[ind][0] == "sum" else v[1] for v in got.values()]
        deepest = max(LEVELS.index(level[u]) for u in got)
        n_rep = sum(1 for u in got if LEVELS.index(level[u]) == deepest)
        n_exp = sum(1 for u in members if LEVELS.index(level[u]) == deepest)
        return sum(values), n_rep, n_exp

    def value(ind: str, unit: str, w: Span) -> tuple[float, float]:
        if ind != "r":
            got = part(ind, unit, w)
            return (math.nan, math.nan) if got is None else (got[0], 100 * got[1] / got[2])
        a, b = part("f", unit, w), part("g", unit, w)
        if a is None or b is None:
            return math.nan, math.nan
        return (math.nan if b[0] == 0 else a[0] / b[0] * 100), 100 * min(a[1], b[1]) / max(
            a[2], b[2])

    targets = {(ind, u, kind): (v, cu) for ind, u, kind, v, cu in c.targets}
    out = {}
    for ind, kind in {(t[0], t[2]) for t in c.targets}:
        additive = ind != "r" and kind != "change"
        for unit in [u for u in c.codes if level[u] == c.level]:
            row = {"source": "none", "target": math.nan}
            own = targets.get((ind, unit, kind))
            below = [u for (i, u, k) in targets if i == ind and k == kind and u != unit
                     and unit in line(u)]
            if own is not None:
                row |= {"source": "direct", "target": own[0]}
            elif additive and below:
                depth = min(LEVELS.index(level[u]) for u in below)
                expected = [u for u in c.codes if unit in line(u) and u != unit
                            and LEVELS.index(level[u]) == depth]
                have = [targets[(ind, u, kind)][0] for u in expected if (ind, u, kind) in targets]
                have = [v for v in have if not math.isnan(v)]
                row |= {"source": "rolled_up" if len(have) == len(expected) else "partial",
                        "target": float(sum(have))}
            row["value"], row["coverage"] = value(ind, unit, now)
            row["last_year"] = value(ind, unit, windows["last"])[0]
            row["baseline"], row["actual"] = math.nan, row["value"]
            if kind == "change" and own is None:
                row["baseline"] = row["actual"] = None  # no change to measure
            elif kind == "change":
                flow_like = ind != "s"  # like for like: the same span of 2019
                base = value(ind, unit, windows["last" if flow_like else "base_stock"])[0]
                row["baseline"] = base
                row["actual"] = (row["value"] - base if own[1] == "points" else
                                 math.nan if base == 0 or math.isnan(base) else
                                 (row["value"] - base) / abs(base) * 100)
            goal = row["target"]
            usable = row["source"] in ("direct", "rolled_up") and goal != 0
            row["pct"] = row["actual"] / goal * 100 if usable and row["actual"] is not None \
                else math.nan
            ly = row["last_year"]
            row["yoy_pct"] = (row["value"] - ly) / abs(ly) * 100 if ly and not math.isnan(
                ly) else math.nan
            row["yoy_pp"] = row["value"] - ly if ind == "r" else math.nan
            row["expected"] = c.last_month / 12 * 100 if kind == "total" else None
            if row["source"] != "none" or not math.isnan(row["value"]):
                out[(ind, kind, unit)] = row
    # Ranks among siblings (same parent), by pct_of_plan: higher is better for
    # amounts (the good direction moves towards the goal), lower for caps/floors.
    for key, row in out.items():
        better = c.kinds.get(key[0], ("", "higher"))[1]
        bound_up = better == "higher"
        amount = (row["target"] > 0) == bound_up
        row["score"] = row["pct"] if amount else -row["pct"]
    for key, row in out.items():
        sibs = [r["score"] for k, r in out.items() if k[:2] == key[:2]
                and parent[k[2]] == parent[key[2]] and not math.isnan(r["score"])]
        row["rank"] = 0 if math.isnan(row["score"]) else 1 + sum(s > row["score"] for s in sibs)
    return out


# -- running chitieu ------------------------------------------------------------------------
def run_chitieu(c: Case) -> pd.DataFrame:
    h = Hierarchy.from_arrays(c.codes, c.codes, c.levels, c.parents, level_names=LEVELS)
    direction = {"higher": "higher_is_better", "lower": "lower_is_better"}
    indicators = [
        (Indicator.flow if rule == "sum" else Indicator.stock)(
            code, value_type="money" if money else "real", direction=direction[better])
        for code, (rule, better, money) in c.kinds.items()]
    if c.ratio:
        indicators.append(Indicator.ratio("r", "f", "g", 100, unit="%"))
    cat = Catalog(indicators)
    frame = pd.DataFrame({"indicator": [r[0] for r in c.rows], "unit": [r[1] for r in c.rows],
                          "period": [r[2].text() for r in c.rows],
                          "value": [r[3] for r in c.rows]})
    obs = Observations.from_frame(frame, h, cat, duplicates="sum", nan_policy="skip")
    plan = Plan()
    add = {"total": plan.add_total, "level": plan.add_level}
    for ind, u, kind, v, change_unit in c.targets:
        target = None if math.isnan(v) else v
        if kind == "change":
            plan.add_change(ind, u, str(YEAR), target, baseline=str(YEAR - 1),
                            change_unit=change_unit)
        else:
            add[kind](ind, u, str(YEAR), target)
    return assess(obs, plan, level=c.level, period=c.period,
                  threads=int(1 + c.seed % 2)).to_pandas()


def check(seed: int) -> None:
    c = make_case(seed)
    want = oracle_or_refusal(oracle, run_chitieu, c)
    if want is None:
        return
    got = run_chitieu(c)
    keys = list(zip(got["indicator"].astype(str), got["kind"].astype(str),
                    got["unit"].astype(str)))
    assert sorted(keys) == sorted(want), (sorted(keys), sorted(want))
    for key, r in zip(keys, got.itertuples()):
        w = want[key]
        assert r.target_source == w["source"], (key, r.target_source, w["source"])
        rank = 0 if pd.isna(r.rank) else int(r.rank)
        checks = [("value", r.value, w["value"]), ("coverage", r.coverage, w["coverage"]),
                  ("same_period_last_year", r.same_period_last_year, w["last_year"]),
                  ("target", r.target, w["target"]), ("pct_of_plan", r.pct_of_plan, w["pct"]),
                  ("yoy_pct", r.yoy_pct, w["yoy_pct"]), ("yoy_pp", r.yoy_pp, w["yoy_pp"]),
                  ("rank", rank, w["rank"])]
        if w["actual"] is not None:
            checks += [("baseline_value", r.baseline_value, w["baseline"]),
                       ("actual", r.actual, w["actual"])]
        if w["expected"] is not None:
            checks.append(("expected_pct", r.expected_pct, w["expected"]))
        for name, g, e in checks:
            assert same(float(g), float(e)), (key, name, g, e)


def test_assess_matches_oracle_on_random_cases():
    run_seeds(check, FIRST_SEED, CASES)
