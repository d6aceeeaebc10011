"""DHIS2 uids <-> chitieu codes, and data values <-> observation frames.

A :class:`Mapping` says which chitieu unit each org unit is (by uid or by
DHIS2 code), which indicator each data element is, and which disaggregation
(``category``) each category option combo is. A data element *operand*
``"de.coc"`` may map to an indicator of its own, which then takes the combo.
Without a mapping (``Mapping()``), uids are used as codes unchanged, which
fits a Hierarchy and Catalog built from DHIS2 metadata.

Unknown uids are never dropped silently: :func:`to_observations` raises a
ValueError listing them (``unknown="error"``), or with ``unknown="list"``
returns the rows it left out in ``.unknown`` with the reason for each.

>>> from chitieu import dhis2
>>> raw = dhis2.read_json({"dataValues": [
...     {"dataElement": "DE1", "period": "2020April", "orgUnit": "OU1", "value": "5"}]})
>>> values = dhis2.to_observations(raw, dhis2.Mapping(data_elements={"DE1": "visits"},
...                                                   org_units={"OU1": "01"}))
>>> values.frame[["indicator", "unit", "period", "value"]].values.tolist()
[['visits', '01', '2020-04-01/2021-03-31', 5]]
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping as TMapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .periods import period_ids

__all__ = ["DataValues", "Mapping", "from_observations", "from_result", "to_observations"]

DEFAULT_COMBO = "HllvX50cXC0"  # the uid of DHIS2's "default" category option combo
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass
class Mapping:
    """uid (or DHIS2 code) -> chitieu code tables; an empty table means "uids
    are the codes". ``default_combos`` are the combos that mean "no
    disaggregation" (category "")."""

    org_units: TMapping[str, str] = field(default_factory=dict)
    data_elements: TMapping[str, str] = field(default_factory=dict)
    category_option_combos: TMapping[str, str] = field(default_factory=dict)
    default_combos: tuple[str, ...] = (DEFAULT_COMBO, "")

    def inverse(self) -> Mapping:
        """chitieu code -> uid tables (for writing); an ambiguous code (two
        uids to one code) is an error naming it."""
        def flip(table: TMapping[str, str], what: str) -> dict[str, str]:
            out: dict[str, str] = {}
            for uid, code in table.items():
                if code in out and out[code] != uid:
                    raise ValueError(f"{what} code {code!r} has two DHIS2 ids: "
                                     f"{out[code]!r} and {uid!r}")
                out[code] = uid
            return out
        return Mapping(flip(self.org_units, "unit"), flip(self.data_elements, "indicator"),
                       flip(self.category_option_combos, "category"), self.default_combos)


@dataclass
class DataValues:
    """Data values as chitieu rows: ``frame`` has indicator, unit, period
    (chitieu identifiers), value, category (the mapped combo; None for the
    default combo), attributeOptionCombo, indexed by the source position;
    ``unknown`` the rows left out, with a ``reason``. Build observations with
    ``Observations.from_frame(values.frame, h, cat, categories=["category"])``
    and roll up with ``by=["category"]`` to keep the disaggregation."""

    frame: pd.DataFrame
    unknown: pd.DataFrame

    def __repr__(self) -> str:
        return f"DataValues({len(self.frame)} rows, {len(self.unknown)} left out)"


