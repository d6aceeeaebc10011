"""Disbursement ("giải ngân"): allocations, schedules, payments and absorption.

"Tổng kinh phí chi trả 197,1 tỷ đồng, chiếm 99,16% tổng kinh phí được phê duyệt":

>>> import datetime as dt, pandas as pd, chitieu
>>> vn = chitieu.Hierarchy.vietnam(2024)
>>> alloc = chitieu.Allocations.from_frame(pd.DataFrame({
...     "programme": ["merit"], "source": ["central"], "unit": ["001"], "year": [2020],
...     "amount": [198_770_000_000]}))
>>> paid = chitieu.Payments.from_frame(pd.DataFrame({
...     "date": [dt.date(2020, 12, 20)], "programme": ["merit"], "source": ["central"],
...     "unit": ["00001"], "amount": [197_100_000_000]}))
>>> r = chitieu.disbursement(alloc, paid, chitieu.Schedule.linear(), vn, level="province",
...                          as_of=dt.date(2020, 12, 31)).to_pandas()
>>> print(round(r.loc[0, "disbursement_rate"], 2))
99.16

Money is exact int64 đồng throughout. Allocations, plans and payments become
money observations whose categories are the programme and the funding source;
one engine rollup totals them per unit x kept categories (``by``), the measures
and running totals are computed in C++ (``chitieu/disbursement.hpp``). This
module only moves columns. The fiscal year is the calendar year of ``as_of``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from . import _disbursement_rows as _rows
from . import io as _io
from ._arrow import as_plain_pandas
from ._frames import _category, _money
from ._result import Result
from ._util import _require
from .period import Period

__all__ = ["Allocations", "DisbursementResult", "Payments", "Schedule", "disbursement"]

_PERIOD_MONTHS = {"Q1": 3, "S1": 6, "H1": 6, "Q2": 6, "Q3": 9, "Q4": 12, "S2": 12, "H2": 12, "year": 12}


@dataclass(frozen=True)
class Allocations:
    """Allocations ("kinh phí được giao / dự toán") per programme x source x unit x
    fiscal year, with dated amendments: the row with the latest
    ``effective_date`` on or before ``as_of`` is the one in force (a missing date
    means from the start of the year).
    """

    frame: pd.DataFrame

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Allocations:
        frame = as_plain_pandas(frame)
        _require(frame, ["programme", "source", "unit", "year", "amount"], "allocations")
        frame = _io.conform(frame, "allocations", check_columns=False, others="keep")
        out = frame[["programme", "source", "unit", "year", "amount"]].astype(
            {"programme": str, "source": str, "unit": str}).copy()
        out["amount"] = _money(frame["amount"], "allocations")
        out["year"] = frame["year"].astype(int)
        if (out["amount"] < 0).any():
            row = int(np.argmax((out["amount"] < 0).to_numpy()))
            raise ValueError(f"allocations: negative amount {out['amount'].iloc[row]} at row {row}")
        out["effective_date"] = (pd.to_datetime(frame["effective_date"]) if "effective_date" in frame
                                 else pd.NaT)
        return cls(out.reset_index(drop=True))

    def in_force(self, as_of: dt.date) -> pd.DataFrame:
        """The allocation of ``as_of``'s fiscal year in force on that date, per key."""
        f = self.frame[self.frame["year"] == as_of.year]
        f = f[f["effective_date"].isna() | (f["effective_date"] <= pd.Timestamp(as_of))]
        f = f.assign(_order=f["effective_date"].fillna(pd.Timestamp("1900-01-01")))
        f = f.sort_values("_order", kind="stable").drop_duplicates(
            ["programme", "source", "unit"], keep="last")
        return f.drop(columns="_order").reset_index(drop=True)


