"""Catalogs: the indicators of a project, interned to dense ids.

>>> from chitieu import Indicator
>>> cat = Catalog([Indicator.stock("households"), Indicator.stock("poor"),
...                Indicator.ratio("poverty_rate", "poor", "households")])
>>> cat.codes
['households', 'poor', 'poverty_rate']
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import IO, Any

import pandas as pd

from . import _core
from ._arrow import as_plain_pandas
from .indicator import Indicator

__all__ = ["Catalog"]

# The catalog table's columns, in the order the C++ reader documents them.
_TABLE_COLUMNS = ("code", "name", "unit", "value_type", "direction", "preset", "time_rule",
                  "space_rule", "formula", "cumulative")


class Catalog:
    """The indicators of a project, interned to dense ids in the order added.

    Derived indicators must find their parts in the catalog; cycles are refused.

    >>> cat = Catalog([Indicator.flow("jobs")])
    >>> cat.add(Indicator.flow("jobs_women"))
    1
    >>> [i.code for i in cat], "jobs" in cat
    (['jobs', 'jobs_women'], True)
    """

    __slots__ = ("_core",)

    def __init__(self, indicators: Iterable[Indicator] = ()) -> None:
        self._core = _core.catalog([i._core for i in indicators])

    @classmethod
    def _wrap(cls, core: Any) -> Catalog:
        obj = cls.__new__(cls)
        obj._core = core
        return obj

    def add(self, *indicators: Indicator) -> int:
        """Add indicators (all or nothing); returns the id of the last one."""
        if len(indicators) == 1:
            return self._core.add(indicators[0]._core)
        self._core.add_all([i._core for i in indicators])
        return len(self) - 1

    def id(self, code: str) -> int:
        """The id of ``code``; KeyError naming it if unknown."""
        return self._core.id(code)

    def __getitem__(self, key: str | int) -> Indicator:
        if isinstance(key, str):
            key = self._core.id(key)
        if key < 0:
            key += len(self)
        return Indicator._wrap(self._core.at(key))

    def __len__(self) -> int:
        return len(self._core)

    def __iter__(self) -> Iterator[Indicator]:
        return (self[i] for i in range(len(self)))

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self._core.find(code) is not None

    @property
    def codes(self) -> list[str]:
        """Codes by id."""
        return self._core.codes()

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Catalog:
        """Build from a table with a ``code`` column and any of name, unit,
        value_type, direction, preset, time_rule, space_rule, formula, cumulative.

        Each row needs a preset, both rules, or a formula such as
        ``ratio(poor_households, households, 100)``; rows may refer forward.

        >>> df = pd.DataFrame({"code": ["a", "b", "r"], "preset": ["flow", "flow", ""],
        ...                    "formula": ["", "", "ratio(a, b)"]})
        >>> Catalog.from_frame(df)["r"].factor
        100.0
        """
        from . import io as _io

        frame = as_plain_pandas(frame)
        frame = _io.conform(frame, "catalog", check_columns=False)
        columns = [str(c) for c in frame.columns]
        rows = [
            ["" if _missing(v) else _text(v) for v in row]
            for row in frame.itertuples(index=False, name=None)
        ]
        return cls._wrap(_core.catalog.from_table(columns, rows))

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str] | IO[str]) -> Catalog:
        """Read a CSV table (see :meth:`from_frame`) from a path or a text buffer
        with the C++ CSV reader (RFC 4180; a row with another number of fields
        than the header, or invalid UTF-8, is refused naming the row). Formulas
        hold commas, so quote them.

        >>> import io
        >>> text = 'code,preset,formula\\na,flow,\\nb,flow,\\nr,,"ratio(a, b)"\\n'
        >>> len(Catalog.from_csv(io.StringIO(text)))
        3
        """
        if hasattr(path, "read"):
            text = path.read()
            return cls._wrap(_core.catalog.from_csv_text(text, "CSV text"))
        return cls._wrap(_core.catalog.from_csv(os.fspath(path)))

    def to_frame(self) -> pd.DataFrame:
        """One row per indicator, in id order; ``from_frame`` reads it back.

        >>> Catalog([Indicator.stock("poor")]).to_frame().loc[0, "preset"]
        'stock'
        """
        return pd.DataFrame([i._row() for i in self], columns=list(_TABLE_COLUMNS))

    def __repr__(self) -> str:
        codes = self.codes
        shown = ", ".join(codes[:8]) + (", ..." if len(codes) > 8 else "")
        return f"Catalog({len(codes)} indicators: {shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Catalog.from_frame, (self.to_frame(),))


def _missing(v: Any) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)
