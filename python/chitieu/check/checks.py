"""Consistency checks on the figures of one report, each with a verdict and
the arithmetic that gives it.

Verdicts: ``ok`` (the figures agree at the precision shown, rounded half
up), ``rounding`` (they agree under another rounding habit, or one unit off
in the last digit: a slip of presentation, flagged), ``inconsistent`` (they
do not add up), ``cannot check`` (a needed figure is not in the text; what
it would have to be is shown).

>>> from chitieu.check.extract import extract_figures
>>> ex = extract_figures("Hoàn thành 120/195 nhiệm vụ, đạt 61,53% kế hoạch.")
>>> f = run_checks(ex)[0]
>>> f.verdict, f.arithmetic
('rounding', '120/195 = 61,5384…% → 61,54% rounded half up; stated 61,53%')
>>> f.note
'61,53% is 61,5384…% truncated to 2 decimals, not rounded (half up gives 61,54%)'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Iterator, Mapping

from .extract import Extraction, Located
from .numbers import vi_format
from .rounding import judge, round_to

__all__ = ["Finding", "run_checks", "VERDICTS", "show", "similar"]

VERDICTS = ("inconsistent", "rounding", "cannot check", "ok")
_PEOPLE = {"người", "lao động"}
_PARTS_MARK = re.compile(r"\b(?:trong\s+đó|bao\s+gồm|gồm|cụ\s+thể)\b", re.IGNORECASE)
_TOTAL_WORDS = re.compile(r"\b(?:tổng|toàn\s+tỉnh\s+có|toàn\s+huyện\s+có|cả\s+nước\s+có)\b",
                          re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One check on one or more figures (ids into the extraction)."""

    check: str
    figures: tuple[int, ...]
    verdict: str
    arithmetic: str
    note: str = ""


def show(x: Fraction | Decimal | int, decimals: int) -> str:
    """``x`` to ``decimals`` places the Vietnamese way, with "…" when that
    is not exact."""
    text = vi_format(round_to(x, decimals, "truncate"), decimals)
    return text if Fraction(round_to(x, decimals, "truncate")) == Fraction(x) else text + "…"


def _pct(loc: Located) -> str:
    return vi_format(loc.fig.value, loc.fig.decimals) + "%"


def _judged(check: str, ids: tuple[int, ...], q: Fraction, stated: Decimal, decimals: int,
            lhs: str) -> Finding:
    verdict, rule, expected = judge(q, stated, decimals)
    exp_text = vi_format(expected, decimals)
    arithmetic = (f"{lhs} = {show(q, decimals + 2)}% → "
                  f"{exp_text}% rounded half up; stated {vi_format(stated, decimals)}%")
    note = ""
    if rule == "truncate":
        note = (f"{vi_format(stated, decimals)}% is {show(q, decimals + 2)}% truncated to "
                f"{decimals} decimals, not rounded (half up gives {exp_text}%)")
    elif rule == "round_up":
        note = f"{vi_format(stated, decimals)}% is rounded up (half up gives {exp_text}%)"
    elif rule == "last_digit":
        note = f"one unit off in the last digit (half up gives {exp_text}%)"
    elif verdict == "inconsistent":
        note = f"the figures give {exp_text}%, not {vi_format(stated, decimals)}%"
    return Finding(check, ids, verdict, arithmetic, note)


def similar(a: str, b: str) -> bool:
    """True when one indicator phrase holds the other (at least two words):
    "giải quyết việc làm" and "chỉ tiêu giải quyết việc làm năm 2020"; not
    "tỷ lệ hộ nghèo" and "tỷ lệ hộ cận nghèo"."""
    a, b = (" ".join(x.lower().split()) for x in (a, b))
    short, long_ = sorted((a, b), key=len)
    return len(short.split()) >= 2 and re.search(rf"(?<!\w){re.escape(short)}(?!\w)", long_) is not None


def _same_unit(a: str, b: str) -> bool:
    return a == b or {a, b} <= _PEOPLE


