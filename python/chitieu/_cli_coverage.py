"""Which months of each reported period the input has data for.

A year asked for from January-June data is half a year: the rollup adds up what
is there, so the command line marks each row with ``months_with_data`` (months
of the row's period that hold any observation of its indicator, or of any
indicator for derived ones), ``months_in_period`` and ``complete``. This counts
distinct periods of the input; it computes no figure.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ._core import Period

__all__ = ["mark_partial_periods"]


@lru_cache(maxsize=4096)
def _months(text: str) -> frozenset[tuple[int, int]]:
    """The calendar months (year, month) a period touches."""
    period = Period.parse(text)
    first, last = period.first, period.last
    months = set()
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        months.add((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return frozenset(months)


def mark_partial_periods(result: pd.DataFrame, observed: pd.DataFrame) -> pd.DataFrame:
    """``result`` (indicator, period, ...) with months_with_data, months_in_period
    and complete, from the (indicator, period) pairs of the ``observed`` input."""
    if result.empty or "period" not in result or "indicator" not in result:
        return result
    pairs = observed[["indicator", "period"]].astype(str).drop_duplicates()
    seen: dict[str, set[tuple[int, int]]] = {}
    for indicator, period in pairs.itertuples(index=False, name=None):
        seen.setdefault(indicator, set()).update(_months(period))
    anywhere = set().union(*seen.values()) if seen else set()
    keys = result[["indicator", "period"]].astype(str)
    with_data, in_period = [], []
    cache: dict[tuple[str, str], tuple[int, int]] = {}
    for key in keys.itertuples(index=False, name=None):
        if key not in cache:
            months = _months(key[1])
            cache[key] = (len(months & seen.get(key[0], anywhere)), len(months))
        with_data.append(cache[key][0])
        in_period.append(cache[key][1])
    out = result.copy()
    out["months_with_data"] = with_data
    out["months_in_period"] = in_period
    out["complete"] = out["months_with_data"] == out["months_in_period"]
    return out

