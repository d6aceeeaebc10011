"""Words of the report: indicator names and phrases, unit words, status words,
level names and column headers, in Vietnamese (default) or English.

>>> status_word("on_track"), status_word("met", pct_of_plan=104.2)
('đúng tiến độ', 'vượt kế hoạch')
>>> status_word("off_track", lang="en")
'off track'
>>> header("pct_of_plan"), header("pct_of_plan", lang="en")
('% kế hoạch', '% of plan')
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._util import Lang

__all__ = [
    "PROGRAMME_WORDS",
    "SOURCE_WORDS",
    "STATUS_WORDS",
    "IndicatorText",
    "header",
    "headers",
    "indicator_texts",
    "level_word",
    "status_word",
    "unit_word",
]

# The terms the departments' reports use: "đạt ... kế hoạch", "vượt kế hoạch",
# "tiến độ" ("đẩy nhanh tiến độ giải ngân"); "không đạt" for a target off its pace.
STATUS_WORDS = {
    "vi": {"met": "đạt kế hoạch", "exceeded": "vượt kế hoạch",
           "on_track": "đúng tiến độ", "at_risk": "chậm tiến độ",
           "off_track": "không đạt tiến độ", None: "chưa có kế hoạch"},
    "en": {"met": "met", "exceeded": "exceeded", "on_track": "on track",
           "at_risk": "at risk", "off_track": "off track", None: "no target"},
}

_HEADERS = {  # column: (vi, en)
    "indicator": ("Chỉ tiêu", "Indicator"),
    "indicator_code": ("Mã chỉ tiêu", "Code"),
    "unit": ("Mã đơn vị", "Unit code"),
    "unit_name": ("Đơn vị", "Unit"),
    "level": ("Cấp", "Level"),
    "period": ("Kỳ báo cáo", "Period"),
    "plan_period": ("Kỳ kế hoạch", "Plan period"),
    "kind": ("Loại chỉ tiêu", "Target kind"),
    "bound": ("Ràng buộc", "Bound"),
    "target": ("Kế hoạch", "Target"),
    "goal": ("Mục tiêu", "Goal"),
    "value": ("Thực hiện", "Value"),
    "actual": ("Thực hiện lũy kế", "Actual to date"),
    "baseline_value": ("Gốc so sánh", "Baseline"),
    "pct_of_plan": ("% kế hoạch", "% of plan"),
    "expected_pct": ("% theo tiến độ", "Expected %"),
    "status": ("Đánh giá", "Status"),
    "same_period_last_year": ("Cùng kỳ năm trước", "Same period last year"),
    "yoy_pct": ("So cùng kỳ (%)", "Change on last year (%)"),
    "yoy_pp": ("So cùng kỳ (điểm %)", "Change on last year (points)"),
    "rank": ("Xếp hạng", "Rank"),
    "coverage": ("Tỷ lệ báo cáo", "Coverage"),
    "unit_word": ("Đơn vị tính", "Unit of measure"),
    "plan_version": ("Phiên bản kế hoạch", "Plan version"),
    "programme": ("Chương trình", "Programme"),
    "source": ("Nguồn vốn", "Source"),
    "allocated": ("Kinh phí được giao", "Allocated"),
    "disbursed": ("Đã giải ngân", "Disbursed"),
    "disbursement_rate": ("Tỷ lệ giải ngân (%)", "Disbursed (%)"),
    "planned_to_date": ("Kế hoạch giải ngân đến nay", "Planned to date"),
    "projected_rate": ("Dự kiến cả năm (%)", "Projected (%)"),
    "at_risk": ("Nguy cơ chậm", "At risk"),
    "beneficiaries_paid": ("Số đối tượng được chi trả", "Beneficiaries paid"),
    "coverage_beneficiaries": ("Tỷ lệ đối tượng được chi trả (%)", "Beneficiaries covered (%)"),
    "n_units": ("Số đơn vị", "Units"),
}

_LEVELS = {"nation": ("Cả nước", "Nation"),
           "province": ("Tỉnh, thành phố", "Province"),
           "district": ("Huyện, thị xã, thành phố", "District"),
           "commune": ("Xã, phường, thị trấn", "Commune")}

# Catalog units written as reports write them.
_UNIT_WORDS = {"VND": "đồng", "vnd": "đồng", "VND/tháng": "đồng/tháng", "đ": "đồng"}
# Units of things counted one by one against a number planned: "1.876/1.956 căn nhà".
_TASK_UNITS = {"nhiệm vụ", "căn", "công trình", "dự án"}


def status_word(status: Any, *, pct_of_plan: float | None = None, lang: Lang = "vi") -> str:
    """The report's word for a status; a met target over 100% of plan is "vượt kế hoạch".

    >>> status_word(None), status_word("at_risk")
    ('chưa có kế hoạch', 'chậm tiến độ')
    """
    words = STATUS_WORDS[lang]
    if status is None or (isinstance(status, float) and math.isnan(status)):
        return words[None]
    if status == "met" and pct_of_plan is not None and pct_of_plan > 100:
        return words["exceeded"]
    if status not in words:
        raise ValueError(f"unknown status {status!r}; expected one of met, on_track, "
                         "at_risk, off_track")
    return words[status]


def header(column: str, lang: Lang = "vi") -> str:
    """A column's header; columns without one keep their name."""
    pair = _HEADERS.get(column)
    return column if pair is None else pair[0 if lang == "vi" else 1]


