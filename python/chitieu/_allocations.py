"""The money of a disbursement: allocations in force and the payment ledger.

A ledger of millions of dated payments is totalled by the engine at the grain a
disbursement needs (:meth:`Payments.totals`: unit x programme x source x
month, one pass in C++, exact int64), never row by row in pandas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from . import io as _io
from ._arrow import as_plain_pandas
from ._frames import _category, _money
from ._util import _core_of, _require

__all__ = ["Allocations", "LedgerCells", "Payments"]


def _conformed(frame: pd.DataFrame, required: list[str], kind: str) -> pd.DataFrame:
    """A frame of ``kind`` with its columns typed and checked (chitieu.io.conform)."""
    frame = as_plain_pandas(frame)
    _require(frame, required, kind)
    return _io.conform(frame, kind, check_columns=False, others="keep")


@dataclass(frozen=True)
class Allocations:
    """Allocations ("kinh phí được giao / dự toán") per programme x source x unit x
    fiscal year, with dated amendments: the row with the latest
    ``effective_date`` on or before ``as_of`` is the one in force (a missing date
    means from the start of the year).
    """

    frame: pd.DataFrame

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Allocations:
        frame = _conformed(frame, ["programme", "source", "unit", "year", "amount"], "allocations")
        out = frame[["programme", "source", "unit", "year", "amount"]].astype(
            {"programme": str, "source": str, "unit": str}).copy()
        out["amount"] = _money(frame["amount"], "allocations")
        out["year"] = frame["year"].astype(int)
        if (out["amount"] < 0).any():
            row = int(np.argmax((out["amount"] < 0).to_numpy()))
            raise ValueError(f"allocations: negative amount {out['amount'].iloc[row]} at row {row}")
        out["effective_date"] = (pd.to_datetime(frame["effective_date"]) if "effective_date" in frame
                                 else pd.NaT)
        return cls(out.reset_index(drop=True))

    def in_force(self, as_of: dt.date) -> pd.DataFrame:
        """The allocation of ``as_of``'s fiscal year in force on that date, per key."""
        f = self.frame[self.frame["year"] == as_of.year]
        f = f[f["effective_date"].isna() | (f["effective_date"] <= pd.Timestamp(as_of))]
        f = f.assign(_order=f["effective_date"].fillna(pd.Timestamp("1900-01-01")))
        f = f.sort_values("_order", kind="stable").drop_duplicates(
            ["programme", "source", "unit"], keep="last")
        return f.drop(columns="_order").reset_index(drop=True)


@dataclass(frozen=True)
class LedgerCells:
    """The engine's totals of a ledger per unit x programme x source x bucket:
    ``columns`` from ``_core.total_ledger`` (unit ids, programme and source
    codes into ``programmes`` / ``sources``, bucket index, disbursed,
    reversals, beneficiaries, has_reversals)."""

    columns: dict[str, np.ndarray]
    programmes: list[str]
    sources: list[str]

    def __len__(self) -> int:
        return len(self.columns["unit"])

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    def codes(self, programmes: Any, sources: Any) -> tuple[np.ndarray, np.ndarray]:
        """Programme and source texts as this ledger's codes (-1: never paid)."""
        return (pd.Index(self.programmes).get_indexer(np.asarray(programmes, dtype=object)),
                pd.Index(self.sources).get_indexer(np.asarray(sources, dtype=object)))

    def allocated(self, hierarchy: Any, allocations: pd.DataFrame) -> np.ndarray:
        """Whether each cell has an allocation in force for its programme and
        source at its unit or one of its ancestors."""
        programme, source = self.codes(allocations["programme"], allocations["source"])
        return _core.allocated_at_or_above(
            _core_of(hierarchy), hierarchy.ids(_texts(allocations["unit"])), programme, source,
            self["unit"], self["programme"], self["source"])


def _texts(values: Any) -> list[str]:
    """Codes as a list of str, converted as one array (Arrow-backed text is
    slow to iterate value by value)."""
    return [str(v) for v in np.asarray(values, dtype=object)]


def _coded(values: pd.Series) -> pd.Categorical:
    """Text codes as a categorical with plain str categories (a categorical
    column keeps its codes: a ledger of millions of rows repeats a few codes)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return pd.Categorical.from_codes(values.cat.codes, categories=pd.Index(
            _texts(values.cat.categories), dtype=object))
    return _category(values)


@dataclass(frozen=True)
class Payments:
    """The ledger of payments ("chi trả"): dated amounts per programme x source x
    unit, optionally with beneficiaries paid. Negative amounts are allowed only as
    explicit reversals (``reversal`` True); anything else is refused, naming the row.
    """

    frame: pd.DataFrame

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Payments:
        frame = _conformed(frame, ["date", "programme", "source", "unit", "amount"], "payments")
        out = pd.DataFrame({
            "date": pd.to_datetime(frame["date"]),
            "programme": _coded(frame["programme"]),
            "source": _coded(frame["source"]),
            "unit": _coded(frame["unit"]),
            "amount": _money(frame["amount"], "payments"),
            "beneficiaries": (frame["beneficiaries"].fillna(0).astype(np.int64)
                              if "beneficiaries" in frame else 0),
            "reversal": frame["reversal"].astype(bool) if "reversal" in frame else False,
        })
        bad = (out["amount"] < 0) & ~out["reversal"]
        if bad.any():
            row = int(np.argmax(bad.to_numpy()))
            raise ValueError(f"payments: negative amount {out['amount'].iloc[row]} at row {row} "
                             f"({out['unit'].iloc[row]}, {out['date'].iloc[row].date()}) is not "
                             "flagged as a reversal")
        return cls(out)

    def totals(self, hierarchy: Any, buckets: Sequence[Any]) -> LedgerCells:
        """The ledger totalled by the engine per unit x programme x source x
        bucket (disjoint ascending date ranges, e.g. the months of a fiscal year
        up to as_of; payments outside them are left out)."""
        f = self.frame
        unit, programme, source = (f[c].array if isinstance(f[c].dtype, pd.CategoricalDtype)
                                   else _coded(f[c]) for c in ("unit", "programme", "source"))
        day = pd.to_datetime(f["date"]).to_numpy().astype("datetime64[D]").view(np.int64)
        beneficiaries = f["beneficiaries"].to_numpy(np.int64) if "beneficiaries" in f else None
        reversal = f["reversal"].to_numpy(bool).view(np.uint8) if "reversal" in f else None
        columns = _core.total_ledger(
            unit.codes, programme.codes, source.codes, day, f["amount"].to_numpy(np.int64),
            beneficiaries, reversal,
            unit_ids=hierarchy.ids(_texts(unit.categories)),
            n_programmes=len(programme.categories), n_sources=len(source.categories),
            buckets=list(buckets))
        return LedgerCells(columns, _texts(programme.categories), _texts(source.categories))
