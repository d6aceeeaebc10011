"""Vietnamese numbers in report text: "9.997", "61,53", "1.234.567,5",
"147,522" (a decimal comma: 147 tỷ 522 triệu), and the English forms a
copy-paste brings in ("1,234.5").

Values are exact :class:`~decimal.Decimal` so that a check never rounds
before it compares; ``decimals`` is the number of digits shown after the
decimal separator, which fixes the rounding a reader can expect.

>>> [(n.text, str(n.value), n.decimals) for n in lex_numbers("9.997 người, 61,53% và 1.234,5")]
[('9.997', '9997', 0), ('61,53', '61.53', 2), ('1.234,5', '1234.5', 1)]
>>> parse_number("09.10.2017") is None   # a date, not a number
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["SPELLED", "Number", "lex_numbers", "parse_number", "vi_format"]

_TOKEN = re.compile(r"(?<![\w])\d+(?:[.,]\d+)*")

# Spelled-out small numbers, as they open a sentence ("Sáu tháng đầu năm").
SPELLED = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
           "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12}


@dataclass(frozen=True)
class Number:
    """One number token: its span, its text, its exact value and the number
    of decimals shown."""

    start: int
    end: int
    text: str
    value: Decimal
    decimals: int


def parse_number(text: str) -> tuple[Decimal, int] | None:
    """(value, decimals shown) of a number written the Vietnamese way (``.``
    groups thousands, ``,`` marks decimals) or the English way; None when the
    text is no number (a date "09.10.2017", a version "1.2.3").

    With both separators the last one is the decimal mark. A lone ``,`` is
    always decimal (Vietnamese reports write "147,522 tỷ đồng"). A ``.``
    followed by groups of exactly three digits groups thousands ("9.997");
    a single ``.`` before one, two or four or more digits is an English
    decimal point ("5.5").

    >>> parse_number("1,234.5"), parse_number("1.234,5"), parse_number("5.5")
    ((Decimal('1234.5'), 1), (Decimal('1234.5'), 1), (Decimal('5.5'), 1))
    >>> parse_number("1,234,567")
    (Decimal('1234567'), 0)
    """
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", text):
        return None
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        if text.count(decimal_mark) != 1:
            return None
        whole, frac = text.split(decimal_mark)
        if not _grouped(whole, group_mark):
            return None
        return Decimal(whole.replace(group_mark, "") + "." + frac), len(frac)
    if dots or commas:
        mark = "." if dots else ","
        parts = text.split(mark)
        if len(parts) > 2:  # only thousands groups may repeat
            return (Decimal(text.replace(mark, "")), 0) if _grouped(text, mark) else None
        whole, frac = parts
        if mark == "." and len(frac) == 3 and len(whole) <= 3:
            return Decimal(whole + frac), 0
        return Decimal(whole + "." + frac), len(frac)
    return Decimal(text), 0


def _grouped(text: str, mark: str) -> bool:
    """True when ``text`` is digits in thousands groups separated by ``mark``."""
    parts = text.split(mark)
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def lex_numbers(text: str, start: int = 0, end: int | None = None) -> Iterator[Number]:
    """The number tokens of ``text[start:end]``, spans absolute. A token that
    is no number (a date "09.10.2017") is skipped; a trailing sentence stop
    ("người 2020.") is not part of a token."""
    stop = len(text) if end is None else end
    for m in _TOKEN.finditer(text, start, stop):
        parsed = parse_number(m.group())
        if parsed is not None:
            yield Number(m.start(), m.end(), m.group(), parsed[0], parsed[1])


def vi_format(value: Decimal | float, decimals: int) -> str:
    """``value`` the Vietnamese way with ``decimals`` digits, rounded half up:
    thousands with ".", decimals with ",".

    >>> vi_format(Decimal("24002.4"), 0), vi_format(61.538461, 2), vi_format(-1234.5, 1)
    ('24.002', '61,54', '-1.234,5')
    """
    from .rounding import round_to

    exact = round_to(value, decimals, "half_up")
    sign = "-" if exact < 0 else ""
    whole, _, frac = f"{abs(exact):.{decimals}f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return sign + (text + "," + frac if decimals > 0 else text)