@dataclass(frozen=True)
class Payments:
    """The ledger of payments ("chi trả"): dated amounts per programme x source x
    unit, optionally with beneficiaries paid. Negative amounts are allowed only as
    explicit reversals (``reversal`` True); anything else is refused, naming the row.
    """

    frame: pd.DataFrame

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Payments:
        frame = as_plain_pandas(frame)
        _require(frame, ["date", "programme", "source", "unit", "amount"], "payments")
        frame = _io.conform(frame, "payments", check_columns=False, others="keep")
        out = pd.DataFrame({
            "date": pd.to_datetime(frame["date"]),
            # Categoricals: a ledger of millions of rows repeats a few codes.
            "programme": _category(frame["programme"]),
            "source": _category(frame["source"]),
            "unit": _category(frame["unit"]),
            "amount": _money(frame["amount"], "payments"),
            "beneficiaries": (frame["beneficiaries"].fillna(0).astype(np.int64)
                              if "beneficiaries" in frame else 0),
            "reversal": frame["reversal"].astype(bool) if "reversal" in frame else False,
        })
        bad = (out["amount"] < 0) & ~out["reversal"]
        if bad.any():
            row = int(np.argmax(bad.to_numpy()))
            raise ValueError(f"payments: negative amount {out['amount'].iloc[row]} at row {row} "
                             f"({out['unit'].iloc[row]}, {out['date'].iloc[row].date()}) is not "
                             "flagged as a reversal")
        return cls(out)


@dataclass(frozen=True)
class Schedule:
    """Planned cumulative disbursement: a default plus overrides per programme
    and/or unit (most specific wins: programme+unit, unit, programme, default).

    A schedule is a profile of cumulative shares by month of the fiscal year
    (``{3: 0.15, 6: 0.45, 9: 0.70, 12: 1.0}``, or labels ``Q1/S1/Q3/year``;
    months 13-24 reach into the next year, e.g. ``{13: 0.95}`` for "95% by 31
    January of the next year"), or dated tranches of money. Between points the
    plan grows evenly by day (see ``chitieu::schedule``).

    >>> Schedule.profile({"Q1": 0.15, "S1": 0.45, "Q3": 0.7, "year": 1.0}).share_at(dt.date(2020, 6, 30))
    0.45
    """

    kind: str = "linear"
    points: tuple[tuple[Any, float], ...] = ()
    overrides: tuple[tuple[str | None, str | None, Schedule], ...] = field(default=())

    @classmethod
    def linear(cls) -> Schedule:
        """Even disbursement through the year, 100% on 31 December."""
        return cls("linear")

    @classmethod
    def profile(cls, shares: Mapping[Any, float]) -> Schedule:
        points = []
        for key, share in shares.items():
            month = _PERIOD_MONTHS.get(str(key), key)
            if not isinstance(month, (int, np.integer)):
                raise ValueError(f"schedule key {key!r}: expected a month number 1-24 or one of "
                                 f"{sorted(_PERIOD_MONTHS)}")
            points.append((int(month), float(share)))
        schedule = cls("profile", tuple(sorted(points)))
        schedule.for_year(2000)  # validate now, not at first use
        return schedule

    @classmethod
    def tranches(cls, tranches: Sequence[tuple[Any, int]]) -> Schedule:
        """Dated amounts; the plan's share is the cumulative amount over the total."""
        points = tuple(sorted((pd.Timestamp(d).date(), int(a)) for d, a in tranches))
        if not points:
            raise ValueError("a tranche schedule needs at least one tranche")
        schedule = cls("tranches", points)
        schedule.for_year(points[0][0].year)
        return schedule

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Schedule:
        """Rows of (month or period label, share), optional programme and unit
        columns for overrides (rows without them form the default)."""
        frame = as_plain_pandas(frame)
        _require(frame, ["share"], "schedule")
        key = "month" if "month" in frame else "period"
        _require(frame, [key], "schedule")
        scope = [c for c in ("programme", "unit") if c in frame]
        if not scope:
            return cls.profile(dict(zip(frame[key], frame["share"])))
        keyed = frame.assign(**{c: frame[c].where(frame[c].notna(), None) for c in scope})
        result = cls.linear()
        for values, part in keyed.groupby([keyed[c].astype(object).fillna("") for c in scope],
                                          dropna=False, sort=False):
            values = values if isinstance(values, tuple) else (values,)
            s = cls.profile(dict(zip(part[key], part["share"])))
            named = dict(zip(scope, values))
            programme, unit = named.get("programme") or None, named.get("unit") or None
            if programme is None and unit is None:
                result = Schedule(s.kind, s.points, result.overrides)
            else:
                result = result.override(s, programme=programme, unit=unit)
        return result

    def override(self, schedule: Schedule, *, programme: str | None = None,
                 unit: str | None = None) -> Schedule:
        """A copy with ``schedule`` used for one programme and/or unit code."""
        if programme is None and unit is None:
            raise ValueError("an override needs a programme or a unit")
        return Schedule(self.kind, self.points, self.overrides + ((programme, unit, schedule),))

    def resolve(self, programme: str, unit: str) -> Schedule:
        best, rank = self, 0
        for p, u, s in self.overrides:
            if (p is None or p == programme) and (u is None or u == unit):
                r = (2 if u is not None else 0) + (1 if p is not None else 0)
                if r >= rank:
                    best, rank = s, r
        return Schedule(best.kind, best.points)

    def for_year(self, year: int) -> Any:
        """The compiled schedule (``_core.Schedule``) of one fiscal year."""
        if self.kind == "linear":
            return _core.Schedule.linear(year)
        if self.kind == "profile":
            return _core.Schedule.profile(year, list(self.points))
        return _core.Schedule.tranches(year, list(self.points))

    def share_at(self, date: dt.date, fiscal_year: int | None = None) -> float:
        """The planned cumulative share of ``fiscal_year`` (default: ``date``'s year) by ``date``."""
        return float(self.for_year(fiscal_year or date.year).share_at(date))


