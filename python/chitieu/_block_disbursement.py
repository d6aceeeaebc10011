"""Disbursement of a payment ledger that arrives in blocks (Dask partitions).

In memory (chitieu.disbursement) the ledger is totalled per unit x programme
x source x month by the engine, those cells and the allocations become money
observations, and three rollups of them (the year's table, approved and
coverage per programme, the months of the S-curve) give the result. Here every
partition totals its own payments and rolls its cells up into partial states
of those three rollups; the allocations (small, with the client) are one more
block; the states merge in a tree and finish once, and the same code as in
memory makes the table, the measures and the S-curve from the finished rows.

Payments repeat cells legitimately (two payments of one unit in one month), so
partition states add up, as the in-memory build sums duplicates; no cell set.
Every block is built over one series index of the programmes and sources
(found in a first pass over the partitions, with the ledger's last date), so
the states merge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd

from . import _core
from . import _disbursement_rows as _rows
from .period import Period

__all__: list[str] = []


def ledger_summary(part: Any) -> tuple[Any, set[str], set[str]]:
    """A partition's last payment date, programmes and sources (as the build reads them)."""
    from ._allocations import Payments

    frame = Payments.from_frame(part).frame
    last = frame["date"].max() if len(frame) else None
    return (last, {str(p) for p in frame["programme"].unique()},
            {str(s) for s in frame["source"].unique()})


def requests(by: list[str], year: int, approved: Any) -> list[tuple[Any, ...]]:
    """The rollups the result is made of: (kept categories, indicators, when)."""
    from .disbursement import _TABLE

    year_only = {"periods": [str(Period.year(year))]}
    out = [(by, list(_TABLE), year_only),
           (by, ["disbursed", "planned_by_month"], {"period_type": "month"})]
    if approved is not None and "programme" in by:
        out.append((["programme"], ["approved", "coverage"], year_only))
    return out


class Context:
    """What every block needs, sent once: the allocations in force, the months,
    the programmes and sources, the level and the rollups."""

    def __init__(self, as_of: dt.date, alloc: pd.DataFrame, months: list[Period],
                 options: dict[str, list[str]], level: str,
                 wanted: list[tuple[Any, ...]]) -> None:
        self.as_of, self.alloc, self.months = as_of, alloc, [str(m) for m in months]
        self.options, self.level, self.wanted = options, level, wanted

    def series(self) -> Any:
        from ._series import fixed_index

        return fixed_index(_rows.measures_catalog()._core, self.options)

    def rows(self, hierarchy: Any) -> Any:
        return _rows.LedgerRows(hierarchy, self.as_of.year, self.series())

    def states(self, rows: Any) -> list[Any]:
        """The partial states of the rollups over the rows' observations."""
        from .rollup import partial_rollup

        observations = rows.observations(1)
        return [partial_rollup(observations, level=self.level, by=by, indicators=indicators,
                               threads=1, **when)
                for by, indicators, when in self.wanted]


def payment_states(part: Any, hierarchy: Any, context: Context) -> tuple[int, Any]:
    """A partition's ledger cells (their count) and their partial states (None
    when it holds no payment of the year to as_of)."""
    from ._allocations import Payments

    months = [Period(m) for m in context.months]
    cells = Payments.from_frame(part).totals(hierarchy, _rows.month_buckets(months,
                                                                            context.as_of))
    if not len(cells):
        return 0, None
    rows = context.rows(hierarchy)
    _rows.cell_rows(rows, cells, cells.allocated(hierarchy, context.alloc), months)
    return len(cells), context.states(rows)


def merge_states(parts: Sequence[tuple[int, Any]]) -> tuple[int, Any]:
    """Cell counts added, states merged rollup by rollup, in order."""
    count, merged = 0, None
    for n, states in parts:
        count += n
        if states is None:
            continue
        merged = states if merged is None else [a.merge(b) for a, b in zip(merged, states)]
    return count, merged


def finished(states: list[Any], context: Context) -> dict[tuple[Any, ...], pd.DataFrame]:
    """Each rollup's rows, by (kept categories, indicators)."""
    from .rollup import disaggregated

    series = context.series()
    out = {}
    for state, (by, indicators, _) in zip(states, context.wanted):
        result = disaggregated(_core.finish_series(state._core, series, list(by), 0))
        out[(tuple(by), tuple(indicators))] = _rows.rows_frame(result, by)
    return out
