"""Argument checks shared by the data set generators: a message names the argument
and the value it was given."""

from __future__ import annotations

import numbers
from collections.abc import Iterable

from . import _gen_common as _common


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
    return int(seed)


def _check_years(years: int | Iterable[int]) -> tuple:
    items = [years] if isinstance(years, numbers.Integral) else list(years)
    bad = [
        y for y in items if isinstance(y, bool) or not isinstance(y, numbers.Integral)
    ]
    if bad or not items:
        raise ValueError(f"years must be one or more integer years, not {years!r}")
    out = tuple(sorted({int(y) for y in items}))
    outside = [y for y in out if not _common.MIN_YEAR <= y <= _common.MAX_YEAR]
    if outside:
        raise ValueError(
            f"years {outside} outside the generated range "
            f"{_common.MIN_YEAR}-{_common.MAX_YEAR}"
        )
    return out


def _check_count(x: object, what: str) -> int:
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise ValueError(f"{what} must be a non-negative whole number, not {x!r}")
    if not float(x).is_integer() or x < 0:
        raise ValueError(f"{what} must be a non-negative whole number, not {x!r}")
    return int(x)