class DisbursementResult(Result):
    """Per unit x group: allocation, disbursement, schedule, projection and flags;
    ``s_curve()`` for the cumulative monthly series of the same rows."""

    __slots__ = ("as_of", "curve", "frame")

    def __init__(self, frame: pd.DataFrame, curve: pd.DataFrame, as_of: dt.date) -> None:
        self.frame = frame
        self.curve = curve
        self.as_of = as_of

    def to_pandas(self) -> pd.DataFrame:
        return self.frame.copy()

    def narrative(self, unit: Any = None, **options: Any) -> str:
        """A paragraph per unit as a report writes it (chitieu.text.narrative)."""
        from .text.narrative import result_narrative

        return result_narrative(self, unit, **options)

    def s_curve(self, period_type: str = "month") -> pd.DataFrame:
        """Cumulative disbursed and planned by month, or by quarter (the value at
        the quarter's last month, or at ``as_of`` for the running quarter)."""
        if period_type == "month":
            return self.curve.copy()
        if period_type == "quarter":
            months = self.curve["period"].astype(str).str[4:6].astype(int)
            last = (months % 3 == 0) | (self.curve["period"] == self.curve["period"].max())
            out = self.curve[last.to_numpy()].copy()
            out["period"] = [str(Period(p).parent("quarter")) for p in out["period"]]
            return out
        raise ValueError(f"s_curve period_type {period_type!r}: expected 'month' or 'quarter'")

    def plot(self, **kwargs: Any) -> Any:
        """S-curves of cumulative disbursement (:func:`chitieu.plots.s_curves`,
        dashed: the schedule); returns the matplotlib Axes. With one unit (e.g.
        ``level="nation"``) there is one line per group (programme / source),
        else one per unit; ``kwargs`` go to ``s_curves`` (``top``, ``ax``, ...).

        >>> chitieu.disbursement(alloc, pay, chitieu.Schedule.linear(), vn,
        ...                      level="nation", as_of="2020-12-31").plot()  # doctest: +SKIP
        """
        from .plots import s_curves

        curve = self.curve
        groups = [c for c in ("programme", "source") if c in curve]
        if "group" not in kwargs and groups and curve["unit"].nunique() == 1:
            curve = curve.assign(group=curve[groups].astype(str).agg(" / ".join, axis=1))
            kwargs["group"] = "group"
        return s_curves(curve, **kwargs)

    def _title(self) -> str:
        return f"Disbursement as of {self.as_of}: {len(self.frame):,} rows"

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        return f"DisbursementResult({len(self.frame)} rows as of {self.as_of})"


