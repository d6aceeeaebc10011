"""Period labels as reports write them, and short labels for chart ticks.

Every Vietnamese label reads back through :meth:`chitieu.Period.parse` to the
same period (same kind, same dates):

=========  ============================  ==============  ====================
kind       label                         short (tick)    English
=========  ============================  ==============  ====================
month      tháng 7/2020                  T7/2020         July 2020
quarter    quý III năm 2017              Q3/2017         Q3 2017
half       6 tháng đầu năm 2019          S1/2019         first half of 2019
year       năm 2020                      2020            2020
span       giai đoạn 2021 - 2025         2021-2025       2021–2025
range      9 tháng đầu năm 2020          9T/2020         January–September 2020
day        ngày 15/7/2020                15/7/2020       15 July 2020
week       tuần 5 năm 2020               W5/2020         week 5 of 2020
=========  ============================  ==============  ====================

A range that is not the first or last months of one year is written "từ ngày
1/2/2020 đến ngày 15/3/2020"; one that coincides with a quarter, half-year or
year keeps the dated form so that it stays a range when read back.

>>> from chitieu import Period
>>> period_label(Period("2020S2")), period_label(Period("2017Q3"), short=True)
('6 tháng cuối năm 2020', 'Q3/2017')
>>> Period("2020Q3").label(), Period("2020Q3").label(lang="en")
('quý III năm 2020', 'Q3 2020')
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .._util import Lang

__all__ = ["install", "period_label", "same_period_phrase"]

_ROMAN = ("I", "II", "III", "IV")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def _vi_date(d: _dt.date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


def _en_date(d: _dt.date) -> str:
    return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"


def _year_months(p: Any) -> tuple[int, int, int] | None:
    """(year, first month, last month) of a range made of whole months of one year."""
    first, last = p.first, p.last
    if first.year != last.year or first.day != 1:
        return None
    if (last + _dt.timedelta(days=1)).day != 1:
        return None
    return first.year, first.month, last.month


def _range_label(p: Any, lang: Lang, short: bool) -> str:
    months = _year_months(p)
    if months is not None:
        year, a, b = months
        n = b - a + 1
        # 3, 6 and 12 months read back as a quarter, half or year: keep those dated.
        if (a == 1 or b == 12) and n not in (3, 6, 12):
            if lang == "en":
                return f"{_MONTHS_EN[a - 1]}–{_MONTHS_EN[b - 1]} {year}"
            where = "đầu" if a == 1 else "cuối"
            return f"{n}T {where}/{year}" if short else f"{n} tháng {where} năm {year}"
    if lang == "en":
        return f"{_en_date(p.first)} – {_en_date(p.last)}"
    if short:
        return f"{_vi_date(p.first)}–{_vi_date(p.last)}"
    return f"từ ngày {_vi_date(p.first)} đến ngày {_vi_date(p.last)}"


def _vi(p: Any, short: bool) -> str:
    kind, first = p.kind, p.first
    if kind == "month":
        return f"T{first.month}/{first.year}" if short else f"tháng {first.month}/{first.year}"
    if kind == "quarter":
        q = (first.month - 1) // 3 + 1
        return f"Q{q}/{first.year}" if short else f"quý {_ROMAN[q - 1]} năm {first.year}"
    if kind == "half":
        if short:
            return f"S{1 if first.month == 1 else 2}/{first.year}"
        return f"6 tháng {'đầu' if first.month == 1 else 'cuối'} năm {first.year}"
    if kind == "year":
        return str(first.year) if short else f"năm {first.year}"
    if kind == "span":
        return (f"{first.year}-{p.last.year}" if short
                else f"giai đoạn {first.year} - {p.last.year}")
    if kind == "day":
        return _vi_date(first) if short else f"ngày {_vi_date(first)}"
    if kind == "week":
        year, week = str(p)[:4], int(str(p)[5:])
        return f"W{week}/{year}" if short else f"tuần {week} năm {year}"
    return _range_label(p, "vi", short)


def _en(p: Any, short: bool) -> str:
    kind, first = p.kind, p.first
    if kind == "month":
        name = _MONTHS_EN[first.month - 1]
        return f"{name[:3] if short else name} {first.year}"
    if kind == "quarter":
        return f"Q{(first.month - 1) // 3 + 1} {first.year}"
    if kind == "half":
        h = 1 if first.month == 1 else 2
        return f"H{h} {first.year}" if short else \
            f"{'first' if h == 1 else 'second'} half of {first.year}"
    if kind == "year":
        return str(first.year)
    if kind == "span":
        return f"{first.year}–{p.last.year}"
    if kind == "day":
        return _en_date(first)
    if kind == "week":
        return f"W{int(str(p)[5:])} {str(p)[:4]}" if short else \
            f"week {int(str(p)[5:])} of {str(p)[:4]}"
    return _range_label(p, "en", short)


def period_label(period: Any, lang: Lang = "vi", *, short: bool = False) -> str:
    """The label of ``period`` (a :class:`chitieu.Period` or text it parses) as a
    report writes it, or with ``short`` as a chart tick ("T7/2020", "Q3/2017").

    >>> period_label("2020-01-01/2020-09-30"), period_label("2021-2025")
    ('9 tháng đầu năm 2020', 'giai đoạn 2021 - 2025')
    >>> period_label("202007", short=True), period_label("2020S1", lang="en")
    ('T7/2020', 'first half of 2020')
    """
    from ..period import Period

    p = period if isinstance(period, Period) else Period.parse(str(period))
    if lang == "vi":
        return _vi(p, short)
    if lang == "en":
        return _en(p, short)
    raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")


def same_period_phrase(period: Any, lang: Lang = "vi") -> str:
    """What a change from a year earlier is measured against: "cùng kỳ năm 2019"
    for a period of 2020 (en: "the same period of 2019").

    >>> same_period_phrase("2020S1"), same_period_phrase("2017Q3", lang="en")
    ('cùng kỳ năm 2019', 'the same period of 2016')
    """
    from ..period import Period

    p = period if isinstance(period, Period) else Period.parse(str(period))
    year = p.last.year - 1
    return f"cùng kỳ năm {year}" if lang == "vi" else f"the same period of {year}"


def _label_method(self: Any, lang: Lang = "vi", *, short: bool = False) -> str:
    """The period as a report writes it ("quý III năm 2017"), ``lang`` "vi" or
    "en"; ``short`` for chart ticks ("Q3/2017"). See :func:`chitieu.text.period_label`."""
    return period_label(self, lang, short=short)


def install() -> None:
    """Give :class:`chitieu.Period` its ``label`` method (the compiled type has none)."""
    from .._core import Period

    Period.label = _label_method  # type: ignore[attr-defined]
