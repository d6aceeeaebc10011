"""Disaggregations: category columns interned with the indicators into series.

A *series* is one indicator under one combination of category options (sex,
age band, ethnicity; programme, funding source) -- a DHIS2 "category option
combo". The C++ core (``chitieu::series_index``) interns them into dense ids;
observations with categories are built over one catalog entry per series, and a
rollup keeps some categories (``by``) and totals over the others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import _core


def fixed_index(catalog: Any, options: Mapping[str, Sequence[Any]]) -> Any:
    """The series index of every observable indicator of ``catalog`` under every
    combination of the given options (and ``""``, not given), in a fixed order.

    Built from the same catalog and options, it is the same index wherever it
    is built: every block of a dataset or Dask partition gets equal series ids,
    so their rollup states merge (a state's plan names its series).
    """
    index = _core.series_index(catalog, [str(n) for n in options])
    sizes = []
    for c, name in enumerate(options):
        given = [str(o) for o in options[name]]
        if len(set(given)) != len(given) or "" in given:
            raise ValueError(f"the options of category {name!r} must be distinct, non-empty "
                             f"codes: {given}")
        index.options(c, given + [""])
        sizes.append(len(given) + 1)
    observable = [i for i in range(len(catalog)) if not catalog.parts(i)]
    grid = np.indices([len(observable)] + sizes).reshape(len(sizes) + 1, -1)
    index.intern(np.ascontiguousarray(np.asarray(observable, dtype=np.int32)[grid[0]]),
                 [np.ascontiguousarray(g, dtype=np.int32) for g in grid[1:]])
    return index


def intern(catalog: Any, indicator_ids: np.ndarray, columns: Sequence[pd.Series],
           names: Sequence[str] | Mapping[str, Sequence[Any]]) -> tuple[Any, np.ndarray]:
    """The series index of ``catalog`` under the categories ``names`` and each
    row's series id. A missing option (NaN/None) is the option ``""``: the row
    does not give that category. With ``names`` a mapping of each category to
    its options, the index is :func:`fixed_index` and an option not given is
    refused, naming it."""
    fixed = isinstance(names, Mapping)
    index = fixed_index(catalog, names) if fixed else _core.series_index(
        catalog, [str(n) for n in names])
    option_ids = []
    for c, column in enumerate(columns):
        codes, uniques = pd.factorize(column, sort=False)
        known = len(index.option_names(c))
        table = index.options(c, [str(u) for u in uniques] + [""])
        if fixed and len(index.option_names(c)) > known:
            name = list(names)[c]
            raise ValueError(f"category {name!r}: option(s) {index.option_names(c)[known:]} "
                             f"are not among the options given ({list(names[name])})")
        option_ids.append(np.ascontiguousarray(table[codes], dtype=np.int32))
    series = index.intern(np.ascontiguousarray(indicator_ids, dtype=np.int32), option_ids)
    return index, series


def series_codes(index: Any, codes: Sequence[str], wanted: Sequence[str]) -> list[str]:
    """The series codes (``index.expanded()``) of the indicators ``wanted``."""
    expanded = index.expanded().codes()
    of = index.indicator_of()
    chosen = {codes.index(w) for w in wanted}
    return [expanded[s] for s in range(len(expanded)) if int(of[s]) in chosen]
