"""Crosswalks: re-express data of one hierarchy version on another.

Vietnam's July 2025 reform merged 63 provinces into 34 and abolished districts;
"the same period last year" means nothing until 2024 data sits on the 2025
structure. A crosswalk maps each old unit to new units with weights summing to
1 (a split) and lets several old units map to one new unit (a merge).
``Crosswalk.vietnam(2024, 2025)`` is the official conversion table (see
docs/hierarchies.md); its 439 partial splits have no official shares, so
additive values are only split once the caller chooses how (``split="equal"``,
``split="largest"`` or ``weights=``), and the result marks what is estimated.

>>> import pandas as pd, chitieu
>>> old = chitieu.Hierarchy.from_arrays(["A", "B"], ["A", "B"], ["p", "p"], ["", ""])
>>> new = chitieu.Hierarchy.from_arrays(["AB"], ["AB"], ["p"], [""])
>>> cw = chitieu.Crosswalk.from_frame(pd.DataFrame({"old": ["A", "B"], "new": ["AB", "AB"]}), old, new)
>>> data = pd.DataFrame({"indicator": "jobs", "unit": ["A", "B"], "period": "2024", "value": [3, 4]})
>>> cw.apply(data)[0]["value"].tolist()
[7]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._arrow import as_plain_pandas
from .hierarchy import Hierarchy

__all__ = ["Crosswalk"]

RULES = ("sum", "mean", "min", "max")
SPLITS = ("equal", "largest")


def _unit_codes(side: str, query: str, doc: str) -> property:
    """A property: the codes, in the ``side`` ("old" or "new") hierarchy, of the
    unit ids the compiled crosswalk's ``query`` returns."""
    return property(lambda self: getattr(self, side).codes(getattr(self._core, query)()), doc=doc)


