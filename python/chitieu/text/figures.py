"""Figures: numbers, percents, money and changes written the way Vietnamese reports write them.

Vietnamese rules (``lang="vi"``): ``.`` groups thousands and ``,`` marks decimals
("9.997", "41,65%"); English (``lang="en"``) the other way round ("9,997",
"41.65%"). Rounding is decimal, never binary: a float is read through its
shortest repr (41.645 is 41.645, not 41.64499...), money as exact int đồng.

>>> format_number(9997), format_percent(41.6458), format_money(197_100_000_000)
('9.997', '41,65%', '197,1 tỷ đồng')
>>> format_change(0.75, points=True), format_change(-5.5)
('tăng 0,75 điểm %', 'giảm 5,5%')
>>> parse_number("1.876"), parse_number("95,91")
(Decimal('1876'), Decimal('95.91'))
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

from .._util import Lang, Rounding

__all__ = [
    "NUMBER_PATTERN",
    "SCALES",
    "change_word",
    "format_change",
    "format_money",
    "format_number",
    "format_percent",
    "money_scale",
    "parse_number",
    "round_decimal",
    "rounding_note",
    "to_decimal",
]

_ROUNDING = {"half_up": ROUND_HALF_UP, "truncate": ROUND_DOWN, "half_even": ROUND_HALF_EVEN}
_SEPARATORS = {"vi": (".", ","), "en": (",", ".")}

# Money scales: name -> (đồng per unit, Vietnamese word, English word).
SCALES = {
    "đồng": (1, "đồng", "đồng"),
    "nghìn": (10**3, "nghìn đồng", "thousand đồng"),
    "triệu": (10**6, "triệu đồng", "million đồng"),
    "tỷ": (10**9, "tỷ đồng", "billion đồng"),
}

# A number as either language writes it: digits in groups of three, then decimals.
NUMBER_PATTERN = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?")


def _check_lang(lang: Lang) -> tuple[str, str]:
    if lang not in _SEPARATORS:
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    return _SEPARATORS[lang]


def to_decimal(value: Any) -> Decimal:
    """A Decimal of ``value``: ints exactly, floats by their shortest repr.

    >>> to_decimal(0.1 + 0.2), to_decimal(10**18 + 1)
    (Decimal('0.30000000000000004'), Decimal('1000000000000000001'))
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (bool,)) or not isinstance(value, numbers.Real):
        raise TypeError(f"not a number: {value!r}")
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"cannot write {value!r} as a number")
    return Decimal(repr(value))


def round_decimal(value: Any, decimals: int = 0, rounding: Rounding = "half_up") -> Decimal:
    """``value`` rounded to ``decimals`` places: ``half_up`` (away from zero),
    ``truncate`` (toward zero, as many reports do) or ``half_even``.

    >>> round_decimal(61.5384615, 2, "truncate"), round_decimal(2.5)
    (Decimal('61.53'), Decimal('3'))
    """
    if rounding not in _ROUNDING:
        raise ValueError(f"rounding must be one of {sorted(_ROUNDING)}, not {rounding!r}")
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, not {decimals}")
    result = to_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=_ROUNDING[rounding])
    return result + 0  # no negative zero


def _write(number: Decimal, decimals: int, trim: bool, lang: Lang) -> str:
    group, point = _check_lang(lang)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.ljust(decimals, "0")[:decimals] if decimals else ""
    if trim:
        fraction = fraction.rstrip("0")
    whole = f"{int(whole):,}".replace(",", group)
    return sign + whole + (point + fraction if fraction else "")


def format_number(value: Any, decimals: int = 0, *, trim: bool = False,
                  rounding: Rounding = "half_up", lang: Lang = "vi") -> str:
    """``value`` with thousands grouped; ``trim`` drops trailing zeros of the
    decimals (reports write "197,1" and "30%", tables keep "197,10").

    >>> format_number(1234567.891, 2), format_number(50.70, 2, trim=True)
    ('1.234.567,89', '50,7')
    >>> format_number(9997, lang="en")
    '9,997'
    """
    return _write(round_decimal(value, decimals, rounding), decimals, trim, lang)


def format_percent(value: Any, decimals: int = 2, *, trim: bool = True,
                   rounding: Rounding = "half_up", lang: Lang = "vi") -> str:
    """A percentage (``value`` already in percent) with its sign "%".

    >>> format_percent(41.6458), format_percent(30.0), format_percent(61.5384, rounding="truncate")
    ('41,65%', '30%', '61,53%')
    """
    return format_number(value, decimals, trim=trim, rounding=rounding, lang=lang) + "%"


def money_scale(dong: int) -> str:
    """The scale a report would choose: tỷ from a billion, triệu from a million.

    >>> money_scale(197_100_000_000), money_scale(15_450_000), money_scale(500)
    ('tỷ', 'triệu', 'đồng')
    """
    size = abs(int(dong))
    return "tỷ" if size >= 10**9 else "triệu" if size >= 10**6 else "đồng"


