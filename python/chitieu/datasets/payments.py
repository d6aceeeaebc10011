"""A year of daily payments by every commune (millions of rows), for disbursement
benchmarks; it matches ``labour_social(seed).allocations`` of that year."""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np
import pandas as pd

from . import _gen_common as _common
from . import _gen_money as _money
from ._checks import _check_seed, _check_years


def daily_payments(
    seed: int = 0, *, year: int = 2020, provinces: Iterable[str] | None = None
) -> pd.DataFrame:
    """A year of daily payments by every commune, for disbursement benchmarks.

    Same columns as ``labour_social().payments`` (date, programme, source, unit,
    amount, beneficiaries, reversal); about three million rows for the whole
    country (two seconds). Each commune (and island district) pays each
    programme and source on random working days (none around Tết), along an
    S-curve with a December catch-up, up to 94-100% of its share of the district
    allocation in ``labour_social(seed, years=(year,)).allocations`` (55-88% in
    the ~6% of lagging districts, as in the monthly ledger). ``provinces``
    (province codes) limits the ledger to those provinces: the result is exactly
    their rows of the whole-country ledger.

    >>> pay = daily_payments(seed=0, year=2020, provinces=["01"])
    >>> pay["date"].dt.year.unique().tolist()
    [2020]
    """
    seed = _check_seed(seed)
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise ValueError(f"year must be a single integer year, not {year!r}")
    (year,) = _check_years(year)
    codes = pd.Index(_common.geo().province_codes)
    if provinces is None:
        chosen = np.arange(len(codes))
    else:
        wanted = [provinces] if isinstance(provinces, str) else list(provinces)
        chosen = codes.get_indexer(wanted)
        unknown = [w for w, i in zip(wanted, chosen) if i < 0]
        if unknown:
            shown = ", ".join(repr(u) for u in unknown[:10])
            more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
            raise KeyError(f"unknown province code(s): {shown}{more}")
        chosen = np.unique(chosen)
    return _money.daily(seed, year, chosen)
