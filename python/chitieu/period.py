"""Reporting periods and the period index.

:class:`Period` is the compiled value type (``chitieu._core.Period``):

>>> from chitieu import Period
>>> q = Period.parse("quý III năm 2017")
>>> str(q), q.kind
('2017Q3', 'quarter')
>>> str(q.same_period_last_year()), str(q.year_to_date())
('2016Q3', '2017-01-01/2017-09-30')
>>> Period("2020S1").elapsed_fraction("2020")
0.5
>>> [str(p) for p in Period.sequence("2020Q1", "2020Q3")]
['2020Q1', '2020Q2', '2020Q3']

Semantics (see docs/periods.md):

* ``elapsed_fraction(within, elapsed_by="months")`` counts calendar months (a
  partial month by its share of days); ``elapsed_by="days"`` counts days. 2020S1 within 2020 is
  0.5 by months and 182/366 by days.
* ``shift`` moves calendar kinds by multiples of their length; days and ranges
  clamp to the month's end (29 Feb -> 28 Feb); weeks keep their ISO number.
* An ISO interval ``2020-01-01/2020-12-31`` stays a range: it is not normalised
  to the year 2020 (equal dates, different kind), so ``parse(str(p)) == p``.
* ``children("week")`` lists only ISO weeks wholly inside the period;
  ``parent`` raises ValueError for a period that straddles two parents.
* ``Period.range(first_date, last_date)`` builds a period of kind ``range`` (an
  arbitrary run of days); ``Period.sequence(start, end)`` lists consecutive periods
  of one kind. The names are the C++ ones (``period::range``, ``period::sequence``).
"""

from __future__ import annotations

from ._core import Period, PeriodIndex

__all__ = ["Period", "PeriodIndex"]

from .text.periods import install as _install_labels

_install_labels()
