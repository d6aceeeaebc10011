"""Small helpers every module shares: the compiled object behind a wrapper,
argument lists, required columns."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

#: Policy and option strings, one alias each (checked again by the core).
PeriodType = Literal["day", "week", "month", "quarter", "half", "year"]
NanPolicy = Literal["error", "skip"]
DuplicatePolicy = Literal["error", "last", "sum"]
GapPolicy = Literal["error", "carry"]
RankBy = Literal["pct_of_plan", "value"]
Rounding = Literal["half_up", "truncate"]
Lang = Literal["vi", "en"]
ElapsedBy = Literal["months", "days"]
ValueType = Literal["real", "money"]
Direction = Literal["higher_is_better", "lower_is_better", "higher", "lower"]


def _core_of(obj: Any) -> Any:
    """The compiled object behind a Python wrapper (or the object itself)."""
    return getattr(obj, "_core", obj)


def _as_list(x: Any) -> list[Any]:
    """None -> [], one value (a string too) -> [value], an iterable -> a list."""
    if x is None:
        return []
    if isinstance(x, (str, bytes)) or not isinstance(x, Iterable):
        return [x]
    return list(x)


def _require(frame: Any, columns: Sequence[str], what: str) -> None:
    """ValueError naming the columns ``frame`` lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lack column(s) {missing}; they have {list(frame.columns)}")


def _text(x: Any) -> str:
    """A code or period as text; missing -> ""; 2019.0 (a CSV year) -> "2019"."""
    if x is None:
        return ""
    if isinstance(x, float):
        if np.isnan(x):
            return ""
        if x.is_integer():
            return str(int(x))
    try:
        if pd.isna(x):
            return ""
    except (TypeError, ValueError):
        pass
    return str(x)


def _date_text(x: Any) -> str:
    """A date (or period: its last day) as text for the core; missing -> ""."""
    if x is None:
        return ""
    if isinstance(x, (pd.Timestamp, _dt.datetime)):
        return "" if pd.isna(x) else x.date().isoformat()
    if isinstance(x, _dt.date):
        return x.isoformat()
    if isinstance(x, np.datetime64):
        return "" if np.isnat(x) else pd.Timestamp(x).date().isoformat()
    if isinstance(x, str) and ("T" in x or ":" in x):  # a timestamp as text
        return pd.Timestamp(x).date().isoformat()
    return _text(x)
