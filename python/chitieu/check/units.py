"""The units a figure can carry, and the words around a number that make it
a figure of some kind.

Counts are nouns of the field ("người", "hộ", "căn", "lượt", "đối tượng",
"lao động", ...); money is "tỷ đồng", "triệu đồng", "đồng" (and "tỷ" alone,
as reports shorten it: "hơn 231,6 tỷ"); "%" and "điểm %" are rates. A number
followed by no unit ("10 năm", "Kỳ họp thứ 15", "mức độ 3") is no figure.
"""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = ["COUNT_UNITS", "MONEY_UNITS", "WORD", "match_unit"]

# Canonical unit -> the ways reports write it (lowercase). "lượt" wins over
# the noun after it ("65.362 lượt người" is a count of visits, not of people).
COUNT_UNITS: dict[str, tuple[str, ...]] = {
    "lượt": ("lượt người", "lượt đối tượng", "lượt lao động", "lượt hộ", "lượt"),
    "người": ("người",),
    "hộ": ("hộ gia đình", "hộ",),
    "căn": ("căn nhà", "ngôi nhà", "căn", "nhà"),
    "đối tượng": ("đối tượng",),
    "lao động": ("lao động",),
    "học viên": ("học viên", "học sinh", "sinh viên"),
    "trẻ em": ("trẻ em", "trẻ"),
    "hồ sơ": ("hồ sơ",),
    "văn bản": ("văn bản",),
    "nhiệm vụ": ("nhiệm vụ",),
    "xã": ("xã, phường, thị trấn", "xã",),
    "doanh nghiệp": ("doanh nghiệp",),
    "cơ sở": ("cơ sở",),
    "hài cốt": ("hài cốt",),
    "công trình": ("công trình",),
    "lớp": ("lớp",),
    "phiên": ("phiên",),
    "việc làm": ("việc làm", "chỗ làm việc"),
    "suất": ("suất quà", "suất",),
    "thẻ": ("thẻ bảo hiểm y tế", "thẻ bhyt", "thẻ",),
}
# Money units and their value in đồng.
MONEY_UNITS: dict[str, int] = {"tỷ đồng": 10**9, "triệu đồng": 10**6, "nghìn đồng": 10**3,
                               "đồng": 1, "usd": 1}
_MULTIPLIERS = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9}

WORD = r"(?![\wÀ-ỹ])"  # end of a word (accented letters are \w too; kept explicit)
_COUNT_FORMS = sorted(((form, unit) for unit, forms in COUNT_UNITS.items() for form in forms),
                      key=lambda fu: -len(fu[0]))
_COUNT = re.compile(r"\s*(" + "|".join(re.escape(f) for f, _ in _COUNT_FORMS) + r")" + WORD,
                    re.IGNORECASE)
_PERCENT = re.compile(r"\s?%|\s+phần\s+trăm" + WORD, re.IGNORECASE)
_POINTS = re.compile(r"\s+điểm(?:\s*%|\s+phần\s+trăm" + WORD + r")?" + WORD, re.IGNORECASE)
# "tỷ lệ", "tỷ trọng", "tỷ suất", "tỷ giá" are words of their own, not a billion.
_MULT = re.compile(r"\s+(nghìn|ngàn|triệu|tỷ)" + WORD + r"(?!\s+(?:lệ|trọng|suất|giá)" + WORD + ")",
                   re.IGNORECASE)
_DONG = re.compile(r"\s*(đồng|usd|đ)" + WORD, re.IGNORECASE)


def match_unit(text: str, pos: int) -> tuple[str, int, Decimal] | None:
    """The unit right after a number ending at ``pos``: (canonical unit, end
    of the unit, multiplier of the number). None when no unit follows.

    >>> s = "197,1 tỷ đồng; 200 ngàn hồ sơ; 5 %; 1,2 điểm %; 65.362 lượt người"
    >>> [match_unit(s, s.index(n) + len(n))[0] for n in ("197,1", "200", "5 ", "1,2", "65.362")]
    ['tỷ đồng', 'hồ sơ', '%', 'điểm %', 'lượt']
    >>> match_unit(s, s.index("200") + 3)[2], match_unit("10 năm", 2)
    (Decimal('1000'), None)
    """
    for pattern, unit in ((_PERCENT, "%"), (_POINTS, "điểm %")):
        m = pattern.match(text, pos)
        if m:
            return unit, m.end(), Decimal(1)
    mult = _MULT.match(text, pos)
    if mult:
        word = mult.group(1).lower()
        dong = _DONG.match(text, mult.end())
        if dong and dong.group(1).lower() != "usd":
            return f"{word.replace('ngàn', 'nghìn')} đồng", dong.end(), Decimal(1)
        count = _COUNT.match(text, mult.end())
        if count:
            return _canonical(count.group(1)), count.end(), Decimal(_MULTIPLIERS[word])
        if word in ("tỷ", "triệu"):  # "hơn 231,6 tỷ": money, as reports shorten it
            return f"{word} đồng", mult.end(), Decimal(1)
        return None
    dong = _DONG.match(text, pos)
    if dong:
        word = dong.group(1).lower()
        return ("USD" if word == "usd" else "đồng"), dong.end(), Decimal(1)
    count = _COUNT.match(text, pos)
    if count:
        return _canonical(count.group(1)), count.end(), Decimal(1)
    return None


def _canonical(form: str) -> str:
    lower = re.sub(r"\s+", " ", form.lower())
    for f, unit in _COUNT_FORMS:
        if f == lower:
            return unit
    raise AssertionError(f"unit form {form!r} not in COUNT_UNITS")  # pragma: no cover


def money_in_dong(value: Decimal, unit: str) -> int | None:
    """An amount in whole đồng, exactly (None when it is not whole đồng or
    not money in đồng).

    >>> money_in_dong(Decimal("147.522"), "tỷ đồng")
    147522000000
    """
    scale = MONEY_UNITS.get(unit)
    if scale is None or unit == "usd" or unit == "USD":
        return None
    dong = value * scale
    return int(dong) if dong == dong.to_integral_value() else None