def _ratio_checks(ex: Extraction) -> Iterator[Finding]:
    for loc in ex.figures:
        if loc.link is None or loc.relation not in ("pct_of_plan", "ratio_pct", "share_of_total"):
            continue
        base = ex.by_id(loc.link)
        if base.fig.kind != "ratio":
            continue
        x, y = base.fig.value, base.fig.denominator
        ids = (base.id, loc.id)
        lhs = f"{vi_format(x, base.fig.decimals)}/{vi_format(y, 0)}"
        if not y:
            yield Finding("ratio_percent", ids, "cannot check", f"{lhs}: the denominator is 0")
            continue
        yield _judged("ratio_percent", ids, Fraction(x) * 100 / Fraction(y), loc.fig.value,
                      loc.fig.decimals, lhs)


def _stated_base(ex: Extraction, share: Located, base: Located) -> Located | None:
    """A plan (or total) stated elsewhere for the figure a share belongs to: one
    with a similar phrase, or for a total the only total of that unit."""
    candidates = []
    for cand in ex.figures:
        if cand.id in (share.id, base.id) or cand.fig.kind != base.fig.kind:
            continue
        if not _same_unit(cand.fig.unit, base.fig.unit):
            continue
        if share.relation == "pct_of_plan" and cand.fig.role != "target":
            continue
        if share.relation == "share_of_total" and not _TOTAL_WORDS.search(cand.fig.lead + " " + cand.phrase):
            continue
        if similar(cand.phrase, base.phrase) or (cand.noun and similar(cand.phrase + " " + cand.noun, base.phrase)):
            return cand
        if _paragraph(ex, cand) == _paragraph(ex, base) and (
                share.fig.value > 100 or abs(cand.fig.value) >= abs(base.fig.value)):
            candidates.append(cand)  # a total near the part and not smaller than it
    if share.relation == "share_of_total" and len(candidates) == 1:
        return candidates[0]
    return None


def _paragraph(ex: Extraction, loc: Located) -> int:
    return ex.doc.sentences[loc.sentence].paragraph


def _share_checks(ex: Extraction) -> Iterator[Finding]:
    names = {"pct_of_plan": "plan", "share_of_total": "total", "pct_of_same_period": "same period"}
    for loc in ex.figures:
        if loc.implied is None or loc.relation not in names:
            continue
        base = ex.by_id(loc.link) if loc.link is not None else None
        if base is None:
            continue
        what, imp = names[loc.relation], loc.implied
        d = base.fig.decimals
        ids = (base.id, loc.id)
        stated = _stated_base(ex, loc, base)
        part = abs(base.fig.value)
        if stated is not None and stated.fig.value:
            yield _judged(f"share_vs_{what.replace(' ', '_')}", (*ids, stated.id),
                          Fraction(part) * 100 / Fraction(stated.fig.value), loc.fig.value,
                          loc.fig.decimals,
                          f"{vi_format(part, d)} / {vi_format(stated.fig.value, stated.fig.decimals)}")
            continue
        if base.fig.kind == "change_pp" or (base.fig.kind == "change" and base.fig.unit == "%"):
            finding = _target_level_check(ex, loc, base)
            if finding is not None:
                yield finding
                continue
        unit = "" if base.fig.unit in ("%", "điểm %") else " " + base.fig.unit
        rnd = "" if imp.round is None else f" (≈ {vi_format(imp.round, _places(imp.round))}{unit})"
        if d == 0 and base.fig.kind != "change_pp" and base.fig.unit != "%":
            first, last = imp.lo.__floor__() + 1, imp.hi.__floor__()
            span = f"{vi_format(first, 0)} to {vi_format(last, 0)}{unit}"
        else:
            span = f"{show(imp.lo, d + 2)} to {show(imp.hi, d + 2)}{unit}"
        yield Finding(
            f"share_vs_{what.replace(' ', '_')}", ids, "cannot check",
            f"{vi_format(part, d)}{unit} / {_pct(loc)} = {show(imp.value, d + 1)}{unit}; any "
            f"{what} from {span} rounds to {_pct(loc)}{rnd}",
            f"no {what} is stated for this indicator in the text" +
            (" (the figure is a bound, so is the implied one)" if base.fig.bound else ""))


def _places(x: Decimal) -> int:
    return max(0, -x.normalize().as_tuple().exponent)  # type: ignore[operator]


