"""Schedules of planned disbursement: cumulative shares of a fiscal year's
allocation by month, or dated tranches, with overrides per programme and unit.

>>> Schedule.linear().share_at(dt.date(2020, 12, 31))
1.0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._arrow import as_plain_pandas
from ._util import _require

__all__ = ["Schedule"]

_PERIOD_MONTHS = {"Q1": 3, "S1": 6, "H1": 6, "Q2": 6, "Q3": 9, "Q4": 12, "S2": 12, "H2": 12, "year": 12}


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
                raise ValueError(
                    f"schedule key {key!r}: expected a month number 1-24 or one of "
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


def planned_amounts(alloc: pd.DataFrame, schedule: Schedule, year: int,
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
