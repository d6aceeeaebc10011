"""Numbers as Vietnamese and English files write them, never guessed.

``1.234.567,5`` (Vietnamese: dot thousands, comma decimals) and ``1,234,567.5``
(English) are both read, but a value such as ``1.250`` or ``1,250`` means one
thing in one convention and a thousand times more in the other. Each text is read
under both conventions; a column's convention is decided from the values that
only one of them accepts (``8.100.000``, ``12,5``, ``0.25``); a column holding
only two-way values is refused, naming its lines and the ``number_format``
option. Money is whole đồng, converted as text to int64, never through float.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from .errors import Where
from .numbers_fast import fast_numbers
from .text import MAX_ROWS, clean, distinct, rows_of

__all__ = ["NUMBER_FORMATS", "parse_numbers", "read_number"]

NUMBER_FORMATS = ("auto", "vi", "en")
_GROUPED_SPACES = re.compile(r"(?<=\d) (?=\d{3}(?:\D|$))")
_VI = re.compile(r"([+-]?)((?:[1-9]\d{0,2}(?:\.\d{3})+)|\d+)(?:,(\d+))?")
_EN = re.compile(r"([+-]?)((?:[1-9]\d{0,2}(?:,\d{3})+)|\d+)(?:\.(\d+))?([eE][+-]?\d+)?")
_INT64_MAX = np.iinfo(np.int64).max


def _canonical(match: re.Match[str] | None, group_sep: str) -> str | None:
    """'-1234.5' from a match of _VI or _EN, or None."""
    if match is None:
        return None
    sign, whole, frac = match.group(1), match.group(2).replace(group_sep, ""), match.group(3)
    text = f"{'-' if sign == '-' else ''}{whole}" + (f".{frac}" if frac else "")
    exponent = match.group(4) if match.re is _EN else None
    return text + (exponent or "")


def read_number(text: str) -> tuple[str | None, str | None]:
    """The canonical number ``text`` means as Vietnamese and as English (None: not one).

    >>> read_number("8.100.000"), read_number("1.250"), read_number("12,5")
    (('8100000', None), ('1250', '1.250'), ('12.5', None))
    """
    text = _GROUPED_SPACES.sub("", clean(text))
    return (_canonical(_VI.fullmatch(text), "."), _canonical(_EN.fullmatch(text), ","))


def _decide(vi: list[Any], en: list[Any], number_format: str) -> str:
    """'vi' or 'en' for a column, or raise ValueError with the evidence."""
    if number_format != "auto":
        return number_format
    only_vi = [k for k, (a, b) in enumerate(zip(vi, en)) if a is not None and b is None]
    only_en = [k for k, (a, b) in enumerate(zip(vi, en)) if b is not None and a is None]
    if only_vi and only_en:
        raise _Mixed(only_vi, only_en)
    if only_vi:
        return "vi"
    if only_en:
        return "en"
    two_way = [k for k, (a, b) in enumerate(zip(vi, en)) if a is not None and a != b]
    if two_way:
        raise _Ambiguous(two_way)
    return "en"  # every value reads the same both ways (plain integers)


class _Mixed(Exception):
    def __init__(self, only_vi: list[int], only_en: list[int]) -> None:
        self.only_vi, self.only_en = only_vi, only_en


class _Ambiguous(Exception):
    def __init__(self, uniques: list[int]) -> None:
        self.uniques = uniques


def _as_int(text: str) -> int | None:
    """Whole number of a canonical text ('8100000', '12.000', '1e6'), or None."""
    if "e" in text or "E" in text:
        mantissa, exponent = re.split("[eE]", text)
        value = _as_int_parts(mantissa)
        if value is None:
            return None
        shift = int(exponent)
        digits = mantissa.partition(".")[2].rstrip("0")
        if shift < len(digits):
            return None
        whole = mantissa.replace(".", "").lstrip("+")
        return int(whole) * 10 ** (shift - len(mantissa.partition(".")[2]))
    return _as_int_parts(text)


def _as_int_parts(text: str) -> int | None:
    whole, _, frac = text.partition(".")
    if frac.strip("0"):
        return None
    return int(whole)


def parse_numbers(values: pd.Series, where: Where, *, number_format: str = "auto",
                  money: bool = False, integer: bool = False,
                  required: bool = True) -> np.ndarray:
    """float64 values (int64 when ``money`` or ``integer``, or when every value is
    whole) of a column of text or numbers; blank values are an error when
    ``required``, else NaN (0 in int64 columns: a blank count is none).

    >>> parse_numbers(pd.Series(["8.100.000", "250.000"]), Where("p.csv", "amount"), money=True)
    array([8100000,  250000])
    >>> parse_numbers(pd.Series(["1.250", "2.400"]), Where("p.csv", "target", [2, 3]))
    Traceback (most recent call last):
    ...
    chitieu.io.errors.InputError: p.csv, line 2, column 'target': '1.250' ... (and 1 more: line 3 '2.400')
    """
    if number_format not in NUMBER_FORMATS:
        raise ValueError(f"number_format must be one of {NUMBER_FORMATS}, not {number_format!r}")
    want_int = money or integer
    if pd.api.types.is_bool_dtype(values.dtype):
        raise where.error([0], [values.iloc[0] if len(values) else None],
                          "is true/false where a number is expected")
    if pd.api.types.is_numeric_dtype(values.dtype):
        return _from_numeric(values, where, want_int, money, required)
    fast = fast_numbers(values.array, number_format, want_int)
    if fast is not None:
        return fast
    codes, uniques = distinct(values)
    parsed = [None] * len(uniques)  # Python int or float per distinct value
    texts: list[int] = []
    bad: list[int] = []
    reasons: dict[int, str] = {}
    for k, u in enumerate(uniques):
        if isinstance(u, (bool, np.bool_)):
            bad.append(k)
            reasons[k] = "is true/false where a number is expected"
        elif isinstance(u, (int, np.integer)):
            parsed[k] = int(u)
        elif isinstance(u, (float, np.floating)):
            parsed[k] = float(u) if np.isfinite(u) else None
            if parsed[k] is None:
                bad.append(k)
                reasons[k] = "is not a finite number"
        elif isinstance(u, str):
            texts.append(k)
        else:
            bad.append(k)
            reasons[k] = f"is a {type(u).__name__}, not a number"
    blank = [k for k in texts if not clean(uniques[k])]
    texts = [k for k in texts if clean(uniques[k])]
    readings = [read_number(uniques[k]) for k in texts]
    try:
        chosen = _decide([r[0] for r in readings], [r[1] for r in readings], number_format)
    except _Mixed as mixed:
        sample = [texts[k] for k in mixed.only_vi[:2] + mixed.only_en[:2]]
        raise where.error(rows_of(codes, sample), uniques[codes[rows_of(codes, sample)]],
                          "the column mixes Vietnamese numbers (1.234,5) and English ones "
                          "(1,234.5); make it one convention") from None
    except _Ambiguous as amb:
        rows = rows_of(codes, [texts[k] for k in amb.uniques])
        meaning = {texts[k]: readings[k] for k in amb.uniques}
        raise where.error(rows, uniques[codes[rows]], [
            f"is ambiguous: {_plain(meaning[int(codes[r])][0])} in Vietnamese, "
            f"{_plain(meaning[int(codes[r])][1])} in English, and no value in the column tells "
            "which; say number_format='vi' or 'en' (--number-format)" for r in rows]) from None
    use = 0 if chosen == "vi" else 1
    other = "English (1,234.5)" if chosen == "vi" else "Vietnamese (1.234,5)"
    for k, reading in zip(texts, readings):
        text = reading[use]
        if text is None:
            bad.append(k)
            reasons[k] = ("is not a number" if reading[1 - use] is None else
                          f"is not a number in {('Vietnamese', 'English')[use]} form (it "
                          f"reads as {other}; see number_format)")
        elif want_int or not any(c in text for c in ".eE"):
            whole = _as_int(text)
            parsed[k] = whole if whole is not None and abs(whole) < 2**63 else float(text)
        else:
            parsed[k] = float(text)
    if bad:
        rows = rows_of(codes, bad)
        raise where.error(rows, uniques[codes[rows]], [reasons[int(codes[r])] for r in rows])
    missing = list(blank) + ([-1] if (codes < 0).any() else [])
    if missing and required:
        rows = rows_of(codes, missing)
        raise where.error(rows, [""] * len(rows), "is blank; a number is required")
    return _assemble(codes, parsed, where, want_int, money)


def _plain(text: str) -> str:
    whole = _as_int(text)
    return str(whole) if whole is not None else repr(float(text))


def _whole(money: bool) -> str:
    return "a whole number of đồng" if money else "a whole number"


def _assemble(codes: np.ndarray, parsed: list[Any], where: Where, want_int: bool,
              money: bool) -> np.ndarray:
    if want_int:
        fractional = [k for k, v in enumerate(parsed)
                      if v is not None and not isinstance(v, int)
                      and not (isinstance(v, float) and v.is_integer() and abs(v) < 2**53)]
        if fractional:
            rows = rows_of(codes, fractional)
            values = [parsed[int(codes[r])] for r in rows]
            raise where.error(rows, values, [
                "is beyond 2^53 as a float: give it as an integer or as text"
                if isinstance(v, float) and v.is_integer() else f"is not {_whole(money)}"
                for v in values])
        table = np.array([0 if v is None else int(v) for v in parsed] + [0], dtype=np.int64)
        return table[codes]
    if all(isinstance(v, int) for v in parsed) and (codes >= 0).all():
        return np.array(parsed + [0], dtype=np.int64)[codes]  # exact: money survives
    if any(isinstance(v, int) and abs(v) >= 2**53 for v in parsed):
        big = [k for k, v in enumerate(parsed) if isinstance(v, int) and abs(v) >= 2**53]
        rows = rows_of(codes, big)
        raise where.error(rows, [parsed[int(codes[r])] for r in rows],
                          "is beyond 2^53 in a column with fractions: it would lose digits")
    table = np.array([np.nan if v is None else float(v) for v in parsed] + [np.nan])
    return table[codes]


def _from_numeric(values: pd.Series, where: Where, want_int: bool, money: bool,
                  required: bool) -> np.ndarray:
    """Numbers already typed (Parquet, Excel, a frame): whole-number checks only."""
    if values.dtype.kind in "iu" and not values.hasnans:
        return values.to_numpy().astype(np.int64, copy=False)
    arr = values.to_numpy(dtype=np.float64, na_value=np.nan)
    missing = np.isnan(arr)
    if missing.any() and required:
        rows = np.flatnonzero(missing)[:MAX_ROWS]
        raise where.error(rows, [""] * len(rows), "is blank; a number is required")
    if not want_int:
        return arr
    arr = np.where(missing, 0.0, arr)
    big = np.abs(arr) >= 2**53  # a float there may already have lost digits
    bad = ~np.isfinite(arr) | (arr != np.round(arr)) | big
    if bad.any():
        rows = np.flatnonzero(bad)[:MAX_ROWS]
        what = _whole(money)
        raise where.error(rows, arr[rows], [
            "is beyond 2^53 as a float: give it as an integer or as text" if big[r]
            else f"is not {what}" for r in rows])
    return arr.astype(np.int64)