def _target_level_check(ex: Extraction, share: Located, change: Located) -> Finding | None:
    """"đạt 50,75%, tăng 0,75%, đạt 30% so với kế hoạch" with a target
    "52,5% trở lên": the plan is a change of 52,5 - (50,75 - 0,75) = 2,5
    points, and 0,75 / 2,5 = 30%."""
    if change.link is None:
        return None
    level = ex.by_id(change.link)
    if level.fig.kind != "level":
        return None
    for cand in ex.figures:
        if cand.fig.role == "target" and cand.fig.kind == "level" and cand.fig.unit == "%" \
                and cand.id != level.id and similar(cand.phrase, level.phrase):
            start = Fraction(level.fig.value) - Fraction(change.fig.value)
            planned = Fraction(cand.fig.value) - start
            if planned == 0:
                return None
            ids = (level.id, change.id, share.id, cand.id)
            lhs = (f"{vi_format(change.fig.value, change.fig.decimals)} / ({_pct(cand)} − "
                   f"({_pct(level)} − {vi_format(change.fig.value, change.fig.decimals)}))")
            return _judged("change_vs_target_level", ids, Fraction(change.fig.value) * 100 / planned,
                           share.fig.value, share.fig.decimals, lhs)
    return None


def _equivalent_checks(ex: Extraction, totals: Mapping[str, float]) -> Iterator[Finding]:
    for loc in ex.figures:
        if loc.relation != "equivalent" or loc.link is None:
            continue
        rate = ex.by_id(loc.link)
        n, q = abs(loc.fig.value), abs(rate.fig.value)
        ids = (rate.id, loc.id)
        total = next((c for c in ex.figures if c.fig.kind == "count" and c.id != loc.id
                      and _same_unit(c.fig.unit, loc.fig.unit)
                      and _TOTAL_WORDS.search(c.fig.lead + " " + c.phrase)), None)
        t_value = Decimal(str(totals[loc.fig.unit])) if loc.fig.unit in totals else (
            total.fig.value if total is not None else None)
        if t_value:
            if total is not None and loc.fig.unit not in totals:
                ids = (*ids, total.id)
            yield _judged("equivalent_vs_rate", ids, Fraction(n) * 100 / Fraction(t_value), q,
                          rate.fig.decimals, f"{vi_format(n, 0)} / {vi_format(t_value, 0)}")
            continue
        imp = loc.implied
        span = "" if imp is None else (f"; a total from {show(imp.lo, 0)} to {show(imp.hi, 0)} "
                                       f"{loc.fig.unit} would give "
                                       f"{vi_format(q, rate.fig.decimals)}%")
        yield Finding("equivalent_vs_rate", ids, "cannot check",
                      f"{vi_format(n, 0)} {loc.fig.unit} ≙ {vi_format(q, rate.fig.decimals)}%{span}",
                      f"the number of {loc.fig.unit} in all is not stated (give it as totals=)")


def _parts_checks(ex: Extraction) -> Iterator[Finding]:
    text = ex.doc.text
    for s in ex.doc.sentences:
        figs = [f for f in ex.figures if f.sentence == s.index]
        for i, total in enumerate(figs):
            if total.fig.kind not in ("amount", "count") or not _TOTAL_WORDS.search(
                    total.fig.lead + " " + total.phrase):
                continue
            rest = figs[i + 1:]
            mark = _PARTS_MARK.search(text, total.fig.end, rest[0].fig.start if rest else s.end)
            if mark is None:
                continue
            parts = []
            for f in rest:
                if _TOTAL_WORDS.search(f.fig.lead):
                    break
                if f.fig.kind == total.fig.kind and _comparable(f, total):
                    parts.append(f)
            if len(parts) >= 2:
                yield _parts_finding(total, parts, mark.group().lower())


def _comparable(part: Located, total: Located) -> bool:
    if total.fig.kind == "amount":
        return part.fig.unit.endswith("đồng") == total.fig.unit.endswith("đồng")
    return _same_unit(part.fig.unit, total.fig.unit)


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


def run_checks(ex: Extraction, *, totals: Mapping[str, float] | None = None) -> list[Finding]:
    """Every consistency check on ``ex``, in order of the figures. ``totals``
    gives denominators the text leaves out ({"hộ": 512000}: the households of
    the province, for "tương đương giảm 2.500 hộ")."""
    found = [*_ratio_checks(ex), *_share_checks(ex), *_equivalent_checks(ex, totals or {}),
             *_parts_checks(ex)]
    return sorted(found, key=lambda f: min(f.figures))
