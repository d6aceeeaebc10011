"""Indicators (their catalog is in :mod:`chitieu.catalog`).

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

from typing import Any

from . import _core
from ._util import Direction, ValueType

__all__ = ["Indicator"]


def _preset(preset: str, summary: str, example: str, result: str) -> Any:
    """The constructor of one preset (``Indicator.flow``, ``Indicator.stock``, ...):
    the same signature for each, the rules from the core's preset table; its
    docstring is ``summary`` and a doctest of ``example`` giving ``result``."""

    def make(cls: type[Indicator], code: str, name: str = "", unit: str = "", *,
             value_type: ValueType = "real", direction: Direction = "higher_is_better",
             cumulative: bool = False) -> Indicator:
        core = _core.indicator.from_preset(preset, code, name, unit, value_type)
        core.direction = direction
        core.cumulative = cumulative
        return cls._wrap(core)

    make.__name__ = make.__qualname__ = preset
    make.__doc__ = f"{summary}\n\n>>> {example}\n{result}\n"
    return classmethod(make)

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
        value_type: ValueType = "real",
        direction: Direction = "higher_is_better",
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
    def _derived(cls, core: Any, direction: Direction) -> Indicator:
        core.direction = direction
        return cls._wrap(core)

    # One constructor per preset: (summary, a doctest call, its result).
    flow = _preset("flow", "Sum over time and units (DHIS2 SUM): jobs created, money paid.",
                   'Indicator.flow("paid", "Giải ngân", "VND", value_type="money").value_type',
                   "'money'")
    stock = _preset("stock", "Last value over time, sum over units (DHIS2 LAST): households at "
                    "period end.", 'Indicator.stock("poor").time_rule', "'last'")
    stock_average = _preset("stock_average", "Mean over time, sum over units (DHIS2 "
                            "AVERAGE_SUM_ORG_UNIT).",
                            'Indicator.stock_average("caseload").space_rule', "'sum'")
    level = _preset("level", "Mean over time and units (DHIS2 AVERAGE): a price level, a score.",
                    'Indicator.level("rice_price").space_rule', "'mean'")
    max = _preset("max", "Maximum over time and units (DHIS2 MAX).",
                  'Indicator.max("peak_load").time_rule', "'max'")
    min = _preset("min", "Minimum over time and units (DHIS2 MIN).",
                  'Indicator.min("reservoir").space_rule', "'min'")

    @classmethod
    def ratio(cls, code: str, numerator: str, denominator: str, factor: float = 100,
              name: str = "", unit: str = "", *,
              direction: Direction = "higher_is_better") -> Indicator:
        """numerator / denominator x factor, from the aggregated parts.

        A zero denominator gives NaN.

        >>> Indicator.ratio("rate", "poor", "households").formula
        'ratio(poor, households, 100)'
        """
        return cls._derived(
            _core.indicator.ratio(code, numerator, denominator, float(factor), name, unit),
            direction)

    @classmethod
    def difference(cls, code: str, a: str, b: str, name: str = "", unit: str = "", *,
                   direction: Direction = "higher_is_better") -> Indicator:
        """a - b of the aggregated parts (exact when both are money).

        >>> Indicator.difference("net", "paid", "refunded").parts
        ['paid', 'refunded']
        """
        return cls._derived(_core.indicator.difference(code, a, b, name, unit), direction)

    @classmethod
    def sum(cls, code: str, *parts: str, name: str = "", unit: str = "",
            direction: Direction = "higher_is_better") -> Indicator:
        """The sum of two or more aggregated parts.

        >>> Indicator.sum("all_jobs", "jobs_farm", "jobs_industry").formula
        'sum(jobs_farm, jobs_industry)'
        """
        return cls._derived(_core.indicator.sum(code, list(parts), name, unit), direction)

    @classmethod
    def from_formula(cls, code: str, formula: str, name: str = "", unit: str = "", *,
                     direction: Direction = "higher_is_better") -> Indicator:
        """Parse ``ratio(a, b[, factor])``, ``difference(a, b)`` or ``sum(a, b, ...)``.

        >>> Indicator.from_formula("rate", "ratio(trained, labour, 100)").parts
        ['trained', 'labour']
        """
        return cls._derived(_core.indicator.from_formula(code, formula, name, unit),
                            direction)

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

    def _row(self) -> dict[str, Any]:
        """The indicator as one row of a catalog table (see Catalog.to_frame)."""
        derived = self.derived
        return {
            "code": self.code,
            "name": self.name,
            "unit": self.unit,
            "value_type": "" if derived else self.value_type,
            "direction": self.direction,
            "preset": "" if derived else (self.preset or ""),
            "time_rule": "" if derived or self.preset else self.time_rule,
            "space_rule": "" if derived or self.preset else self.space_rule,
            "formula": self.formula or "",
            "cumulative": self.cumulative,
        }

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Indicator) and self._row() == other._row()

    def __hash__(self) -> int:
        return hash(tuple(self._row().values()))


