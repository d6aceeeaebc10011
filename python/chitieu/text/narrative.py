"""Narrative sentences in the style of a department's report, from the rows of an
assessment or a disbursement result. The text only writes figures the results
hold; it computes none: the count behind a rate's change ("tương đương giảm 2.500
hộ") is the ``yoy_change`` the engine gives the numerator's row, when the
assessment has one.

>>> import pandas as pd
>>> from chitieu.text.words import IndicatorText
>>> jobs = IndicatorText("jobs", "Giải quyết việc làm", "giải quyết việc làm", "người",
...                      "", 0, "count", False)
>>> row = {"indicator": "jobs", "unit": "42", "unit_name": "Tỉnh Hà Tĩnh", "kind": "total",
...        "value": 9997.0, "actual": 9997.0, "target": 24000.0, "pct_of_plan": 41.6458,
...        "status": "at_risk", "yoy_pct": 5.5, "yoy_pp": float("nan"), "coverage": 100.0,
...        "same_period_last_year": 9476.0, "baseline_period": None, "change_unit": None}
>>> print(narrative(pd.DataFrame([row]), period="2020S1", texts={"jobs": jobs}))
... # doctest: +NORMALIZE_WHITESPACE
Tỉnh Hà Tĩnh, 6 tháng đầu năm 2020: Giải quyết việc làm 9.997 người, đạt 41,65% kế hoạch
(chậm tiến độ), tăng 5,5% so với cùng kỳ năm 2019.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from .._util import Lang, Rounding
from .figures import (
    format_change,
    format_money,
    format_number,
    format_percent,
    round_decimal,
)
from .periods import period_label, same_period_phrase
from .words import SOURCE_WORDS, IndicatorText, status_word

__all__ = [
    "Sentence",
    "disbursement_narrative",
    "indicator_sentences",
    "narrative",
    "result_narrative",
]

_PCT_DECIMALS = 2


@dataclass
class Sentence:
    """One indicator's sentence for one unit, with the figures it shows (for checks)."""

    unit: str
    unit_name: str
    indicator: str
    text: str
    figures: list[Decimal] = field(default_factory=list)


def _finite(x: Any) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and not pd.isna(x)


class _Writer:
    """Accumulates the figures a sentence shows, each rounded once, as displayed."""

    def __init__(self, lang: Lang, rounding: Rounding) -> None:
        self.lang, self.rounding, self.figures = lang, rounding, []

    def number(self, x: Any, decimals: int, trim: bool = False) -> str:
        self.figures.append(round_decimal(x, decimals, self.rounding))
        return format_number(x, decimals, trim=trim, rounding=self.rounding, lang=self.lang)

    def percent(self, x: Any) -> str:
        self.figures.append(round_decimal(x, _PCT_DECIMALS, self.rounding))
        return format_percent(x, _PCT_DECIMALS, rounding=self.rounding, lang=self.lang)

    def change(self, x: Any, decimals: int, **how: Any) -> str:
        shown = round_decimal(x, decimals, self.rounding)
        if shown != 0:
            self.figures.append(abs(shown))
        return format_change(x, decimals, rounding=self.rounding, lang=self.lang, **how)

    def money(self, x: Any, decimals: int) -> str:
        if not float(x).is_integer():
            raise ValueError(f"money value {x!r} is not whole đồng")
        dong = int(x)
        text = format_money(dong, decimals=decimals, rounding=self.rounding, lang=self.lang)
        self.figures.append(_money_figure(dong, decimals, self.rounding))
        return text


def _money_figure(dong: int, decimals: int, rounding: Rounding) -> Decimal:
    from .figures import SCALES, _scaled, money_scale

    scale = money_scale(dong)
    return round_decimal(_scaled(dong, scale), 0 if SCALES[scale][0] == 1 else decimals, rounding)


_EN = {"of plan": "of plan", "đạt": "reached", "so với": "compared with",
       "tương đương": "equivalent to", "ước": "estimated"}


def _suffix(text: IndicatorText, unit: str | None, lang: Lang) -> str:
    """What follows a target's figure: "%", " điểm %", " căn" (money carries its own)."""
    if unit == "points":
        return " điểm %" if lang == "vi" else " pp"
    if unit == "percent" or (unit is None and text.style == "rate"):
        return "%"
    return f" {text.unit_word}" if text.unit_word and text.style != "money" else ""


