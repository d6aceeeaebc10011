"""Figures against the data: an :class:`~chitieu.Assessment` or a
:class:`~chitieu.DisbursementResult` (or the DataFrame of either, as
``chitieu assess --out`` writes it).

A figure is matched to an indicator through a phrase table (phrase ->
indicator code): the caller's (a mapping, a frame with ``phrase`` and
``indicator``, or a catalog frame with ``code``, ``name`` and an optional
``phrases`` column of ";"-separated phrases), then :data:`DEFAULT_PHRASES`.
The longest phrase found in the figure's words wins. Then, at the precision
the report shows: a count or amount against the value to date, a share of
the plan against ``pct_of_plan``, a change against ``yoy_pct`` (``yoy_pp``
for points), a level against the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pandas as pd

from .checks import Finding, show
from .extract import Extraction, Located
from .numbers import vi_format
from .rounding import exact, judge
from .units import MONEY_UNITS

__all__ = ["DEFAULT_PHRASES", "against_data", "indicator_kinds", "phrase_table"]

# Common phrases of labour / social-affairs reports -> the example catalog's codes.
DEFAULT_PHRASES: dict[str, str] = {
    "giải quyết việc làm": "jobs_created", "tạo việc làm": "jobs_created",
    "tuyển sinh": "vocational_enrolment", "tuyển sinh đào tạo nghề": "vocational_enrolment",
    "tuyển sinh giáo dục nghề nghiệp": "vocational_enrolment",
    "xuất khẩu lao động": "workers_abroad", "đi làm việc ở nước ngoài": "workers_abroad",
    "bảo hiểm thất nghiệp": "unemployment_insurance_claims",
    "tỷ lệ hộ nghèo": "poverty_rate", "tỷ lệ hộ cận nghèo": "near_poverty_rate",
    "số hộ nghèo": "poor_households", "hộ cận nghèo": "near_poor_households",
    "tỷ lệ lao động qua đào tạo": "trained_labour_rate",
    "nhà ở cho người có công": "merit_houses_built",
    "trợ cấp xã hội hằng tháng": "social_assistance_recipients",
    "trợ cấp xã hội thường xuyên": "social_assistance_recipients",
    "hoàn thành nhiệm vụ": "task_completed", "tỷ lệ hoàn thành nhiệm vụ": "task_completion_rate",
    "giải ngân": "disbursed", "chi trả": "disbursed",
}
# What the default indicators measure, so that a count is never compared with money.
_DEFAULT_KINDS = {"disbursed": "money", "beneficiaries_paid": "count",
                  "social_assistance_paid": "money", "elderly_allowance_paid": "money",
                  "poverty_rate": "rate", "near_poverty_rate": "rate",
                  "trained_labour_rate": "rate", "task_completion_rate": "rate"}
# The figure kinds each measure of an indicator can be compared with.
_FITS = {"money": {"amount"}, "count": {"count", "ratio"}, "rate": {"level"}}
_MEASURE = {"count": "value", "amount": "value", "level": "value", "ratio": "value",
            "change": "yoy_pct", "change_pp": "yoy_pp"}


def phrase_table(phrases: Any = None) -> list[tuple[str, str]]:
    """(phrase, indicator) pairs, longest phrase first: ``phrases`` then the defaults."""
    pairs: list[tuple[str, str]] = []
    if isinstance(phrases, Mapping):
        pairs += [(str(k), str(v)) for k, v in phrases.items()]
    elif isinstance(phrases, pd.DataFrame):
        if {"phrase", "indicator"} <= set(phrases.columns):
            pairs += list(zip(phrases["phrase"].astype(str), phrases["indicator"].astype(str)))
        elif {"code", "name"} <= set(phrases.columns):
            for _, row in phrases.iterrows():
                pairs.append((str(row["name"]), str(row["code"])))
                extra = row.get("phrases")
                if isinstance(extra, str):
                    pairs += [(p.strip(), str(row["code"])) for p in extra.split(";") if p.strip()]
        else:
            raise ValueError("a phrase table needs columns phrase,indicator (or a catalog "
                             f"with code,name[,phrases]); it has {', '.join(map(str, phrases.columns))}")
    elif phrases is not None:
        raise TypeError(f"phrases must be a mapping or a DataFrame, not {type(phrases).__name__}")
    pairs += list(DEFAULT_PHRASES.items())
    return sorted(((p.lower(), i) for p, i in pairs), key=lambda pi: -len(pi[0]))


def _facts(data: Any, unit: str | None) -> tuple[pd.DataFrame, str]:
    """Rows indicator, measure, value (exact where the data are) for one org unit,
    and a description of the data's period."""
    from ..disbursement import DisbursementResult

    frame = data.to_pandas() if hasattr(data, "to_pandas") else data
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"data must be an Assessment, a DisbursementResult or a DataFrame, "
                        f"not {type(data).__name__}")
    if unit is not None:
        frame = frame[frame["unit"].astype(str) == str(unit)]
        if frame.empty:
            raise KeyError(f"unit {unit!r} is not in the data")
    if isinstance(data, DisbursementResult) or "disbursed" in frame.columns:
        as_of = str(getattr(data, "as_of", ""))
        rows = []
        for _, r in frame.iterrows():
            rows.append((r["unit"], "disbursed", "value", Fraction(int(r["disbursed"])), "đồng"))
            if int(r["allocated"]) > 0:
                rows.append((r["unit"], "disbursed", "pct_of_plan",
                             Fraction(int(r["disbursed"]) * 100, int(r["allocated"])), "%"))
            if "beneficiaries_paid" in r:
                rows.append((r["unit"], "beneficiaries_paid", "value",
                             Fraction(int(r["beneficiaries_paid"])), ""))
        return _distinct(rows), as_of
    needed = {"indicator", "unit", "period"} - set(frame.columns)
    if needed:
        raise ValueError(f"data lack column(s) {sorted(needed)}; give an Assessment or its frame")
    rows = []
    for _, r in frame.iterrows():
        kind = r.get("kind", "total")
        for measure in ("value", "pct_of_plan", "yoy_pct", "yoy_pp"):
            v = r.get(measure)
            if v is None or pd.isna(v) or (measure == "value" and kind == "change"):
                continue
            name = "change_pct_of_plan" if (measure == "pct_of_plan" and kind == "change") else measure
            rows.append((r["unit"], str(r["indicator"]), name, exact(float(v)), str(r["period"])))
    return _distinct(rows), str(frame["period"].iloc[0]) if len(frame) else ""


