"""Codes (units, indicators, programmes) as text, and unit codes that lost zeros.

Excel reads ``01`` as the number 1 unless the column is text; a CSV saved from
it then holds ``1``. A unit code that is unknown but becomes known when padded
with zeros to the width of the column's other codes is padded, with a
:class:`~chitieu.io.errors.UnitCodesPadded` warning; a code that could be padded
to more than one known unit, or to none, is refused with the hint.
"""

from __future__ import annotations

import warnings
from typing import Any, Callable

import numpy as np
import pandas as pd

from . import memo
from .errors import UnitCodesPadded, UnknownCodes, Where
from .text import clean, distinct, is_clean, rows_of, unique_texts

__all__ = ["code_texts", "fix_unit_codes", "passes_as_codes"]


def _code_text(value: Any) -> str | None:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else None
    if isinstance(value, str):
        return clean(value)
    return None if value is None else clean(str(value))


def code_texts(values: pd.Series, where: Where, *, required: bool = True) -> pd.Series:
    """Codes as clean text (numbers from Excel or a typed column: ``1.0`` -> ``"1"``);
    blank is None, an error when ``required``.

    >>> code_texts(pd.Series([1.0, "01\\u00a0", 25000]), Where("o.csv", "unit")).tolist()
    ['1', '01', '25000']
    """
    return coded_texts(values, where, required=required)[0]


def coded_texts(values: pd.Series, where: Where, *,
                required: bool = True) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """:func:`code_texts`, with each row's code into the distinct texts (None: blank;
    codes None: the column is clean text, returned as it is)."""
    quick = unique_texts(values)
    if quick is not None and all(is_clean(u) for u in quick):
        return values, None, quick
    codes, uniques = distinct(values)
    texts = [_code_text(u) for u in uniques]
    bad = [k for k, (t, u) in enumerate(zip(texts, uniques)) if t is None and u is not None]
    if bad:
        rows = rows_of(codes, bad)
        raise where.error(rows, uniques[codes[rows]], "is not a code")
    table = np.array([t if t else None for t in texts] + [None], dtype=object)
    blank = [k for k, t in enumerate(texts) if not t] + [-1]
    if required and np.isin(codes, blank).any():
        rows = rows_of(codes, blank)
        raise where.error(rows, [""] * len(rows), "is blank; a code is required")
    unchanged = all(isinstance(u, str) and t and t == u for t, u in zip(texts, uniques))
    if unchanged and not (codes < 0).any():
        return values, codes, table  # clean text already (the usual case): no copy
    return pd.Series(table[codes], index=values.index, name=values.name), codes, table


def passes_as_codes(values: pd.Series, *, hierarchy: Any = None) -> bool:
    """True when a categorical column is codes as they are: every category clean
    text (and, with ``hierarchy``, a unit of it) and no blank cell. Decided once
    per categories object (``chitieu.io.memo``: the record batches of a dataset
    share it), so the rows are looked at only for blanks.
    Any other column answers False and goes the careful way, which names what is
    wrong; a True here is what the careful way would find too.
    """
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return False
    categories = values.dtype.categories
    if not memo.remember_for(categories, "clean codes",
                             lambda: all(isinstance(c, str) and is_clean(c) for c in categories)):
        return False
    if len(values) and np.asarray(values.array.codes).min() < 0:
        return False
    if hierarchy is None:
        return True
    core = getattr(hierarchy, "_core", hierarchy)
    return memo.remember_for(categories, ("units of", core.fingerprint),
                             lambda: all(core.find(c) is not None for c in categories))


def _widths(known_in_column: list[str], all_codes: Callable[[], list[str]]) -> list[int]:
    widths = sorted({len(c) for c in known_in_column if c.isdigit()})
    return widths or sorted({len(c) for c in all_codes() if c.isdigit()})


def fix_unit_codes(values: pd.Series, hierarchy: Any, where: Where, *,
                   coded: tuple[np.ndarray | None, np.ndarray] | None = None) -> pd.Series:
    """Unit codes checked against ``hierarchy``; those that lost leading zeros are
    padded (warning :class:`UnitCodesPadded`); unknown ones raise InputError.
    ``coded``: the rows' codes into their distinct texts, when already known.

    >>> import chitieu
    >>> vn = chitieu.Hierarchy.vietnam(2024)
    >>> import warnings
    >>> with warnings.catch_warnings(record=True):
    ...     warnings.simplefilter("always")
    ...     fix_unit_codes(pd.Series(["1", "4", "00007"]), vn, Where("o.csv", "unit")).tolist()
    ['00001', '00004', '00007']
    """
    find = getattr(hierarchy, "_core", hierarchy).find
    codes, uniques = coded if coded is not None else distinct(values)
    known = [u is None or find(str(u)) is not None for u in uniques]
    if all(known):
        return values
    if codes is None:  # clean text given by its distinct values: now the rows are needed
        codes, uniques = distinct(values)
        known = [u is None or find(str(u)) is not None for u in uniques]
    widths = _widths([str(u) for u, k in zip(uniques, known) if k], lambda: list(hierarchy))
    fixed = list(uniques)
    padded: list[str] = []
    bad: dict[int, str] = {}
    for k, u in enumerate(uniques):
        if known[k]:
            continue
        text = str(u)
        fits = [text.zfill(w) for w in widths
                if text.isdigit() and w > len(text) and find(text.zfill(w)) is not None]
        if len(fits) == 1:
            fixed[k] = fits[0]
            padded.append(f"{text} -> {fits[0]}")
        elif fits:
            bad[k] = (f"is not a unit code; with its leading zeros it could be any of "
                      f"{', '.join(fits)}: store the codes as text (in Excel: format the "
                      "column as Text) and write them in full")
        else:
            hint = (" (codes that look like numbers lose their leading zeros in Excel: "
                    "format the column as Text)" if text.isdigit() else "")
            bad[k] = f"is not a unit of the hierarchy{hint}"
    if bad:
        rows = rows_of(codes, list(bad))
        raise where.error(rows, uniques[codes[rows]], [bad[int(codes[r])] for r in rows],
                          UnknownCodes)
    shown = ", ".join(padded[:5]) + (", ..." if len(padded) > 5 else "")
    warnings.warn(f"{where.file or 'frame'}, column {where.column!r}: {len(padded)} unit "
                  f"code(s) had lost their leading zeros and were padded ({shown}); store "
                  "codes as text to silence this", UnitCodesPadded, stacklevel=3)
    table = np.array(fixed + [None], dtype=object)
    return pd.Series(table[codes], index=values.index, name=values.name)

