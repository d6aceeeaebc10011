"""Dates: ISO ``2024-06-10`` or day-first ``10/06/2024``, never month-first.

Vietnamese files write the day first. ``10/06/2024`` is 10 June; ``06/13/2024``
is refused (there is no month 13) rather than read month-first, and an
impossible date (``30/02/2024``) names its file and line. Date cells of Excel and
date columns of Parquet or frames are taken as they are.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError, Problem, Where
from .text import clean, distinct, rows_of

__all__ = ["parse_date", "parse_dates"]

_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME)
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})" + _TIME)
_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
FORMS = "ISO 2024-06-30 or day-first 30/06/2024"


def _date_of(text: str) -> dt.date | str:
    """The date ``text`` writes, or why it is not one."""
    text = clean(text)
    m = _YEAR_FIRST.fullmatch(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DAY_FIRST.fullmatch(text) or _WORDS.fullmatch(text)
        if not m:
            return f"is not a date: write {FORMS}"
        d, mo, y = (int(g) for g in m.groups())
    try:
        return dt.date(y, mo, d)
    except ValueError:
        if mo > 12 and d <= 12 and not _YEAR_FIRST.fullmatch(text):
            return (f"is not a date: there is no month {mo}; dates are read day-first "
                    "(dd/mm/yyyy) and month-first dates are never guessed")
        return f"is not a date: there is no day {d} in month {mo} of {y}"


def parse_date(value: Any, what: str = "date") -> dt.date:
    """One date (``--as-of``, an ``as_of`` argument) by the same rule.

    >>> parse_date("05/06/2024"), parse_date("2024-06-30")
    (datetime.date(2024, 6, 5), datetime.date(2024, 6, 30))
    >>> parse_date("30/02/2024", "--as-of")
    Traceback (most recent call last):
    ...
    chitieu.io.errors.InputError: --as-of: '30/02/2024' is not a date: there is no day 30 in month 2 of 2024
    """
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    got = _date_of(str(value))
    if isinstance(got, str):
        raise InputError([Problem(what, None, None, str(value), got)])
    return got


def parse_dates(values: pd.Series, where: Where, *, required: bool = True) -> pd.Series:
    """datetime64 dates of a column of text, dates or timestamps (NaT: blank,
    allowed only when not ``required``).

    >>> parse_dates(pd.Series(["10/01/2024", "2024-06-30"]), Where("pay.csv", "date")).dt.month.tolist()
    [1, 6]
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        out = values
    else:
        if pd.api.types.is_numeric_dtype(values.dtype) and len(values):
            values = values.astype(object)
        codes, uniques = distinct(values)
        dates: list[Any] = []
        bad: dict[int, str] = {}
        for k, u in enumerate(uniques):
            if isinstance(u, (dt.date, pd.Timestamp, np.datetime64)):
                dates.append(pd.Timestamp(u))
            elif isinstance(u, str):
                got = _date_of(u) if clean(u) else None
                if isinstance(got, str):
                    bad[k] = got
                dates.append(pd.NaT if got is None or isinstance(got, str) else pd.Timestamp(got))
            else:
                bad[k] = (f"is a number, not a date: write {FORMS}, or format the cells as "
                          "dates in Excel")
                dates.append(pd.NaT)
        if bad:
            rows = rows_of(codes, list(bad))
            raise where.error(rows, uniques[codes[rows]], [bad[int(codes[r])] for r in rows])
        table = pd.DatetimeIndex(dates + [pd.NaT]).as_unit("ns")
        out = pd.Series(table[codes], index=values.index, name=values.name)
    if required and out.isna().any():
        rows = np.flatnonzero(out.isna().to_numpy())[:200]
        raise where.error(rows, [""] * len(rows), f"is blank; a date is required ({FORMS})")
    return out
