"""Yes/no columns (``reversal``): true/false, 1/0, yes/no, có/không, x/blank.

A blank cell is false (a column of ticks ``x`` leaves the others empty).
Anything else is refused, naming its line: ``"no"`` must never become True.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import Where
from .text import clean, distinct, rows_of

__all__ = ["parse_booleans"]

_TRUE = {"true", "1", "yes", "có", "x", "đúng", "y", "t"}
_FALSE = {"false", "0", "no", "không", "", "sai", "n", "f"}


def _truth(value: object) -> bool | None:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return {1: True, 0: False}.get(value) if value in (0, 1) else None  # type: ignore[call-overload]
    if isinstance(value, str):
        text = clean(value).lower()
        return True if text in _TRUE else False if text in _FALSE else None
    return None


def parse_booleans(values: pd.Series, where: Where) -> np.ndarray:
    """bool values of a yes/no column; blank (and missing) is False.

    >>> parse_booleans(pd.Series(["có", "", "không", "x", None]), Where("pay.csv", "reversal"))
    array([ True, False, False,  True, False])
    """
    if pd.api.types.is_bool_dtype(values.dtype) and not values.hasnans:
        return values.to_numpy(dtype=bool)
    codes, uniques = distinct(values)
    truths = [_truth(u) for u in uniques]
    bad = [k for k, t in enumerate(truths) if t is None]
    if bad:
        rows = rows_of(codes, bad)
        raise where.error(rows, uniques[codes[rows]],
                          "is not yes/no: write true/false, 1/0, yes/no, có/không or x/blank")
    return np.array(truths + [False], dtype=bool)[codes]
