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
>>> print(round(100 * r.loc[0, "disbursement_rate"], 2))
99.16

Money is exact int64 đồng throughout. Payments are aggregated by the rollup
engine (money observations, exact sums with overflow detection), never by a
second implementation here. The fiscal year is the calendar year of ``as_of``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _core
from . import io as _io
from ._arrow import ArrowExport, as_plain_pandas
from .indicator import Catalog, Indicator
from .observations import Observations
from .period import Period
from ._frames import _category, _concat, _dates_as_periods, _money, _require, _text_categorical
from .rollup import rollup

__all__ = ["Allocations", "Payments", "Schedule", "DisbursementResult", "disbursement"]

_SEP = "::"  # joins group values and measure names into engine indicator codes
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
    def from_frame(cls, frame: pd.DataFrame) -> "Allocations":
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
    def from_frame(cls, frame: pd.DataFrame) -> "Payments":
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
    overrides: tuple[tuple[str | None, str | None, "Schedule"], ...] = field(default=())

    @classmethod
    def linear(cls) -> "Schedule":
        """Even disbursement through the year, 100% on 31 December."""
        return cls("linear")

    @classmethod
    def profile(cls, shares: Mapping[Any, float]) -> "Schedule":
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
    def tranches(cls, tranches: Sequence[tuple[Any, int]]) -> "Schedule":
        """Dated amounts; the plan's share is the cumulative amount over the total."""
        points = tuple(sorted((pd.Timestamp(d).date(), int(a)) for d, a in tranches))
        if not points:
            raise ValueError("a tranche schedule needs at least one tranche")
        schedule = cls("tranches", points)
        schedule.for_year(points[0][0].year)
        return schedule

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> "Schedule":
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

    def override(self, schedule: "Schedule", *, programme: str | None = None,
                 unit: str | None = None) -> "Schedule":
        """A copy with ``schedule`` used for one programme and/or unit code."""
        if programme is None and unit is None:
            raise ValueError("an override needs a programme or a unit")
        return Schedule(self.kind, self.points, self.overrides + ((programme, unit, schedule),))

    def resolve(self, programme: str, unit: str) -> "Schedule":
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


@dataclass
class DisbursementResult(ArrowExport):
    """Per unit x group: allocation, disbursement, schedule, projection and flags;
    ``s_curve()`` for the cumulative monthly series of the same rows."""

    frame: pd.DataFrame
    curve: pd.DataFrame
    as_of: dt.date

    def to_pandas(self) -> pd.DataFrame:
        return self.frame.copy()

    def narrative(self, unit: Any = None, **options: Any) -> str:
        """A paragraph per unit as a report writes it (chitieu.text.narrative)."""
        from .text.narrative import result_narrative

        return result_narrative(self, unit, **options)

    def s_curve(self, freq: str = "month") -> pd.DataFrame:
        """Cumulative disbursed and planned by month (or quarter: its last month)."""
        if freq == "month":
            return self.curve.copy()
        if freq == "quarter":
            months = self.curve["period"].astype(str).str[4:6].astype(int)
            last = (months % 3 == 0) | (self.curve["period"] == self.curve["period"].max())
            out = self.curve[last.to_numpy()].copy()
            out["period"] = [str(Period(p).parent("quarter")) for p in out["period"]]
            return out
        raise ValueError(f"s_curve freq {freq!r}: expected 'month' or 'quarter'")

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

    def _repr_html_(self) -> str:
        from .html import repr_html

        return repr_html(self.frame, f"Disbursement as of {self.as_of}: {len(self.frame):,} rows")

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        return f"DisbursementResult({len(self.frame)} rows as of {self.as_of})"


