"""Exact rounding rules, to tell a slip from a rounding habit.

A stated figure shows ``d`` decimals. The exact value (a fraction, never a
float) rounded half up to ``d`` decimals is what it should read; many
reports truncate instead (120/195 = 61,538…% printed "61,53%"), a few round
up. :func:`judge` says which rule, if any, gives the stated figure.

>>> from fractions import Fraction
>>> judge(Fraction(12000, 195), Decimal("61.53"), 2)
('rounding', 'truncate', Decimal('61.54'))
>>> judge(Fraction(187600, 1956), Decimal("95.91"), 2)
('ok', 'half_up', Decimal('95.91'))
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Union

__all__ = ["RULES", "exact", "interval_of", "judge", "round_to"]

Exactish = Union[Fraction, Decimal, int, float]

# Rounding habits seen in reports, most expected first.
RULES = ("half_up", "truncate", "round_up")
_MODES = {"half_up": ROUND_HALF_UP, "truncate": ROUND_DOWN}


def exact(x: Exactish) -> Fraction:
    """``x`` as an exact fraction (a float by its shortest decimal repr)."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, float):
        return Fraction(Decimal(repr(x)))
    return Fraction(x)


def round_to(x: Exactish, decimals: int, rule: str = "half_up") -> Decimal:
    """``x`` rounded to ``decimals`` by ``rule``: half_up (away from zero on
    a tie), truncate (toward zero) or round_up (away from zero).

    >>> round_to(Fraction(1, 8), 2), round_to(Fraction(1, 8), 2, "truncate")
    (Decimal('0.13'), Decimal('0.12'))
    """
    q = exact(x)
    quantum = Decimal(1).scaleb(-decimals)
    # Enough digits that the division is exact to well below the quantum.
    digits = Decimal(q.numerator).adjusted() - Decimal(q.denominator).adjusted() + decimals + 30
    from decimal import localcontext

    with localcontext() as ctx:
        ctx.prec = max(digits, 30)
        value = Decimal(q.numerator) / Decimal(q.denominator)
        if rule == "round_up":
            mode = ROUND_CEILING if q >= 0 else ROUND_FLOOR
        elif rule in _MODES:
            mode = _MODES[rule]
        else:
            raise ValueError(f"unknown rounding rule {rule!r}; expected one of {RULES}")
        # A value just under a tie must not be rounded as a tie: the context has
        # far more digits than the quantum, so the quantize below is exact.
        return value.quantize(quantum, rounding=mode)


def judge(value: Exactish, stated: Decimal, decimals: int) -> tuple[str, str, Decimal]:
    """(verdict, rule, expected): ``ok`` when half-up rounding of ``value``
    gives ``stated``; ``rounding`` when another habit does (the rule names it)
    or it is one unit off in the last place; else ``inconsistent``.
    ``expected`` is always the half-up figure."""
    expected = round_to(value, decimals, "half_up")
    if expected == stated:
        return "ok", "half_up", expected
    for rule in RULES[1:]:
        if round_to(value, decimals, rule) == stated:
            return "rounding", rule, expected
    if abs(expected - stated) <= Decimal(1).scaleb(-decimals):
        return "rounding", "last_digit", expected
    return "inconsistent", "", expected


def interval_of(stated: Decimal, decimals: int) -> tuple[Fraction, Fraction]:
    """The values that round half up to ``stated``: [stated - h, stated + h)
    with h half a unit in the last place (for a stated 41,65: [41,645; 41,655))."""
    half = Fraction(1, 2) * Fraction(Decimal(1).scaleb(-decimals))
    s = Fraction(stated)
    return s - half, s + half