def _distinct(rows: list[tuple]) -> pd.DataFrame:
    """The facts, each once (a total and a level row of one indicator share its value)."""
    return pd.DataFrame(list(dict.fromkeys(rows)),
                        columns=["unit", "indicator", "measure", "value", "scale"])


def indicator_kinds(phrases: Any = None) -> dict[str, str]:
    """Indicator code -> "money", "rate" or "count", from a catalog frame (value_type,
    unit, formula) over the defaults; an indicator not in either is not known."""
    kinds = dict(_DEFAULT_KINDS)
    if isinstance(phrases, pd.DataFrame) and "code" in phrases.columns:
        for _, row in phrases.iterrows():
            unit = str(row.get("unit", "") or "")
            formula = str(row.get("formula", "") or "")
            if str(row.get("value_type", "")) == "money" or unit.upper() in ("VND", "ĐỒNG"):
                kinds[str(row["code"])] = "money"
            elif unit == "%" or formula.startswith("ratio"):
                kinds[str(row["code"])] = "rate"
            elif unit:
                kinds[str(row["code"])] = "count"
    return kinds


def _match(loc: Located, table: list[tuple[str, str]], known: set[str]) -> str | None:
    words = f" {loc.phrase} {loc.noun} ".lower()
    for phrase, indicator in table:
        if indicator in known and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", words):
            return indicator
    return None


def _data_in_figure_unit(value: Fraction, loc: Located) -> Fraction:
    scale = MONEY_UNITS.get(loc.fig.unit.lower()) if loc.fig.kind == "amount" else None
    return value / scale if scale else value


def against_data(ex: Extraction, data: Any, *, unit: str | None = None,
                 phrases: Any = None) -> list[Finding]:
    """A finding per figure that matches an indicator of ``data``."""
    return list(_against(ex, data, unit, phrases))


