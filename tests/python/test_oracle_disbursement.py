"""Differential test of ``chitieu.disbursement`` against a plain-Python oracle
written here, on seeded random cases with awkward shapes: hierarchies with
skipped levels (communes straight under a province) and money at every level,
allocations amended mid-year (some amendments after as_of), payments on both
sides of the fiscal year and at any time of day, duplicates, reversals, missing
beneficiaries, money beyond 2^53, schedules (linear, profiles, tranches, with
programme and unit overrides), carry-over (some exceeding what is unspent: an
error both must agree on), approved beneficiaries, every ``by`` and level.

``CHITIEU_DISBURSEMENT_ORACLE_CASES`` sets the number of cases (150 by default;
``make soak`` runs 2,000), ``CHITIEU_ORACLE_SEED`` the first seed. A failure
names the seed; ``CHITIEU_ORACLE_SEED=<seed>
CHITIEU_DISBURSEMENT_ORACLE_CASES=1`` replays it.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import pandas as pd
from _oracle_cases import LEVELS, Refused, TreeCase, oracle_or_refusal, random_tree, run_seeds, same

from chitieu import Allocations, Hierarchy, Payments, Schedule, disbursement

CASES = int(os.environ.get("CHITIEU_DISBURSEMENT_ORACLE_CASES", "150"))
FIRST_SEED = int(os.environ.get("CHITIEU_ORACLE_SEED", "0"))
PROGRAMMES, SOURCES = ["assist", "merit"], ["central", "local"]
YEAR = 2020
THRESHOLD = 95.0
ALLOC_COLUMNS = ["programme", "source", "unit", "year", "amount", "effective_date"]


def month_end(y: int, m: int) -> dt.date:
    return dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)


# -- schedules, independently of chitieu.Schedule ---------------------------------------
@dataclass(frozen=True)
class Plan:
    """Cumulative shares at month ends of the fiscal year (months 13-15 reach
    into the next), or at fixed dates (tranches), after 31 December of the
    previous year at 0."""

    months: tuple[tuple[int, float], ...] = ()
    dates: tuple[tuple[dt.date, float], ...] = ()

    def share(self, day: dt.date, year: int) -> float:
        pts = [(dt.date(year - 1, 12, 31), 0.0), *self.dates,
               *((month_end(year, m), s) for m, s in self.months)]
        if day <= pts[0][0]:
            return 0.0
        if day >= pts[-1][0]:
            return pts[-1][1]
        k = next(i for i, (d, _) in enumerate(pts) if d > day)
        (d0, s0), (d1, s1) = pts[k - 1], pts[k]
        return s0 + (day - d0).days / (d1 - d0).days * (s1 - s0)


def random_schedule(rng: np.random.Generator) -> tuple[Schedule, Plan]:
    kind = ["linear", "profile", "tranches"][rng.integers(3)]
    if kind == "linear":
        return Schedule.linear(), Plan(months=((12, 1.0),))
    if kind == "profile":
        months = sorted({int(m) for m in rng.integers(1, 16, size=int(rng.integers(1, 5)))})
        shares = sorted(float(s) for s in rng.integers(0, 101, size=len(months)) / 100)
        return Schedule.profile(dict(zip(months, shares))), Plan(months=tuple(zip(months, shares)))
    days = sorted(dt.date(YEAR, 1, 1) + dt.timedelta(days=int(d))
                  for d in rng.integers(0, 366, size=int(rng.integers(1, 4))))
    amounts = [int(a) for a in rng.integers(0, 1000, size=len(days))]
    amounts[-1] += 1  # not all nothing
    total, running, points = sum(amounts), 0, {}
    for d, a in zip(days, amounts):
        running += a
        points[d] = float(Fraction(running, total))
    return Schedule.tranches(list(zip(days, amounts))), Plan(dates=tuple(points.items()))


# -- a random case ----------------------------------------------------------------------
@dataclass
class Case(TreeCase):
    schedule: Schedule = field(default_factory=Schedule.linear)
    plans: dict = field(default_factory=dict)  # (programme | None, unit | None) -> Plan
    alloc: pd.DataFrame | None = None
    pay: pd.DataFrame | None = None
    carry: pd.DataFrame | None = None
    approved: pd.DataFrame | None = None
    options: dict = field(default_factory=dict)


def make_case(seed: int) -> Case:
    rng = np.random.default_rng(seed)
    c = Case(seed)
    c.codes, c.levels, c.parents = random_tree(rng, provinces=2, districts=2, communes=2, skipped=0.5)
    def pick(xs):
        return xs[int(rng.integers(len(xs)))]


    c.schedule, default = random_schedule(rng)
    c.plans[(None, None)] = default
    for _ in range(int(rng.integers(0, 3))):
        scope = (pick([None, *PROGRAMMES]), pick([None, *c.codes]))
        if scope != (None, None):
            s, plan = random_schedule(rng)
            c.schedule = c.schedule.override(s, programme=scope[0], unit=scope[1])
            c.plans[scope] = plan  # a later override of the same scope wins

    big = rng.random() < 0.3  # money beyond 2^53
    rows = []
    for _ in range(int(rng.integers(0, 10))):
        amount = int(rng.integers(0, 2**56 if big else 10**12))
        year = pick([YEAR - 1, YEAR, YEAR])
        when = pd.NaT if rng.random() < 0.6 else pd.Timestamp(year, int(rng.integers(1, 13)), 1)
        rows.append((pick(PROGRAMMES), pick(SOURCES), pick(c.codes), year, amount, when))
    c.alloc = pd.DataFrame(rows, columns=ALLOC_COLUMNS)

    n = int(rng.integers(0, 40))
    start = pd.Timestamp(YEAR - 1, 12, 1)
    dates = [start + pd.Timedelta(days=int(rng.integers(0, 430)),
                                  hours=int(rng.integers(0, 24)) if rng.random() < 0.3 else 0)
             for _ in range(n)]
    pay = pd.DataFrame({
        "date": pd.to_datetime(dates), "programme": [pick(PROGRAMMES) for _ in range(n)],
        "source": [pick(SOURCES) for _ in range(n)], "unit": [pick(c.codes) for _ in range(n)],
        "amount": rng.integers(0, 2**55 if big else 10**10, n, dtype=np.int64),
        "beneficiaries": rng.integers(0, 500, n).astype(float), "reversal": False})
    pay.loc[rng.random(n) < 0.1, "beneficiaries"] = math.nan  # counted as none
    rev = rng.random(n) < 0.1
    pay.loc[rev, "amount"] *= -1
    pay.loc[rev, "reversal"] = True
    if n and rng.random() < 0.2:  # the same payment twice
        pay = pd.concat([pay, pay.iloc[[int(rng.integers(n))]]], ignore_index=True)
    if n and rng.random() < 0.03:  # a negative amount without the flag: refused
        pay.loc[int(rng.integers(n)), ["amount", "reversal"]] = (-5, False)
    c.pay = pay

    if rng.random() < 0.3:  # mostly from last year's allocations, some beyond what is unspent
        before = c.alloc[c.alloc.year == YEAR - 1]
        key = (tuple(before.iloc[int(rng.integers(len(before)))][["programme", "source", "unit"]])
               if len(before) and rng.random() < 0.8
               else (pick(PROGRAMMES), pick(SOURCES), pick(c.codes)))
        c.carry = pd.DataFrame({
            "programme": [key[0]], "source": [key[1]], "unit": [key[2]],
            "year": [pick([YEAR - 1, YEAR - 1, YEAR - 2])],
            "amount": [int(rng.integers(0, 10**9 if rng.random() < 0.8 else 2**60))]})
    if rng.random() < 0.3:
        c.approved = pd.DataFrame({
            "programme": [pick(PROGRAMMES) for _ in range(3)],
            "unit": [pick(c.codes) for _ in range(3)], "year": YEAR,
            "approved": rng.integers(0, 3000, 3)})
    by = [g for g in ("programme", "source") if rng.random() < 0.6]
    c.options = {"level": pick(LEVELS), "by": by[::-1] if rng.random() < 0.3 else by,
                 "as_of": None if rng.random() < 0.1 else
                 dt.date(YEAR, 1, 1) + dt.timedelta(days=int(rng.integers(0, 366)))}
    return c


# -- the oracle -------------------------------------------------------------------------
def oracle(c: Case) -> tuple[dict, dict]:
    """(table row key -> columns, (row key, month) -> S-curve columns)."""
    parent = dict(zip(c.codes, c.parents))
    level = dict(zip(c.codes, c.levels))

    def line(u: str) -> list[str]:
        return [u] + line(parent[u]) if parent[u] else [u]

    def target(u: str) -> str | None:  # the unit of the level holding u
        return next((a for a in line(u) if level[a] == c.options["level"]), None)

    pay = c.pay
    if ((pay.amount < 0) & ~pay.reversal).any():
        raise Refused("negative payment")
    if c.options["level"] not in c.levels:
        raise Refused("no unit of the level")
    if c.options["as_of"] is None and not len(pay):
        raise Refused("no as_of and no payment to take it from")
    as_of = c.options["as_of"] or max(pay.date).date()
    year = as_of.year

    def in_force(day: dt.date) -> dict[tuple, object]:
        rows = [r for r in c.alloc.itertuples() if r.year == day.year
                and (pd.isna(r.effective_date) or r.effective_date.date() <= day)]
        out: dict[tuple, object] = {}
        for r in sorted(rows, key=lambda r: dt.date(1900, 1, 1) if pd.isna(r.effective_date)
                        else r.effective_date.date()):
            out[(r.programme, r.source, r.unit)] = r  # the latest wins (stable)
        return out

    def plan_of(programme: str, unit: str) -> Plan:
        best, rank = c.plans[(None, None)], -1
        for (p, u), plan in c.plans.items():
            if p in (None, programme) and u in (None, unit) and (p, u) != (None, None):
                r = (2 if u else 0) + (1 if p else 0)
                if r >= rank:
                    best, rank = plan, r
        return best

    def planned(r, day: dt.date) -> int:
        share = plan_of(r.programme, r.unit).share(day, year)
        return math.floor(Fraction(r.amount) * Fraction(share))

    by = c.options["by"]
    rows: dict[tuple, dict] = {}

    def row(u: str, r) -> dict | None:
        t = target(u)
        if t is None:
            return None
        return rows.setdefault((t, *(getattr(r, g) for g in by)), dict.fromkeys(
            ["allocated", "planned", "planned_year_end", "carried", "disbursed", "unallocated",
             "reversals", "beneficiaries", "n_plans"], 0) | {"months": {}})

    months = list(range(1, as_of.month + 1))
    allocated = in_force(as_of)
    for r in allocated.values():
        if (w := row(r.unit, r)) is not None:
            w["allocated"] += r.amount
            w["planned"] += planned(r, as_of)
            w["planned_year_end"] += planned(r, dt.date(year, 12, 31))
            w["n_plans"] += 1
            for m in months:
                w["months"].setdefault(m, [0, 0])[1] += planned(r, min(month_end(year, m), as_of))
    carried = [] if c.carry is None else [r for r in c.carry.itertuples() if r.year == year - 1]
    last_year = in_force(dt.date(year - 1, 12, 31))
    for r in carried:
        key = (r.programme, r.source, r.unit)
        spent = sum(int(p.amount) for p in pay.itertuples()
                    if p.date.year == year - 1 and (p.programme, p.source, p.unit) == key)
        given = last_year[key].amount if key in last_year else 0
        if r.amount > given - spent:
            raise Refused("carry-over beyond unspent")
        if (w := row(r.unit, r)) is not None:
            w["carried"] += r.amount
    window = [p for p in pay.itertuples() if dt.date(year, 1, 1) <= p.date.date() <= as_of]
    keyed = set(allocated)
    def people(p) -> int:
        return 0 if math.isnan(p.beneficiaries) else int(p.beneficiaries)

    for p in window:
        if (w := row(p.unit, p)) is None:
            continue
        w["disbursed"] += int(p.amount)
        if not any((p.programme, p.source, a) in keyed for a in line(p.unit)):
            w["unallocated"] += int(p.amount)
        w["reversals"] += int(p.amount) if p.reversal else 0
        w["beneficiaries"] += people(p)
        for m in months:
            if p.date.month <= m:
                w["months"].setdefault(m, [0, 0])[0] += int(p.amount)
    if not allocated and not window and not carried:
        raise Refused("nothing to report")
    coverage: dict[tuple, tuple[float, float]] = {}
    if c.approved is not None and "programme" in by:
        approved: dict[tuple, int] = {}
        for a in c.approved.itertuples():
            if a.year == year and (t := target(a.unit)) is not None:
                approved[(t, a.programme)] = approved.get((t, a.programme), 0) + int(a.approved)
        paid: dict[tuple, int] = {}
        for p in window:
            if (t := target(p.unit)) is not None:
                paid[(t, p.programme)] = paid.get((t, p.programme), 0) + people(p)
        for key, a in approved.items():
            coverage[key] = (float(a), rate(paid[key], a) if key in paid else math.nan)
    return {"rows": rows, "coverage": coverage, "months": months, "year": year}


# -- comparing ----------------------------------------------------------------------------
def rate(part: float, whole: float) -> float:
    return math.nan if whole == 0 else 100 * float(part) / float(whole)


def run_chitieu(c: Case) -> tuple[pd.DataFrame, pd.DataFrame]:
    h = Hierarchy.from_arrays(c.codes, c.codes, c.levels, c.parents, level_names=LEVELS)
    result = disbursement(Allocations.from_frame(c.alloc), Payments.from_frame(c.pay),
                          c.schedule, h, carry_over=c.carry, approved=c.approved,
                          at_risk_threshold=THRESHOLD, threads=int(1 + c.seed % 2),
                          **c.options)
    return result.to_pandas(), result.s_curve()


def check_row(key: tuple, got, w: dict) -> None:
    a, d = w["allocated"], w["disbursed"]
    for column, want in (("allocated", a), ("carried_over", w["carried"]), ("disbursed", d),
                         ("unallocated", w["unallocated"]), ("reversals", w["reversals"]),
                         ("beneficiaries_paid", w["beneficiaries"])):
        assert int(getattr(got, column)) == want, (key, column, getattr(got, column), want)
    # floor(amount x share) per allocation: exact here, a long double product there.
    p = int(got.planned_to_date)
    assert abs(p - w["planned"]) <= w["n_plans"], (key, p, w["planned"])
    assert int(got.gap) == p - d, key
    year_end = a * 1.0 if a <= 0 else float(w["planned_year_end"])
    share = year_end / a if a > 0 else 1.0
    pace = d / p if p else 1.0
    projected = d + pace * max(0.0, a * share - p)
    for column, want in (
            ("disbursement_rate", rate(d, a)),
            ("disbursement_rate_incl_carry_over",
             rate(d, a + w["carried"]) if a + w["carried"] > 0 else math.nan),
            ("schedule_adherence", rate(d, p)), ("projected_year_end", projected),
            ("projected_rate", math.nan if a == 0 else projected / a * 100)):
        got_value = float(getattr(got, column))
        tolerance = 1e-6 if w["n_plans"] else 1e-9  # planned within a đồng or so
        assert same(got_value, want) or math.isclose(got_value, want, rel_tol=tolerance), (
            key, column, got_value, want)
    if a > 0 and abs(projected / a * 100 - THRESHOLD) > 1e-6:
        assert bool(got.at_risk) == (projected / a * 100 < THRESHOLD), key
    assert bool(got.over_disbursed) == (d > a), key


def check(seed: int) -> None:
    c = make_case(seed)
    want = oracle_or_refusal(oracle, run_chitieu, c)
    if want is None:
        return
    table, curve = run_chitieu(c)
    keys = ["unit", *c.options["by"]]
    got = {tuple(str(v) for v in k): r
           for k, r in zip(table[keys].itertuples(index=False), table.itertuples())}
    assert set(got) == set(want["rows"]), (sorted(got), sorted(want["rows"]))
    assert list(got) == sorted(got), "rows in key order"
    for key, w in want["rows"].items():
        check_row(key, got[key], w)
        r = got[key]
        if want["coverage"] or "approved" in table:
            approved, coverage = want["coverage"].get((key[0], r.programme), (math.nan,) * 2)
            assert same(float(r.approved), approved), (key, r.approved, approved)
            assert same(float(r.coverage), coverage), (key, r.coverage, coverage)
    # The S-curve: every row of the table at every month end up to as_of.
    months = want["months"]
    assert len(curve) == len(table) * len(months)
    periods = [f"{want['year']}{m:02d}" for m in months]
    for k, (key, w) in enumerate(sorted(want["rows"].items())):
        part = curve.iloc[k * len(months):(k + 1) * len(months)]
        assert [tuple(str(v) for v in t) for t in part[keys].itertuples(index=False)] == [
            key] * len(months)
        assert part["period"].astype(str).tolist() == periods, key
        paid = [w["months"].get(m, [0, 0])[0] for m in months]
        plan = [w["months"].get(m, [0, 0])[1] for m in months]
        assert part["disbursed"].astype(int).tolist() == paid, (key, part["disbursed"], paid)
        assert all(abs(int(g) - p) <= w["n_plans"] for g, p in zip(part["planned"], plan)), key
        assert (part["allocated"] == w["allocated"]).all(), key
        for g, p in zip(part["disbursed_rate"], paid):
            assert same(float(g), rate(p, w["allocated"])), (key, g, p)


def test_disbursement_matches_oracle_on_random_cases():
    run_seeds(check, FIRST_SEED, CASES)
