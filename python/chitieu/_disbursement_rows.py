"""Disbursement as engine input and output: allocations, plans and payments as
money observations whose categories are the programme and the funding source,
and the engine's long rows back as wide int64 columns (a reshape, no sums)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._allocations import LedgerCells
from .catalog import Catalog
from .indicator import Indicator
from .observations import Observations
from .period import Period
from .rollup import rollup

#: The money measures (all exact int64 flows), in table column order.
MEASURES = ("allocated", "planned", "planned_year_end", "carried_over", "disbursed",
            "unallocated", "reversals", "beneficiaries_paid", "planned_by_month", "approved")
CATEGORIES = ("programme", "source")
_CATALOG: list[Catalog] = []


def measures_catalog() -> Catalog:
    """The measures, and coverage: beneficiaries paid over approved, in percent."""
    if not _CATALOG:
        _CATALOG.append(Catalog(
            [Indicator.flow(m, value_type="money") for m in MEASURES]
            + [Indicator.ratio("coverage", "beneficiaries_paid", "approved", factor=100)]))
    return _CATALOG[0]


def _codes(values: Any) -> tuple[np.ndarray, list[Any]]:
    """Integer codes (-1: missing) and the distinct values, without touching
    every row twice when the column is already categorical."""
    if isinstance(values, pd.Series):
        values = values.array
    if isinstance(values, pd.Categorical):
        return np.asarray(values.codes), list(values.categories)
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return codes, list(uniques)


class LedgerRows:
    """Columns of money observations, added part by part: each part's rows are
    interned into series ids as they come, so only (series, unit, period,
    value) are concatenated."""

    def __init__(self, hierarchy: Any, year: int, series: Any = None) -> None:
        self.hierarchy = hierarchy
        # ``series``: a fixed index (every block of a ledger on Dask gets the same).
        self.series = series if series is not None else _core.series_index(
            measures_catalog()._core, list(CATEGORIES))
        self.texts = [str(year)]  # period identifiers; id 0 is the fiscal year
        self.columns: list[tuple[np.ndarray, ...]] = []
        self._keys: dict[int, tuple[np.ndarray, ...]] = {}

    def periods(self, texts: Sequence[str]) -> int:
        """Add period identifiers; the id of the first."""
        first = len(self.texts)
        self.texts.extend(texts)
        return first

    def _options(self, c: int, values: Any, n: int) -> np.ndarray:
        if values is None:
            return np.full(n, self.series.options(c, [""])[0], dtype=np.int32)
        codes, uniques = _codes(values)
        table = self.series.options(c, [str(u) for u in uniques] + [""])
        return table[codes]

    def _keys_of(self, frame: pd.DataFrame) -> tuple[np.ndarray, ...]:
        """Programme and source option ids and unit ids of a frame's rows, once
        per frame (a ledger is added as several measures)."""
        if id(frame) not in self._keys:
            n = len(frame)
            codes, uniques = _codes(frame["unit"])
            self._keys[id(frame)] = (
                self._options(0, frame.get("programme"), n),
                self._options(1, frame.get("source"), n),
                self.hierarchy.ids([str(u) for u in uniques])[codes].astype(np.int32))
        return self._keys[id(frame)]

    def add(self, measure: str, frame: pd.DataFrame, values: Any, period_ids: Any,
            keep: np.ndarray | None = None) -> None:
        """Rows of ``frame`` (those where ``keep``) with ``values`` as ``measure``."""
        if len(frame):
            self.add_keyed(measure, self._keys_of(frame), values, period_ids, keep)

    def cell_keys(self, cells: LedgerCells) -> tuple[np.ndarray, ...]:
        """Programme and source option ids and unit ids of a ledger's cells."""
        programme = self.series.options(0, list(cells.programmes) + [""])
        source = self.series.options(1, list(cells.sources) + [""])
        return programme[cells["programme"]], source[cells["source"]], cells["unit"]

    def add_keyed(self, measure: str, keys: tuple[np.ndarray, ...], values: Any,
                  period_ids: Any, keep: np.ndarray | None = None) -> None:
        """Rows of (programme option, source option, unit id) ``keys``."""
        programme, source, unit = keys
        n = len(unit)
        period = np.broadcast_to(np.asarray(period_ids, dtype=np.int32), (n,))
        value = np.asarray(values, dtype=np.int64)
        if keep is not None:
            programme, source, unit, period, value = (
                c[keep] for c in (programme, source, unit, period, value))
        indicator = np.full(len(value), measures_catalog().id(measure), dtype=np.int32)
        ids = self.series.intern(indicator, [np.ascontiguousarray(programme, dtype=np.int32),
                                             np.ascontiguousarray(source, dtype=np.int32)])
        self.columns.append((ids, np.asarray(unit, dtype=np.int32), period, value))

    def observations(self, threads: int | None) -> Observations:
        ids, unit, period, value = (np.concatenate(c) for c in zip(*self.columns))
        index, per_map = _core._period_index_of(self.texts)
        return Observations.from_arrays(
            ids, unit, per_map[period], value, periods=index, hierarchy=self.hierarchy,
            catalog=measures_catalog(), series=self.series, duplicates="sum", threads=threads)


