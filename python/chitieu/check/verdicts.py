"""Findings and their verdicts, with the arithmetic shown the Vietnamese way."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .extract import Located
from .numbers import vi_format
from .rounding import judge, round_to

__all__ = ["VERDICTS", "Finding", "judged", "pct", "same_unit", "show"]

VERDICTS = ("inconsistent", "rounding", "cannot check", "ok")
_PEOPLE = {"người", "lao động"}


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


def pct(loc: Located) -> str:
    return vi_format(loc.fig.value, loc.fig.decimals) + "%"


def judged(check: str, ids: tuple[int, ...], q: Fraction, stated: Decimal, decimals: int,
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


def same_unit(a: str, b: str) -> bool:
    return a == b or {a, b} <= _PEOPLE