def _group_codes(frame: pd.DataFrame, by: Sequence[str], suffix: str = "") -> pd.Categorical:
    """The group of each row ("programme|source", or "all") plus ``suffix``, as a
    categorical built from the distinct combinations only."""
    if not by:
        return _text_categorical(np.zeros(len(frame), dtype=np.int64), ["all" + suffix])
    # Combine per-column integer codes: far faster than factorizing tuples.
    combined = np.zeros(len(frame), dtype=np.int64)
    tables = []
    for column in by:
        codes, uniques = pd.factorize(frame[column])
        combined = combined * (len(uniques) + 1) + codes
        tables.append((len(uniques) + 1, [str(u) for u in uniques]))
    group_codes, distinct = pd.factorize(combined)
    labels = []
    for value in distinct:
        parts = []
        for size, names in reversed(tables):
            parts.append(names[int(value % size)])
            value //= size
        labels.append("|".join(reversed(parts)) + suffix)
    return _text_categorical(group_codes, labels)


def _unit_ids(units: pd.Series, hierarchy: Any) -> np.ndarray:
    codes, uniques = pd.factorize(units)
    return hierarchy.ids([str(u) for u in uniques])[codes]


def _allocated_mask(payments: pd.DataFrame, allocated: pd.DataFrame, hierarchy: Any) -> np.ndarray:
    """Whether each payment has an allocation in force for its programme and
    source at its own unit or one of its ancestors."""
    key_table = pd.Index(_group_codes(allocated, ["programme", "source"]).categories)
    key_codes = key_table.get_indexer(_group_codes(allocated, ["programme", "source"]).astype(object))
    n_units = len(hierarchy)
    have = np.unique(key_codes.astype(np.int64) * n_units + _unit_ids(allocated["unit"], hierarchy))
    pay_groups = _group_codes(payments, ["programme", "source"])
    pay_key = key_table.get_indexer(pay_groups.categories)[pay_groups.codes]
    ancestors = hierarchy.ancestor_table()[_unit_ids(payments["unit"], hierarchy)]
    found = np.zeros(len(payments), dtype=bool)
    for level in range(ancestors.shape[1]):
        a = ancestors[:, level]
        ok = (a >= 0) & (pay_key >= 0)
        found |= ok & np.isin(pay_key.astype(np.int64) * n_units + a, have)
    return found


def _planned(alloc: pd.DataFrame, schedule: Schedule, year: int, date: dt.date) -> np.ndarray:
    """floor(amount x planned share at ``date``) per allocation row, in exact đồng,
    each row under the schedule that applies to its programme and unit."""
    out = np.zeros(len(alloc), dtype=np.int64)
    if not len(alloc):
        return out
    pairs = alloc[["programme", "unit"]].drop_duplicates()
    resolved = {(p, u): schedule.resolve(p, u) for p, u in pairs.itertuples(index=False)}
    which = pd.Series([resolved[k] for k in zip(alloc["programme"], alloc["unit"])], index=alloc.index)
    amounts = alloc["amount"].to_numpy(np.int64)
    for s in set(resolved.values()):
        rows = (which == s).to_numpy()
        out[rows] = s.for_year(year).planned_many(date, np.ascontiguousarray(amounts[rows]))
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


def _rollup_money(frame: pd.DataFrame, hierarchy: Any, level: str, period: Period,
                  threads: int | None) -> pd.DataFrame:
    """Exact money sums of ``frame`` (indicator, unit, period, value) per unit of
    ``level`` within ``period``, through the engine."""
    if frame.empty:
        return pd.DataFrame(columns=["indicator", "unit", "period", "value", "value_money"])
    codes = frame["indicator"].unique()
    catalog = Catalog([Indicator.flow(c, value_type="money") for c in codes])
    observations = Observations.from_frame(frame.reset_index(drop=True), hierarchy, catalog,
                                           duplicates="sum", threads=threads)
    return rollup(observations, hierarchy, catalog, level=level, periods=[period],
                  threads=threads).to_pandas()


