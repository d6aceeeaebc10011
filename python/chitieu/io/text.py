"""Text as analysts' files hold it: NFC, ordinary spaces, no zero-width marks.

Word and some keyboards write Vietnamese in decomposed (NFD) form; Excel pastes
non-breaking spaces; web pages leave zero-width spaces. All are made plain here,
once per distinct value, so ``quý III năm 2017`` typed either way is one phrase.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from .._arrow import factorize

__all__ = ["clean", "clean_column", "distinct", "is_clean", "rows_of", "unique_texts"]

# Spaces that look like a space: no-break, narrow no-break, figure, thin, ideographic.
_SPACES = dict.fromkeys("\xa0\u202f\u2007\u2009\u3000", " ")
# Marks with no width: zero-width space / non-joiner / joiner, word joiner, BOM.
_ZERO_WIDTH = dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff")
_TABLE = str.maketrans({**_SPACES, **_ZERO_WIDTH})

# Problems listed per bad column at most (a million equal bad cells are one story).
MAX_ROWS = 200


def is_clean(text: str) -> bool:
    """True for text :func:`clean` leaves as it is, by a quick test that holds for
    printable ASCII (the usual code or number); other text answers False."""
    return text.isascii() and text.isprintable() and text == text.strip() and text != ""


def unique_texts(values: pd.Series) -> np.ndarray | None:
    """The distinct texts of an Arrow-backed text column without missing cells
    (Arrow's hash, no per-row codes), or None for any other column."""
    if not (getattr(values.dtype, "storage", None) == "pyarrow"
            or isinstance(values.dtype, pd.ArrowDtype)) or values.hasnans:
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.unique(pa.array(values.array)).to_numpy(zero_copy_only=False)


def clean(text: str) -> str:
    """NFC, plain spaces, no zero-width marks, no surrounding whitespace.

    >>> clean("qu\\u0079\\u0301 III\\u00a0n\\u0103m 2017\\u200b") == "quý III năm 2017"
    True
    """
    return unicodedata.normalize("NFC", text.translate(_TABLE)).strip()


def distinct(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Row codes into the distinct values (-1: missing) and the distinct values."""
    if isinstance(values.dtype, pd.CategoricalDtype):  # its own codes: no hashing per row
        codes, used = factorize(values)
        return codes, np.asarray(used, dtype=object)
    if getattr(values.dtype, "storage", None) == "pyarrow" or isinstance(values.dtype,
                                                                          pd.ArrowDtype):
        return _distinct_arrow(values)
    codes, uniques = pd.factorize(values, sort=False, use_na_sentinel=True)
    return codes, np.asarray(uniques, dtype=object)


def _distinct_arrow(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Arrow-backed text (CSV read by Arrow): its own dictionary encoding, which is
    several times faster than pandas' factorize of such columns."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = pa.array(values.array)
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    encoded = column.dictionary_encode()
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
    return codes.astype(np.intp, copy=False), encoded.dictionary.to_numpy(zero_copy_only=False)


def rows_of(codes: np.ndarray, bad: Any) -> np.ndarray:
    """Rows (ascending, at most MAX_ROWS) whose code is one of the ``bad`` codes."""
    return np.flatnonzero(np.isin(codes, np.asarray(bad, dtype=codes.dtype)))[:MAX_ROWS]


def _clean_any(x: Any) -> Any:
    return clean(x) if isinstance(x, str) else x


def clean_column(values: pd.Series) -> pd.Series:
    """``values`` with every text cleaned (distinct values once); other dtypes as is.

    >>> clean_column(pd.Series(["a\\u00a0", "b"])).tolist()
    ['a', 'b']
    """
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        cats = values.cat.categories
        cleaned = [_clean_any(c) for c in cats]
        if cleaned == list(cats):
            return values
        values = values.astype(object)
    elif not (dtype == np.dtype(object) or pd.api.types.is_string_dtype(dtype)):
        return values
    codes, uniques = distinct(values)
    cleaned = np.array([_clean_any(u) for u in uniques] + [None], dtype=object)
    if len(uniques) and all(a is b or a == b for a, b in zip(cleaned, uniques)):
        return values
    return pd.Series(cleaned[codes], index=values.index, name=values.name)
