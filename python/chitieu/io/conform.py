"""A table read into the types its kind of file needs, every problem collected.

:func:`conform` is the one place a column of text becomes codes, numbers, money,
dates or yes/no: files (:func:`chitieu.io.read_table`) and the ``from_frame``
readers both go through it. Columns already typed (numbers, dates, booleans of a
frame or Parquet file) pass through with their checks only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .booleans import parse_booleans
from .codes import coded_texts, fix_unit_codes, passes_as_codes
from .dates import parse_dates
from .errors import InputError, Problem, UnknownCodes, Where
from .numbers import parse_numbers
from .schema import KINDS, Column
from .text import clean, clean_column, distinct, rows_of

__all__ = ["LINES", "SOURCE", "conform"]

SOURCE = "chitieu.source"  # frame.attrs key: the file a frame was read from
LINES = "chitieu.lines"  # frame.attrs key: each row's line in that file
_YEAR = re.compile(r"(?:năm\s+)?(\d{4})", re.IGNORECASE)


def _years(values: pd.Series, where: Where) -> np.ndarray:
    """Fiscal years: 2024, "2024", "năm 2024"."""
    if pd.api.types.is_numeric_dtype(values.dtype):
        return parse_numbers(values, where, integer=True)
    codes, uniques = distinct(values)
    years: list[int] = []
    bad: list[int] = []
    for k, u in enumerate(uniques):
        text = clean(str(u.item() if isinstance(u, np.generic) else u))
        text = text[:-2] if text.endswith(".0") else text
        m = _YEAR.fullmatch(text)
        years.append(int(m.group(1)) if m else 0)
        if not m:
            bad.append(k)
    if bad or (codes < 0).any():
        rows = rows_of(codes, bad + [-1])
        raise where.error(rows, [uniques[c] if c >= 0 else "" for c in codes[rows]],
                          "is not a year: write 2024 (or năm 2024)")
    return np.array(years + [0], dtype=np.int64)[codes]


def _column(values: pd.Series, column: Column, where: Where, hierarchy: Any,
            number_format: str, nan_ok: bool) -> Any:
    kind = column.type
    if kind in ("code", "unit"):
        unit_check = hierarchy if kind == "unit" else None
        if passes_as_codes(values, hierarchy=unit_check):
            return values  # a dictionary seen before, or clean known codes: no row work
        out, codes, texts = coded_texts(values, where, required=not column.blank_ok)
        if kind == "unit" and hierarchy is not None:
            return fix_unit_codes(out, hierarchy, where, coded=(codes, texts))
        return out
    if kind == "text":
        return clean_column(values)
    typed = pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(
        values.dtype)
    blank_ok = column.blank_ok or (nan_ok and kind == "number")
    if kind == "number" and typed and (blank_ok or not values.hasnans):
        return values  # already numbers: used in place (NaN meets the reader's NaN policy)
    if kind in ("number", "money", "integer"):
        return parse_numbers(values, where, number_format=number_format, money=kind == "money",
                             integer=kind == "integer", required=not blank_ok)
    if kind == "year":
        return _years(values, where)
    if kind == "date":
        return parse_dates(values, where, required=not column.blank_ok)
    if kind == "boolean":
        return parse_booleans(values, where)
    raise AssertionError(kind)


def where_of(frame: pd.DataFrame, source: str | None = None) -> Where:
    """The location of ``frame``'s rows: the file it was read from, if any."""
    return Where(source or frame.attrs.get(SOURCE), None, frame.attrs.get(LINES))


def conform(frame: pd.DataFrame, kind: str, *, hierarchy: Any = None,
            number_format: str = "auto", names: Mapping[str, str] | None = None,
            source: str | None = None, check_columns: bool = True,
            others: str = "clean", nan_ok: bool = False) -> pd.DataFrame:
    """``frame`` with each column of ``kind`` parsed; other text columns cleaned.

    ``names`` maps the kind's column names to the frame's (``{"value": "amount"}``);
    ``hierarchy`` checks unit codes (padding lost zeros, with a warning). Columns
    not of the kind are cleaned text (``others="clean"``) or left as they are
    (``"keep"``). With ``nan_ok``, blank numbers are NaN (for a reader with a NaN
    policy of its own) instead of errors. Every problem of every column is
    raised together as one :class:`InputError`.

    >>> frame = pd.DataFrame({"date": ["10/01/2024"], "programme": ["p"], "source": ["s"],
    ...                       "unit": ["01"], "amount": ["8.100.000"], "reversal": ["không"]})
    >>> conform(frame, "payments").iloc[0].astype(str).tolist()
    ['2024-01-10 00:00:00', 'p', 's', '01', '8100000', 'False']
    """
    names = dict(names or {})
    where = where_of(frame, source)
    problems: list[Problem] = []
    unknown_codes = False
    out = {}
    spec = {names.get(c.name, c.name): c for c in KINDS[kind]}
    if check_columns:
        missing = [name for name, c in spec.items() if c.required and name not in frame.columns]
        if missing:
            problems.append(Problem(where.file, 1 if where.lines is not None else None, None,
                                    None, f"{kind} file lacks column(s) {', '.join(missing)}; "
                                    f"it has {', '.join(map(str, frame.columns))}"))
    for name in frame.columns:
        column = spec.get(str(name))
        try:
            if column is None:
                out[name] = clean_column(frame[name]) if others == "clean" else frame[name]
            else:
                out[name] = _column(frame[name], column, where.at(str(name)), hierarchy,
                                    number_format, nan_ok)
        except InputError as err:
            unknown_codes |= isinstance(err, UnknownCodes)
            problems.extend(err.problems)
            out[name] = frame[name]
    if problems:
        raise (UnknownCodes if unknown_codes else InputError)(problems)
    result = pd.DataFrame(out, index=frame.index)
    result.attrs.update(frame.attrs)
    return result
