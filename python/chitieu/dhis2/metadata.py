"""DHIS2 metadata -> chitieu: org units -> Hierarchy, data elements and
indicators -> Catalog.

Data elements become indicators with the time and space rules of their
``aggregationType`` (:data:`AGGREGATION_RULES`); indicators whose numerator and
denominator are sums of ``#{uid}`` terms become derived ratios (``factor``
from their indicatorType). Whatever has no exact chitieu equivalent is listed
in ``Catalog``'s companion report with the reason, never dropped silently.

>>> meta = Metadata(data_elements=[{"id": "DE1", "name": "Visits", "aggregationType": "SUM"},
...                                {"id": "DE2", "name": "Beds", "aggregationType": "COUNT"}])
>>> catalog, skipped = catalog_from_metadata(meta)
>>> catalog.codes, skipped["reason"].tolist()
(['DE1'], ['aggregationType COUNT has no chitieu rule'])
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..catalog import Catalog
from ..hierarchy import Hierarchy
from ..indicator import Indicator

__all__ = [
    "AGGREGATION_RULES",
    "Metadata",
    "catalog_from_metadata",
    "hierarchy_from_metadata",
    "read_metadata",
]

#: DHIS2 aggregationType -> (time rule, space rule). DHIS2's names say the rule
#: over time first and, after the underscore, the rule over org units.
AGGREGATION_RULES = {
    "SUM": ("sum", "sum"),
    "AVERAGE": ("mean", "mean"),
    "AVERAGE_SUM_ORG_UNIT": ("mean", "sum"),
    "LAST": ("last", "sum"),
    "LAST_IN_PERIOD": ("last", "sum"),
    "LAST_AVERAGE_ORG_UNIT": ("last", "mean"),
    "LAST_IN_PERIOD_AVERAGE_ORG_UNIT": ("last", "mean"),
    "FIRST": ("first", "sum"),
    "FIRST_AVERAGE_ORG_UNIT": ("first", "mean"),
    "MIN": ("min", "min"),
    "MAX": ("max", "max"),
    "MIN_SUM_ORG_UNIT": ("min", "sum"),
    "MAX_SUM_ORG_UNIT": ("max", "sum"),
}

#: DHIS2 value types chitieu aggregates (numbers); the others are listed as skipped.
NUMERIC_VALUE_TYPES = {"NUMBER", "INTEGER", "INTEGER_POSITIVE", "INTEGER_NEGATIVE",
                       "INTEGER_ZERO_OR_POSITIVE", "UNIT_INTERVAL", "PERCENTAGE"}

_TERM = re.compile(r"^#\{([A-Za-z0-9]{11}(?:\.[A-Za-z0-9]{11})?)\}$")


@dataclass
class Metadata:
    """The lists of a DHIS2 metadata export or API responses, by their DHIS2 names."""

    org_units: list[dict[str, Any]] = field(default_factory=list)
    levels: list[dict[str, Any]] = field(default_factory=list)
    data_elements: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    indicator_types: list[dict[str, Any]] = field(default_factory=list)
    category_option_combos: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in self.__dict__.items()}


_KEYS = {"organisationUnits": "org_units", "organisationUnitLevels": "levels",
         "dataElements": "data_elements", "indicators": "indicators",
         "indicatorTypes": "indicator_types", "categoryOptionCombos": "category_option_combos"}


def read_metadata(*sources: Any) -> Metadata:
    """Merge metadata exports / API responses (paths or parsed JSON): objects
    with organisationUnits, organisationUnitLevels, dataElements, indicators,
    indicatorTypes, categoryOptionCombos (pages of one list are concatenated),
    or a bare list of levels (``/api/filledOrganisationUnitLevels``)."""
    meta = Metadata()
    for source in sources:
        obj = (json.loads(Path(source).read_text(encoding="utf-8"))
               if isinstance(source, (str, os.PathLike)) else source)
        if isinstance(obj, list):
            if obj and not all(isinstance(x, dict) and "level" in x for x in obj):
                raise ValueError(f"{source}: a bare list is read as org unit levels, "
                                 f"but its items lack 'level'")
            meta.levels.extend(obj)
            continue
        for key, attr in _KEYS.items():
            getattr(meta, attr).extend(obj.get(key, []))
    return meta


def hierarchy_from_metadata(meta: Metadata, *, code: str = "id") -> Hierarchy:
    """A Hierarchy of the org units: codes are their uids (``code="id"``) or
    DHIS2 codes (``code="code"``; a unit without one is an error naming it),
    parents from ``parent`` or the second-to-last uid of ``path``, level names
    from the levels list (else "level1", "level2", ...)."""
    names = {int(x["level"]): str(x.get("name") or f"level{x['level']}") for x in meta.levels}
    by_uid = {u["id"]: u for u in meta.org_units}

    def code_of(uid: str) -> str:
        if code == "id":
            return uid
        unit = by_uid.get(uid)
        if unit is None or not unit.get(code):
            raise ValueError(f"org unit {uid!r} has no {code!r}")
        return str(unit[code])

    rows = []
    for unit in meta.org_units:
        parent = (unit.get("parent") or {}).get("id")
        if parent is None and unit.get("path"):
            parts = [p for p in str(unit["path"]).split("/") if p]
            parent = parts[-2] if len(parts) > 1 else None
        if parent is not None and parent not in by_uid:
            raise ValueError(f"org unit {unit['id']!r}: parent {parent!r} is not in the metadata")
        level = int(unit["level"]) if "level" in unit else len(str(unit.get("path", "")).split("/")) - 1
        rows.append((code_of(unit["id"]), unit.get("name", ""), names.get(level, f"level{level}"),
                     code_of(parent) if parent else ""))
    used = sorted({int(u["level"]) for u in meta.org_units if "level" in u})
    level_names = [names.get(k, f"level{k}") for k in used] or None
    frame = pd.DataFrame(rows, columns=["code", "name", "level", "parent_code"])
    return Hierarchy.from_frame(frame, levels=level_names)


def _terms(expression: str) -> list[str] | None:
    """The uids of a sum of #{uid} terms, or None for anything else."""
    parts = [p.strip() for p in str(expression).split("+")]
    found = [_TERM.match(p) for p in parts]
    return [m.group(1) for m in found] if all(found) else None