def _amount(w: _Writer, x: Any, text: IndicatorText, unit: str | None,
            suffix: bool = True) -> str:
    """A target's figure in the indicator's terms ("2,67%", "1.010 căn")."""
    if unit in ("points", "percent") or (unit is None and text.style == "rate"):
        shown = w.number(x, _PCT_DECIMALS, trim=True)
    elif text.style == "money":
        return w.money(x, text.decimals)
    else:
        shown = w.number(x, text.decimals, trim=True)
    return shown + (_suffix(text, unit, w.lang) if suffix else "")


def _range(w: _Writer, lo: float, hi: float, text: IndicatorText, unit: str | None,
           lang: Lang) -> str:
    """ "kế hoạch giảm từ 0,6 đến 1,1 điểm %" for a range of reductions, as the
    reports write targets ("giảm tỷ lệ hộ nghèo từ 1 đến 1,5%")."""
    if lo <= 0 and hi <= 0 and (lo, hi) != (0, 0):
        word, lo, hi = ("giảm" if lang == "vi" else "down"), -hi, -lo
    elif lo >= 0 and hi >= 0 and unit is not None:
        word = "tăng" if lang == "vi" else "up"
    else:
        word = ""
    a = _amount(w, lo, text, unit, suffix=False)
    b = _amount(w, hi, text, unit)
    word = f"{word} " if word else ""
    return f"kế hoạch {word}từ {a} đến {b}" if lang == "vi" else f"plan {word}{a} to {b}"


def _plan_clause(w: _Writer, row: Any, text: IndicatorText, lang: Lang) -> str:
    """"đạt 41,65% kế hoạch" for a target to reach; a cap or a range by its
    bounds ("kế hoạch không quá 2,67%"), since its % of plan reads backwards."""
    status = row.get("status")
    word = status_word(status if _finite(status) else None, lang=lang)
    pct, bound = row.get("pct_of_plan"), row.get("bound")
    unit = row.get("change_unit") if row.get("kind") == "change" else None
    unit = unit if _finite(unit) else None
    if bound == "at_most" and _finite(row.get("target")):
        cap = _amount(w, row["target"], text, unit)
        return (f"kế hoạch không quá {cap}" if lang == "vi" else f"plan at most {cap}") + \
            f" ({word})"
    if bound in ("range", "exact") and _finite(row.get("lo")) and _finite(row.get("hi")):
        return _range(w, row["lo"], row["hi"], text, unit, lang) + f" ({word})"
    if _finite(pct) and pct >= 0:
        text_ = (f"đạt {w.percent(pct)} kế hoạch" if lang == "vi"
                 else f"{w.percent(pct)} of plan")
        if status in ("at_risk", "off_track"):
            text_ += f" ({word})"
        return text_
    return word if _finite(status) else ""


def _change_clause(w: _Writer, row: Any, text: IndicatorText, lang: Lang) -> str:
    """A change target's achievement: "giảm 1,27 điểm % so với năm 2019"."""
    unit = row.get("change_unit")
    if not _finite(row.get("actual")):
        return ""
    if unit == "points":
        change = w.change(row["actual"], _PCT_DECIMALS, points=True)
    elif unit == "percent":
        change = w.change(row["actual"], _PCT_DECIMALS)
    else:
        change = w.change(row["actual"], text.decimals, unit=text.unit_word)
    base = period_label(str(row["baseline_period"]), lang) if _finite(
        row.get("baseline_period")) else ""
    against = (f" so với {base}" if lang == "vi" else f" on {base}") if base else ""
    plan = _plan_clause(w, row, text, lang)
    return change + against + (", " + plan if plan else "")


def _lead(w: _Writer, rows: list[Any], text: IndicatorText, lang: Lang) -> str:
    main = next((r for k in ("total", "level", "change") for r in rows if r.get("kind") == k),
                rows[0])
    value = main["value"]
    if not _finite(value):
        return f"{text.phrase}: " + ("chưa có số liệu" if lang == "vi" else "no data")
    verb = f"{text.verb} " if text.verb else ""
    if text.style == "money":
        return f"{text.phrase} {verb}{w.money(value, text.decimals)}"
    if text.style == "rate":
        return f"{text.phrase} {verb}{w.percent(value)}"
    unit = f" {text.unit_word}" if text.unit_word else ""
    if text.style == "x_of_y" and main.get("kind") == "total" and _finite(main.get("target")):
        shown = w.number(value, text.decimals, trim=True)
        planned = w.number(main["target"], text.decimals, trim=True)
        return f"{text.phrase} {verb}{shown}/{planned}{unit}"
    return f"{text.phrase} {verb}{w.number(value, text.decimals, trim=True)}{unit}"