def _against(ex: Extraction, data: Any, unit: str | None, phrases: Any) -> Iterator[Finding]:
    from ..period import Period

    facts, data_period = _facts(data, unit)
    table = phrase_table(phrases)
    kinds = indicator_kinds(phrases)
    known = set(facts["indicator"])
    for loc in ex.figures:
        fig = loc.fig
        if fig.role != "actual" or fig.bound == "range":
            continue
        base = ex.by_id(loc.link) if loc.link is not None else None
        indicator = _match(base if base is not None else loc, table, known) or _match(loc, table, known)
        if indicator is None:
            continue
        if fig.kind in ("count", "amount", "ratio", "level") and indicator in kinds \
                and fig.kind not in _FITS[kinds[indicator]]:
            continue  # "chi trả ... cho 48.900 đối tượng" is no amount of money
        if fig.kind == "share" and fig.of == "plan":
            measure = "change_pct_of_plan" if base is not None and base.fig.kind.startswith("change") \
                else "pct_of_plan"
        else:
            measure = _MEASURE.get(fig.kind)
        rows = facts[(facts["indicator"] == indicator) & (facts["measure"] == measure)]
        if measure is None or rows.empty:
            continue
        ids = (loc.id,)
        if len(rows["unit"].unique()) > 1:
            yield Finding("against_data", ids, "cannot check", f"{indicator}: {len(rows)} units in the data",
                          "give the reporting unit (unit=, --unit)")
            continue
        if len(rows) > 1:  # several groups (programmes, sources) or plan rows of one unit
            yield Finding("against_data", ids, "cannot check",
                          f"{indicator} {measure}: {len(rows)} different values for one unit",
                          "the data hold several rows (programmes, sources, targets) for it; "
                          "give a result for one, e.g. disbursement(..., by=())")
            continue
        if loc.period and data_period and not _same_period(loc.period, data_period, Period):
            yield Finding("against_data", ids, "cannot check",
                          f"{indicator} {measure} for {data_period}",
                          f"the figure is for {loc.period}, the data for {data_period}")
            continue
        yield _compare(loc, indicator, measure, rows["value"].iloc[0])


def _same_period(figure_period: str, data_period: str, period_type: Any) -> bool:
    if figure_period == data_period:
        return True
    try:
        return bool(period_type.parse(figure_period).contains(
            pd.Timestamp(data_period).date()))
    except (ValueError, TypeError):
        return False


def _compare(loc: Located, indicator: str, measure: str, value: Fraction) -> Finding:
    fig = loc.fig
    stated, d = abs(fig.value) if measure != "value" else fig.value, fig.decimals
    data = _data_in_figure_unit(value, loc)
    if fig.kind.startswith("change"):
        data = abs(data) if (data < 0) == (fig.value < 0) else data
    unit = {"%": "%", "điểm %": " điểm %"}.get(fig.unit, " " + fig.unit)
    shown = vi_format(data, 0) if data.denominator == 1 else show(data, d + 2)
    lhs = f"data {indicator} {measure} = {shown}"
    if fig.bound in ("lower", "upper", "approx"):
        ok = {"lower": data >= Fraction(stated), "upper": data <= Fraction(stated),
              "approx": abs(data - Fraction(stated)) <= Fraction(stated) / 10}[fig.bound]
        return Finding("against_data", (loc.id,), "ok" if ok else "inconsistent",
                       f"{lhs}; stated {fig.bound} bound {vi_format(stated, d)}{unit}")
    verdict, rule, expected = judge(data, Decimal(stated), d)
    arithmetic = (f"{lhs} → {vi_format(expected, d)}{unit} rounded half up; "
                  f"stated {vi_format(stated, d)}{unit}")
    note = "" if verdict == "ok" else f"the data give {vi_format(expected, d)}{unit}" + \
        (f" ({rule})" if verdict == "rounding" else "")
    if verdict == "inconsistent" and fig.estimate:
        return Finding("against_data", (loc.id,), "cannot check", arithmetic,
                       f"an estimate ('ước'); {note}")
    return Finding("against_data", (loc.id,), verdict, arithmetic, note)
