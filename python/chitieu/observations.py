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

from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _core
from . import io as _io
from ._arrow import as_pandas, factorize
from ._util import _core_of

__all__ = ["Observations"]


def _ids(codes: Sequence[Any], lookup: Any, what: str) -> np.ndarray:
    """Ids of the distinct codes; KeyError listing every unknown one."""
    ids = np.empty(len(codes), dtype=np.int32)
    unknown = []
    for k, code in enumerate(codes):
        found = lookup(str(code))
        if found is None:
            unknown.append(repr(str(code)))
        else:
            ids[k] = found
    if unknown:
        shown = ", ".join(unknown[:10])
        more = f" (and {len(unknown) - 10} more)" if len(unknown) > 10 else ""
        plural = "s" if len(unknown) > 1 else ""
        raise KeyError(f"unknown {what} code{plural}: {shown}{more}")
    return ids


def _known_ids(codes: Sequence[Any], table: Any, what: str) -> np.ndarray:
    """:func:`_ids`, remembered per (table, distinct codes): the record batches
    of a dataset repeat the same codes (chitieu.io.memo)."""
    from .io import memo

    key = (what, table.fingerprint, tuple(str(c) for c in codes))
    return memo.remember(key, lambda: _ids(key[2], table.find, what))


def _factorized(column: pd.Series, name: str) -> tuple[np.ndarray, Any]:
    """Per-row codes into the distinct values, and those values (a categorical's
    own codes: each category is looked up once, not each row)."""
    codes, uniques = factorize(column)
    if (codes < 0).any():
        row = int(np.argmax(codes < 0))
        raise ValueError(f"{name} is missing at row {row}")
    return codes, uniques


def _period_text(p: Any) -> str:
    return p if isinstance(p, str) else str(p)


EXACT_IN_FLOAT = 2**53  # integers up to this magnitude convert to float64 exactly


def _value_array(values: Any, name: str = "values") -> np.ndarray:
    """float64 or int64, as the input allows without loss; anything else refused.

    Nullable integers with missing values become float64 with NaN (which meets the
    NaN policy) only when every value is exact in float64; larger values stay
    int64, with the missing rows reported by :func:`_missing_rows`.
    """
    if isinstance(values, pd.Series):
        dtype = values.dtype
        if isinstance(dtype, pd.api.extensions.ExtensionDtype) and dtype.kind in "iu":
            missing = values.isna().to_numpy()
            exact = values.to_numpy(dtype=np.int64, na_value=0)
            if missing.any() and np.abs(exact).max(initial=0) <= EXACT_IN_FLOAT:
                return values.to_numpy(dtype=np.float64, na_value=np.nan)
            return exact
        values = values.to_numpy()
    arr = np.asarray(values)
    if arr.dtype == np.float64 or arr.dtype == np.int64:
        return arr
    if arr.dtype.kind == "f":
        return arr.astype(np.float64)
    if arr.dtype.kind in "iu":
        if arr.dtype == np.uint64 and arr.size and arr.max() > np.iinfo(np.int64).max:
            raise ValueError(f"{name} hold unsigned values beyond int64")
        return arr.astype(np.int64)
    raise ValueError(f"{name} must be numeric (float or integer), not {arr.dtype}")


def _missing_rows(values: Any) -> np.ndarray | None:
    """The NA mask of a nullable integer column too large for float64, else None."""
    if (isinstance(values, pd.Series)
            and isinstance(values.dtype, pd.api.extensions.ExtensionDtype)
            and values.dtype.kind in "iu" and values.hasnans):
        exact = values.to_numpy(dtype=np.int64, na_value=0)
        if np.abs(exact).max(initial=0) > EXACT_IN_FLOAT:
            return values.isna().to_numpy()
    return None


