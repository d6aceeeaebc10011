"""Disaggregations: category columns interned with the indicators into series.

A *series* is one indicator under one combination of category options (sex,
age band, ethnicity; programme, funding source) -- a DHIS2 "category option
combo". The C++ core (``chitieu::series_index``) interns them into dense ids;
observations with categories are built over one catalog entry per series, and a
rollup keeps some categories (``by``) and totals over the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import _core


def intern(catalog: Any, indicator_ids: np.ndarray, columns: Sequence[pd.Series],
           names: Sequence[str]) -> tuple[Any, np.ndarray]:
    """The series index of ``catalog`` under the categories ``names`` and each
    row's series id. A missing option (NaN/None) is the option ``""``: the row
    does not give that category."""
    index = _core.series_index(catalog, [str(n) for n in names])
    option_ids = []
    for c, column in enumerate(columns):
        codes, uniques = pd.factorize(column, sort=False)
        table = index.options(c, [str(u) for u in uniques] + [""])
        option_ids.append(np.ascontiguousarray(table[codes], dtype=np.int32))
    series = index.intern(np.ascontiguousarray(indicator_ids, dtype=np.int32), option_ids)
    return index, series


def series_codes(index: Any, codes: Sequence[str], wanted: Sequence[str]) -> list[str]:
    """The series codes (``index.expanded()``) of the indicators ``wanted``."""
    expanded = index.expanded().codes()
    of = index.indicator_of()
    chosen = {codes.index(w) for w in wanted}
    return [expanded[s] for s in range(len(expanded)) if int(of[s]) in chosen]