def headers(columns: Any, lang: Lang = "vi") -> dict[str, str]:
    """``{column: header}`` for renaming a DataFrame's columns."""
    return {c: header(c, lang) for c in columns}


# Funding sources and the example data's programmes, as reports name them.
SOURCE_WORDS = {"central": "ngân sách trung ương", "provincial": "ngân sách tỉnh",
                "district": "ngân sách huyện", "mobilised": "vốn huy động"}
PROGRAMME_WORDS = {"merit_people": "Chính sách người có công",
                   "social_assistance": "Trợ giúp xã hội",
                   "vocational_training": "Đào tạo nghề cho lao động nông thôn"}


def level_word(level: str, lang: Lang = "vi") -> str:
    """ "province" -> "Tỉnh, thành phố" (en: "Province")."""
    pair = _LEVELS.get(level)
    return level if pair is None else pair[0 if lang == "vi" else 1]


def unit_word(unit: str) -> str:
    """A catalog unit as text writes it: "VND" is "đồng".

    >>> unit_word("VND"), unit_word("người")
    ('đồng', 'người')
    """
    return _UNIT_WORDS.get(unit, unit)


@dataclass(frozen=True)
class IndicatorText:
    """How sentences and tables name one indicator.

    ``phrase`` opens its sentence ("giải quyết việc làm"), ``verb`` sits before
    the value ("đạt" for rates), ``unit_word`` follows it, ``decimals`` rounds it;
    ``style`` is count, rate, money or x_of_y ("1.876/1.956 căn"); ``numerator``
    is the count behind a rate ("tương đương giảm 2.500 hộ").
    """

    code: str
    name: str
    phrase: str
    unit_word: str
    verb: str
    decimals: int
    style: str
    lower_is_better: bool
    numerator: str | None = None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _default(indicator: Any) -> IndicatorText:
    code, name = indicator.code, indicator.name or indicator.code
    unit = unit_word(indicator.unit or "")
    formula = indicator.formula or ""
    if indicator.value_type == "money":
        style = "money"
    elif unit == "%" or formula.startswith("ratio"):
        style = "rate"
    elif unit in _TASK_UNITS:
        style = "x_of_y"
    else:
        style = "count"
    numerator = indicator.parts[0] if formula.startswith("ratio") and indicator.parts else None
    return IndicatorText(
        code=code, name=name, phrase=_lower_first(name), unit_word=unit,
        verb="đạt" if style == "rate" and indicator.direction != "lower_is_better" else "",
        decimals=2 if style in ("rate", "money") else 0,
        style=style, lower_is_better=indicator.direction == "lower_is_better",
        numerator=numerator)


_TEMPLATE_COLUMNS = ("phrase", "unit_word", "verb", "decimals", "style")


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) \
        and str(value) != ""


def indicator_texts(catalog: Any = None, templates: Any = None) -> dict[str, IndicatorText]:
    """``{code: IndicatorText}`` from a :class:`chitieu.Catalog` (names, units,
    kinds, directions) and optional ``templates``: a DataFrame or mapping of
    rows with ``code`` and any of phrase, unit_word, verb, decimals, style (the
    catalog table may carry these columns too), overriding the defaults.

    >>> import chitieu
    >>> cat = chitieu.Catalog([chitieu.Indicator.flow("jobs", "Giải quyết việc làm", "người")])
    >>> indicator_texts(cat)["jobs"].phrase
    'giải quyết việc làm'
    """
    texts = {} if catalog is None else {i.code: _default(i) for i in catalog}
    if templates is None:
        return texts
    rows = templates.to_dict("records") if hasattr(templates, "to_dict") else (
        [dict(row, code=code) for code, row in templates.items()]
        if isinstance(templates, Mapping) else list(templates))
    for row in rows:
        code = str(row["code"])
        if code not in texts:
            raise KeyError(f"template for indicator {code!r}, which the catalog does not have")
        changes = {c: row[c] for c in _TEMPLATE_COLUMNS if c in row and _given(row[c])}
        if "decimals" in changes:
            changes["decimals"] = int(changes["decimals"])
        if changes.get("style", "count") not in ("count", "rate", "money", "x_of_y"):
            raise ValueError(f"template style {changes['style']!r} of {code!r} is not "
                             "count, rate, money or x_of_y")
        texts[code] = IndicatorText(**{**texts[code].__dict__, **changes})
    return texts