def _lookup(values: pd.Series, table: TMapping[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """Mapped codes and a mask of values the table lacks (each distinct value once)."""
    codes, uniques = pd.factorize(values)
    if not table:
        return np.asarray(uniques, dtype=object)[codes], np.zeros(len(values), bool)
    mapped = np.array([table.get(u) for u in uniques], dtype=object)
    out = mapped[codes]
    return out, pd.isna(out)


def _numbers(frame: pd.DataFrame) -> np.ndarray:
    """Values as int64 when every one is an integer that fits (money stays
    exact), else float64; text that is not a number is refused naming where."""
    texts = frame["value"].astype(str).str.strip()
    bad = ~texts.str.match(_NUMBER)
    if bad.any():
        at = frame.index[int(np.argmax(bad.to_numpy()))]
        source = frame.attrs.get("source", "dataValueSet")
        raise ValueError(f"{source}, {frame.index.name or 'row'} {at}, column value: "
                         f"{frame['value'].loc[at]!r} is not a number (chitieu aggregates "
                         f"numeric data values only)")
    if texts.str.fullmatch(r"[+-]?\d{1,19}").all():
        whole = [int(t) for t in texts]
        if all(-(2**63) <= v < 2**63 for v in whole):
            return np.array(whole, dtype=np.int64)
    return texts.astype(np.float64).to_numpy()


def to_observations(raw: pd.DataFrame, mapping: Mapping | None = None, *,
                    hierarchy: Any = None, catalog: Any = None,
                    unknown: str = "error") -> DataValues:
    """Map a dataValueSet frame (:func:`read_json` / :func:`read_csv`) to chitieu
    rows ready for ``Observations.from_frame(values.frame, ...,
    categories=["category"])``.

    Rows are left out when their org unit, data element or combo is not in the
    mapping, their unit / indicator is not in ``hierarchy`` / ``catalog`` when
    those are given, or they are marked deleted. ``unknown="error"`` (default)
    raises a ValueError naming every unknown uid; ``"list"`` keeps going and
    returns the rows in ``.unknown``. Periods are DHIS2 ids (all types);
    values must be numbers.
    """
    if unknown not in ("error", "list"):
        raise ValueError(f"unknown={unknown!r}: expected 'error' or 'list'")
    mapping = mapping or Mapping()
    reasons = pd.Series("", index=raw.index, dtype=object)

    def flag(mask: np.ndarray, why: str, values: pd.Series) -> None:
        for k in np.flatnonzero(mask & (reasons.to_numpy() == "")):
            reasons.iloc[k] = f"{why} {values.iloc[k]!r}"

    units, unit_missing = _lookup(raw["orgUnit"], mapping.org_units)
    flag(unit_missing, "unknown org unit", raw["orgUnit"])
    combos = raw["categoryOptionCombo"]
    operand = raw["dataElement"] + "." + combos
    by_operand, operand_missing = _lookup(operand, mapping.data_elements)
    if not mapping.data_elements:  # uids are the codes: no operand is an indicator
        operand_missing = np.ones(len(raw), bool)
    by_element, element_missing = _lookup(raw["dataElement"], mapping.data_elements)
    indicators = np.where(operand_missing, by_element, by_operand)
    flag(element_missing & operand_missing, "unknown data element", raw["dataElement"])
    is_default = combos.isin(mapping.default_combos).to_numpy()
    categories, combo_missing = _lookup(combos, mapping.category_option_combos)
    # No disaggregation: a missing option (None), as Observations' categories take it.
    categories = np.where(is_default | ~operand_missing, None, categories)
    flag(combo_missing & ~is_default & operand_missing, "unknown category option combo", combos)
    if hierarchy is not None:
        find = getattr(hierarchy, "_core", hierarchy).find
        known = np.array([u is not None and find(str(u)) is not None for u in units], dtype=bool)
        flag(~known, "org unit not in the hierarchy:", raw["orgUnit"])
    if catalog is not None:
        codes = set(catalog.codes)
        flag(~np.isin(indicators.astype(str), list(codes)), "indicator not in the catalog:",
             raw["dataElement"])
    if "deleted" in raw:
        flag(raw["deleted"].to_numpy(bool), "deleted value of", raw["dataElement"])
    left_out = reasons.to_numpy() != ""
    if left_out.any() and unknown == "error":
        lines = sorted(set(reasons[left_out]))
        shown = "; ".join(lines[:20]) + (f" (and {len(lines) - 20} more)" if len(lines) > 20 else "")
        raise ValueError(f"{raw.attrs.get('source', 'dataValueSet')}: {int(left_out.sum())} "
                         f"data value(s) cannot be mapped: {shown}")
    kept = raw[~left_out]
    frame = pd.DataFrame({
        "indicator": indicators[~left_out],
        "unit": units[~left_out],
        "period": period_ids(kept["period"]),
        "value": _numbers(kept),
        "category": categories[~left_out],
        "attributeOptionCombo": kept["attributeOptionCombo"].to_numpy(),
    }, index=kept.index)
    out_rows = raw[left_out].assign(reason=reasons[left_out])
    return DataValues(frame, out_rows)


def _value_text(value: Any) -> str:
    """DHIS2 value text that reads back to the same number: integers without a
    decimal point, other floats by their shortest exact repr."""
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"value {value!r} cannot be sent to DHIS2")
    if number.is_integer() and abs(number) < 2**53:
        return str(int(number))
    return repr(number)


def from_observations(frame: Any, mapping: Mapping | None = None, *,
                      value: str = "value", attribute_option_combo: str = DEFAULT_COMBO,
                      default_combo: str = DEFAULT_COMBO) -> pd.DataFrame:
    """A dataValueSet frame (for :func:`write_json` / :func:`write_csv`) from
    chitieu rows: ``frame`` has indicator, unit, period and ``value`` columns
    (an :class:`chitieu.Observations` is taken through ``to_frame()``), and
    optionally ``category``. Codes go back to uids through the mapping's
    inverse; a code without a uid is an error listing them; a period DHIS2
    cannot express is an error naming it."""
    if hasattr(frame, "to_frame") and not isinstance(frame, pd.DataFrame):
        frame = frame.to_frame()
    back = (mapping or Mapping()).inverse()
    rows = frame.reset_index(drop=True)
    if "value_money" in rows:  # exact đồng where the frame has them
        exact = rows["value_money"]
        values = [int(m) if not pd.isna(m) else v for m, v in zip(exact, rows[value])]
    else:
        values = rows[value].tolist()
    keep = [k for k, v in enumerate(values) if not (isinstance(v, float) and math.isnan(v))]
    rows = rows.iloc[keep]
    values = [values[k] for k in keep]
    categories = (rows["category"].astype(object).where(rows["category"].notna(), "").astype(str)
                  if "category" in rows else pd.Series("", index=rows.index))
    indicator_codes = rows["indicator"].astype(str)
    elements, missing_e = _lookup(indicator_codes, back.data_elements)
    combos, missing_c = _lookup(categories, back.category_option_combos)
    combos = np.where(categories.to_numpy() == "", default_combo, combos)
    units, missing_u = _lookup(rows["unit"].astype(str), back.org_units)
    problems = sorted({f"indicator {c!r}" for c in indicator_codes[missing_e]}
                      | {f"unit {c!r}" for c in rows["unit"].astype(str)[missing_u]}
                      | {f"category {c!r}" for c in categories[missing_c & (categories != "")]})
    if problems:
        raise ValueError("no DHIS2 id for " + ", ".join(problems[:20])
                         + (f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""))
    return pd.DataFrame({
        "dataElement": elements,
        "period": period_ids(rows["period"].astype(str), to="dhis2"),
        "orgUnit": units,
        "categoryOptionCombo": combos,
        "attributeOptionCombo": attribute_option_combo,
        "value": [_value_text(v) for v in values],
        "followup": False,
    })


def from_result(result: Any, mapping: Mapping | None = None, *, value: str = "value",
                **options: Any) -> pd.DataFrame:
    """A rollup or assessment (anything with ``to_pandas()`` holding indicator,
    unit, period) as a dataValueSet frame for upload: ``value`` picks the
    column sent (e.g. ``"actual"`` or ``"pct_of_plan"`` of an assessment);
    cells without a value (NaN) are not sent. ``options`` go to
    :func:`from_observations`."""
    frame = result.to_pandas() if hasattr(result, "to_pandas") else result
    if value != "value" and "value_money" in frame:
        frame = frame.drop(columns="value_money")
    return from_observations(frame, mapping, value=value, **options)
