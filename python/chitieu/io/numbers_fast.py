"""The vectorised path of :func:`chitieu.io.parse_numbers` for columns of clean text.

The same two readings as :func:`chitieu.io.numbers.read_number` (the patterns
are the same, in RE2 syntax), evaluated by Arrow over the whole column. It only
ever answers when every value reads cleanly in the chosen convention; anything
else -- a blank, a stray space, an ambiguous or mixed column, an exponent, a
fraction in an int64 column -- returns None, and the careful path, which names
every problem, runs instead. A test checks that the two paths agree.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["fast_numbers"]

_VI = r"^[+-]?(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?$"
_EN = r"^[+-]?(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d+)?$"
_EXACT_DIGITS = 15  # integers with more digits may not survive float64
_INT64_DIGITS = 18  # integers with at most this many digits fit int64
_DICTIONARY_FROM = 65536  # longer columns are read by their distinct texts when repeated


def _arrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - pyarrow is optional
        return None
    return pa, pc


def _decide(pc: Any, texts: Any, vi_ok: Any, en_ok: Any, number_format: str) -> str | None:
    if number_format != "auto":
        return number_format
    only_vi = pc.any(pc.and_not(vi_ok, en_ok)).as_py()
    only_en = pc.any(pc.and_not(en_ok, vi_ok)).as_py()
    if only_vi or only_en:
        return None if only_vi and only_en else "vi" if only_vi else "en"
    # Valid both ways: the same number unless it has a separator (1.250, 1,250).
    return None if pc.any(pc.match_substring_regex(texts, "[.,]")).as_py() else "en"


def _text_array(values: Any, pa: Any) -> Any:
    try:
        texts = pa.array(values, type=pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return None  # not all text
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    return None if texts.null_count or not len(texts) else texts


def _unsigned_decimals(pa: Any, pc: Any, texts: Any, number_format: str,
                       want_int: bool) -> np.ndarray | None:
    """The commonest column -- unsigned integers, or English decimals with some
    evidence such as 0.25 -- by plain string kernels, no regular expressions."""
    if number_format == "vi" or pc.any(pc.match_substring(texts, ",")).as_py():
        return None
    body = pc.replace_substring(texts, ".", "", max_replacements=1)
    if not pc.all(pc.utf8_is_digit(body)).as_py():
        return None  # signs, spaces, second dots, exponents, words: the full path
    dot = pc.find_substring(texts, ".")
    dotted = pc.greater_equal(dot, 0)
    if not pc.any(dotted).as_py():
        if pc.max(pc.utf8_length(texts)).as_py() > _INT64_DIGITS:
            return None
        return pc.cast(texts, pa.int64()).to_numpy(zero_copy_only=False)
    after = pc.subtract(pc.subtract(pc.utf8_length(texts), dot), 1)
    if want_int or not pc.all(pc.or_(pc.invert(dotted), pc.and_(
            pc.greater_equal(dot, 1), pc.greater_equal(after, 1)))).as_py():
        return None  # "5." or ".5": the full path refuses them by name
    # Dotted values a Vietnamese reader would take as thousands: 1.250, 12.500.
    two_way = pc.and_(pc.and_(dotted, pc.equal(after, 3)),
                      pc.and_(pc.less_equal(dot, 3), pc.invert(pc.starts_with(texts, "0"))))
    if number_format == "auto" and not pc.any(pc.and_not(dotted, two_way)).as_py():
        return None  # no English evidence: the full path decides or refuses
    if pc.any(pc.and_(pc.invert(dotted), pc.greater(pc.utf8_length(texts), _EXACT_DIGITS))).as_py():
        return None
    return pc.cast(texts, pa.float64()).to_numpy(zero_copy_only=False)


def fast_numbers(values: Any, number_format: str, want_int: bool) -> np.ndarray | None:
    """int64 or float64 values of ``values`` (texts: an array, or an Arrow-backed
    column), or None."""
    arrow = _arrow()
    if arrow is None:
        return None
    pa, pc = arrow
    texts = _text_array(values, pa)
    if texts is None:
        return None
    if len(texts) > _DICTIONARY_FROM:
        encoded = texts.dictionary_encode()
        if len(encoded.dictionary) * 2 < len(texts):  # read each distinct text once
            got = _fast(pa, pc, encoded.dictionary, number_format, want_int)
            return None if got is None else got[encoded.indices.to_numpy(zero_copy_only=False)]
    return _fast(pa, pc, texts, number_format, want_int)


def _fast(pa: Any, pc: Any, texts: Any, number_format: str, want_int: bool) -> np.ndarray | None:
    simple = _unsigned_decimals(pa, pc, texts, number_format, want_int)
    if simple is not None:
        return simple
    vi_ok = pc.match_substring_regex(texts, _VI)
    en_ok = pc.match_substring_regex(texts, _EN)
    if not pc.all(pc.or_(vi_ok, en_ok)).as_py():
        return None
    chosen = _decide(pc, texts, vi_ok, en_ok, number_format)
    if chosen is None or not pc.all(vi_ok if chosen == "vi" else en_ok).as_py():
        return None
    if pc.any(pc.starts_with(texts, "+")).as_py():
        texts = pc.replace_substring_regex(texts, r"^\+", "")
    decimal = "," if chosen == "vi" else "."
    canonical = pc.replace_substring(texts, "." if chosen == "vi" else ",", "")
    whole = pc.invert(pc.match_substring(canonical, decimal))
    longest = pc.max(pc.utf8_length(canonical)).as_py()
    if pc.all(whole).as_py():
        if longest > _INT64_DIGITS:
            return None  # maybe beyond int64: the careful path says so
        return pc.cast(canonical, pa.int64()).to_numpy(zero_copy_only=False)
    if want_int:
        return None
    if longest > _EXACT_DIGITS and pc.any(pc.and_(
            whole, pc.greater(pc.utf8_length(canonical), _EXACT_DIGITS))).as_py():
        return None
    if chosen == "vi":
        canonical = pc.replace_substring(canonical, ",", ".")
    return pc.cast(canonical, pa.float64()).to_numpy(zero_copy_only=False)