def _unit_ids(units: Any, hierarchy: Any) -> np.ndarray:
    codes, uniques = pd.factorize(units)
    return hierarchy.ids([str(u) for u in uniques])[codes]


def _allocated_mask(payments: pd.DataFrame, allocated: pd.DataFrame, hierarchy: Any) -> np.ndarray:
    """Whether each payment has an allocation in force for its programme and
    source at its own unit or one of its ancestors. Decided once per distinct
    (unit, programme, source) of the ledger, then looked up per row."""
    keys = ["unit", "programme", "source"]
    codes = [pd.Categorical(payments[k]) for k in keys]
    sizes = [len(c.categories) for c in codes]
    # Every (unit, programme, source) combination of the ledger's categories.
    grid = np.indices(sizes).reshape(3, -1)
    len(hierarchy)
    unit_ids = hierarchy.ids([str(u) for u in codes[0].categories])[grid[0]]
    programme, source = (codes[k].categories[grid[k]].astype(str) for k in (1, 2))
    have = pd.MultiIndex.from_arrays([allocated["programme"].astype(str),
                                      allocated["source"].astype(str),
                                      _unit_ids(allocated["unit"], hierarchy)]).unique()
    ancestors = hierarchy.ancestor_table()[unit_ids]
    found = np.zeros(grid.shape[1], dtype=bool)
    for level in range(ancestors.shape[1]):
        wanted = pd.MultiIndex.from_arrays([programme, source, ancestors[:, level]])
        found |= (ancestors[:, level] >= 0) & (have.get_indexer(wanted) >= 0)
    flat = np.ravel_multi_index([np.asarray(c.codes) for c in codes], sizes)
    return found[flat]


def _planned(alloc: pd.DataFrame, schedule: Schedule, year: int,
             dates: list[dt.date]) -> np.ndarray:
    """floor(amount x planned share) per allocation row and date [row, date], in
    exact đồng, each row under the schedule for its programme and unit."""
    out = np.zeros((len(alloc), len(dates)), dtype=np.int64)
    if not len(alloc):
        return out
    pairs = pd.MultiIndex.from_arrays([alloc["programme"], alloc["unit"]])
    distinct = pairs.unique()
    resolved = [schedule.resolve(p, u) for p, u in distinct]
    which = distinct.get_indexer(pairs)
    amounts = alloc["amount"].to_numpy(np.int64)
    for s in set(resolved):
        rows = np.isin(which, [k for k, r in enumerate(resolved) if r == s])
        compiled = s.for_year(year)
        part = np.ascontiguousarray(amounts[rows])
        for k, date in enumerate(dates):
            out[rows, k] = compiled.planned_many(date, part)
    return out


def _check_carry_over(carry: pd.DataFrame, allocations: Allocations, payments: pd.DataFrame) -> None:
    """A carry-over may not exceed what its year left unspent at the same unit."""
    for row in carry.itertuples(index=False):
        end = dt.date(int(row.year), 12, 31)
        alloc = allocations.in_force(end)
        key = ((alloc.programme == row.programme) & (alloc.source == row.source)
               & (alloc.unit == row.unit))
        spent = payments[(payments.programme == row.programme) & (payments.source == row.source)
                         & (payments.unit == row.unit) & (payments.date.dt.year == row.year)]
        unspent = int(alloc.loc[key, "amount"].sum()) - int(spent["amount"].sum())
        if int(row.amount) > unspent:
            raise ValueError(f"carry-over of {int(row.amount):,} đồng for {row.programme}/{row.source}/"
                             f"{row.unit} from {row.year} exceeds its unspent {unspent:,} đồng")


