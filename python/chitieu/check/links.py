"""Links between the figures of one clause, and what a link implies.

"9.997 người, đạt 41,65% kế hoạch": the share belongs to the count before
it, so the plan is 9.997 / 41,65% ≈ 24.002 — any plan from 24.000 to 24.005
rounds to 41,65%, and 24.000 is the round one a department would set.
"79,3% so với kế hoạch (tăng 5,5% so với cùng kỳ)": the change belongs to
the share. "tăng 0,75%, đạt 30% so với kế hoạch": the planned change is
0,75 / 30% = 2,5.

A figure links to the figure just before it in its clause when its own
words are only a connective ("đạt", "(chiếm", ", tăng", "tương đương").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .grammar import Figure
from .rounding import interval_of

__all__ = ["Implied", "clean_phrase", "implied_base", "link_clause", "roundest"]

# Connectives trimmed from either end of an indicator phrase (longest first).
_STOP = sorted((tuple(p.split()) for p in (
    "đạt", "được", "cho", "là", "với", "có", "còn", "tăng", "giảm", "bằng", "chiếm",
    "khoảng", "trên", "hơn", "ước", "ước đạt", "ước tính", "gần", "dưới", "từ", "thêm",
    "của", "về", "tới", "lên", "xuống", "vượt", "đến", "và", "như", "đã", "thì",
    "tương đương", "tương ứng", "ít nhất", "tối thiểu", "tối đa", "không quá", "chưa đạt",
    "chưa đến", "xấp xỉ", "trên dưới", "đối với", "trong đó", "ngoài ra", "đồng thời",
    "so với", "dự kiến", "lũy kế", "hiện nay", "ở mức", "bao gồm", "gồm", "cụ thể",
    "trong", "tại", "đạt được")), key=len, reverse=True)
_LINKABLE = {"share", "change", "change_pp", "level"}


def clean_phrase(lead: str) -> str:
    """The indicator words of a figure's lead-in: after the last comma, colon
    or opening bracket (brackets closed before it are dropped), without the
    connectives at either end, at most 12 words.

    >>> clean_phrase("; Như: giải quyết việc làm cho")
    'giải quyết việc làm'
    >>> clean_phrase(" cho 3 nhóm (NCC, BTXH) đối với"), clean_phrase(" (chiếm")
    ('3 nhóm', '')
    """
    text = re.sub(r"\([^()]*\)", " ", lead)
    text = re.split(r"[,;:(\n\"“”]", text)[-1]
    words = [w for w in re.split(r"[\s)\]]+", text) if w]
    lowered = [w.lower() for w in words]
    trimmed = True
    while trimmed and words:
        trimmed = False
        for stop in _STOP:
            n = len(stop)
            if tuple(lowered[:n]) == stop:
                words, lowered, trimmed = words[n:], lowered[n:], True
                break
            if tuple(lowered[-n:]) == stop and len(lowered) >= n:
                words, lowered, trimmed = words[:-n], lowered[:-n], True
                break
    return " ".join(words[-12:])


@dataclass(frozen=True)
class Implied:
    """What a link implies: a base (plan, total, last year) with the interval
    of bases that round to the stated percent, and the roundest such base."""

    relation: str
    value: Fraction
    lo: Fraction
    hi: Fraction
    round: Decimal | None


def roundest(lo: Fraction, hi: Fraction, decimals: int = 0) -> Decimal | None:
    """The number in [lo, hi] with the most trailing zeros (at least a
    multiple of 10^-decimals), None when there is none.

    >>> roundest(Fraction(239995, 10), Fraction(240053, 10))
    Decimal('24000')
    """
    if hi < lo:
        return None
    for k in range(15, -decimals - 1, -1):
        step = Fraction(10) ** k
        first = -((-lo) // step) * step  # the first multiple of step >= lo
        if first <= hi:
            return Decimal(first.numerator) / Decimal(first.denominator)
    return None


def implied_base(part: Decimal, pct: Decimal, pct_decimals: int, *, relation: str,
                 part_decimals: int = 0) -> Implied | None:
    """The base B with part / B = pct% (pct as stated, so B lies in an
    interval): the plan of "9.997 người, đạt 41,65% kế hoạch"."""
    lo_pct, hi_pct = interval_of(pct, pct_decimals)
    if lo_pct <= 0:
        return None
    p = Fraction(part) * 100
    value = p / Fraction(pct)
    lo, hi = sorted((p / hi_pct, p / lo_pct))
        # A round base only: at least a multiple of ten units of the last digit shown.
    # Only a round base says something: a multiple of ten of the last digit shown.
    return Implied(relation, value, lo, hi, roundest(lo, hi, part_decimals - 1))


def _relation(prev: Figure, fig: Figure) -> str | None:
    if fig.equivalent and prev.kind in ("change", "change_pp") and fig.kind in ("change", "count"):
        return "equivalent"
    if fig.kind not in _LINKABLE or fig.unit not in ("%", "điểm %"):
        return None
    if fig.kind == "share":
        return {"plan": "pct_of_plan", "total": "share_of_total",
                "same_period": "pct_of_same_period"}.get(fig.of or "")
    if fig.kind in ("change", "change_pp"):
        return "change_of"
    if fig.kind == "level" and prev.kind == "ratio":
        return "ratio_pct"
    return None


def link_clause(figures: list[Figure]) -> list[tuple[int, int, str]]:
    """(index of the earlier figure, index of the later, relation) for each
    link in one clause's figures."""
    links = []
    for i in range(1, len(figures)):
        fig = figures[i]
        if clean_phrase(fig.lead):
            continue
        # An actual figure belongs to the actual before it, not to a plan stated
        # between them ("9.500 hộ, kế hoạch không quá 10.000 hộ, giảm 20,83%").
        earlier = [j for j in range(i) if fig.role != "actual" or figures[j].role == "actual"]
        if not earlier:
            continue
        prev = figures[i - 1]
        if (fig.kind == "level" and fig.unit == "%" and prev.role == "target"
                and prev.kind in ("count", "amount") and figures[earlier[-1]].unit == prev.unit):
            # "9.997 người, kế hoạch 24.000 người, đạt 41,65%": a share of that plan.
            fig.kind, fig.of = "share", "plan"
        relation = _relation(figures[earlier[-1]], fig)
        if relation is not None:
            links.append((earlier[-1], i, relation))
    return links


PLAN_WORDS = re.compile(r"^(?:kế\s+hoạch|chỉ\s+tiêu|mục\s+tiêu)(?:\s+(?:năm\s+\d{4}|giao))?$",
                        re.IGNORECASE)
