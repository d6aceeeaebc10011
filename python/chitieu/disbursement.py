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
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from . import _disbursement_rows as _rows
from ._allocations import Allocations, Payments
from ._frames import _money
from ._result import Result
from ._schedule import Schedule, planned_amounts
from ._util import _require
from .period import Period

__all__ = ["Allocations", "DisbursementResult", "Payments", "Schedule", "disbursement"]


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


def _check_carry_over(carry: pd.DataFrame, year: int, allocations: Allocations,
                      payments: Payments, hierarchy: Any) -> None:
    """A carry-over from ``year`` may not exceed what that year left unspent at
    the same unit: the allocation in force on 31 December less the year's
    payments there (totalled by the engine)."""
    if not len(carry):
        return
    spent = payments.totals(hierarchy, [Period.year(year)])
    alloc = allocations.in_force(dt.date(year, 12, 31))
    programme, source = spent.codes(carry["programme"], carry["source"])
    units = hierarchy.ids(list(carry["unit"]))
    for k, row in enumerate(carry.itertuples(index=False)):
        at = np.flatnonzero((spent["unit"] == units[k]) & (spent["programme"] == programme[k])
                            & (spent["source"] == source[k]))
        given = alloc[(alloc.programme == row.programme) & (alloc.source == row.source)
                      & (alloc.unit == row.unit)]["amount"].to_numpy(np.int64)
        # One row at most each: the allocation in force, the ledger's cell.
        unspent = (int(given[0]) if len(given) else 0) - (
            int(spent["disbursed"][at[0]]) if len(at) else 0)
        if int(row.amount) > unspent:
            raise ValueError(f"carry-over of {int(row.amount):,} đồng for {row.programme}/"
                             f"{row.source}/{row.unit} from {year} exceeds its unspent "
                             f"{unspent:,} đồng")


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
    by = _groups(by)
    alloc, months, planned = _planned_allocations(allocations, schedule, as_of)
    # The ledger from 1 January to as_of, totalled by the engine per month.
    cells = payments.totals(hierarchy, _rows.month_buckets(months, as_of))
    allocated = cells.allocated(hierarchy, alloc)

    carried = pd.DataFrame(columns=["programme", "source", "unit", "year", "amount"])
    if carry_over is not None:
        _require(carry_over, ["programme", "source", "unit", "year", "amount"], "carry_over")
        carried = carry_over.astype({"programme": str, "source": str, "unit": str}).assign(
            amount=_money(carry_over["amount"], "carry_over"), year=carry_over["year"].astype(int))
        carried = carried[carried.year == year - 1]
        _check_carry_over(carried, year - 1, allocations, payments, hierarchy)
    approved = _approved_in(approved, year)
    if not len(alloc) and not len(cells) and not len(carried):
        raise ValueError(f"no allocations or payments for fiscal year {year} up to {as_of}")

    obs = _rows.ledger_rows(hierarchy, year, alloc, carried, cells, allocated, planned[:, 2:],
                            months, approved, threads)

    def rolled(groups: Sequence[str], indicators: Sequence[str], **when: Any) -> pd.DataFrame:
        return _rows.rolled(obs, level, groups, indicators, threads=threads, **when)

    return _result(rolled, hierarchy, as_of, by, months, approved, at_risk_threshold)


def _groups(by: Sequence[str]) -> list[str]:
    by = list(by)
    unknown = [c for c in by if c not in ("programme", "source")]
    if unknown:
        raise ValueError(f"by {unknown}: groups are 'programme' and/or 'source'")
    return by


def _planned_allocations(allocations: Allocations, schedule: Schedule,
                         as_of: dt.date) -> tuple[pd.DataFrame, list[Period], np.ndarray]:
    """The allocations in force at ``as_of`` with their planned money to date
    and at year end, the months of the year to ``as_of``, and the planned money
    [row, as_of / year end / each month end]."""
    year = as_of.year
    alloc = allocations.in_force(as_of)
    # Planned money per allocation row, from the schedule that applies to it.
    months = _rows.month_ends(year, as_of)
    ends = [min(m.last, as_of) for m in months]
    planned = planned_amounts(alloc, schedule, year, [as_of, dt.date(year, 12, 31)] + ends)
    alloc = alloc.assign(planned=planned[:, 0], planned_year_end=planned[:, 1])
    return alloc, months, planned


def _approved_in(approved: pd.DataFrame | None, year: int) -> pd.DataFrame | None:
    if approved is None:
        return None
    _require(approved, ["programme", "unit", "year", "approved"], "approved")
    return approved[approved["year"].astype(int) == year]


def _result(rolled: Any, hierarchy: Any, as_of: dt.date, by: list[str], months: list[Period],
            approved: pd.DataFrame | None, at_risk_threshold: float) -> DisbursementResult:
    """The table, measures and S-curve from the engine's rows: ``rolled(by,
    indicators, **when)`` (the ledger's observations rolled up to the level, in
    memory or merged from blocks)."""
    year = as_of.year
    keys = ["unit", *by]
    table = rolled(by, _TABLE, periods=[Period.year(year)])
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
        per_programme = rolled(["programme"], ["approved", "coverage"],
                               periods=[Period.year(year)])
        found = pd.MultiIndex.from_frame(out[["unit", "programme"]].astype(str))
        for name in ("approved", "coverage"):
            rows = per_programme[per_programme["indicator"] == name]
            at = pd.MultiIndex.from_frame(rows[["unit", "programme"]].astype(str)).get_indexer(found)
            values = np.append(rows["value"].to_numpy(np.float64), np.nan)
            out[name] = values[np.where(at >= 0, at, len(values) - 1)]
    curve = _s_curve(rolled, index, col["allocated"], by, months)
    return DisbursementResult(out, curve, as_of)


def _s_curve(rolled: Any, index: pd.MultiIndex, allocated: np.ndarray,
             by: Sequence[str], months: list[Period]) -> pd.DataFrame:
    """Cumulative disbursed and planned at each month end of the year up to
    as_of, for the rows of the table (every month, flat where nothing was paid)."""
    monthly = rolled(by, ["disbursed", "planned_by_month"], period_type="month")
    names = [str(m) for m in months]
    period = pd.Index(names).get_indexer(monthly["period"].astype(str))
    paid = np.zeros((len(index), len(months)), dtype=np.int64)
    planned = np.zeros_like(paid)
    for target, name in ((paid, "disbursed"), (planned, "planned_by_month")):
        rows = (monthly["indicator"] == name).to_numpy() & (period >= 0)
        key = pd.MultiIndex.from_frame(monthly.loc[rows, ["unit", *by]].astype(str))
        money = monthly["value_money"] if "value_money" in monthly else monthly["value"]
        target[index.get_indexer(key), period[rows]] = money[rows].to_numpy(np.int64)
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