def _scaled(dong: Any, scale: str) -> Decimal:
    if isinstance(dong, bool) or not isinstance(dong, numbers.Integral):
        raise TypeError(f"money must be whole đồng (an int), not {dong!r}")
    if scale not in SCALES:
        raise ValueError(f"money scale must be one of {sorted(SCALES)}, not {scale!r}")
    # Exact: an integer over a power of ten is a finite decimal.
    return Decimal(int(dong)).scaleb(-len(str(SCALES[scale][0])) + 1)


def format_money(dong: Any, scale: str = "auto", decimals: int = 2, *, trim: bool = True,
                 rounding: Rounding = "half_up", lang: Lang = "vi", unit: bool = True) -> str:
    """Exact int đồng scaled to ``scale`` ("đồng", "nghìn", "triệu", "tỷ" or
    "auto" for :func:`money_scale`) and rounded to ``decimals`` places with
    ``rounding`` (see :func:`rounding_note` to state it); ``unit`` appends the
    scale's word.

    >>> format_money(197_100_000_000), format_money(15_450_000)
    ('197,1 tỷ đồng', '15,45 triệu đồng')
    >>> format_money(147_522_000_000, decimals=3), format_money(3_408_284_000_000, lang="en")
    ('147,522 tỷ đồng', '3,408.28 billion đồng')
    """
    scale = money_scale(dong) if scale == "auto" else scale
    shown = 0 if scale == "đồng" else decimals
    text = format_number(_scaled(dong, scale), shown, trim=trim, rounding=rounding, lang=lang)
    if not unit:
        return text
    return f"{text} {SCALES[scale][1 if lang == 'vi' else 2]}"


def rounding_note(scale: str, decimals: int = 2, rounding: Rounding = "half_up",
                  lang: Lang = "vi") -> str:
    """The rounding a money figure went through, in words.

    >>> rounding_note("tỷ", 2)
    'làm tròn đến 0,01 tỷ đồng'
    >>> rounding_note("tỷ", 1, "truncate", lang="en")
    'truncated to 0.1 billion đồng'
    """
    step = format_number(Decimal(1).scaleb(-decimals), decimals, lang=lang)
    word = SCALES[scale][1 if lang == "vi" else 2]
    if lang == "vi":
        how = "làm tròn xuống đến" if rounding == "truncate" else "làm tròn đến"
    else:
        how = "truncated to" if rounding == "truncate" else "rounded to"
    return f"{how} {step} {word}"


def change_word(delta: Any, lang: Lang = "vi") -> str:
    """"tăng" / "giảm" / "không đổi" (en: up / down / unchanged) for the sign of ``delta``.

    >>> change_word(-0.2), change_word(0, lang="en")
    ('giảm', 'unchanged')
    """
    _check_lang(lang)
    d = to_decimal(delta)
    words = ("tăng", "giảm", "không đổi") if lang == "vi" else ("up", "down", "unchanged")
    return words[0] if d > 0 else words[1] if d < 0 else words[2]


def format_change(delta: Any, decimals: int = 2, *, points: bool = False, unit: str = "%",
                  trim: bool = True, rounding: Rounding = "half_up", lang: Lang = "vi") -> str:
    """A change in words: "tăng 5,5%", "giảm 0,75 điểm %" (``points`` for rates,
    whose change is in percentage points), or with another ``unit`` ("tăng 2.500
    hộ", then ``decimals`` is usually 0). A change that rounds to zero is
    "không đổi" (unchanged).

    >>> format_change(5.5), format_change(0.75, points=True, lang="en")
    ('tăng 5,5%', 'up 0.75 pp')
    >>> format_change(-2500, 0, unit="hộ"), format_change(0.001)
    ('giảm 2.500 hộ', 'không đổi')
    """
    shown = round_decimal(delta, decimals, rounding)
    word = change_word(shown, lang)
    if shown == 0:
        return word
    number = _write(abs(shown), decimals, trim, lang)
    if points:
        suffix = " điểm %" if lang == "vi" else " pp"
    else:
        suffix = unit if unit == "%" else f" {unit}" if unit else ""
    return f"{word} {number}{suffix}"


def parse_number(text: str, lang: Lang = "vi") -> Decimal:
    """A number as a report writes it, back to a Decimal (vi: "9.997" is 9997,
    "41,65" is 41.65). Raises ValueError on anything else.

    >>> parse_number("197,1"), parse_number("9,997", lang="en")
    (Decimal('197.1'), Decimal('9997'))
    """
    group, point = _check_lang(lang)
    text = text.strip()
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("-")
    g, p = re.escape(group), re.escape(point)
    pattern = rf"\d{{1,3}}(?:{g}\d{{3}})*(?:{p}\d+)?|\d+(?:{p}\d+)?"
    if not re.fullmatch(pattern, body):
        raise ValueError(f"{text!r} is not a number written with {lang!r} rules "
                         f"('{group}' for thousands, '{point}' for decimals)")
    return sign * Decimal(body.replace(group, "").replace(point, "."))