_TABLE = ("allocated", "planned", "planned_year_end", "carried_over", "disbursed",
          "unallocated", "reversals", "beneficiaries_paid")


def disbursement(
    allocations: Allocations,
    payments: Payments,
    schedule: Schedule,
    hierarchy: Any,
    *,
    level: str = "province",
    as_of: dt.date | str | None = None,
    by: Sequence[str] = ("programme", "source"),
    carry_over: pd.DataFrame | None = None,
    approved: pd.DataFrame | None = None,
    at_risk_threshold: float = 95.0,
    threads: int | None = None,
) -> DisbursementResult:
    """Disbursement per unit of ``level`` x group (``by``: ``programme`` and/or
    ``source``, the observations' categories; totalled over the others) as of a
    date (default: the ledger's last payment date).

    Columns: allocated (in force at ``as_of``), carried_over (declared from the
    previous year, reported separately and never added to allocated), disbursed
    (payments from 1 January to ``as_of``, reversals included), unallocated
    (the part of disbursed with no allocation in force for its programme/source at
    its unit or an ancestor -- reported, never dropped), disbursement_rate,
    planned_to_date, gap, schedule_adherence, projected_year_end (the pace so far
    applied to the rest of the schedule), projected_rate, at_risk (projected_rate
    below ``at_risk_threshold``, in percent), over_disbursed (flagged, not
    capped), reversals (their amount), beneficiaries_paid, approved and coverage
    (per programme, across sources). Every rate is in percent.

    >>> r = chitieu.disbursement(alloc, pay, chitieu.Schedule.linear(), vn,
    ...                          level="province", as_of="2020-06-30")  # doctest: +SKIP
    """
    if as_of is None:
        if not len(payments.frame):
            raise ValueError("disbursement needs an as_of date (the ledger is empty)")
        as_of = payments.frame["date"].max()
    as_of = pd.Timestamp(as_of).date()
    year = as_of.year
    by = list(by)
    unknown = [c for c in by if c not in ("programme", "source")]
    if unknown:
        raise ValueError(f"by {unknown}: groups are 'programme' and/or 'source'")
    pay_all = payments.frame
    alloc = allocations.in_force(as_of)
    dates = pay_all["date"]
    pay = pay_all[((dates >= pd.Timestamp(year, 1, 1)) & (dates <= pd.Timestamp(as_of))).to_numpy()]
    mask = (_allocated_mask(pay, alloc, hierarchy) if len(alloc) and len(pay)
            else np.zeros(len(pay), dtype=bool))

    # Planned money per allocation row, from the schedule that applies to it.
    months = _rows.month_ends(year, as_of)
    ends = [min(m.last, as_of) for m in months]
    planned = _planned(alloc, schedule, year, [as_of, dt.date(year, 12, 31)] + ends)
    alloc = alloc.assign(planned=planned[:, 0], planned_year_end=planned[:, 1])

    carried = pd.DataFrame(columns=["programme", "source", "unit", "year", "amount"])
    if carry_over is not None:
        _require(carry_over, ["programme", "source", "unit", "year", "amount"], "carry_over")
        carried = carry_over.astype({"programme": str, "source": str, "unit": str}).assign(
            amount=_money(carry_over["amount"], "carry_over"), year=carry_over["year"].astype(int))
        _check_carry_over(carried[carried.year == year - 1], allocations, pay_all)
        carried = carried[carried.year == year - 1]
    if approved is not None:
        _require(approved, ["programme", "unit", "year", "approved"], "approved")
        approved = approved[approved["year"].astype(int) == year]
    if not len(alloc) and not len(pay) and not len(carried):
        raise ValueError(f"no allocations or payments for fiscal year {year} up to {as_of}")

    obs = _rows.ledger_rows(hierarchy, year, alloc, carried, pay, mask, planned[:, 2:], months,
                            approved, threads)
    keys = ["unit", *by]
    table = _rows.rolled(obs, level, by, _TABLE, periods=[Period.year(year)], threads=threads)
    index, money = _rows.wide(table, keys, _TABLE)
    col = {m: money[:, k] for k, m in enumerate(_TABLE)}
    m = _core.measure_disbursement(col["allocated"], col["carried_over"], col["disbursed"],
                                   col["planned"], col["planned_year_end"], at_risk_threshold)
    out = index.to_frame(index=False)
    out.insert(1, "unit_name", [hierarchy.unit(u).name for u in out["unit"]])
    for name in ("allocated", "carried_over", "disbursed", "unallocated"):
        out[name] = col[name]
    out["disbursement_rate"] = m["disbursement_rate"]
    out["disbursement_rate_incl_carry_over"] = m["disbursement_rate_incl_carry_over"]
    out["planned_to_date"] = col["planned"]
    for name in ("gap", "schedule_adherence", "projected_year_end", "projected_rate",
                 "at_risk", "over_disbursed"):
        out[name] = m[name]
    out["reversals"] = col["reversals"]
    out["beneficiaries_paid"] = col["beneficiaries_paid"]
    if approved is not None and "programme" in by:
        per_programme = _rows.rolled(obs, level, ["programme"], ["coverage"],
                                     periods=[Period.year(year)], threads=threads)
        found = pd.MultiIndex.from_frame(out[["unit", "programme"]].astype(str))
        for name in ("approved", "coverage"):
            rows = per_programme[per_programme["indicator"] == name]
            at = pd.MultiIndex.from_frame(rows[["unit", "programme"]].astype(str)).get_indexer(found)
            values = np.append(rows["value"].to_numpy(np.float64), np.nan)
            out[name] = values[np.where(at >= 0, at, len(values) - 1)]
    curve = _s_curve(obs, index, col["allocated"], level, by, months, threads)
    return DisbursementResult(out, curve, as_of)