def _equivalent(w: _Writer, rows_by_indicator: dict[str, list[Any]], text: IndicatorText,
                texts: dict[str, IndicatorText], lang: Lang) -> str:
    """", tương đương giảm 2.500 hộ": the change of a rate's numerator a year on."""
    rows = rows_by_indicator.get(text.numerator or "", [])
    row = next((r for r in rows if _finite(r.get("yoy_change"))), None)
    if row is None:
        return ""
    count = texts.get(text.numerator)
    decimals = count.decimals if count else 0
    change = w.change(row["yoy_change"], decimals, unit=count.unit_word if count else "")
    return (", tương đương " if lang == "vi" else ", equivalent to ") + change


def _sentence(rows: list[Any], rows_by_indicator: dict[str, list[Any]], text: IndicatorText,
              texts: dict[str, IndicatorText], period: str, lang: Lang, rounding: Rounding,
              estimated: bool) -> Sentence:
    w = _Writer(lang, rounding)
    parts = [_lead(w, rows, text, lang)]
    for row in rows:
        if row.get("kind") in ("total", "level"):
            clause = _plan_clause(w, row, text, lang)
            if clause:
                parts.append(clause)
    main = rows[0]
    yoy = main.get("yoy_pp") if text.style == "rate" else main.get("yoy_pct")
    if _finite(yoy):
        against = same_period_phrase(period, lang)
        parts.append(w.change(yoy, _PCT_DECIMALS, points=text.style == "rate")
                     + (f" so với {against}" if lang == "vi" else f" on {against}"))
        if text.style == "rate":
            parts[-1] += _equivalent(w, rows_by_indicator, text, texts, lang)
    body = ", ".join(parts)
    changes = [c for c in (_change_clause(w, r, text, lang) for r in rows
                           if r.get("kind") == "change") if c]
    if changes:
        body += "; " + "; ".join(changes)
    if estimated:
        body = ("ước " if lang == "vi" else "estimated: ") + body
    body = body[:1].upper() + body[1:] + "."
    return Sentence(str(main["unit"]), str(main.get("unit_name", main["unit"])),
                    text.code, body, w.figures)


def _is_estimated(rows: list[Any], estimated: Any) -> bool:
    if estimated is not None:
        return bool(estimated)
    return any(_finite(r.get("coverage")) and r["coverage"] < 100 for r in rows)


def indicator_sentences(frame: pd.DataFrame, *, period: str, texts: dict[str, IndicatorText],
                        units: Sequence[str] | None = None, lang: Lang = "vi",
                        rounding: Rounding = "half_up", estimated: bool | None = None) -> list[Sentence]:
    """One :class:`Sentence` per unit x indicator of an assessment frame, in its
    row order. ``estimated`` None marks "ước" where coverage is below 100% (not every
    reporting unit has reported); True or False forces it."""
    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    records = frame.to_dict("records")
    wanted = None if units is None else {str(u) for u in units}
    by_unit: dict[str, dict[str, list[Any]]] = {}
    for r in records:
        if wanted is None or str(r["unit"]) in wanted:
            by_unit.setdefault(str(r["unit"]), {}).setdefault(str(r["indicator"]), []).append(r)
    if wanted is not None and wanted - set(by_unit):
        raise KeyError(f"unit(s) {sorted(wanted - set(by_unit))} are not in the assessment")
    out = []
    for indicators in by_unit.values():
        for code, rows in indicators.items():
            text = texts.get(code) or IndicatorText(code, code, code, "", "", 2, "count", False)
            out.append(_sentence(rows, indicators, text, texts, period, lang, rounding,
                                 _is_estimated(rows, estimated)))
    return out


