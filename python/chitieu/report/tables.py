"""The report's tables, taken from the results as they are (no figure is computed
here): one frame of real numbers for Excel, and the same rows written as text
(Vietnamese numbers, money in tỷ đồng, status words) for HTML and Word."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from .._util import Lang
from ..text import format_money, format_number, header, period_label, status_word
from ..text.words import PROGRAMME_WORDS, SOURCE_WORDS, IndicatorText

__all__ = [
    "KIND_WORDS",
    "assessment_numbers",
    "assessment_text",
    "disbursement_numbers",
    "disbursement_text",
    "period_title",
    "units_text",
]

KIND_WORDS = {"vi": {"total": "tổng", "level": "mức", "change": "thay đổi"},
              "en": {"total": "total", "level": "level", "change": "change"}}
_ASSESSMENT = ("unit_name", "indicator", "unit_word", "kind", "target", "value", "pct_of_plan",
               "expected_pct", "status", "same_period_last_year", "yoy_pct", "yoy_pp", "rank")


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or (
        not isinstance(x, str) and pd.isna(x))


def _text_of(code: str, texts: dict[str, IndicatorText]) -> IndicatorText:
    return texts.get(code) or IndicatorText(code, code, code, "", "", 2, "count", False)


def assessment_numbers(frame: pd.DataFrame, texts: dict[str, IndicatorText],
                       lang: Lang = "vi") -> pd.DataFrame:
    """One row per assessment row: names instead of codes, the words of kind and
    status, and the figures as they are (money in đồng). Headers in ``lang``."""
    out = pd.DataFrame({
        "unit_name": frame["unit_name"].astype(str),
        "indicator": [_text_of(str(c), texts).name for c in frame["indicator"]],
        "unit_word": [_text_of(str(c), texts).unit_word for c in frame["indicator"]],
        "kind": [KIND_WORDS[lang].get(str(k), str(k)) for k in frame["kind"]],
        "target": frame["target"].where(frame["kind"].astype(str) != "change", frame["goal"])
        if "goal" in frame else frame["target"],
        "value": frame["actual"],
        "pct_of_plan": frame["pct_of_plan"], "expected_pct": frame["expected_pct"],
        "status": [status_word(None if _missing(s) else s, pct_of_plan=p, lang=lang)
                   for s, p in zip(frame["status"], frame["pct_of_plan"])],
        "same_period_last_year": frame["same_period_last_year"],
        "yoy_pct": frame["yoy_pct"], "yoy_pp": frame["yoy_pp"],
        "rank": frame["rank"].astype("float64") if "rank" in frame else math.nan,
    })
    out["indicator_code"] = frame["indicator"].astype(str).to_numpy()
    out.columns = [header(c, lang) for c in out.columns]
    return out


def _shown(value: Any, text: IndicatorText, lang: Lang, percent: bool = False) -> str:
    if _missing(value):
        return ""
    if percent or text.style == "rate":
        return format_number(value, 2, lang=lang)
    if text.style == "money" and float(value).is_integer():
        return format_money(int(value), "tỷ", 2, trim=False, lang=lang, unit=False)
    return format_number(value, text.decimals, lang=lang)


def assessment_text(frame: pd.DataFrame, texts: dict[str, IndicatorText], lang: Lang = "vi",
                    *, with_unit: bool = True) -> pd.DataFrame:
    """The rows of :func:`assessment_numbers` written as text: counts grouped,
    rates and percentages to two decimals, money in tỷ đồng (stated in the unit
    column)."""
    rows = []
    for r in frame.to_dict("records"):
        t = _text_of(str(r["indicator"]), texts)
        target = r.get("goal") if r.get("kind") == "change" else r.get("target")
        unit = "tỷ đồng" if t.style == "money" else t.unit_word
        change_pct = r.get("kind") == "change" and r.get("change_unit") in ("percent", "points")
        rows.append({
            "unit_name": r["unit_name"], "indicator": t.name, "unit_word": unit,
            "kind": KIND_WORDS[lang].get(str(r["kind"]), str(r["kind"])),
            "target": _shown(target, t, lang, change_pct),
            "value": _shown(r["actual"], t, lang, change_pct),
            "pct_of_plan": _shown(r["pct_of_plan"], t, lang, True),
            "expected_pct": _shown(r["expected_pct"], t, lang, True),
            "status": status_word(None if _missing(r["status"]) else r["status"],
                                  pct_of_plan=r["pct_of_plan"], lang=lang),
            "same_period_last_year": _shown(r["same_period_last_year"], t, lang),
            "yoy": _shown(r["yoy_pp"] if t.style == "rate" else r["yoy_pct"], t, lang, True)
            + (("\u00a0điểm\u00a0%" if lang == "vi" else "\u00a0pp") if t.style == "rate" else "%")
            if not _missing(r["yoy_pp"] if t.style == "rate" else r["yoy_pct"]) else "",
        })
    out = pd.DataFrame(rows, columns=["unit_name", "indicator", "unit_word", "kind", "target",
                                      "value", "pct_of_plan", "expected_pct", "status",
                                      "same_period_last_year", "yoy"])
    if not with_unit:
        out = out.drop(columns="unit_name")
    names = {"yoy": "So cùng kỳ" if lang == "vi" else "On last year"}
    out.columns = [names.get(c) or header(c, lang) for c in out.columns]
    return out


def disbursement_numbers(frame: pd.DataFrame, lang: Lang = "vi") -> pd.DataFrame:
    """Disbursement rows: money in exact đồng, rates in percent."""
    out = pd.DataFrame({
        "unit_name": frame["unit_name"],
        "programme": [PROGRAMME_WORDS.get(str(p), str(p)) if lang == "vi" else str(p)
                      for p in frame["programme"]],
        "source": [SOURCE_WORDS.get(str(s), str(s)) if lang == "vi" else str(s)
                   for s in frame["source"]],
        "allocated": frame["allocated"], "disbursed": frame["disbursed"],
        "disbursement_rate": frame["disbursement_rate"],
        "planned_to_date": frame["planned_to_date"],
        "projected_rate": frame["projected_rate"],
        "at_risk": frame["at_risk"], "beneficiaries_paid": frame["beneficiaries_paid"],
        "coverage_beneficiaries": frame.get("coverage", math.nan),
    })
    out.columns = [header(c, lang) for c in out.columns]
    return out


def disbursement_text(frame: pd.DataFrame, lang: Lang = "vi") -> pd.DataFrame:
    """Disbursement rows as text: money in tỷ đồng, rates to two decimals."""
    numbers = disbursement_numbers(frame, lang)
    out = numbers.copy().astype(object)
    money = [header(c, lang) for c in ("allocated", "disbursed", "planned_to_date")]
    for column in numbers.columns:
        if column in money:
            out[column] = [format_money(int(v), "tỷ", 2, trim=False, lang=lang, unit=False)
                           for v in numbers[column]]
        elif pd.api.types.is_bool_dtype(numbers[column].dtype):
            out[column] = ["có" if v else "" for v in numbers[column]] if lang == "vi" else \
                ["yes" if v else "" for v in numbers[column]]
        elif pd.api.types.is_numeric_dtype(numbers[column].dtype):
            decimals = 0 if column == header("beneficiaries_paid", lang) else 2
            out[column] = ["" if _missing(v) else format_number(v, decimals, lang=lang)
                           for v in numbers[column]]
    unit = " (tỷ đồng)" if lang == "vi" else " (bn đồng)"
    return out.rename(columns={c: c + unit for c in money})


def period_title(period: Any, lang: Lang = "vi") -> str:
    """ "6 tháng đầu năm 2020" capitalised for a heading."""
    label = period_label(period, lang)
    return label[:1].upper() + label[1:]


def units_text(frame: pd.DataFrame, texts: dict[str, IndicatorText], codes: list[str],
               names: dict[str, str], lang: Lang = "vi") -> pd.DataFrame:
    """One row per unit, two columns per indicator of ``codes``: its value, then %
    of plan (counts, money) or the change on the same period last year in points
    (rates); each cell is one assessment row's figure, written as text."""
    table: dict[str, dict[str, str]] = {}
    for r in frame.to_dict("records"):
        code = str(r["indicator"])
        if code not in codes or r.get("kind") == "change":
            continue
        t = _text_of(code, texts)
        name = str(r["unit_name"])
        row = table.setdefault(str(r["unit"]), {header("unit_name", lang): names.get(name, name)})
        unit = "tỷ đồng" if t.style == "money" else t.unit_word
        row[f"{t.name} ({unit})"] = _shown(r["actual"], t, lang)
        if t.style == "rate":
            pp = r.get("yoy_pp")
            against = "so cùng kỳ (điểm %)" if lang == "vi" else "on last year (pp)"
            row[f"{t.name}: {against}"] = "" if _missing(pp) else format_number(pp, 2, lang=lang)
        else:
            row[f"{t.name}: % " + ("kế hoạch" if lang == "vi" else "of plan")] = \
                _shown(r["pct_of_plan"], t, lang, True)
    return pd.DataFrame(list(table.values()))
