"""Rows dated across a restructuring, translated onto the new units.

Vietnam's units changed on 1 July 2025 (see docs/hierarchies.md). A frame of
observations may hold rows on the old units (reported before the reform) and
rows on the new ones; :func:`translate_observations` re-expresses the old rows
on the new units through a :class:`~chitieu.Crosswalk` and passes the new rows
through, so one rollup or assessment covers both.

Which structure a row is on (the rule, explicit):

1. the frame's ``structure`` column when it has one ("old" / "new", or the
   crosswalk's years such as 2024 / 2025);
2. otherwise the row's period: one that ends before the crosswalk's
   ``new_from`` date (1 July 2025 for Vietnam) is on the old units, one that
   starts on or after it on the new units. A period that straddles the date
   ("2025") cannot be placed and is refused, naming it.

Nothing is dropped and nothing counted twice: every old row goes through the
crosswalk (an old unit without an entry is refused, naming it), every new row
must be a unit of the new hierarchy, and additive totals are preserved
exactly (money in whole đồng, largest remainder). Rows resting on a split
without official shares carry ``estimated`` (the part of the value) and
``estimated_share``; ``translated`` says which rows came from old units.

>>> import pandas as pd, chitieu
>>> cw = chitieu.Crosswalk.vietnam(2024, 2025)
>>> cat = chitieu.Catalog([chitieu.Indicator.flow("paid", value_type="money")])
>>> df = pd.DataFrame({"indicator": "paid", "unit": ["02", "08", "08"],
...                    "period": ["202506", "202506", "202507"], "value": [5, 7, 20]})
>>> out = translate_observations(df, cw, cat)
>>> out[["unit", "period", "value", "translated"]].values.tolist()
[['08', '202506', 12, True], ['08', '202507', 20, False]]
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._util import Lang
from .crosswalk import Crosswalk
from .period import Period

__all__ = [
    "estimate_note",
    "structure_of_rows",
    "translate_observations",
    "translate_plans",
    "translate_rows",
]

_DERIVED_NOTE = "derived indicators are computed after the rollup from their translated parts"


def structure_of_rows(frame: pd.DataFrame, crosswalk: Crosswalk, *,
                      period: str = "period", date: str | None = None,
                      structure: str = "structure") -> np.ndarray:
    """Per row, True where it is on the old units (see the module's rule)."""
    if structure in frame.columns:
        return _from_column(frame[structure], crosswalk, structure)
    new_from = crosswalk.new_from
    if new_from is None:
        raise ValueError("the crosswalk has no date for the new structure: give the frame a "
                         f"{structure!r} column (old/new) or build it with new_from=")
    column = date or period
    if column not in frame.columns:
        raise ValueError(f"frame lacks column {column!r} to date its rows")
    codes, uniques = pd.factorize(frame[column], sort=False)
    old = np.empty(len(uniques), dtype=bool)
    straddling = []
    for i, p in enumerate(uniques):
        first, last = _span(p, column)
        old[i] = last < new_from
        if first < new_from <= last:
            straddling.append(str(p))
    if straddling:
        raise ValueError(
            f"{len(straddling)} {column} value(s) straddle {new_from:%d/%m/%Y}, when the new "
            f"units came in, so their rows cannot be placed on either structure: "
            f"{straddling[:10]}; give the frame a {structure!r} column (old/new) for them")
    return old[codes]


def translate_observations(frame: pd.DataFrame, crosswalk: Crosswalk, catalog: Any = None,
                           *, rules: Mapping[str, str] | None = None,
                           split: str | None = None, weights: pd.DataFrame | None = None,
                           structure: str = "structure") -> pd.DataFrame:
    """Observations (indicator, unit, period, value) on old and new units ->
    the same on the new units, with columns ``translated``, ``estimated`` and
    ``estimated_share``.

    Each indicator is translated by its rule across units, from ``catalog``
    (its ``space_rule``) or ``rules``; one of them is required, so that a rate
    is never summed by mistake (derived indicators are refused: they are
    computed from their translated parts). ``split`` / ``weights`` settle
    splits without official shares (:meth:`Crosswalk.resolve`).
    """
    missing = [c for c in ("indicator", "unit", "period", "value") if c not in frame.columns]
    if missing:
        raise ValueError(f"observations lack column(s) {missing}")
    old = structure_of_rows(frame, crosswalk, structure=structure)
    ind_codes, ind_uniques = pd.factorize(frame["indicator"])
    ind_text = np.asarray([str(x) for x in ind_uniques], dtype=object)
    rule_of = _rules(sorted(set(ind_text[np.unique(ind_codes[old])])), catalog, rules)
    per_row = np.asarray([rule_of.get(t, "") for t in ind_text], dtype=object)[ind_codes[old]]
    cw = crosswalk if split is None and weights is None else crosswalk.resolve(weights, split=split)
    translated = translate_rows(frame.loc[old], cw, "value", ["indicator", "period"], per_row)
    kept = frame.loc[~old, ["indicator", "unit", "period", "value"]]
    crosswalk.new.ids([str(u) for u in pd.unique(kept["unit"])])  # KeyError naming strays
    kept = kept.assign(translated=False, estimated=np.zeros(len(kept), kept["value"].dtype),
                       estimated_share=0.0)
    translated = translated.assign(translated=True)
    return _concat_exact(translated, kept, frame["value"].dtype)


def translate_rows(frame: pd.DataFrame, crosswalk: Crosswalk, value: str,
                   keys: Sequence[str], rules: Any = "sum") -> pd.DataFrame:
    """Any rows (``keys`` columns, a ``unit`` column of old codes, a ``value``
    column) re-expressed on the new units: one row per keys x new unit, with
    ``estimated`` and ``estimated_share``. ``rules``: one rule, or one per row.
    Used for observations, plan targets, allocations and payments alike."""
    per_row = np.broadcast_to(np.asarray(rules, dtype=object), (len(frame),))
    unit_codes, unit_uniques = pd.factorize(frame["unit"])
    units = (crosswalk.old.ids([str(u) for u in unit_uniques])[unit_codes] if len(frame)
             else np.zeros(0, np.int32))
    key, key_uniques, sizes = np.zeros(len(frame), np.int64), [], []
    for k in keys:
        codes, uniques = pd.factorize(frame[k], use_na_sentinel=False)
        key = key * max(len(uniques), 1) + codes
        key_uniques.append(uniques)
        sizes.append(max(len(uniques), 1))
    values = frame[value].to_numpy()
    parts = []
    for rule in sorted(set(per_row)):
        mask = per_row == rule
        money = values.dtype.kind in "iu" and rule != "mean"
        call = crosswalk._core.apply_money if money else crosswalk._core.apply_real
        out_key, unit, out_value, _, estimated, share = call(
            np.ascontiguousarray(key[mask]), np.ascontiguousarray(units[mask], dtype=np.int32),
            np.ascontiguousarray(values[mask], dtype=np.int64 if money else np.float64), rule)
        columns: dict[str, Any] = {}
        rest = out_key
        for k, uniques, n in reversed(list(zip(keys, key_uniques, sizes))):
            columns[k] = uniques.take(rest % n)
            rest = rest // n
        columns = {k: columns[k] for k in keys}
        columns.update({"unit": pd.Categorical.from_codes(unit, _codes_of(crosswalk.new)),
                        value: out_value,
                        "estimated": estimated, "estimated_share": share})
        parts.append(pd.DataFrame(columns))
    if not parts:
        return frame.iloc[:0][list(keys) + ["unit", value]].assign(estimated=values[:0],
                                                                   estimated_share=0.0)
    return pd.concat(parts, ignore_index=True)


def _codes_of(hierarchy: Any) -> list[str]:
    """All codes of a hierarchy in id order (categories for translated units)."""
    return list(hierarchy)


def _rules(indicators: list[str], catalog: Any, rules: Mapping[str, str] | None,
           derived_ok: bool = False) -> dict[str, str]:
    """Each indicator's rule across units; a derived one is "derived" (not additive)
    where ``derived_ok``, else refused."""
    if catalog is None and rules is None:
        raise ValueError("translating observations needs each indicator's rule across "
                         "units: pass the catalog (or rules={indicator: sum|mean|min|max})")
    out: dict[str, str] = {}
    unknown, derived = [], []
    for code in indicators:
        if rules is not None and code in rules:
            out[code] = rules[code]
        elif catalog is not None and code in catalog:
            ind = catalog[code]
            if getattr(ind, "formula", None):
                derived.append(code)
            out[code] = "derived" if ind.formula else ind.space_rule
        else:
            unknown.append(code)
    if unknown:
        raise KeyError(f"no rule across units for indicator(s) {unknown[:10]}: not in the "
                       "catalog or rules")
    if derived and not derived_ok:
        raise ValueError(f"derived indicator(s) {derived[:10]} in the observations: "
                         f"{_DERIVED_NOTE}; drop them before translating")
    return out


def _concat_exact(a: pd.DataFrame, b: pd.DataFrame, dtype: Any) -> pd.DataFrame:
    """Old and new rows in one frame, keeping int64 values int64 (exact đồng)."""
    out = pd.concat([a, b], ignore_index=True)
    if np.dtype(dtype).kind in "iu" and out["value"].dtype.kind == "f":
        v = out["value"].to_numpy()
        whole = v == np.trunc(v)
        if np.all(whole):
            out["value"] = v.astype(np.int64)
            out["estimated"] = out["estimated"].to_numpy().astype(np.int64)
        elif np.abs(v[whole]).max(initial=0) > 2.0**53:
            # Means made some values fractional, so the column is float64; whole
            # values (money) pass through float only where it holds them exactly.
            raise ValueError("means across merged units made values fractional, and whole "
                             "values beyond 2**53 (exact money) cannot share a float column "
                             "with them: translate mean-rule indicators separately")
    return out


def _from_column(column: pd.Series, crosswalk: Crosswalk, name: str) -> np.ndarray:
    text = column.astype(str).str.strip().str.lower()
    old = text.isin(["old", "2024"]).to_numpy()
    new = text.isin(["new", "2025"]).to_numpy()
    bad = sorted(set(column[~(old | new)].astype(str)))
    if bad:
        raise ValueError(f"column {name!r} holds {bad[:10]}; expected old/new (or 2024/2025)")
    return old


def _span(value: Any, column: str) -> tuple[datetime.date, datetime.date]:
    if isinstance(value, (datetime.date, pd.Timestamp, np.datetime64)):
        day = pd.Timestamp(value).date()
        return day, day
    try:
        p = value if isinstance(value, Period) else Period.parse(str(value))
    except ValueError as e:
        raise ValueError(f"column {column!r}: cannot date {value!r} ({e})") from None
    return p.first, p.last


def observations_on_new_units(frame: Any, crosswalk: Crosswalk, hierarchy: Any, catalog: Any,
                              *, split: str | None = None,
                              weights: pd.DataFrame | None = None) -> Any:
    """The hook of ``rollup(..., crosswalk=)`` and ``assess(..., crosswalk=)``:
    observations on old and new units (a frame, or Observations on the old
    hierarchy) translated, then loaded on ``hierarchy`` (the crosswalk's new one)."""
    from .observations import Observations

    if isinstance(frame, Observations):
        frame = frame.to_frame().assign(structure="old")
        if "value_money" in frame.columns:  # real and money rows: value is float64
            money = frame["value_money"].dropna()
            if len(money) and int(money.abs().max()) > 2**53:
                raise ValueError("these observations mix real values with money beyond 2**53 "
                                 "đồng, which one float column cannot hold exactly: pass "
                                 "the observation frame itself (with crosswalk=)")
            frame = frame.drop(columns="value_money")  # float64 holds every amount exactly
    if not isinstance(frame, pd.DataFrame):
        raise TypeError("with crosswalk=, observations are a DataFrame (indicator, unit, "
                        f"period, value) on old and new units, not {type(frame).__name__}")
    if len(hierarchy) != len(crosswalk.new) or hierarchy.levels != crosswalk.new.levels:
        raise ValueError("with crosswalk=, the hierarchy must be the crosswalk's new one "
                         f"({crosswalk.new!r}), not {hierarchy!r}")
    out = translate_observations(frame, crosswalk, catalog, split=split, weights=weights)
    return Observations.from_frame(out, hierarchy, catalog)


def estimate_note(translated: pd.DataFrame, crosswalk: Crosswalk, level: str = "province",
                  lang: Lang = "en") -> str:
    """A sentence (``lang`` "en" or "vi") on what rests on estimated splits in
    translated observations: how many rows and new units, and whether figures at
    ``level`` depend on the split (not when every estimated split stays inside
    one unit there)."""
    marked = translated[translated["estimated_share"] > 0]
    vi = lang == "vi"
    if marked.empty:
        return ("Không có số liệu quy đổi nào dựa trên tỷ lệ chia ước tính." if vi else
                "No translated figure rests on an estimated split.")
    units = len({str(u) for u in pd.unique(marked["unit"])})
    estimated = crosswalk.estimated_units or crosswalk.unknown_share_units
    crossing = [o for o in estimated
                if len({crosswalk.new.ancestor(n, level) for n, _ in crosswalk.targets(o)}) > 1]
    if vi:
        where = ("số liệu cấp tỉnh và toàn quốc không phụ thuộc cách chia (mỗi đơn vị bị chia "
                 "nằm gọn trong một tỉnh)" if not crossing else
                 f"{len(crossing)} đơn vị bị chia vượt ranh giới tỉnh, nên số liệu cấp tỉnh "
                 "cũng phụ thuộc cách chia")
        n = lambda x: f"{x:,}".replace(",", ".")  # noqa: E731 (Vietnamese thousands)
        return (f"{n(len(marked))} dòng số liệu quy đổi của {n(units)} đơn vị mới dựa một phần "
                f"trên tỷ lệ chia ước tính của {n(len(estimated))} đơn vị cũ được nhập một "
                f"phần, không có tỷ lệ chính thức; {where}.")
    where = (f"{level} and higher figures do not depend on the split (every split stays "
             f"inside one {level})" if not crossing else
             f"{len(crossing)} splits cross {level} lines, so {level} figures depend on them too")
    return (f"{len(marked):,} translated rows on {units:,} new units rest partly on "
            f"estimated shares of {len(estimated):,} old units split without official "
            f"shares; {where}.")


def translate_plans(plans: pd.DataFrame, crosswalk: Crosswalk, catalog: Any, *,
                    rates: str = "refuse", split: str | None = None,
                    weights: pd.DataFrame | None = None) -> pd.DataFrame:
    """Plan targets (Plan.from_frame's columns) made on the old units -- those
    whose ``effective_date`` is before the crosswalk's ``new_from`` -- on the new
    units; later rows pass through. Total targets of additive indicators add up
    (``target``, ``lo``, ``hi``). Other targets (levels of rates, changes) are
    carried only where a new unit is one old unit kept whole; elsewhere they are
    refused, naming them, unless ``rates="mean"`` (their mean, marked estimated).
    Rows of a level the new hierarchy lacks (districts) are refused too."""
    if crosswalk.new_from is None or "effective_date" not in plans.columns:
        raise ValueError("translating plans needs their effective_date and the crosswalk's "
                         "new_from date (plans made before it are on the old units)")
    if rates not in ("refuse", "mean"):
        raise ValueError(f"rates must be 'refuse' or 'mean', not {rates!r}")
    old = (pd.to_datetime(plans["effective_date"]) < pd.Timestamp(crosswalk.new_from)).to_numpy()
    rows = plans.loc[old]
    lost = sorted(set(rows["level"].astype(str)) - set(crosswalk.new.levels))
    if lost:
        raise ValueError(f"plans made on the old units at level(s) {lost}, which the new "
                         "structure does not have: drop them or roll them up first")
    cw = crosswalk if split is None and weights is None else crosswalk.resolve(weights, split=split)
    rule = _rules(sorted(set(rows["indicator"].astype(str))), catalog, None, derived_ok=True)
    additive = ((rows["kind"] == "total") & rows["indicator"].astype(str).map(rule).eq("sum")
                ).to_numpy()
    merged = _merged_at(crosswalk, sorted(set(rows["level"].astype(str))))
    carried = np.array([len(t) == 1 and t[0][0] not in merged
                        for t in map(crosswalk.targets, rows["unit"].astype(str))], dtype=bool)
    refused = rows.loc[~additive & ~carried]
    if rates == "refuse" and len(refused):
        named = (refused["indicator"].astype(str) + " " + refused["kind"].astype(str) + " of '"
                 + refused["unit"].astype(str) + "'").unique().tolist()
        raise ValueError(f"{len(named)} non-additive target(s) on old units that merged or split, "
                         f"which cannot be added up: {named[:10]}; set them on the new units, or "
                         "pass rates='mean' to carry their mean (marked estimated)")
    keys = [c for c in plans.columns if c not in ("unit", "target", "lo", "hi")]
    parts = []
    for mask, how in ((additive, "sum"), (~additive, "mean")):
        if mask.any():
            moved = [translate_rows(rows.loc[mask], cw, v, keys, how) for v in ("target", "lo", "hi")]
            out = moved[0].assign(lo=moved[1]["lo"].to_numpy(), hi=moved[2]["hi"].to_numpy())
            if how == "mean":
                whole = out["unit"].astype(str).map(lambda u: u not in merged).to_numpy()
                out["estimated_share"] = np.where(whole, 0.0, 1.0)
            parts.append(out.drop(columns=["estimated"]))
    kept = plans.loc[~old].assign(estimated_share=0.0)
    return pd.concat([*parts, kept], ignore_index=True)[list(plans.columns) + ["estimated_share"]]


def _merged_at(crosswalk: Crosswalk, levels: list[str]) -> set[str]:
    """New units fed by several old units of one of ``levels`` (or by part of one)."""
    sources: dict[str, int] = {}
    for level in levels:
        for u in crosswalk.old.units(level):
            targets = crosswalk.targets(u)
            for n, _ in targets:
                sources[n] = sources.get(n, 0) + (1 if len(targets) == 1 else 2)
    return {n for n, k in sources.items() if k > 1}