def narrative(frame: pd.DataFrame, *, period: str, texts: dict[str, IndicatorText],
              units: Sequence[str] | None = None, lang: Lang = "vi",
              rounding: Rounding = "half_up", estimated: bool | None = None) -> str:
    """A paragraph per unit ("Tỉnh Hà Tĩnh, 6 tháng đầu năm 2020: ...") of one
    sentence per indicator; paragraphs are separated by a blank line."""
    sentences = indicator_sentences(frame, period=period, texts=texts, units=units, lang=lang,
                                    rounding=rounding, estimated=estimated)
    label = period_label(period, lang)
    paragraphs: dict[str, list[Sentence]] = {}
    for s in sentences:
        paragraphs.setdefault(s.unit, []).append(s)
    return "\n\n".join(f"{group[0].unit_name}, {label}: " + " ".join(s.text for s in group)
                       for group in paragraphs.values())


def disbursement_narrative(frame: pd.DataFrame, *, as_of: str, units: Sequence[str] | None = None,
                           names: dict[str, str] | None = None, lang: Lang = "vi",
                           rounding: Rounding = "half_up") -> str:
    """A paragraph per unit of a disbursement result: per programme and source,
    the money paid against the allocation ("giải ngân 197,1 tỷ đồng, đạt 99,16%
    kinh phí được giao") and the beneficiaries paid against those approved."""
    names = names or {}
    wanted = None if units is None else {str(u) for u in units}
    paragraphs: dict[str, list[str]] = {}
    heads: dict[str, str] = {}
    for r in frame.to_dict("records"):
        unit = str(r["unit"])
        if wanted is not None and unit not in wanted:
            continue
        w = _Writer(lang, rounding)
        what = names.get(str(r["programme"]), str(r["programme"]))
        paid = w.money(int(r["disbursed"]), 2)
        given = w.money(int(r["allocated"]), 2)
        if lang == "vi":
            source = SOURCE_WORDS.get(str(r.get("source")), str(r.get("source")))
            text = f"{what} ({source})" if "source" in r else what
            text += f": giải ngân {paid}/{given}"
            if _finite(r.get("disbursement_rate")):
                text += f", đạt {w.percent(r['disbursement_rate'])} kinh phí được giao"
            if r.get("at_risk") is True:
                text += " (chậm tiến độ)"
            if _finite(r.get("beneficiaries_paid")) and _finite(r.get("coverage")):
                text += (f"; chi trả cho {w.number(r['beneficiaries_paid'], 0)} đối tượng "
                         f"(chiếm {w.percent(r['coverage'])} tổng số đối tượng được phê duyệt)")
        else:
            text = (f"{what} ({r['source']})" if "source" in r else what) + \
                f": {paid} of {given} disbursed"
            if _finite(r.get("disbursement_rate")):
                text += f", {w.percent(r['disbursement_rate'])} of the allocation"
            if r.get("at_risk") is True:
                text += " (at risk)"
        paragraphs.setdefault(unit, []).append(text[:1].upper() + text[1:] + ".")
        heads[unit] = str(r.get("unit_name", unit))
    date = as_of if lang == "en" else "đến ngày " + as_of
    return "\n\n".join(f"{heads[u]}, {date}: " + " ".join(p) for u, p in paragraphs.items())


def result_narrative(result: Any, unit: Any = None, *, catalog: Any = None,
                     templates: Any = None, lang: Lang = "vi", rounding: Rounding = "half_up",
                     estimated: bool | None = None, names: dict[str, str] | None = None) -> str:
    """The narrative of an :class:`chitieu.Assessment` (``Assessment.narrative``)
    or a :class:`chitieu.DisbursementResult`; ``unit`` a code or codes (default
    every unit); ``catalog`` names the indicators (codes otherwise) and
    ``templates`` overrides their phrases (see :func:`chitieu.text.indicator_texts`)."""
    from .words import indicator_texts

    units = None if unit is None else [unit] if isinstance(unit, str) else list(unit)
    frame = result.to_pandas()
    if "programme" in frame:
        as_of = result.as_of
        as_of = f"{as_of.day}/{as_of.month}/{as_of.year}" if lang == "vi" else str(as_of)
        from .words import PROGRAMME_WORDS

        return disbursement_narrative(frame, as_of=as_of, units=units, lang=lang,
                                      rounding=rounding, names=names or PROGRAMME_WORDS)
    return narrative(frame, period=result.period, texts=indicator_texts(catalog, templates),
                     units=units, lang=lang, rounding=rounding, estimated=estimated)