def _revision_array(revision: Any) -> np.ndarray:
    """Revisions as int64 that order exactly as given.

    Integers and whole floats are kept; datetimes become their int64 ticks;
    floats with fractions (1.2 < 1.5 < 1.7) become their ranks among the
    distinct revisions (0, 1, 2), so they order exactly and never truncate to a
    tie; ``to_frame`` then shows those ranks.
    """
    if isinstance(revision, pd.Series):
        if revision.hasnans:
            row = int(np.argmax(revision.isna().to_numpy()))
            raise ValueError(f"revision is missing at row {row}")
        revision = revision.to_numpy()
    arr = np.asarray(revision)
    if arr.dtype.kind == "M":
        if np.isnat(arr).any():
            raise ValueError(f"revision is missing at row {int(np.argmax(np.isnat(arr)))}")
        return arr.astype("datetime64[ns]").view(np.int64)
    if arr.dtype.kind == "f":
        if not np.isfinite(arr).all():
            row = int(np.argmax(~np.isfinite(arr)))
            raise ValueError(f"revision {arr[row]} at row {row} is not a number")
        if (arr == np.trunc(arr)).all() and np.abs(arr).max(initial=0) <= EXACT_IN_FLOAT:
            return arr.astype(np.int64)
        return np.unique(arr, return_inverse=True)[1].astype(np.int64).ravel()
    return _value_array(arr, "revision").astype(np.int64, copy=False)


def _owned(arr: np.ndarray) -> np.ndarray:
    """`arr`, or a copy of it when it views memory the caller may still change."""
    return arr if arr.flags.owndata and arr.base is None else arr.copy()


def _id_array(ids: Any, name: str) -> np.ndarray:
    """int32 ids; other integer dtypes are converted (a copy), anything else refused."""
    arr = np.asarray(ids)
    if arr.dtype == np.int32:
        return arr
    if arr.dtype.kind not in "iu":
        raise ValueError(f"{name} must be integer ids (int32), not {arr.dtype}")
    if arr.size and (arr.min() < 0 or arr.max() > np.iinfo(np.int32).max):
        bad = int(np.argmax((arr < 0) | (arr > np.iinfo(np.int32).max)))
        raise ValueError(f"{name} id {arr[bad]} at row {bad} is out of range")
    return arr.astype(np.int32)


def _without_missing(columns: list, missing: np.ndarray, nan_policy: str) -> list:
    """The columns without the rows whose value is missing (NA), as the NaN policy
    says: "error" refuses the first, "skip" leaves them out (not reported)."""
    if nan_policy == "error":
        row = int(np.argmax(missing))
        raise ValueError(f"value at row {row} is missing (NA) (nan_policy='error'; "
                         "'skip' leaves such values out of every total)")
    keep = ~missing
    return [None if c is None else c[keep] for c in columns]


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

    __slots__ = ("_core", "hierarchy", "catalog", "series")

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
    ) -> "Observations":
        """From id arrays into ``catalog``, ``hierarchy`` and ``periods`` (a
        :class:`chitieu.PeriodIndex`, or periods / identifiers in id order).
        With ``series`` (a ``_core.series_index`` of ``catalog``), the indicator
        ids are series ids (see ``from_frame(..., categories=)``).

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
    ) -> "Observations":
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
                            others="keep", names=dict(indicator=indicator, unit=unit,
                                                      period=period, value=value),
                            nan_ok=True)
        cat = _core_of(catalog)
        hier = _core_of(hierarchy)
        ind_codes, ind_uniques = _factorized(frame[indicator], indicator)
        unit_codes, unit_uniques = _factorized(frame[unit], unit)
        per_codes, per_uniques = _factorized(frame[period], period)
        ind_ids = _known_ids(ind_uniques, cat, "indicator")[ind_codes]
        unit_ids = _known_ids(unit_uniques, hier, "unit")[unit_codes]
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
            unit_ids,
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


def _used(ids: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The ids that occur (ascending) and each row's position among them, in O(n)."""
    if len(ids):
        used = np.flatnonzero(np.bincount(ids, minlength=size))
    else:
        used = np.zeros(0, np.intp)
    remap = np.full(max(size, 1), -1, dtype=np.int32)
    remap[used] = np.arange(len(used), dtype=np.int32)
    return used, remap[ids]


def _categorical(ids: np.ndarray, names: Sequence[str]) -> pd.Categorical:
    """Categories = the names that occur, in id order."""
    used, codes = _used(ids, len(names))
    return pd.Categorical.from_codes(codes, [names[int(i)] for i in used])


def _unit_categorical(ids: np.ndarray, hierarchy: Any) -> pd.Categorical:
    used, codes = _used(ids, len(hierarchy))
    return pd.Categorical.from_codes(codes, [hierarchy.code(int(i)) for i in used])
