"""Observations: reported values as checked columns of dense ids.

>>> import pandas as pd, chitieu
>>> vn = chitieu.Hierarchy.vietnam(2024)
>>> cat = chitieu.Catalog([chitieu.Indicator.flow("jobs")])
>>> df = pd.DataFrame({"indicator": ["jobs", "jobs"], "unit": ["00001", "00004"],
...                    "period": ["202401", "202402"], "value": [3.0, 4.0]})
>>> obs = chitieu.Observations.from_frame(df, vn, cat)
>>> len(obs)
2
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from . import io as _io
from ._arrow import as_pandas
from ._observation_columns import (
    _factorized,
    _id_array,
    _known_ids,
    _missing_rows,
    _owned,
    _period_text,
    _revision_array,
    _value_array,
    _without_missing,
)
from ._util import _core_of

__all__ = ["Observations"]


class Observations:
    """Reported values: (indicator, unit, period, value[, revision]) rows, checked once.

    Build with :meth:`from_frame` (codes) or :meth:`from_arrays` (ids). Values of
    money indicators are kept as exact int64 đồng, others as float64.

    Build once, use many times: the checks run once, at construction, in one
    pass over the rows (parallel with ``threads``), and one ``Observations``
    serves any number of rollups and assessments: build it once and pass it to
    each. :meth:`from_frame` copies the values, so later edits of the frame do
    not reach the observations.

    Checks, each naming the first offending row and its codes: equal column
    lengths, known codes / ids in range, no rows for derived indicators, finite
    values (``nan_policy="skip"`` keeps NaN/inf rows but leaves them out of every
    total, count and duplicate check), duplicates of (indicator, unit, period)
    (``duplicates="error"``, or ``"last"`` by revision then row order, or
    ``"sum"``). Cumulative (year-to-date, "lũy kế") indicators, declared in the
    catalog or with ``cumulative=[codes]``, become per-period flows; a missing
    previous period is an error, or with ``cumulative_gaps="carry"`` the next
    value absorbs it.

    >>> import numpy as np, chitieu
    >>> vn = chitieu.Hierarchy.vietnam(2024)
    >>> cat = chitieu.Catalog([chitieu.Indicator.flow("jobs")])
    >>> obs = Observations.from_arrays(np.zeros(1, np.int32), np.ones(1, np.int32),
    ...                                np.zeros(1, np.int32), np.ones(1),
    ...                                periods=["202401"], hierarchy=vn, catalog=cat)
    >>> obs.to_frame()["value"].tolist()
    [1.0]
    """

    __slots__ = ("_core", "catalog", "hierarchy", "series")

    def __init__(self, core: Any, hierarchy: Any, catalog: Any, series: Any = None) -> None:
        self._core = core
        self.hierarchy = hierarchy
        self.catalog = catalog
        # With category columns: the _core.series_index the rows' ids refer to.
        self.series = series

    @property
    def categories(self) -> list[str]:
        """The category columns (disaggregations) the rows carry."""
        return list(self.series.categories) if self.series is not None else []

    @classmethod
    def from_arrays(
        cls,
        indicator_ids: Any,
        unit_ids: Any,
        period_ids: Any,
        values: Any,
        *,
        periods: Any,
        hierarchy: Any,
        catalog: Any,
        revision: Any = None,
        duplicates: str = "error",
        nan_policy: str = "error",
        cumulative: Iterable[str] | None = None,
        cumulative_gaps: str = "error",
        threads: int | None = None,
        series: Any = None,
        unit_dictionary: Any = None,
    ) -> Observations:
        """From id arrays into ``catalog``, ``hierarchy`` and ``periods`` (a
        :class:`chitieu.PeriodIndex`, or periods / identifiers in id order).
        With ``series`` (a ``_core.series_index`` of ``catalog``), the indicator
        ids are series ids (see ``from_frame(..., categories=)``).

        With ``unit_dictionary`` (hierarchy ids, e.g. ``hierarchy.ids(codes)``),
        ``unit_ids`` are positions in it -- a dictionary-encoded column such as
        a Categorical's codes -- and are mapped by the build, with its threads:
        no gather of your own, and the mapped column is the observations'.

        int32 id arrays and float64 or int64 value arrays that are C-contiguous
        are used in place, without a copy (keep them unchanged while the
        observations live: a rollup refuses ids changed out of range, but other
        changes go unseen); non-contiguous arrays and other integer or float
        dtypes are copied; other dtypes are refused with a ValueError. Values of
        money indicators given as float64 must be whole numbers. Nullable
        integer values with missing entries convert exactly (rows with NA meet
        ``nan_policy``). Revisions are integers, datetimes or floats; fractional
        ones order exactly (kept as their ranks), never truncated to a tie.
        """
        cat = _core_of(catalog) if series is None else series.expanded()
        cumulative_ids = [cat.id(c) for c in (cumulative or [])]
        if not isinstance(periods, _core.PeriodIndex):
            periods = _core.PeriodIndex(list(periods))
        columns = [_id_array(indicator_ids, "indicator_ids"),
                   _id_array(unit_ids, "unit_ids"),
                   _id_array(period_ids, "period_ids"),
                   _value_array(values),
                   None if revision is None else _revision_array(revision)]
        missing = _missing_rows(values)
        if missing is not None:
            columns = _without_missing(columns, missing, nan_policy)
        core = _core.observations.build(
            cat,
            _core_of(hierarchy),
            periods,
            *columns,
            duplicates,
            nan_policy,
            cumulative_ids,
            cumulative_gaps,
            threads or 0,
            [] if unit_dictionary is None else _id_array(unit_dictionary, "unit_dictionary"),
        )
        return cls(core, hierarchy, catalog, series)

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        hierarchy: Any,
        catalog: Any,
        *,
        indicator: str = "indicator",
        unit: str = "unit",
        period: str = "period",
        value: str = "value",
        revision: str | None = None,
        duplicates: str = "error",
        nan_policy: str = "error",
        cumulative: Iterable[str] | None = None,
        cumulative_gaps: str = "error",
        threads: int | None = None,
        categories: Sequence[str] | Mapping[str, Sequence[Any]] = (),
    ) -> Observations:
        """From a DataFrame of codes: indicator codes, unit codes, periods
        (identifiers such as ``"202403"``, ``"2024Q1"``, Vietnamese phrases, or
        :class:`chitieu.Period` objects), values.

        ``categories`` names columns of disaggregations (``["sex", "age"]``;
        ``["programme", "source"]``): each row's indicator under its options is a
        series, and ``rollup(..., by=[...])`` keeps or totals over them. A
        missing option means the row does not give that category. A mapping of
        each category to its options (``{"sex": ["female", "male"]}``) fixes
        them and their order, refuses any other option, and gives every frame
        built with it the same series ids: what blocks of one dataset need to
        merge (chitieu.dask, rollup_dataset).

        Codes are factorized once; each distinct period is parsed once. Unknown
        codes raise KeyError listing them all.

        >>> import chitieu
        >>> vn = chitieu.Hierarchy.vietnam(2024)
        >>> cat = chitieu.Catalog([chitieu.Indicator.flow("paid", value_type="money")])
        >>> df = pd.DataFrame({"indicator": ["paid"], "unit": ["01"],
        ...                    "period": ["2024Q1"], "value": [1_500_000]})
        >>> Observations.from_frame(df, vn, cat).to_frame()["value"].dtype
        dtype('int64')
        """
        frame = as_pandas(frame)
        frame = _io.conform(frame, "observations", hierarchy=hierarchy, check_columns=False,
                            others="keep", names={"indicator": indicator, "unit": unit,
                                                      "period": period, "value": value},
                            nan_ok=True)
        cat = _core_of(catalog)
        hier = _core_of(hierarchy)
        ind_codes, ind_uniques = _factorized(frame[indicator], indicator)
        unit_codes, unit_uniques = _factorized(frame[unit], unit)
        per_codes, per_uniques = _factorized(frame[period], period)
        ind_ids = _known_ids(ind_uniques, cat, "indicator")[ind_codes]
        # units, the largest code table, are mapped through their dictionary
        # by the build, in parallel (no gather here)
        unit_dictionary = _known_ids(unit_uniques, hier, "unit")
        index, per_map = _core._period_index_of([_period_text(p) for p in per_uniques])
        per_ids = per_map[per_codes]
        # The frame's own memory may change after this call: values are copied
        # (the id columns above are new arrays already).
        rev = None if revision is None else _owned(_revision_array(frame[revision]))
        values = frame[value]
        missing = _missing_rows(values)
        series = None
        if categories:
            from . import _series

            series, ind_ids = _series.intern(cat, ind_ids, [frame[c] for c in categories],
                                             categories)
            if cumulative:
                cumulative = _series.series_codes(series, cat.codes(), list(cumulative))
        return cls.from_arrays(
            ind_ids,
            unit_codes,
            per_ids,
            values if missing is not None else _owned(_value_array(values, value)),
            periods=index,
            hierarchy=hierarchy,
            catalog=catalog,
            series=series,
            revision=rev,
            duplicates=duplicates,
            nan_policy=nan_policy,
            cumulative=cumulative,
            cumulative_gaps=cumulative_gaps,
            threads=threads,
            unit_dictionary=unit_dictionary,
        )

    def __len__(self) -> int:
        return len(self._core)

    @property
    def periods(self) -> Any:
        """The :class:`chitieu.PeriodIndex` the period ids refer to (a copy)."""
        return self._core.periods

    @property
    def nan_policy(self) -> str:
        """The NaN policy the observations were built with."""
        return self._core.nan_policy

    def to_frame(self) -> pd.DataFrame:
        """Rows as codes: indicator, unit, period (categoricals), value.

        Real-valued rows come first, then money rows. ``value`` is float64, or
        int64 when every row is money; with both kinds, ``value_money`` (nullable
        Int64) holds the money rows' exact values.
        """
        cols = self._core.columns()
        codes = {
            "indicator": self.catalog_codes(),
            "unit": None,
            "period": self._core.period_strings(),
        }
        parts = []
        for block in ("real_", "money_"):
            parts.append({k[len(block):]: v for k, v in cols.items()
                          if k.startswith(block)})
        n_real, n_money = len(parts[0]["value"]), len(parts[1]["value"])

        def joined(name: str) -> np.ndarray:
            return np.concatenate([parts[0][name], parts[1][name]])

        out = {
            "indicator": _categorical(joined("indicator"), codes["indicator"]),
            "unit": _unit_categorical(joined("unit"), _core_of(self.hierarchy)),
            "period": _categorical(joined("period"), codes["period"]),
        }
        if n_money == 0:
            out["value"] = parts[0]["value"]
        elif n_real == 0:
            out["value"] = parts[1]["value"]
        else:
            out["value"] = np.concatenate([parts[0]["value"],
                                           parts[1]["value"].astype(np.float64)])
            money = pd.array(
                np.concatenate([np.zeros(n_real, np.int64), parts[1]["value"]]),
                dtype="Int64")
            money[:n_real] = pd.NA
            out["value_money"] = money
        if "revision" in parts[0] or "revision" in parts[1]:
            out["revision"] = np.concatenate([
                parts[0].get("revision", np.zeros(0, np.int64)),
                parts[1].get("revision", np.zeros(0, np.int64)),
            ])
        return pd.DataFrame(out)

    def catalog_codes(self) -> list[str]:
        """Indicator codes by id."""
        return _core_of(self.catalog).codes()

    def __repr__(self) -> str:
        periods = len(self._core.period_strings())
        return f"Observations({len(self)} rows, {periods} periods)"


def _used(ids: np.ndarray, size: int, *, threads: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The ids that occur (ascending) and each row's position among them, as
    categorical codes (the narrowest integer type pandas keeps), in O(n), with
    ``threads`` threads (0: every core)."""
    ids = np.asarray(ids)
    if ids.dtype != np.int32:  # engine ids are int32; a wider one is never cut short
        if len(ids) and not 0 <= int(ids.min()) <= int(ids.max()) < size:
            raise IndexError(f"ids must lie in [0, {size}): {int(ids.min())}..{int(ids.max())}")
        ids = ids.astype(np.int32)
    ids = np.ascontiguousarray(ids)
    used = np.flatnonzero(_core.used_ids(ids, size, threads))
    remap = np.full(max(size, 1), -1, dtype=np.int32)
    remap[used] = np.arange(len(used), dtype=np.int32)
    return used, _core.category_codes(ids, remap, len(used), threads)


def _categorical(ids: np.ndarray, names: Sequence[str], *, threads: int = 1) -> pd.Categorical:
    """Categories = the names that occur, in id order."""
    used, codes = _used(ids, len(names), threads=threads)  # codes checked by the core
    return pd.Categorical.from_codes(codes, [names[int(i)] for i in used], validate=False)


def _unit_categorical(ids: np.ndarray, hierarchy: Any) -> pd.Categorical:
    used, codes = _used(ids, len(hierarchy))
    return pd.Categorical.from_codes(codes, [hierarchy.code(int(i)) for i in used])
