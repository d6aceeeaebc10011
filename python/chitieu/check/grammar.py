"""The figure grammar: which numbers of a sentence are figures, and of what
kind.

A figure is a number with a unit (a count, an amount of money, a rate), a
ratio "X/Y", or a range "từ 1 đến 1,5%". Its kind comes from the words
around it: "đạt Z% kế hoạch" is a share of the plan, "chiếm Z% tổng số" a
share of a total, "tăng Q% so với cùng kỳ" a change, "tăng Q điểm %" a
change in points, "đạt 50,75%" a level. Qualifiers: an estimate ("ước"), a
bound ("trên 45.000", "hơn 231,6 tỷ", "khoảng 3%", "chưa đạt 50%"), a range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .numbers import Number, lex_numbers
from .units import match_unit

__all__ = ["Figure", "scan_clause"]

_I = re.IGNORECASE
_YEARISH = re.compile(r"(?:19|20|21)\d{2}")
_DOC_ID_AFTER = re.compile(r"\s*(?:/\s*[A-ZĐa-zđ]|-\s*?[A-ZĐ]{2})")
_DATE_BEFORE = re.compile(r"ngày\s*$", _I)
_COMPOUND = re.compile(r"\s+tỷ\s+(\d{1,3}(?:,\d+)?)\s+triệu\s+đồng(?![\wÀ-ỹ])", _I)
_RANGE_JOIN = re.compile(r"\s*(?:%\s*)?(?:đến|tới|-)\s*", _I)
_BOUND_BEFORE = (
    ("approx", re.compile(r"\b(?:khoảng|xấp\s+xỉ|trên\s+dưới|chừng|ước\s+khoảng)\s*$", _I)),
    ("lower", re.compile(r"\b(?:trên|hơn|vượt|ít\s+nhất|tối\s+thiểu)\s*$", _I)),
    ("upper", re.compile(r"\b(?:dưới|chưa\s+đến|chưa\s+tới|chưa\s+đạt|không\s+quá|tối\s+đa|gần)\s*$", _I)),
)
_BOUND_AFTER = (("lower", re.compile(r"\s*trở\s+lên", _I)),
                ("upper", re.compile(r"\s*trở\s+xuống", _I)))
_CHANGE_BEFORE = re.compile(
    r"\b(tăng|giảm)(?:\s+(?:thêm|được|đi|mạnh|nhẹ|khoảng|trên|hơn|gần|dưới|xấp\s+xỉ))*\s*$", _I)
_LEVEL_VERB = re.compile(r"\b(?:tăng|giảm)\s+(?:xuống|lên|còn)(?:\s+còn)?\s*$|\bcòn\s*$", _I)
_PLAN_AFTER = re.compile(r"\s*(?:so\s+với\s+|so\s+|của\s+)?(?:kế\s+hoạch|kh\b|chỉ\s+tiêu|"
                         r"dự\s+toán|mục\s+tiêu|nhiệm\s+vụ)", _I)
_TOTAL_AFTER = re.compile(r"\s*(?:so\s+với\s+)?(?:trong\s+|trên\s+)?tổng", _I)
_SAME_AFTER = re.compile(r"\s*so\s+(?:với\s+)?(?:cùng\s+kỳ|năm|quý|tháng|đầu\s+năm|"
                         r"kỳ|giai\s+đoạn)", _I)
_SHARE_BEFORE = re.compile(r"\bchiếm(?:\s+(?:khoảng|trên|hơn|gần|dưới))?\s*$", _I)
# A clause that opens with a verb on a rate ("giảm tỷ lệ hộ nghèo ... 1,5%").
_RATE_OBJECT = re.compile(r"^\W*(?:\w+\s+){0,2}?(tăng|giảm)\s+tỷ\s+lệ\b", _I)
_LEVEL_WORDS = re.compile(r"\b(?:đạt|là|còn|ở\s+mức|xuống|lên|bằng|chiếm)\b", _I)
_ESTIMATE = re.compile(r"\b(?:ước|dự\s+kiến|dự\s+ước)\b", _I)
_EQUIVALENT = re.compile(r"\btương\s+(?:đương|ứng)(?:\s+với)?(?:\s+(?:tăng|giảm))?\s*$", _I)
_TARGET_CUE = re.compile(r"\b(?:phấn\s+đấu|chỉ\s+tiêu|mục\s+tiêu|kế\s+hoạch\s+(?:giao|đề\s+ra|"
                         r"năm|là|đặt\s+ra)|dự\s+kiến|được\s+giao|giao\s+(?:là|cho))\b", _I)
# "kế hoạch không quá 10.000 hộ", "chỉ tiêu 24.000 người": the plan itself.
_PLAN_BEFORE = re.compile(r"\b(?:kế\s+hoạch|chỉ\s+tiêu|mục\s+tiêu)(?:\s+(?:là|năm\s+\d{4}|giao))?"
                          r"(?:\s+(?:không\s+quá|tối\s+đa|ít\s+nhất|tối\s+thiểu|trên|dưới|"
                          r"khoảng|từ))?\s*\(?\s*$", _I)
_PLAN_SENTENCE = re.compile(r"\W*(?:kế\s+hoạch|mục\s+tiêu|chỉ\s+tiêu|phương\s+hướng|"
                            r"dự\s+kiến)\b", _I)
_FORWARD_CUE = re.compile(r"\b(?:phấn\s+đấu|tiếp\s+tục(?!\s+được)|mục\s+tiêu|nhiệm\s+vụ\s+trọng\s+tâm|"
                          r"thời\s+gian\s+tới|năm\s+tới|sẽ)\b", _I)


@dataclass
class Figure:
    """One figure of a report; the columns of :func:`chitieu.check.extract`."""

    start: int
    end: int
    text: str
    value: Decimal
    decimals: int
    unit: str
    kind: str = "count"
    value_hi: Decimal | None = None      # the top of a range
    denominator: Decimal | None = None   # Y of a ratio X/Y
    of: str | None = None                # a share of: plan, total, same_period
    bound: str | None = None             # lower, upper, approx, range
    estimate: bool = False
    role: str = "actual"                 # actual, target
    equivalent: bool = False             # "tương đương giảm 2.500 hộ"
    lead: str = ""                       # the words before it in its clause
    after: str = ""                      # the words after it in its clause
    extra: dict[str, Any] = field(default_factory=dict)


def _number_pair(text: str, a: Number, nums: list[Number], i: int) -> tuple[str, Number] | None:
    """("ratio" | "range", second number) when ``a`` opens "X/Y" or "X đến Y"."""
    if i + 1 >= len(nums):
        return None
    b = nums[i + 1]
    gap = text[a.end:b.start]
    if re.fullmatch(r"\s*/\s*", gap):
        return "ratio", b
    if _RANGE_JOIN.fullmatch(gap):
        return "range", b
    return None


def scan_clause(text: str, start: int, end: int, sentence_start: int) -> list[Figure]:
    """The figures of ``text[start:end]`` (one clause), left to right."""
    nums = list(lex_numbers(text, start, end))
    out: list[Figure] = []
    skip_until = -1
    for i, a in enumerate(nums):
        if a.start < skip_until or (a.start > 0 and text[a.start - 1] in "/-"
                                    and a.start - 1 >= start and text[a.start - 2:a.start - 1].isdigit()):
            continue
        pair = _number_pair(text, a, nums, i)
        if pair and pair[0] == "ratio":
            b = pair[1]
            chain = re.match(r"\s*[/.-]\s*\w", text[b.end:b.end + 3])
            date_like = (a.value <= 31 and b.value <= 12 and a.decimals == b.decimals == 0) or \
                (a.value <= 12 and _YEARISH.fullmatch(b.text) is not None)  # "10/2022"
            unit = match_unit(text, b.end)
            if chain or _DATE_BEFORE.search(text, max(start, a.start - 8), a.start) or \
                    (date_like and unit is None) or _DOC_ID_AFTER.match(text, b.end):
                skip_until = b.end
                continue
            fig = Figure(a.start, b.end, "", a.value, a.decimals,
                         unit[0] if unit else "", kind="ratio", denominator=b.value)
            if unit:
                fig.end = unit[1]
            skip_until = b.end
        elif pair and pair[0] == "range" and match_unit(text, pair[1].end) is not None:
            b = pair[1]
            if _YEARISH.fullmatch(a.text) and _YEARISH.fullmatch(b.text):
                skip_until = b.end
                continue
            unit_b = match_unit(text, b.end)
            assert unit_b is not None
            fig = Figure(a.start, unit_b[1], "", a.value * unit_b[2], a.decimals, unit_b[0],
                         value_hi=b.value * unit_b[2], bound="range")
            fig.extra["decimals_hi"] = b.decimals
            skip_until = b.end
        elif (compound := _COMPOUND.match(text, a.end)) and a.decimals == 0:
            # "3 tỷ 500 triệu đồng" is 3,5 tỷ đồng
            millions = Decimal(compound.group(1).replace(",", "."))
            fig = Figure(a.start, compound.end(), "", a.value + millions / 1000, 0, "tỷ đồng")
            fig.decimals = max(0, -(fig.value.normalize().as_tuple().exponent))  # type: ignore[operator]
            skip_until = compound.end()
        else:
            date_before = _DATE_BEFORE.search(text, max(start, a.start - 8), a.start)
            if _DOC_ID_AFTER.match(text, a.end) or date_before:
                continue
            unit = match_unit(text, a.end)
            if unit is None:
                continue
            fig = Figure(a.start, unit[1], "", a.value * unit[2], a.decimals, unit[0])
        fig.text = text[fig.start:fig.end]
        prev_end = out[-1].end if out else start
        fig.lead = text[prev_end:fig.start]
        fig.after = text[fig.end:min(end, fig.end + 80)]
        _classify(fig, text[start:fig.start], text[sentence_start:fig.start])
        out.append(fig)
    return out


def _classify(fig: Figure, clause_before: str, sentence_before: str) -> None:
    """Kind, bound, estimate and role of ``fig`` from the words around it."""
    before, after = fig.lead, fig.after
    if fig.bound is None:
        if re.search(r"\btừ\s*$", before, _I) and fig.value_hi is not None:
            fig.bound = "range"
        for name, pattern in _BOUND_BEFORE:
            if pattern.search(before):
                fig.bound = name
                break
        for name, pattern in _BOUND_AFTER:
            if pattern.match(after):
                fig.bound = name
    fig.estimate = bool(_ESTIMATE.search(clause_before))
    fig.equivalent = bool(_EQUIVALENT.search(before))
    found = _CHANGE_BEFORE.search(before)
    change = found if found and not _LEVEL_VERB.search(before) else None
    if fig.kind == "ratio":
        pass
    elif fig.unit == "điểm %":
        fig.kind = "change_pp" if change else "level"
    elif fig.unit == "%":
        if _RATE_OBJECT.search(clause_before) and not _LEVEL_WORDS.search(before):
            fig.kind = "change_pp"  # "giảm tỷ lệ hộ nghèo từ 1 đến 1,5%": the rate moves
            change = _RATE_OBJECT.search(clause_before)
        elif change:
            relative = _SAME_AFTER.match(after) or not re.search(r"tỷ\s+lệ", clause_before, _I)
            fig.kind = "change" if relative else "change_pp"
        elif _PLAN_AFTER.match(after):
            fig.kind, fig.of = "share", "plan"
        elif _SHARE_BEFORE.search(before) or _TOTAL_AFTER.match(after):
            fig.kind, fig.of = "share", "total"
        elif _SAME_AFTER.match(after):
            fig.kind, fig.of = "share", "same_period"
        else:
            fig.kind = "level"
    elif change:
        fig.kind = "change"
    else:
        fig.kind = "amount" if "đồng" in fig.unit or fig.unit == "USD" else "count"
    verb = change.group(1) if change else ""
    if fig.kind in ("change", "change_pp") and verb.lower() == "giảm":
        fig.value, fig.extra["sign"] = -fig.value, -1
        if fig.value_hi is not None:
            fig.value_hi = -fig.value_hi
    # Cues in the figure's own words (since the figure before it), or a sentence
    # about plans: "đạt 82,14% kế hoạch năm (26.000 lao động), tăng 12,3%" keeps
    # the 12,3% an actual although "kế hoạch năm" came before it in the clause.
    if fig.kind != "share" and (_TARGET_CUE.search(before) or _PLAN_BEFORE.search(before) or
                                _PLAN_SENTENCE.match(sentence_before) or
                                (_FORWARD_CUE.search(sentence_before)
                                 and not re.search(r"\bđã\b", clause_before, _I))):
        fig.role = "target"
    if fig.bound == "lower" and _BOUND_AFTER[0][1].match(after) and fig.kind != "share":
        fig.role = "target"
