"""Phasing: the expected cumulative share of a target by a date in its plan period.

>>> Phasing.profile([0.25, 0.5, 0.75, 1.0], period_type="quarter").cumulative
[0.25, 0.5, 0.75, 1.0]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._util import ElapsedBy, PeriodType, _core_of, _date_text

__all__ = ["Phasing"]


class Phasing:
    """The expected cumulative share of a ``total`` target (or of a stock's
    ``change``) by a date in its plan period.

    * :meth:`linear` (default): the elapsed share of the plan period by calendar
      months (every month weighs the same; a partial month by its share of days)
      or by days -- exactly :meth:`chitieu.Period.elapsed_fraction`.
    * :meth:`profile`: given cumulative shares at the end of each month (quarter,
      ...) of the plan period; linear within each of them.
    * :meth:`from_actuals`: the average seasonal shape of past years' actuals.

    >>> quarters = Phasing.profile([0.25, 0.5, 0.75, 1.0], period_type="quarter")
    >>> quarters.expected_share("2020", "2020-06-30")
    0.5
    """

    __slots__ = ("_core",)

    def __init__(self, core: Any = None) -> None:
        self._core = core if core is not None else _core.phasing()

    @classmethod
    def linear(cls, *, elapsed_by: ElapsedBy = "months") -> Phasing:
        """Linear in time, ``elapsed_by="months"`` or ``"days"`` (as in
        :meth:`chitieu.Period.elapsed_fraction`).

        >>> Phasing.linear(elapsed_by="days").expected_share("2020", "2020-06-30")  # 182 / 366
        0.4972677595628415
        """
        return cls(_core.phasing.linear(elapsed_by))

    @classmethod
    def profile(cls, shares: Sequence[float] | Mapping[Any, float], *,
                period_type: PeriodType = "month", cumulative: bool = True) -> Phasing:
        """Shares per ``period_type`` period of the plan period, cumulative (the last
        is 1) or, with ``cumulative=False``, per period (summing to 1). A mapping is
        read in key order (``{"01": 0.05, ...}`` or ``{1: 0.05, ...}``).

        >>> Phasing.profile([1, 1, 2], period_type="month", cumulative=False).cumulative
        [0.25, 0.5, 1.0]
        """
        if isinstance(shares, Mapping):
            values = [float(shares[k]) for k in sorted(shares)]
        else:
            values = [float(s) for s in shares]
        if not cumulative:
            total = float(np.sum(values))
            if not np.isfinite(total) or total <= 0 or min(values, default=0) < 0:
                raise ValueError("per-period shares must be >= 0 with a positive sum, "
                                 f"got {values}")
            values = list(np.cumsum(values) / total)
        return cls(_core.phasing.profile(period_type, values))

    @classmethod
    def from_actuals(cls, observations: Any, indicator: str, years: Iterable[int], *,
                     unit: str | None = None, period_type: PeriodType = "month",
                     hierarchy: Any = None, catalog: Any = None) -> Phasing:
        """The average seasonal shape of ``indicator`` over past ``years``, rolled up
        by the engine for ``unit`` (default: the hierarchy's single root).

        A flow's shape is its running total by month over the year's total (months
        without data count as zero); a stock's (or a ratio of stocks') is its change
        since December of the year before over the year's change (a month without
        data keeps the previous value). Years with a zero or missing end are
        skipped; the shapes of the others are averaged.

        >>> import chitieu, pandas as pd
        >>> vn = chitieu.Hierarchy.vietnam(2024)
        >>> cat = chitieu.Catalog([chitieu.Indicator.flow("jobs")])
        >>> df = pd.DataFrame({"indicator": "jobs", "unit": "00001",
        ...                    "period": ["2019Q1", "2019Q2", "2019Q3", "2019Q4"],
        ...                    "value": [1.0, 1.0, 1.0, 5.0]})
        >>> obs = chitieu.Observations.from_frame(df, vn, cat)
        >>> Phasing.from_actuals(obs, "jobs", [2019], period_type="quarter").cumulative
        [0.125, 0.25, 0.375, 1.0]
        """
        from .period import Period
        from .rollup import rollup

        hierarchy = hierarchy if hierarchy is not None else observations.hierarchy
        catalog = catalog if catalog is not None else observations.catalog
        if unit is None:
            roots = hierarchy.units(hierarchy.levels[0])
            if len(roots) != 1:
                raise ValueError(f"the hierarchy has {len(roots)} roots; give unit= "
                                 "for the seasonal shape")
            unit = roots[0]
        cat = _core_of(catalog)
        ind = cat.at(cat.id(indicator))
        flow = _core.sums_over_time(cat, cat.id(indicator))
        if flow and ind.derived:
            raise ValueError(f"{indicator} is derived from flows: a seasonal shape "
                             "needs a base flow or a stock")
        years = sorted(int(y) for y in years)
        wanted = sorted(set(years) | (set() if flow else {y - 1 for y in years}))
        frame = rollup(observations, hierarchy=hierarchy, catalog=catalog, units=[unit],
                       period_type=period_type, periods=[str(y) for y in wanted],
                       indicators=[indicator]).to_pandas()
        frame = frame[frame["indicator"].astype(str) == indicator]
        values = dict(zip(frame["period"].astype(str), frame["value"]))
        paths = []
        for y in years:
            steps = [str(p) for p in Period(str(y)).children(period_type)]
            series = pd.Series([values.get(s, np.nan) for s in steps], dtype=float)
            if flow:
                paths.append(list(series.fillna(0.0).cumsum()))
                continue
            before = [str(p) for p in Period(str(y - 1)).children(period_type)]
            base = values.get(before[-1], np.nan)
            paths.append(list(series.ffill() - base))
        return cls(_core.phasing.from_paths(period_type, paths))

    @property
    def is_linear(self) -> bool:
        return bool(self._core.is_linear)

    @property
    def cumulative(self) -> list[float]:
        """Cumulative shares by period of :attr:`period_type` (empty for linear phasing)."""
        return list(self._core.cumulative)

    def expected_share(self, plan_period: Any, through: Any) -> float:
        """The expected share of a target for ``plan_period`` by the end of
        ``through`` (a date, or a period: its last day)."""
        from .period import Period

        pp = plan_period
        if not isinstance(pp, Period):
            pp = Period(str(pp))
        return float(self._core.expected_share(pp, _date_text(through)))

    def __getstate__(self) -> Any:
        return self._core

    def __setstate__(self, state: Any) -> None:
        self._core = state

    def __repr__(self) -> str:
        if self.is_linear:
            return f"Phasing.linear(elapsed_by={self._core.elapsed_by!r})"
        shares = ", ".join(f"{x:.3g}" for x in self.cumulative)
        return f"Phasing.profile([{shares}], period_type={self._core.period_type!r})"
