"""Crosswalks: re-express data of one hierarchy version on another.

Vietnam's July 2025 reform merged 63 provinces into 34 and abolished districts;
"the same period last year" means nothing until 2024 data sits on the 2025
structure. A crosswalk maps each old unit to new units with weights summing to
1 (a split) and lets several old units map to one new unit (a merge).

>>> import pandas as pd, chitieu
>>> old = chitieu.Hierarchy.from_arrays(["A", "B"], ["A", "B"], ["p", "p"], ["", ""])
>>> new = chitieu.Hierarchy.from_arrays(["AB"], ["AB"], ["p"], [""])
>>> cw = chitieu.Crosswalk.from_frame(pd.DataFrame({"old": ["A", "B"], "new": ["AB", "AB"]}), old, new)
>>> data = pd.DataFrame({"indicator": "jobs", "unit": ["A", "B"], "period": "2024", "value": [3, 4]})
>>> cw.apply(data)[0]["value"].tolist()
[7]
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd

from . import _core
from ._arrow import as_plain_pandas
from .hierarchy import Hierarchy

__all__ = ["Crosswalk"]

RULES = ("sum", "mean", "min", "max")


class Crosswalk:
    """Old units -> new units with weights; see the module docstring."""

    def __init__(self, core: Any, old: Hierarchy, new: Hierarchy) -> None:
        self._core, self.old, self.new = core, old, new

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, old: Hierarchy, new: Hierarchy,
                   old_code: str = "old", new_code: str = "new",
                   weight: str | None = "weight") -> "Crosswalk":
        """Rows of (old code, new code[, weight]); a missing weight column means 1."""
        frame = as_plain_pandas(frame)
        missing = [c for c in (old_code, new_code) if c not in frame.columns]
        if missing:
            raise ValueError(f"crosswalk frame lacks column(s) {missing}")
        weights = (frame[weight].astype(float).tolist() if weight and weight in frame.columns
                   else [1.0] * len(frame))
        core = _core.Crosswalk.build(old._core, new._core, frame[old_code].astype(str).tolist(),
                                     frame[new_code].astype(str).tolist(), weights)
        return cls(core, old, new)

    @property
    def split_units(self) -> list[str]:
        return self.old.codes(self._core.split_units())

    @property
    def merged_units(self) -> list[str]:
        return self.new.codes(self._core.merged_units())

    def apply(self, frame: pd.DataFrame, rules: Mapping[str, str] | str = "sum",
              ) -> tuple[pd.DataFrame, list[str]]:
        """Re-express ``frame`` (indicator, unit, period, value) on the new hierarchy.

        ``rules`` gives each indicator's rule across units -- "sum" (additive:
        split by weight; int64 money split exactly so totals are preserved) or
        "mean"/"min"/"max" (carried whole; merged units combine by weighted
        mean/min/max) -- as one rule for all or a mapping (default "sum"). Returns
        the new rows and the old unit codes that were split.
        """
        missing = [c for c in ("indicator", "unit", "period", "value") if c not in frame.columns]
        if missing:
            raise ValueError(f"frame lacks column(s) {missing}")
        rule_of = (lambda ind: rules) if isinstance(rules, str) else (lambda ind: rules.get(ind, "sum"))
        indicator = frame["indicator"].astype(str)
        per_row_rule = indicator.map({i: rule_of(i) for i in indicator.unique()})
        bad = sorted(set(per_row_rule) - set(RULES))
        if bad:
            raise ValueError(f"unknown crosswalk rule(s) {bad}; expected one of {RULES}")
        units = self.old.ids(frame["unit"].tolist())
        parts, split = [], set()
        for rule in RULES:
            mask = (per_row_rule == rule).to_numpy()
            if not mask.any():
                continue
            sub = frame.loc[mask]
            keys, key_table = pd.factorize(pd.MultiIndex.from_arrays(
                [sub["indicator"].astype(str), sub["period"].astype(str)]))
            values = sub["value"].to_numpy()
            money = values.dtype.kind in "iu" and rule != "mean"
            call = self._core.apply_money if money else self._core.apply_real
            key, unit, value, split_ids = call(
                keys.astype(np.int64), np.ascontiguousarray(units[mask]),
                values.astype(np.int64 if money else np.float64), rule)
            split.update(self.old.codes(split_ids))
            parts.append(pd.DataFrame({
                "indicator": key_table.get_level_values(0)[key],
                "unit": self.new.codes(unit),
                "period": key_table.get_level_values(1)[key],
                "value": value,
            }))
        out = pd.concat(parts, ignore_index=True) if parts else frame.iloc[:0][
            ["indicator", "unit", "period", "value"]]
        return out, sorted(split)