def ledger_rows(hierarchy: Any, year: int, alloc: pd.DataFrame, carried: pd.DataFrame,
                cells: LedgerCells, allocated: np.ndarray, planned_months: np.ndarray,
                months: list[Period], approved: pd.DataFrame | None,
                threads: int | None) -> Observations:
    """Every amount as an observation: yearly ones (allocations, plans,
    carry-over, approved) in the fiscal year; the ledger's cells (totalled by
    the engine per unit x programme x source x month) and the planned amount at
    each month end in their month."""
    rows = LedgerRows(hierarchy, year)
    allocation_rows(rows, alloc, carried, planned_months, months, approved)
    cell_rows(rows, cells, allocated, months)
    return rows.observations(threads)


def allocation_rows(rows: LedgerRows, alloc: pd.DataFrame, carried: pd.DataFrame,
                    planned_months: np.ndarray, months: list[Period],
                    approved: pd.DataFrame | None) -> None:
    """The yearly amounts and the planned amount at each month end."""
    for measure, values in (("allocated", alloc["amount"]), ("planned", alloc["planned"]),
                            ("planned_year_end", alloc["planned_year_end"])):
        rows.add(measure, alloc, values, 0)
    rows.add("carried_over", carried, carried["amount"], 0)
    first_month = rows.periods([str(m) for m in months])
    for k in range(len(months)):
        rows.add("planned_by_month", alloc, planned_months[:, k], first_month + k)
    if approved is not None:
        rows.add("approved", approved, approved["approved"].to_numpy(np.int64), 0)


def cell_rows(rows: LedgerRows, cells: LedgerCells, allocated: np.ndarray,
              months: list[Period]) -> None:
    """The ledger's cells, each in its month."""
    first_month = rows.periods([str(m) for m in months])
    keys, month = rows.cell_keys(cells), first_month + cells["bucket"]
    rows.add_keyed("disbursed", keys, cells["disbursed"], month)
    rows.add_keyed("beneficiaries_paid", keys, cells["beneficiaries"], month)
    rows.add_keyed("unallocated", keys, cells["disbursed"], month, ~allocated)
    rows.add_keyed("reversals", keys, cells["reversals"], month, cells["has_reversals"])


def wide(frame: pd.DataFrame, keys: Sequence[str], measures: Sequence[str],
         index: pd.MultiIndex | None = None) -> tuple[pd.MultiIndex, np.ndarray]:
    """Long engine rows (one per measure) as a matrix [key, measure] of exact
    đồng, 0 where a key has no row; keys are (unit, *categories) as text."""
    key_frame = frame[list(keys)].astype(str)
    found = pd.MultiIndex.from_frame(key_frame)
    if index is None:
        index = found.unique().sort_values()
    rows = index.get_indexer(found)
    column = pd.Index(list(measures)).get_indexer(frame["indicator"].astype(str))
    matrix = np.zeros((len(index), len(measures)), dtype=np.int64)
    keep = (rows >= 0) & (column >= 0)
    money = frame["value_money"] if "value_money" in frame else frame["value"]
    matrix[rows[keep], column[keep]] = np.asarray(money, dtype=np.int64)[keep]
    return index, matrix


def rolled(observations: Observations, level: str, by: Sequence[str],
           indicators: Sequence[str], **when: Any) -> pd.DataFrame:
    """The engine's rows of ``indicators`` per unit of ``level`` x ``by``."""
    return rows_frame(rollup(observations, level=level, by=list(by),
                             indicators=list(indicators), **when), by)


def rows_frame(result: Any, by: Sequence[str]) -> pd.DataFrame:
    """A rollup result's rows, the unit and kept categories as text ("" for none)."""
    frame = result.to_pandas()
    for column in ("unit", *by):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), "")
    return frame


def month_ends(year: int, as_of: dt.date) -> list[Period]:
    return [Period.month(year, m) for m in range(1, as_of.month + 1)]


def month_buckets(months: list[Period], as_of: dt.date) -> list[Period]:
    """The months of the year up to as_of, the last one cut at as_of."""
    return [m if m.last <= as_of else Period.range(m.first, as_of) for m in months]
