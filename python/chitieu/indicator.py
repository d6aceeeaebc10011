"""Indicators and catalogs.

An indicator says how its values combine across time (months into a quarter) and
across org units (communes into a province). Presets cover the common cases:

========================  =========  ==========  ================================
preset                    time       units       DHIS2 aggregation type
========================  =========  ==========  ================================
``flow``                  sum        sum         SUM
``stock``                 last       sum         LAST (LAST_SUM_ORG_UNIT)
``stock_average``         mean       sum         AVERAGE_SUM_ORG_UNIT
``level``                 mean       mean        AVERAGE
``max``                   max        max         MAX
``min``                   min        min         MIN
========================  =========  ==========  ================================

Derived indicators (``ratio``, ``difference``, ``sum``) are computed from their
aggregated parts: a rate is always a ratio of sums.

>>> import chitieu
>>> cat = chitieu.Catalog([
...     chitieu.Indicator.stock("households", "Số hộ", "hộ"),
...     chitieu.Indicator.stock("poor", "Hộ nghèo", "hộ", direction="lower"),
...     chitieu.Indicator.ratio("poverty_rate", "poor", "households", 100, unit="%"),
... ])
>>> len(cat), cat["poverty_rate"].formula
(3, 'ratio(poor, households, 100)')
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import IO, Any

import pandas as pd

from . import _core
from ._arrow import as_plain_pandas

__all__ = ["Catalog", "Indicator"]

_TABLE_COLUMNS = (
    "code",
    "name",
    "unit",
    "value_type",
    "direction",
    "preset",
    "time_rule",
    "space_rule",
    "formula",
    "cumulative",
)


class Indicator:
    """One indicator: a code, names, a value type, a direction and two rules.

    Parameters are strings: ``value_type`` is ``"real"`` (float64) or ``"money"``
    (exact int64 đồng); ``direction`` is ``"higher_is_better"`` or
    ``"lower_is_better"`` (``"higher"``/``"lower"`` also work); ``time_rule`` is one
    of sum, last, first, mean, min, max; ``space_rule`` one of sum, mean, min, max.
    ``cumulative=True`` declares year-to-date values ("lũy kế"), converted to
    per-period flows when observations are built.

    >>> Indicator("visits", time_rule="sum", space_rule="max").preset is None
    True
    >>> Indicator.flow("jobs", "Việc làm mới", "người").preset
    'flow'
    """

    __slots__ = ("_core",)

    def __init__(
        self,
        code: str,
        name: str = "",
        unit: str = "",
        *,
        value_type: str = "real",
        direction: str = "higher_is_better",
        time_rule: str = "sum",
        space_rule: str = "sum",
        cumulative: bool = False,
    ) -> None:
        self._core = _core.indicator(
            code, name, unit, value_type, direction, time_rule, space_rule, cumulative
        )

    @classmethod
    def _wrap(cls, core: Any) -> Indicator:
        obj = cls.__new__(cls)
        obj._core = core
        return obj

    @classmethod
    def _preset(
        cls,
        preset: str,
        code: str,
        name: str,
        unit: str,
        value_type: str,
        direction: str,
        cumulative: bool,
    ) -> Indicator:
        core = _core.indicator.from_preset(preset, code, name, unit, value_type)
        core.direction = direction
        core.cumulative = cumulative
        return cls._wrap(core)

    @classmethod
    def flow(cls, code: str, name: str = "", unit: str = "", *,
             value_type: str = "real", direction: str = "higher_is_better",
             cumulative: bool = False) -> Indicator:
        """Sum over time and units (DHIS2 SUM): jobs created, money paid.

        >>> Indicator.flow("paid", "Giải ngân", "VND", value_type="money").value_type
        'money'
        """
        return cls._preset("flow", code, name, unit, value_type, direction, cumulative)

    @classmethod
    def stock(cls, code: str, name: str = "", unit: str = "", *,
              value_type: str = "real", direction: str = "higher_is_better",
              cumulative: bool = False) -> Indicator:
        """Last value over time, sum over units (DHIS2 LAST): households at period end.

        >>> Indicator.stock("poor").time_rule
        'last'
        """
        return cls._preset("stock", code, name, unit, value_type, direction, cumulative)

    @classmethod
    def stock_average(cls, code: str, name: str = "", unit: str = "", *,
                      value_type: str = "real", direction: str = "higher_is_better",
                      cumulative: bool = False) -> Indicator:
        """Mean over time, sum over units (DHIS2 AVERAGE_SUM_ORG_UNIT).

        >>> Indicator.stock_average("caseload").space_rule
        'sum'
        """
        return cls._preset("stock_average", code, name, unit, value_type, direction,
                           cumulative)

    @classmethod
    def level(cls, code: str, name: str = "", unit: str = "", *,
              value_type: str = "real", direction: str = "higher_is_better",
              cumulative: bool = False) -> Indicator:
        """Mean over time and units (DHIS2 AVERAGE): a price level, a score.

        >>> Indicator.level("rice_price").space_rule
        'mean'
        """
        return cls._preset("level", code, name, unit, value_type, direction, cumulative)

    @classmethod
    def max(cls, code: str, name: str = "", unit: str = "", *,
            value_type: str = "real", direction: str = "higher_is_better",
            cumulative: bool = False) -> Indicator:
        """Maximum over time and units (DHIS2 MAX).

        >>> Indicator.max("peak_load").time_rule
        'max'
        """
        return cls._preset("max", code, name, unit, value_type, direction, cumulative)

    @classmethod
    def min(cls, code: str, name: str = "", unit: str = "", *,
            value_type: str = "real", direction: str = "higher_is_better",
            cumulative: bool = False) -> Indicator:
        """Minimum over time and units (DHIS2 MIN).

        >>> Indicator.min("reservoir").space_rule
        'min'
        """
        return cls._preset("min", code, name, unit, value_type, direction, cumulative)

    @classmethod
    def ratio(cls, code: str, numerator: str, denominator: str, factor: float = 100,
              name: str = "", unit: str = "", *,
              direction: str = "higher_is_better") -> Indicator:
        """numerator / denominator x factor, from the aggregated parts.

        A zero denominator gives NaN.

        >>> Indicator.ratio("rate", "poor", "households").formula
        'ratio(poor, households, 100)'
        """
        core = _core.indicator.ratio(code, numerator, denominator, float(factor), name,
                                     unit)
        core.direction = direction
        return cls._wrap(core)

    @classmethod
    def difference(cls, code: str, a: str, b: str, name: str = "", unit: str = "", *,
                   direction: str = "higher_is_better") -> Indicator:
        """a - b of the aggregated parts (exact when both are money).

        >>> Indicator.difference("net", "paid", "refunded").parts
        ['paid', 'refunded']
        """
        core = _core.indicator.difference(code, a, b, name, unit)
        core.direction = direction
        return cls._wrap(core)

    @classmethod
    def sum(cls, code: str, *parts: str, name: str = "", unit: str = "",
            direction: str = "higher_is_better") -> Indicator:
        """The sum of two or more aggregated parts.

        >>> Indicator.sum("all_jobs", "jobs_farm", "jobs_industry").formula
        'sum(jobs_farm, jobs_industry)'
        """
        core = _core.indicator.sum(code, list(parts), name, unit)
        core.direction = direction
        return cls._wrap(core)

    @classmethod
    def from_formula(cls, code: str, formula: str, name: str = "", unit: str = "", *,
                     direction: str = "higher_is_better") -> Indicator:
        """Parse ``ratio(a, b[, factor])``, ``difference(a, b)`` or ``sum(a, b, ...)``.

        >>> Indicator.from_formula("rate", "ratio(trained, labour, 100)").parts
        ['trained', 'labour']
        """
        core = _core.indicator.from_formula(code, formula, name, unit)
        core.direction = direction
        return cls._wrap(core)

    code = property(lambda self: self._core.code, doc="The indicator's code.")
    name = property(lambda self: self._core.name, doc="Its name.")
    unit = property(lambda self: self._core.unit, doc="Unit of measure.")
    value_type = property(lambda self: self._core.value_type, doc="'real' or 'money'.")
    direction = property(lambda self: self._core.direction, doc="Which way is better.")
    time_rule = property(lambda self: self._core.time_rule, doc="Rule across time.")
    space_rule = property(lambda self: self._core.space_rule, doc="Rule across units.")
    cumulative = property(lambda self: self._core.cumulative,
                          doc="Values are year-to-date totals.")
    derived = property(lambda self: self._core.derived,
                       doc="Computed from other indicators.")
    parts = property(lambda self: list(self._core.parts),
                     doc="Codes of a derived one's parts.")
    factor = property(lambda self: self._core.factor, doc="A ratio's multiplier.")
    preset = property(lambda self: self._core.preset, doc="Preset name, or None.")

    @property
    def formula(self) -> str | None:
        """``"ratio(a, b, 100)"`` for a derived indicator, else None."""
        return self._core.formula or None

    def __repr__(self) -> str:
        what = self.formula or self.preset or f"{self.time_rule}/{self.space_rule}"
        money = ", money" if self.value_type == "money" else ""
        return f"Indicator({self.code!r}, {what}{money})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Indicator) and _row(self) == _row(other)

    def __hash__(self) -> int:
        return hash(tuple(_row(self).values()))


def _row(ind: Indicator) -> dict[str, Any]:
    derived = ind.derived
    return {
        "code": ind.code,
        "name": ind.name,
        "unit": ind.unit,
        "value_type": "" if derived else ind.value_type,
        "direction": ind.direction,
        "preset": "" if derived else (ind.preset or ""),
        "time_rule": "" if derived or ind.preset else ind.time_rule,
        "space_rule": "" if derived or ind.preset else ind.space_rule,
        "formula": ind.formula or "",
        "cumulative": ind.cumulative,
    }


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
        return pd.DataFrame([_row(i) for i in self], columns=list(_TABLE_COLUMNS))

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