class Crosswalk:
    """Old units -> new units with weights; see the module docstring."""

    def __init__(self, core: Any, old: Hierarchy, new: Hierarchy, *,
                 old_until: Any = None) -> None:
        self._core, self.old, self.new = core, old, new
        #: The first day of the new structure (rows dated before it are on the
        #: old one), when the crosswalk knows it; see chitieu.translate.
        self.new_from = old_until

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, old: Hierarchy, new: Hierarchy,
                   old_code: str = "old", new_code: str = "new",
                   weight: str | None = "weight", *, new_from: Any = None) -> Crosswalk:
        """Rows of (old code, new code[, weight]); a missing weight column means 1,
        an empty (NaN) weight a share that is not known. ``new_from`` (a date) is
        the first day of the new structure, for translating dated rows."""
        frame = as_plain_pandas(frame)
        missing = [c for c in (old_code, new_code) if c not in frame.columns]
        if missing:
            raise ValueError(f"crosswalk frame lacks column(s) {missing}")
        weights = (frame[weight].astype(float).tolist() if weight and weight in frame.columns
                   else [1.0] * len(frame))
        core = _core.crosswalk.build(old._core, new._core, frame[old_code].astype(str).tolist(),
                                     frame[new_code].astype(str).tolist(), weights)
        return cls(core, old, new, old_until=new_from)

    @classmethod
    def vietnam(cls, old_year: int = 2024, new_year: int = 2025, *,
                level: str = "province") -> Crosswalk:
        """The official crosswalk between Vietnam's 2024 and 2025 structures.

        2024 -> 2025 maps every unit (communes by the NSO conversion table,
        districts and provinces whole to their new province); its partial
        splits have no shares (see ``unknown_share_units``). 2025 -> 2024 maps
        to old provinces only (``level="province"``): a new commune merged old
        communes in unknown shares, so ``level="commune"`` is refused.
        """
        if (old_year, new_year) == (2025, 2024) and level != "province":
            raise ValueError(
                f"2025 -> 2024 data can only go back to old provinces, not to level {level!r}: "
                "a new commune merged several old communes (and parts of others) and the "
                "official table gives no shares, so old communes cannot be recovered")
        from .hierarchy import REFORM_DATE, _vietnam_data_dir

        old, new = Hierarchy.vietnam(old_year), Hierarchy.vietnam(new_year)
        core = _core.vietnam_crosswalk(old._core, old_year, new._core, new_year,
                                       _vietnam_data_dir())
        return cls(core, old, new, old_until=REFORM_DATE if old_year < new_year else None)

    # -- what the table says ------------------------------------------------
    split_units = _unit_codes("old", "split_units", "Old units split among several new ones.")
    merged_units = _unit_codes("new", "merged_units", "New units made of several old ones.")
    unknown_share_units = _unit_codes("old", "unknown_share_units",
                                      "Old units split among several new ones without known shares.")
    estimated_units = _unit_codes("old", "estimated_units",
                                  "Old units whose shares were estimated by :meth:`resolve`.")

    def targets(self, code: str) -> list[tuple[str, float]]:
        """The new units of an old unit with their weights (NaN: not known)."""
        return [(self.new.code(u), w) for u, w in self._core.targets(self.old.id(code))]

    def to_frame(self) -> pd.DataFrame:
        """old, new, weight (NaN where not known), estimated."""
        estimated = set(self.estimated_units)
        rows = [(o, n, w, o in estimated) for o in self.old for n, w in self.targets(o)]
        return pd.DataFrame(rows, columns=["old", "new", "weight", "estimated"])

    # -- resolving splits without shares -------------------------------------
    def resolve(self, weights: pd.DataFrame | None = None, *, split: str | None = None
                ) -> Crosswalk:
        """A copy whose splits without shares are settled: by ``weights`` (a frame
        with columns old, new, weight -- any positive scale such as population or
        households, normalised per old unit; only for splits without shares),
        then, for the rest, by ``split``: "equal" shares or all to the
        "largest" recipient (formed from the most old units). Resolved units
        are marked estimated in every result."""
        if split is not None and split not in SPLITS:
            raise ValueError(f"unknown split {split!r}; expected one of {SPLITS} or weights=")
        olds: list[str] = []
        news: list[str] = []
        ws: list[float] = []
        if weights is not None:
            missing = [c for c in ("old", "new", "weight") if c not in weights.columns]
            if missing:
                raise ValueError(f"split weights lack column(s) {missing}; expected old, new, weight")
            olds = weights["old"].astype(str).tolist()
            news = weights["new"].astype(str).tolist()
            ws = pd.to_numeric(weights["weight"], errors="raise").astype(float).tolist()
        core = self._core.resolved(olds, news, ws, split or "none")
        return Crosswalk(core, self.old, self.new, old_until=self.new_from)

    # -- applying ----------------------------------------------------------
    def apply(self, frame: pd.DataFrame, rules: Mapping[str, str] | str = "sum", *,
              split: str | None = None, weights: pd.DataFrame | None = None,
              ) -> tuple[pd.DataFrame, list[str]]:
        """Re-express ``frame`` (indicator, unit, period, value) on the new hierarchy.

        ``rules`` gives each indicator's rule across units -- "sum" (additive:
        split by weight; int64 money split exactly, largest remainder, so totals
        are preserved) or "mean"/"min"/"max" (carried whole; merged units
        combine by weighted mean/min/max) -- as one rule for all or a mapping
        (default "sum"). Rates are not translated: translate their parts and
        let the rollup take the ratio of the sums. ``split`` / ``weights``
        settle splits without shares (see :meth:`resolve`); without them a sum
        over such a split raises ValueError listing the first units and the
        options. Returns the new rows -- with ``estimated`` (the part of the
        value resting on estimated shares) and ``estimated_share`` -- and the
        old unit codes that were split.
        """
        cw = self if split is None and weights is None else self.resolve(weights, split=split)
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
        parts, split_codes = [], set()
        for rule in RULES:
            mask = (per_row_rule == rule).to_numpy()
            if mask.any():
                part, codes = cw._apply_rule(frame.loc[mask], units[mask], rule)
                parts.append(part)
                split_codes.update(codes)
        out = pd.concat(parts, ignore_index=True) if parts else frame.iloc[:0][
            ["indicator", "unit", "period", "value"]].assign(estimated=0, estimated_share=0.0)
        return out, sorted(split_codes)

    def _apply_rule(self, sub: pd.DataFrame, units: np.ndarray, rule: str
                    ) -> tuple[pd.DataFrame, list[str]]:
        keys, key_table = pd.factorize(pd.MultiIndex.from_arrays(
            [sub["indicator"].astype(str), sub["period"].astype(str)]))
        values = sub["value"].to_numpy()
        money = values.dtype.kind in "iu" and rule != "mean"
        call = self._core.apply_money if money else self._core.apply_real
        key, unit, value, split_ids, estimated, share = call(
            keys.astype(np.int64), np.ascontiguousarray(units),
            values.astype(np.int64 if money else np.float64), rule)
        return pd.DataFrame({
            "indicator": key_table.get_level_values(0)[key],
            "unit": self.new.codes(unit),
            "period": key_table.get_level_values(1)[key],
            "value": value,
            "estimated": estimated,
            "estimated_share": share,
        }), self.old.codes(split_ids)

    def __repr__(self) -> str:
        return (f"Crosswalk({len(self.old):,} old units -> {len(self.new):,} new units; "
                f"{len(self.split_units):,} split, {len(self.unknown_share_units):,} "
                "without shares)")
