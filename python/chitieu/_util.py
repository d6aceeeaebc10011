"""Small helpers every module shares: the compiled object behind a wrapper,
argument lists, required columns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

#: Policy and option strings, one alias each (checked again by the core).
PeriodType = Literal["day", "week", "month", "quarter", "half", "year"]
NanPolicy = Literal["error", "skip"]
DuplicatePolicy = Literal["error", "last", "sum"]
GapPolicy = Literal["error", "carry"]
RankBy = Literal["pct_of_plan", "value"]
Rounding = Literal["half_up", "truncate"]


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
