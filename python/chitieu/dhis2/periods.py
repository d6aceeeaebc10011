"""DHIS2 period ids <-> chitieu periods (the rules live in C++: src/period/period_dhis2.cpp).

>>> from chitieu.dhis2 import parse_period, to_dhis2
>>> p = parse_period("202001B")          # bi-monthly: January and February
>>> p.kind, str(p.first), str(p.last), p.dhis2_type
('range', '2020-01-01', '2020-02-29', 'BiMonthly')
>>> to_dhis2(p), to_dhis2("2020Q3")
('202001B', '2020Q3')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .._core import Period

__all__ = ["parse_period", "period_ids", "to_dhis2"]


def parse_period(id: str) -> Period:
    """The chitieu period of a DHIS2 period id, with DHIS2's exact dates."""
    return Period.parse_dhis2(str(id))


def to_dhis2(period: Any) -> str:
    """The DHIS2 id of a period (a :class:`Period` or a chitieu identifier);
    ValueError when no DHIS2 period type has exactly its dates."""
    return (period if isinstance(period, Period) else Period.parse(str(period))).to_dhis2()


def period_ids(values: Iterable[Any], *, to: str = "chitieu") -> list[str]:
    """Convert many ids, each distinct one once: DHIS2 ids to chitieu
    identifiers (``to="chitieu"``) or chitieu periods to DHIS2 ids
    (``to="dhis2"``)."""
    values = list(values)
    uniques, codes = np.unique(np.asarray([str(v) for v in values], dtype=object),
                               return_inverse=True)
    if to == "chitieu":
        converted = [str(parse_period(u)) for u in uniques]
    elif to == "dhis2":
        converted = [to_dhis2(u) for u in uniques]
    else:
        raise ValueError(f"to={to!r}: expected 'chitieu' or 'dhis2'")
    return [converted[int(k)] for k in codes.ravel()]
