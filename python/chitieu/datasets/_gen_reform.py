"""The example data across Vietnam's 1 July 2025 reform (chitieu.datasets).

The generators model the 2024 units; with ``reform=True`` everything dated from
the reform on is re-expressed on the 2025 units through the official
crosswalk (its splits without shares divided equally -- the data are
illustrative), the way a reporting system would have switched:

- observations of months from July 2025 on the new communes (commune data) or
  the new provinces (district data: districts no longer exist);
- plans of years from 2026 (made in December 2025, after the reform) for the
  34 new provinces only: totals are the old provinces' added up, rate targets
  their mean, and only the original version is kept;
- allocations and approved beneficiaries of years from 2026 on the new
  provinces (new units), payments from 1 July 2025 on the new units.

The 12 communes of the 2024 list that the official table does not know
(re-listed dissolved units, docs/hierarchies.md) do not report at all.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from ..crosswalk import Crosswalk
from ..hierarchy import REFORM_DATE
from ..translate import translate_rows

_FIRST_NEW_MONTH = f"{REFORM_DATE:%Y%m}"
_FIRST_NEW_YEAR = REFORM_DATE.year + 1  # the first plan/budget year made on the new units


@functools.lru_cache(maxsize=1)
def crosswalk() -> Crosswalk:
    return Crosswalk.vietnam(2024, 2025).resolve(split="equal")


@functools.lru_cache(maxsize=1)
def relisted() -> frozenset:
    """The 2024 communes without an entry in the official table."""
    cw = crosswalk()
    mapped = set(cw.to_frame()["old"])
    return frozenset(c for c in cw.old.units("commune") if c not in mapped)


def _categorical(frame: pd.DataFrame, columns: list) -> pd.DataFrame:
    return frame.assign(**{c: frame[c].astype("category") for c in columns})


def _before(column: pd.Series, first_new: str) -> np.ndarray:
    """Per row, whether a categorical text column sorts before ``first_new``."""
    cats = np.asarray(column.cat.categories.astype(str)) < first_new
    return cats[column.cat.codes.to_numpy()]


def _drop_relisted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[~frame["unit"].isin(relisted())].reset_index(drop=True)


def _split(frame: pd.DataFrame, old: np.ndarray, value_columns: list, keys: list,
           rules: object = "sum") -> pd.DataFrame:
    """``frame`` with the rows where ``old`` is False moved onto the new units."""
    new_rows = frame.loc[~old]
    if new_rows.empty:
        return frame
    parts = [translate_rows(new_rows, crosswalk(), v, keys, rules) for v in value_columns]
    moved = parts[0].drop(columns=["estimated", "estimated_share"])
    for extra, v in zip(parts[1:], value_columns[1:]):
        if not np.array_equal(extra["unit"].to_numpy(), moved["unit"].to_numpy()):
            raise AssertionError("translated value columns do not line up")  # pragma: no cover
        moved[v] = extra[v].to_numpy()
    return pd.concat([frame.loc[old], moved[frame.columns]], ignore_index=True)


def observations(frame: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    frame = _drop_relisted(frame)
    old = _before(frame["period"], _FIRST_NEW_MONTH)
    # A merged unit's standard rate: the highest of its parts' (a mean could be
    # fractional, and the values are whole đồng).
    preset = dict(zip(catalog["code"], catalog["preset"]))
    rule_of = {c: "max" if preset[c] in ("level", "max") else "sum" for c in preset}
    indicator = frame.loc[~old, "indicator"]
    rules = np.asarray([rule_of[c] for c in indicator.cat.categories], dtype=object)[
        indicator.cat.codes.to_numpy()]
    out = _split(frame, old, ["value"], ["indicator", "period"], rules)
    return _categorical(out, ["indicator", "unit", "period"])


def plans(frame: pd.DataFrame, first_new_year: int = _FIRST_NEW_YEAR) -> pd.DataFrame:
    year = frame["period"].astype(str).astype(int)
    old = (year < first_new_year).to_numpy()
    keep = old | ((frame["level"] == "province") & (frame["version"] == "original")).to_numpy()
    frame, old = frame.loc[keep].reset_index(drop=True), old[keep]
    keys = ["indicator", "level", "period", "kind", "bound", "baseline_period", "change_unit",
            "version", "effective_date"]
    rules = np.where(frame.loc[~old, "kind"] == "total", "sum", "mean")
    out = _split(frame, old, ["target", "lo", "hi"], keys, rules)
    return out.sort_values(["period", "level", "unit", "indicator", "kind", "version"],
                           ignore_index=True)


def allocations(frame: pd.DataFrame, first_new_year: int = _FIRST_NEW_YEAR) -> pd.DataFrame:
    old = (frame["year"] < first_new_year).to_numpy()
    out = _split(frame, old, ["amount"], ["programme", "source", "year", "effective_date"])
    return out.sort_values(["year", "programme", "source", "unit", "effective_date"],
                           ignore_index=True)


def approved(frame: pd.DataFrame, first_new_year: int = _FIRST_NEW_YEAR) -> pd.DataFrame:
    frame = _drop_relisted(frame)
    old = (frame["year"] < first_new_year).to_numpy()
    return _split(frame, old, ["approved"], ["programme", "year"])


def payments(frame: pd.DataFrame, first_new_day: object = REFORM_DATE) -> pd.DataFrame:
    frame = _drop_relisted(frame)
    old = (frame["date"] < pd.Timestamp(first_new_day)).to_numpy()
    out = _split(frame, old, ["amount", "beneficiaries"],
                 ["date", "programme", "source", "reversal"])
    out = out.sort_values(["date", "programme", "source", "unit"], kind="stable",
                          ignore_index=True)
    return _categorical(out, ["programme", "source", "unit"])


def year_on_new_units(data: object, year: int) -> tuple:
    """The plans, allocations, payments and approvals of ``year`` on the 2025 units
    (all of them, even those made before the reform): for reporting a year that
    straddles the reform, such as 2025, on today's structure."""
    pick = lambda f, col: f[f[col] == year]  # noqa: E731
    paid = data.payments[data.payments["date"].dt.year == year]
    return (plans(data.plans[data.plans["period"] == str(year)], year),
            allocations(pick(data.allocations, "year"), year),
            payments(paid, f"{year}-01-01"),
            approved(pick(data.approved_beneficiaries, "year"), year))
