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
from collections.abc import Iterator, Mapping
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from .extract import Extraction, Located
from .numbers import vi_format
from .verdicts import VERDICTS, Finding, judged, pct, same_unit, show

__all__ = ["VERDICTS", "Finding", "run_checks", "show", "similar"]

TOTAL_WORDS = re.compile(r"\b(?:tổng|toàn\s+tỉnh\s+có|toàn\s+huyện\s+có|cả\s+nước\s+có)\b",
                          re.IGNORECASE)


def similar(a: str, b: str) -> bool:
    """True when one indicator phrase holds the other (at least two words):
    "giải quyết việc làm" and "chỉ tiêu giải quyết việc làm năm 2020"; not
    "tỷ lệ hộ nghèo" and "tỷ lệ hộ cận nghèo"."""
    a, b = (" ".join(x.lower().split()) for x in (a, b))
    short, long_ = sorted((a, b), key=len)
    return len(short.split()) >= 2 and re.search(rf"(?<!\w){re.escape(short)}(?!\w)", long_) is not None


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
        yield judged("ratio_percent", ids, Fraction(x) * 100 / Fraction(y), loc.fig.value,
                      loc.fig.decimals, lhs)


def _stated_base(ex: Extraction, share: Located, base: Located) -> tuple[Located | None, bool]:
    """A plan (or total) stated elsewhere for the figure a share belongs to, and
    whether it is a guess: one with a similar phrase and a period that covers
    the figure's; else, for a total, the only total of that unit in the
    paragraph that is not smaller than the part (a guess)."""
    candidates = []
    for cand in ex.figures:
        if cand.id in (share.id, base.id) or cand.fig.kind != base.fig.kind:
            continue
        if not same_unit(cand.fig.unit, base.fig.unit) or not _covers(cand.period, base.period):
            continue
        if share.relation == "pct_of_plan" and cand.fig.role != "target":
            continue
        if share.relation == "share_of_total" and not TOTAL_WORDS.search(cand.fig.lead + " " + cand.phrase):
            continue
        with_noun = cand.noun and similar(cand.phrase + " " + cand.noun, base.phrase)
        if similar(cand.phrase, base.phrase) or with_noun:
            return cand, False
        if _paragraph(ex, cand) == _paragraph(ex, base) and (
                share.fig.value > 100 or abs(cand.fig.value) >= abs(base.fig.value)):
            candidates.append(cand)
    if share.relation == "share_of_total" and len(candidates) == 1:
        return candidates[0], True
    return None, False


def _covers(outer: str | None, inner: str | None) -> bool:
    """True when period ``outer`` contains ``inner`` (or either is unknown): a
    plan for 2021 says nothing about a figure of 2020S1."""
    from ..period import Period

    if outer is None or inner is None:
        return True
    o, i = Period.parse(outer), Period.parse(inner)
    return o.first <= i.first and i.last <= o.last


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
        stated, guessed = _stated_base(ex, loc, base)
        part = abs(base.fig.value)
        if stated is not None and stated.fig.value:
            finding = judged(f"share_vs_{what.replace(' ', '_')}", (*ids, stated.id),
                              Fraction(part) * 100 / Fraction(stated.fig.value), loc.fig.value,
                              loc.fig.decimals,
                              f"{vi_format(part, d)} / {vi_format(stated.fig.value, stated.fig.decimals)}")
            if guessed and finding.verdict == "inconsistent":
                # A pairing by position only is not enough to call a figure wrong.
                finding = replace(finding, verdict="cannot check",
                                  note=f"{finding.note}; but {stated.fig.text!r} may be another total")
            yield finding
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
            f"{vi_format(part, d)}{unit} / {pct(loc)} = {show(imp.value, d + 1)}{unit}; any "
            f"{what} from {span} rounds to {pct(loc)}{rnd}",
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
            lhs = (f"{vi_format(change.fig.value, change.fig.decimals)} / ({pct(cand)} − "
                   f"({pct(level)} − {vi_format(change.fig.value, change.fig.decimals)}))")
            return judged("change_vs_target_level", ids, Fraction(change.fig.value) * 100 / planned,
                           share.fig.value, share.fig.decimals, lhs)
    return None