def catalog_from_metadata(meta: Metadata, *, code: str = "id",
                          default_factor: float | None = None) -> tuple[Catalog, pd.DataFrame]:
    """(Catalog, skipped): an indicator per numeric data element with a known
    aggregationType, a derived ratio per DHIS2 indicator of the simple kind.
    ``skipped`` lists every data element and indicator left out (columns
    kind, id, name, reason). Indicators use their indicatorType's factor;
    ``default_factor`` is used when none is recorded (else they are skipped)."""
    catalog, skipped = Catalog(), []
    codes: dict[str, str] = {}
    for de in meta.data_elements:
        rule = AGGREGATION_RULES.get(str(de.get("aggregationType")))
        value_type = de.get("valueType")
        why = (f"aggregationType {de.get('aggregationType')} has no chitieu rule" if rule is None
               else f"valueType {value_type} is not numeric"
               if value_type is not None and value_type not in NUMERIC_VALUE_TYPES else None)
        ident = str(de.get(code) or "") if code != "id" else de["id"]
        if why is None and not ident:
            why = f"no {code!r}"
        if why:
            skipped.append(("dataElement", de["id"], de.get("name", ""), why))
            continue
        codes[de["id"]] = ident
        catalog.add(Indicator(ident, de.get("name", ""), time_rule=rule[0], space_rule=rule[1]))
    factors = {t["id"]: float(t["factor"]) for t in meta.indicator_types if "factor" in t}
    for ind in meta.indicators:
        why, parts = _indicator_parts(ind, codes, catalog)
        factor = (factors.get((ind.get("indicatorType") or {}).get("id"))
                  if ind.get("indicatorType") else None)
        factor = factor if factor is not None else default_factor
        if why is None and factor is None:
            why = "no indicatorType factor recorded (give default_factor=)"
        if why is None and ind.get("annualized"):
            why = "annualized indicators have no chitieu equivalent"
        if why:
            skipped.append(("indicator", ind["id"], ind.get("name", ""), why))
            continue
        ident = str(ind.get(code) or ind["id"])
        num, den = (_sum_part(catalog, ident, side, terms) for side, terms in zip(("num", "den"), parts))
        catalog.add(Indicator.ratio(ident, num, den, factor, ind.get("name", "")))
    return catalog, pd.DataFrame(skipped, columns=["kind", "id", "name", "reason"])


def _indicator_parts(ind: dict[str, Any], codes: dict[str, str],
                     catalog: Catalog) -> tuple[str | None, tuple[list[str], list[str]]]:
    sides = []
    for side in ("numerator", "denominator"):
        terms = _terms(ind.get(side, ""))
        if terms is None:
            return f"{side} {ind.get(side)!r} is not a sum of #{{uid}} terms", ([], [])
        mapped = [codes.get(t) or (t if t in catalog else None) for t in terms]
        if None in mapped:
            missing = [t for t, m in zip(terms, mapped) if m is None]
            return f"{side} uses {missing}, not in the catalog", ([], [])
        sides.append(mapped)
    return None, (sides[0], sides[1])


def _sum_part(catalog: Catalog, code: str, side: str, terms: list[str]) -> str:
    """One indicator for one side: the term itself, or a derived sum of them."""
    if len(terms) == 1:
        return terms[0]
    name = f"{code}.{side}"
    if name not in catalog:
        catalog.add(Indicator.sum(name, *terms))
    return name
