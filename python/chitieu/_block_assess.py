"""Assessments of observations that arrive in blocks: Dask partitions or the
record batches of a Parquet dataset.

The engine's assessment (chitieu/assess.hpp) is three steps: the targets and
windows, which need no data; one rollup of the windows; the join, measures,
status, year on year and ranks from that rollup's rows. Here the rollup is the
blocks' partial states merged and finished once (chitieu._blocks), so the
result is the in-memory :func:`chitieu.assess` of all the rows, and a cell
reported in two blocks is refused, named.
"""

from __future__ import annotations

from typing import Any, Callable

from . import _core
from ._util import _core_of

__all__: list[str] = []


def assess_blocks(rolled_up: Callable[[dict[str, Any]], Any], plan: Any, hierarchy: Any,
                  catalog: Any, *, level: str, period: Any, as_of: Any = None,
                  version: str | None = None, thresholds: Any = None, units: Any = None,
                  rank_by: str = "pct_of_plan") -> Any:
    """:func:`chitieu.assess` where ``rolled_up(options)`` is the rollup of every
    block with those :func:`chitieu.partial_rollup` options (a RollupResult)."""
    from .assessment import _assessment, _day, _thresholds
    from .period import Period
    from .rollup import _unit_codes

    th = _thresholds(thresholds)
    p = period if isinstance(period, Period) else Period(str(period))
    hc, cc = _core_of(hierarchy), _core_of(catalog)
    request = _core.assess_request(
        level, p, None if as_of is None else _day(as_of), version,
        _unit_codes(hierarchy, units), th.on_track, th.at_risk, th.exact_tolerance,
        rank_by, 0)
    started = _core.assess_targets(hc, cc, _core_of(plan), request)
    rows = _core.finish(_core.rollup_state())  # no targets: no data needed
    if len(started):
        wanted = started.rollup_request
        codes = cc.codes()
        rows = rolled_up({"level": list(wanted.levels), "units": list(wanted.units),
                          "periods": [str(w) for w in wanted.periods],
                          "indicators": [codes[i] for i in wanted.indicators]})._core
    columns = _core.assess_from_rollup(started, hc, cc, rows)
    return _assessment(columns, hierarchy, catalog, level=level, period=p, as_of=as_of,
                       version=version, thresholds=th)