def _equivalent_checks(ex: Extraction, totals: Mapping[str, float]) -> Iterator[Finding]:
    for loc in ex.figures:
        if loc.relation != "equivalent" or loc.link is None:
            continue
        rate = ex.by_id(loc.link)
        n, q = abs(loc.fig.value), abs(rate.fig.value)
        ids = (rate.id, loc.id)
        # All the units (households), not the rate's numerator ("hộ nghèo"): a total
        # whose phrase holds the rate's subject is the numerator's total; two or more
        # candidates leave it open.
        subject = re.sub(r"^.*?tỷ\s+lệ\s+", "", rate.phrase.lower())
        found = [c for c in ex.figures if c.fig.kind == "count" and c.id != loc.id
                 and same_unit(c.fig.unit, loc.fig.unit)
                 and TOTAL_WORDS.search(c.fig.lead + " " + c.phrase)
                 and not (subject and subject in c.phrase.lower())]
        total = found[0] if len(found) == 1 else None
        t_value = Decimal(str(totals[loc.fig.unit])) if loc.fig.unit in totals else (
            total.fig.value if total is not None else None)
        if t_value:
            guessed = total is not None and loc.fig.unit not in totals and not _all_of(total)
            if guessed:
                ids = (*ids, total.id)
            finding = judged("equivalent_vs_rate", ids, Fraction(n) * 100 / Fraction(t_value), q,
                              rate.fig.decimals, f"{vi_format(n, 0)} / {vi_format(t_value, 0)}")
            if guessed and finding.verdict == "inconsistent":
                # The text's total is found by its words only; it may count something else.
                finding = replace(finding, verdict="cannot check", note=(
                    f"{finding.note}; but {total.fig.text!r} may not be the {loc.fig.unit} in all "
                    "(give it as totals=)"))
            yield finding
            continue
        imp = loc.implied
        span = "" if imp is None else (f"; a total from {show(imp.lo, 0)} to {show(imp.hi, 0)} "
                                       f"{loc.fig.unit} would give "
                                       f"{vi_format(q, rate.fig.decimals)}%")
        yield Finding("equivalent_vs_rate", ids, "cannot check",
                      f"{vi_format(n, 0)} {loc.fig.unit} ≙ {vi_format(q, rate.fig.decimals)}%{span}",
                      f"the number of {loc.fig.unit} in all is not stated (give it as totals=)")


# Words of a total of everything ("toàn tỉnh có 500.000 hộ", "tổng số hộ dân cư"), as
# opposed to a total of some ("tổng số hộ nghèo").
_ALL_WORDS = {"tổng", "số", "toàn", "tỉnh", "huyện", "thành", "phố", "cả", "nước", "có", "là", "hộ", "dân",
              "cư", "gia", "đình", "trên", "địa", "bàn", "người", "lao", "động", "đầu", "năm", "cuối"}


def _all_of(loc: Located) -> bool:
    words = f"{loc.phrase} {loc.noun}".lower().split()
    return bool(words) and all(w in _ALL_WORDS for w in words)


# An org unit named in the text: "Huyện Hương Sơn", "tỉnh Hà Tĩnh", "TP. Vinh".
_UNIT_NAME = re.compile(r"\b(?:[Tt]ỉnh|[Hh]uyện|[Tt]hị\s+xã|[Tt]hành\s+phố|[Qq]uận|[Xx]ã|[Pp]hường|"
                        r"[Tt]hị\s+trấn|TP\.?)\s+(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s*)+")


def _scope(ex: Extraction, loc: Located) -> str:
    """The last org unit named in the figure's paragraph before it ("" if none):
    "Huyện A: giải quyết việc làm 500 người" and "Huyện B: ... 700 người" are
    two figures, not one stated twice."""
    paragraph = ex.doc.sentences[loc.sentence].paragraph
    start = next(s.start for s in ex.doc.sentences if s.paragraph == paragraph)
    names = _UNIT_NAME.findall(ex.doc.text, start, loc.fig.start)
    return " ".join(names[-1].split()).lower() if names else ""


def _repeated_checks(ex: Extraction) -> Iterator[Finding]:
    """The same figure stated twice (a summary and its section): the same
    indicator phrase word for word, unit, kind and period, both actual and
    exact, in different sentences, must carry the same value."""
    seen: dict[tuple, Located] = {}
    for loc in ex.figures:
        fig = loc.fig
        phrase = " ".join(loc.phrase.lower().split())
        if (fig.role != "actual" or fig.bound or fig.estimate or len(phrase.split()) < 2
                or fig.kind not in ("count", "amount", "ratio")):
            continue
        key = (phrase, fig.unit, fig.kind, loc.period, _scope(ex, loc))
        first = seen.setdefault(key, loc)
        if first is loc or first.sentence == loc.sentence:
            continue
        same = (first.fig.value == fig.value and first.fig.denominator == fig.denominator)
        yield Finding("repeated_figure", (first.id, loc.id), "ok" if same else "inconsistent",
                      f"{phrase}: {first.fig.text} and {fig.text} ({loc.period or 'no period'})",
                      "" if same else "the same figure is stated twice with different values")


def run_checks(ex: Extraction, *, totals: Mapping[str, float] | None = None) -> list[Finding]:
    """Every consistency check on ``ex``, in order of the figures. ``totals``
    gives denominators the text leaves out ({"hộ": 512000}: the households of
    the province, for "tương đương giảm 2.500 hộ")."""
    from .sums import change_checks, parts_checks

    found = [*_ratio_checks(ex), *_share_checks(ex), *_equivalent_checks(ex, totals or {}),
             *parts_checks(ex), *change_checks(ex), *_repeated_checks(ex)]
    return sorted(found, key=lambda f: min(f.figures))
