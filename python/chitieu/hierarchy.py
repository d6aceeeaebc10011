"""Org-unit hierarchies: commune -> district -> province -> nation.

>>> import chitieu
>>> vn = chitieu.Hierarchy.vietnam(2024)
>>> vn.levels
['nation', 'province', 'district', 'commune']
>>> vn.ancestor("00001", "province"), vn.unit("01").name
('01', 'Thành phố Hà Nội')
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._arrow import as_plain_pandas

__all__ = ["REFORM_DATE", "Hierarchy", "Unit"]

# Files that are not CSV text: read through chitieu.io, not the C++ CSV reader.
_NOT_CSV = (".xlsx", ".xlsm", ".xls", ".ods", ".parquet", ".pq")

#: The first day of Vietnam's 2025 structure (34 provinces, no districts).
REFORM_DATE = datetime.date(2025, 7, 1)
_SHIPPED = (2024, 2025)


@dataclass(frozen=True)
class Unit:
    """One org unit: its code, name, level and parent code (None at the top)."""

    code: str
    name: str
    level: str
    parent: str | None


class Hierarchy:
    """A tree of org units with named levels, ordered from the root down.

    Codes are interned once into dense int ids (``ids(codes)``); the rollup
    engine works on ids and the ancestor table (``ancestor_table()``, a
    zero-copy int32 array [unit id, level]).

    >>> h = Hierarchy.from_arrays(["01", "001"], ["Hà Nội", "Ba Đình"],
    ...                           ["province", "district"], ["", "01"])
    >>> h.path("001")
    ['01', '001']
    """

    def __init__(self, core: Any) -> None:
        self._core = core

    # -- construction ----------------------------------------------------
    @classmethod
    def from_arrays(
        cls,
        codes: Sequence[Any],
        names: Sequence[Any],
        levels: Sequence[Any],
        parents: Sequence[Any],
        level_names: Sequence[str] | None = None,
    ) -> Hierarchy:
        """Build from parallel sequences; a missing parent is "" or None.

        ``level_names`` orders the levels from the root down; by default they are
        ordered by their depth in the tree.
        """
        text = lambda xs: ["" if _missing(x) else str(x) for x in xs]  # noqa: E731
        codes, names, levels, parents = text(codes), text(names), text(levels), text(parents)
        # No level names: the C++ core orders the levels from the parent links.
        order = [] if level_names is None else list(level_names)
        return cls(_core.hierarchy.build(order, codes, names, levels, parents))

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        code: str = "code",
        name: str = "name",
        level: str = "level",
        parent: str = "parent_code",
        levels: Sequence[str] | None = None,
    ) -> Hierarchy:
        """Build from a DataFrame with one row per unit.

        >>> df = pd.DataFrame({"code": ["01", "001"], "name": ["Hà Nội", "Ba Đình"],
        ...                    "level": ["province", "district"], "parent_code": [None, "01"]})
        >>> len(Hierarchy.from_frame(df))
        2
        """
        frame = as_plain_pandas(frame)
        missing = [c for c in (code, name, level, parent) if c not in frame.columns]
        if missing:
            raise ValueError(f"hierarchy frame lacks column(s) {missing}; it has {list(frame.columns)}")
        return cls.from_arrays(frame[code], frame[name], frame[level], frame[parent], levels)

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str], levels: Sequence[str] | None = None,
                 **columns: str) -> Hierarchy:
        """Read a CSV (or .xlsx, Parquet) with columns code, name, level, parent_code
        (codes kept as text).

        A CSV is read by the C++ reader, the one behind every hierarchy and
        catalog file (RFC 4180 quoting; a row with another number of fields than
        the header, or text that is not UTF-8, is refused naming the row).
        Spreadsheets and Parquet go through :mod:`chitieu.io`. ``columns``
        renames the columns: ``code=``, ``name=``, ``level=``, ``parent=``.
        """
        standard = {"code": "code", "name": "name", "level": "level", "parent": "parent_code"}
        unknown = sorted(set(columns) - set(standard))
        if unknown:
            raise TypeError(f"Hierarchy.from_csv: unknown column option(s) {unknown}; "
                            f"expected some of {sorted(standard)}")
        if os.fspath(path).lower().endswith(_NOT_CSV):
            from . import io as _io

            frame = _io.conform(_io.read_raw(path), "hierarchy", check_columns=False,
                                names=dict(columns.items()))
            return cls.from_frame(frame, levels=levels, **columns)
        names = [columns.get(k, v) for k, v in standard.items()]
        return cls(_core.hierarchy.from_csv(os.fspath(path), list(levels or []), names))

    @classmethod
    def vietnam(cls, year: int | None = None, *, as_of: Any = None) -> Hierarchy:
        """Vietnam's administrative units, from data shipped in the package (offline),
        under an explicit root "VN" (level "nation").

        2024: the structure in force through 30 June 2025 -- 63 provinces, 696
        districts, 10,047 communes (levels nation, province, district, commune).
        2025: the structure from 1 July 2025 -- 34 provinces, 3,321 communes, no
        districts (levels nation, province, commune). ``as_of`` (a date or
        "YYYY-MM-DD") picks the structure in force on that day instead of
        ``year``; with neither, 2024. See docs/hierarchies.md.

        >>> Hierarchy.vietnam(as_of="2025-07-01").counts()
        {'nation': 1, 'province': 34, 'commune': 3321}
        """
        if as_of is not None:
            if year is not None:
                raise ValueError("give Hierarchy.vietnam a year or as_of=, not both")
            year = structure_in_force(as_of)
        year = 2024 if year is None else year
        if year not in _SHIPPED:
            raise ValueError(
                f"Vietnam's administrative units for {year} are not shipped with chitieu "
                f"(available: 2024, the structure through June 2025, and 2025, the "
                f"structure from {REFORM_DATE:%d/%m/%Y})")
        return cls(_core.vietnam_hierarchy(year, _vietnam_data_dir()))

    # -- queries -----------------------------------------------------------
    @property
    def levels(self) -> list[str]:
        return list(self._core.level_names())

    def __len__(self) -> int:
        return len(self._core)

    def __iter__(self) -> Iterator[str]:
        return (self._core.code(i) for i in range(len(self._core)))

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self._core.find(code) is not None

    def id(self, code: str) -> int:
        return int(self._core.id(code))

    def find(self, code: str) -> int | None:
        return self._core.find(code)

    def code(self, id: int) -> str:
        return str(self._core.code(int(id)))

    def ids(self, codes: Sequence[Any]) -> np.ndarray:
        """Vectorised code -> id (int32); KeyError naming unknown codes (first 10 and a count)."""
        return self._core.ids([str(c) for c in codes])

    def codes(self, ids: Any) -> list[str]:
        return list(self._core.codes(np.asarray(ids, dtype=np.int32)))

    def unit(self, code: str) -> Unit:
        i = self._core.id(code)
        p = self._core.parent(i)
        return Unit(code, self._core.name(i), self.levels[self._core.level(i)],
                    None if p < 0 else self._core.code(p))

    def level_of(self, code: str) -> str:
        return self.levels[self._core.level(self._core.id(code))]

    def parent(self, code: str) -> str | None:
        return self.unit(code).parent

    def children(self, code: str) -> list[str]:
        return [self._core.code(i) for i in self._core.children(self._core.id(code))]

    def descendants(self, code: str, level: str | None = None) -> list[str]:
        lv = -1 if level is None else self._core.level_index(level)
        return [self._core.code(i) for i in self._core.descendants(self._core.id(code), lv)]

    def ancestor(self, code: str, level: str) -> str | None:
        a = self._core.ancestor(self._core.id(code), self._core.level_index(level))
        return None if a < 0 else self._core.code(a)

    def path(self, code: str) -> list[str]:
        return [self._core.code(i) for i in self._core.path(self._core.id(code))]

    def units(self, level: str) -> list[str]:
        return [self._core.code(i) for i in self._core.units_at_level(self._core.level_index(level))]

    def ancestor_table(self) -> np.ndarray:
        """[unit id, level index] -> ancestor id, -1 where none; a read-only view."""
        table = self._core.ancestor_table()
        table.flags.writeable = False
        return table

    # -- groups ------------------------------------------------------------
    def add_group(self, name: str, codes: Sequence[str]) -> None:
        """Name a set of units (any levels) to use as a rollup target (``units=name``)."""
        self._core.add_group(name, [str(c) for c in codes])

    @property
    def groups(self) -> list[str]:
        return list(self._core.groups())

    def group(self, name: str) -> list[str]:
        return [self._core.code(i) for i in self._core.group(name)]

    # -- output ------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        n = len(self._core)
        parents = [self._core.parent(i) for i in range(n)]
        return pd.DataFrame({
            "code": list(self),
            "name": [self._core.name(i) for i in range(n)],
            "level": [self.levels[self._core.level(i)] for i in range(n)],
            "parent_code": [None if p < 0 else self._core.code(p) for p in parents],
        })

    def counts(self) -> dict[str, int]:
        return {lv: len(self._core.units_at_level(i)) for i, lv in enumerate(self.levels)}

    def __repr__(self) -> str:
        parts = ", ".join(f"{n:,} {lv}" for lv, n in self.counts().items())
        return f"Hierarchy({parts})"

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{lv}</td><td style='text-align:right'>{n:,}</td></tr>"
                       for lv, n in self.counts().items())
        return (f"<table class='chitieu'><caption>Hierarchy, {len(self):,} units</caption>"
                f"<tr><th>level</th><th>units</th></tr>{rows}</table>")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Hierarchy, (self._core,))


def structure_in_force(day: Any) -> int:
    """2024 or 2025: Vietnam's structure in force on ``day`` (a date or ISO text)."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    if isinstance(day, datetime.datetime):
        day = day.date()
    if not isinstance(day, datetime.date):
        day = pd.Timestamp(day).date()
    return int(_core.vietnam_structure_in_force(day.year, day.month, day.day))


def _vietnam_data_dir() -> str:
    """The package's data folder as a file system path (the C++ loader reads it)."""
    return str(resources.files("chitieu") / "data")


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and x != x)