def disbursement(
    allocations: Allocations,
    payments: Payments,
    schedule: Schedule,
    hierarchy: Any,
    level: str = "province",
    as_of: dt.date | str | None = None,
    by: Sequence[str] = ("programme", "source"),
    carry_over: pd.DataFrame | None = None,
    approved: pd.DataFrame | None = None,
    at_risk_threshold: float = 0.95,
    threads: int | None = None,
) -> DisbursementResult:
    """Disbursement per unit of ``level`` x group (``by``) as of a date.

    Columns: allocated (in force at ``as_of``), carried_over (declared from the
    previous year, reported separately and never added to allocated), disbursed
    (payments from 1 January to ``as_of``, reversals included), unallocated
    (the part of disbursed with no allocation in force for its programme/source at
    its unit or an ancestor -- reported, never dropped), disbursement_rate,
    planned_to_date, gap, schedule_adherence, projected_year_end (the pace so far
    applied to the rest of the schedule), projected_rate, at_risk (projected_rate
    below ``at_risk_threshold``), over_disbursed (flagged, not capped),
    reversals (their amount), beneficiaries_paid, approved and coverage (per
    programme, across sources).

    >>> r = chitieu.disbursement(alloc, pay, chitieu.Schedule.linear(), vn,
    ...                          level="province", as_of="2020-06-30")  # doctest: +SKIP
    """
    if as_of is None:
        raise ValueError("disbursement needs an as_of date")
    as_of = pd.Timestamp(as_of).date()
    year = as_of.year
    by = list(by)
    unknown = [c for c in by if c not in ("programme", "source")]
    if unknown:
        raise ValueError(f"by {unknown}: groups are 'programme' and/or 'source'")
    pay_all = payments.frame
    alloc = allocations.in_force(as_of)
    pay = pay_all[(pay_all.date.dt.year == year) & (pay_all.date <= pd.Timestamp(as_of))].copy()
    pay["allocated"] = _allocated_mask(pay, alloc, hierarchy) if len(alloc) else False

    # Planned money per allocation row, from the schedule that applies to it.
    plan_today = _planned(alloc, schedule, year, as_of)
    plan_year_end = _planned(alloc, schedule, year, dt.date(year, 12, 31))
    alloc = alloc.assign(planned=plan_today, planned_year_end=plan_year_end)

    carried = pd.DataFrame(columns=["programme", "source", "unit", "year", "amount"])
    if carry_over is not None:
        _require(carry_over, ["programme", "source", "unit", "year", "amount"], "carry_over")
        carried = carry_over.astype({"programme": str, "source": str, "unit": str}).assign(
            amount=_money(carry_over["amount"], "carry_over"), year=carry_over["year"].astype(int))
        _check_carry_over(carried[carried.year == year - 1], allocations, pay_all)
        carried = carried[carried.year == year - 1]

    # Everything is aggregated by the engine as exact money observations.
    ytd = Period.interval(dt.date(year, 1, 1), as_of)
    day = _dates_as_periods(pay["date"], "%Y%m%d")
    parts = [
        (alloc, "allocated", alloc["amount"], str(year)),
        (alloc, "planned", alloc["planned"], str(year)),
        (alloc, "planned_year_end", alloc["planned_year_end"], str(year)),
        (carried, "carried_over", carried["amount"], str(year)),
        (pay, "disbursed", pay["amount"], day),
        (pay[~pay["allocated"]], "unallocated", pay.loc[~pay["allocated"], "amount"],
         day[~pay["allocated"].to_numpy()]),
        (pay[pay["reversal"]], "reversals", pay.loc[pay["reversal"], "amount"],
         day[pay["reversal"].to_numpy()]),
        (pay, "beneficiaries_paid", pay["beneficiaries"], day),
    ]
    frames = []
    for frame, measure, values, period in parts:
        if len(frame):
            frames.append(pd.DataFrame({"indicator": _group_codes(frame, by, _SEP + measure),
                                        "unit": frame["unit"], "period": period,
                                        "value": np.asarray(values, dtype=np.int64)}))
    if approved is not None:
        _require(approved, ["programme", "unit", "year", "approved"], "approved")
        a = approved[approved["year"].astype(int) == year]
        frames.append(pd.DataFrame({"indicator": a["programme"].astype(str) + _SEP + "approved",
                                    "unit": a["unit"].astype(str), "period": str(year),
                                    "value": a["approved"].astype(np.int64)}))
        frames.append(pd.DataFrame({"indicator": _group_codes(pay, ["programme"], _SEP + "programme_paid"),
                                    "unit": pay["unit"], "period": day,
                                    "value": pay["beneficiaries"].astype(np.int64)}))
    if not frames:
        raise ValueError(f"no allocations or payments for fiscal year {year} up to {as_of}")
    obs_frame = _concat(frames)
    # Yearly amounts (allocations, plans) and dated payments are rolled up apart:
    # a rollup never splits a value across periods.
    yearly = obs_frame["period"] == str(year)
    rolled = pd.concat([
        _rollup_money(obs_frame[yearly], hierarchy, level, Period.year(year), threads),
        _rollup_money(obs_frame[~yearly], hierarchy, level, ytd, threads),
    ], ignore_index=True)
    split = rolled["indicator"].astype(str).str.rsplit(_SEP, n=1, expand=True)
    rolled = rolled.assign(group=split[0], measure=split[1], unit=rolled["unit"].astype(str))
    # Money is exact where the engine says so (value_money); counts are whole.
    exact = rolled["value_money"] if "value_money" in rolled else rolled["value"]
    rolled = rolled.assign(amount=exact.astype("Int64").fillna(0).astype(np.int64))
    per_programme = rolled[rolled.measure.isin(["approved", "programme_paid"])]
    table = (rolled[~rolled.measure.isin(["approved", "programme_paid"])]
             .pivot_table(index=["unit", "group"], columns="measure", values="amount",
                          aggfunc="sum", fill_value=0, observed=True)
             .reset_index())
    for col in ("allocated", "planned", "planned_year_end", "carried_over", "disbursed",
                "unallocated", "reversals", "beneficiaries_paid"):
        if col not in table:
            table[col] = 0
        table[col] = table[col].astype(np.int64)
    year_end_share = np.where(table["allocated"] > 0,
                              table["planned_year_end"] / np.maximum(table["allocated"], 1), 1.0)
    m = _core.measure_disbursement(table["allocated"].to_numpy(np.int64),
                                   table["disbursed"].to_numpy(np.int64),
                                   table["planned"].to_numpy(np.int64),
                                   np.ascontiguousarray(year_end_share, dtype=np.float64),
                                   at_risk_threshold)
    out = table[["unit", "group"]].copy()
    out.insert(1, "unit_name", [hierarchy.unit(u).name for u in out["unit"]])
    group_parts = out["group"].str.split("|", expand=True) if by else None
    for k, column in enumerate(by):
        out[column] = group_parts[k]
    out = out.drop(columns="group")
    out["allocated"] = table["allocated"]
    out["carried_over"] = table["carried_over"]
    out["disbursed"] = table["disbursed"]
    out["unallocated"] = table["unallocated"]
    out["disbursement_rate"] = m["disbursement_rate"]
    available = table["allocated"] + table["carried_over"]
    out["disbursement_rate_incl_carry_over"] = np.where(
        available > 0, table["disbursed"] / np.maximum(available, 1), np.nan)
    out["planned_to_date"] = table["planned"]
    out["gap"] = m["gap"]
    out["schedule_adherence"] = m["schedule_adherence"]
    out["projected_year_end"] = m["projected_year_end"]
    out["projected_rate"] = m["projected_rate"]
    out["at_risk"] = m["at_risk"]
    out["over_disbursed"] = m["over_disbursed"]
    out["reversals"] = table["reversals"]
    out["beneficiaries_paid"] = table["beneficiaries_paid"]
    if approved is not None and "programme" in by:
        pp = per_programme.pivot_table(index=["unit", "group"], columns="measure", values="amount",
                                       aggfunc="sum", fill_value=0, observed=True)
        lookup = pp.reindex(pd.MultiIndex.from_arrays([out["unit"], out["programme"]]))
        out["approved"] = lookup.get("approved", pd.Series(index=lookup.index, dtype=float)).to_numpy()
        paid = lookup.get("programme_paid", pd.Series(index=lookup.index, dtype=float)).to_numpy()
        out["coverage"] = np.where(out["approved"] > 0, paid / out["approved"], np.nan)
    out = out.sort_values(["unit"] + by).reset_index(drop=True)
    out.columns.name = None
    curve = _s_curve(pay, alloc, schedule, hierarchy, level, by, as_of, threads)
    return DisbursementResult(out, curve, as_of)