def _s_curve(obs: Any, index: pd.MultiIndex, allocated: np.ndarray, level: str,
             by: Sequence[str], months: list[Period], threads: int | None) -> pd.DataFrame:
    """Cumulative disbursed and planned at each month end of the year up to
    as_of, for the rows of the table (every month, flat where nothing was paid)."""
    monthly = _rows.rolled(obs, level, by, ["disbursed", "planned_by_month"],
                           period_type="month", threads=threads)
    names = [str(m) for m in months]
    period = pd.Index(names).get_indexer(monthly["period"].astype(str))
    paid = np.zeros((len(index), len(months)), dtype=np.int64)
    planned = np.zeros_like(paid)
    for target, name in ((paid, "disbursed"), (planned, "planned_by_month")):
        rows = (monthly["indicator"] == name).to_numpy() & (period >= 0)
        key = pd.MultiIndex.from_frame(monthly.loc[rows, ["unit", *by]].astype(str))
        target[index.get_indexer(key), period[rows]] = monthly.loc[rows, "value_money"].to_numpy(np.int64)
    disbursed = _core.running_totals(paid)
    frame = index.to_frame(index=False).loc[np.repeat(np.arange(len(index)), len(months))]
    out = frame.reset_index(drop=True)
    out.insert(1, "period", np.tile(np.array(names, dtype=object), len(index)))
    out["disbursed"] = disbursed.ravel()
    out["planned"] = planned.ravel()
    out["allocated"] = np.repeat(allocated, len(months))
    out["disbursed_rate"] = _core.percent_of(out["disbursed"].to_numpy(), out["allocated"].to_numpy())
    out["planned_rate"] = _core.percent_of(out["planned"].to_numpy(), out["allocated"].to_numpy())
    return out
