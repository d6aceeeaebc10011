"""Additive checks: parts against their total ("tổng kinh phí 54,6 tỷ đồng, trong
đó ..."), and a change in a count against its change in percent ("95.320 người,
tăng 3.120 người (tăng 3,38%)").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction

from .checks import TOTAL_WORDS
from .extract import Extraction, Located
from .numbers import vi_format
from .rounding import round_to
from .verdicts import Finding, judged, same_unit, show

__all__ = ["change_checks", "parts_checks"]

_PARTS_MARK = re.compile(r"\b(?:trong\s+đó|bao\s+gồm|gồm|cụ\s+thể)\b", re.IGNORECASE)


def parts_checks(ex: Extraction) -> Iterator[Finding]:
    text = ex.doc.text
    for s in ex.doc.sentences:
        figs = [f for f in ex.figures if f.sentence == s.index]
        for i, total in enumerate(figs):
            if total.fig.kind not in ("amount", "count") or not TOTAL_WORDS.search(
                    total.fig.lead + " " + total.phrase):
                continue
            rest = figs[i + 1:]
            mark = _PARTS_MARK.search(text, total.fig.end, rest[0].fig.start if rest else s.end)
            if mark is None:
                continue
            parts = []
            for f in rest:
                if TOTAL_WORDS.search(f.fig.lead):
                    break
                between = text[mark.end():f.fig.start]
                nested = between.count("(") > between.count(")")  # a part of a part
                if f.fig.kind == total.fig.kind and _comparable(f, total) and not nested:
                    parts.append(f)
            if len(parts) >= 2:
                yield _parts_finding(total, parts, mark.group().lower())


def _comparable(part: Located, total: Located) -> bool:
    if total.fig.kind == "amount":
        return part.fig.unit.endswith("đồng") == total.fig.unit.endswith("đồng")
    return same_unit(part.fig.unit, total.fig.unit)


def _in_total_unit(loc: Located, unit: str) -> Fraction:
    from .units import MONEY_UNITS

    if loc.fig.unit == unit or loc.fig.kind != "amount":
        return Fraction(loc.fig.value)
    return Fraction(loc.fig.value) * MONEY_UNITS.get(loc.fig.unit.lower(), 1) / \
        MONEY_UNITS.get(unit.lower(), 1)


def _parts_finding(total: Located, parts: list[Located], mark: str) -> Finding:
    unit, d = total.fig.unit, total.fig.decimals
    values = [_in_total_unit(p, unit) for p in parts]
    whole = sum(values, Fraction(0))
    stated = Fraction(total.fig.value)
    shown = max([d] + [p.fig.decimals for p in parts])
    lhs = " + ".join(show(v, shown) for v in values)
    arithmetic = f"{lhs} = {show(whole, shown)} {unit}; stated total {vi_format(total.fig.value, d)} {unit}"
    ids = (total.id, *(p.id for p in parts))
    if whole == stated:
        return Finding("parts_vs_total", ids, "ok", arithmetic)
    if round_to(whole, d) == total.fig.value:
        return Finding("parts_vs_total", ids, "rounding", arithmetic,
                       f"the parts sum to {show(whole, shown)}, which rounds to the total")
    if whole < stated and mark == "trong đó" and not total.fig.bound:
        return Finding("parts_vs_total", ids, "cannot check", arithmetic,
                       f"the parts are {show(stated - whole, shown)} {unit} short of the total; "
                       "'trong đó' may list only some parts")
    if total.fig.bound == "lower" and whole > stated:
        return Finding("parts_vs_total", ids, "ok", arithmetic, "the total is a lower bound")
    return Finding("parts_vs_total", ids, "inconsistent", arithmetic,
                   f"the parts sum to {show(whole, shown)} {unit}, not "
                   f"{vi_format(total.fig.value, d)} {unit}")


def change_checks(ex: Extraction) -> Iterator[Finding]:
    """"95.320 người, tăng 3.120 người (tăng 3,38%)": the count a year back is
    95.320 − 3.120 = 92.200, and 3.120 / 92.200 = 3,38%."""
    for loc in ex.figures:
        if loc.relation != "change_of" or loc.link is None or loc.fig.kind != "change" \
                or loc.fig.unit != "%":
            continue
        delta = ex.by_id(loc.link)
        if delta.fig.kind != "change" or delta.fig.unit in ("%", "điểm %"):
            continue
        level = next((f for f in reversed(ex.figures[:delta.id])
                      if f.sentence == delta.sentence and f.clause == delta.clause
                      and f.fig.kind in ("count", "amount") and f.fig.role == "actual"
                      and same_unit(f.fig.unit, delta.fig.unit)), None)
        if level is None or level.fig.bound or delta.fig.bound:
            continue
        ids = (level.id, delta.id, loc.id)
        before = Fraction(level.fig.value) - Fraction(delta.fig.value)
        d = max(level.fig.decimals, delta.fig.decimals)
        shown = (f"{vi_format(delta.fig.value, d)} / ({vi_format(level.fig.value, d)} − "
                 f"{vi_format(delta.fig.value, d)})")
        if before <= 0:
            yield Finding("change_vs_count", ids, "cannot check",
                          f"{shown}: the value a year back would be {show(before, d)}")
            continue
        q = Fraction(delta.fig.value) * 100 / before
        if (q < 0) != (loc.fig.value < 0) and q != 0:
            yield Finding("change_vs_count", ids, "inconsistent",
                          f"{shown} = {show(q, loc.fig.decimals + 2)}%",
                          "the count and the percent move in opposite directions")
            continue
        yield judged("change_vs_count", ids, abs(q), abs(loc.fig.value), loc.fig.decimals, shown)