def _s_curve(pay: pd.DataFrame, alloc: pd.DataFrame, schedule: Schedule, hierarchy: Any,
             level: str, by: Sequence[str], as_of: dt.date, threads: int | None) -> pd.DataFrame:
    """Cumulative disbursed and planned at each month end of the year up to as_of."""
    year = as_of.year
    months = [Period.month(year, m) for m in range(1, as_of.month + 1)]
    frames = []
    if len(pay):
        frames.append(pd.DataFrame({"indicator": _group_codes(pay, by, _SEP + "paid"),
                                    "unit": pay["unit"],
                                    "period": _dates_as_periods(pay["date"], "%Y%m"),
                                    "value": pay["amount"].to_numpy(np.int64)}))
    # Cumulative planned and the allocation are stocks at each month end.
    if len(alloc):
        for p in months:
            end = min(p.last, as_of)
            for measure, values in (("planned_cum", _planned(alloc, schedule, year, end)),
                                    ("allocated", alloc["amount"].to_numpy(np.int64))):
                frames.append(pd.DataFrame({"indicator": _group_codes(alloc, by, _SEP + measure),
                                            "unit": alloc["unit"],
                                            "period": str(p), "value": values}))
    if not frames:
        return pd.DataFrame(columns=["unit", "period", "disbursed", "planned", "allocated",
                                     "disbursed_rate", "planned_rate"])
    obs_frame = _concat(frames)
    codes = obs_frame["indicator"].unique()
    catalog = Catalog([Indicator.stock(c, value_type="money") if not c.endswith(_SEP + "paid")
                       else Indicator.flow(c, value_type="money") for c in codes])
    observations = Observations.from_frame(obs_frame, hierarchy, catalog, duplicates="sum",
                                           threads=threads)
    rolled = rollup(observations, hierarchy, catalog, level=level, period_type="month",
                    threads=threads).to_pandas()
    split = rolled["indicator"].astype(str).str.rsplit(_SEP, n=1, expand=True)
    exact = rolled["value_money"] if "value_money" in rolled else rolled["value"]
    rolled = rolled.assign(group=split[0], measure=split[1], unit=rolled["unit"].astype(str),
                           period=rolled["period"].astype(str),
                           amount=exact.astype("Int64").fillna(0).astype(np.int64))
    wide = rolled.pivot_table(index=["unit", "group", "period"], columns="measure", values="amount",
                              aggfunc="sum", fill_value=0, observed=True).reset_index()
    # Every month appears, so a month without payments keeps the curve flat.
    full = pd.MultiIndex.from_product(
        [wide[["unit", "group"]].drop_duplicates().itertuples(index=False, name=None),
         [str(p) for p in months]]).to_frame(index=False)
    full = pd.DataFrame({"unit": [k[0] for k in full[0]], "group": [k[1] for k in full[0]],
                         "period": full[1]})
    wide = full.merge(wide, on=["unit", "group", "period"], how="left").fillna(0)
    for col in ("paid", "planned_cum", "allocated"):
        if col not in wide:
            wide[col] = 0
    wide = wide.sort_values(["unit", "group", "period"])
    wide["disbursed"] = wide.groupby(["unit", "group"])["paid"].cumsum().astype(np.int64)
    out = wide[["unit", "group", "period"]].copy()
    out["disbursed"] = wide["disbursed"]
    out["planned"] = wide["planned_cum"].astype(np.int64)
    out["allocated"] = wide["allocated"].astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["disbursed_rate"] = np.where(out["allocated"] > 0, 100 * out["disbursed"] / out["allocated"], np.nan)
        out["planned_rate"] = np.where(out["allocated"] > 0, 100 * out["planned"] / out["allocated"], np.nan)
    if by:
        parts = out["group"].str.split("|", expand=True)
        for k, column in enumerate(by):
            out[column] = parts[k]
    out = out.drop(columns="group").reset_index(drop=True)
    out.columns.name = None
    return out
