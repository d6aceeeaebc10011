"""Assessments: observations against a plan, the expected pace and last year.

>>> import chitieu, pandas as pd
>>> vn = chitieu.Hierarchy.vietnam(2024)
>>> cat = chitieu.Catalog([chitieu.Indicator.flow("jobs_created")])
>>> obs = chitieu.Observations.from_frame(pd.DataFrame({
...     "indicator": "jobs_created", "unit": "00001", "period": ["202003", "202006"],
...     "value": [4000.0, 5997.0]}), vn, cat)
>>> plan = chitieu.Plan(); plan.add_total("jobs_created", "01", "2020", 24000)
>>> a = chitieu.assess(obs, plan, vn, cat, level="province", period="2020S1")
>>> a.to_pandas(decimals=2).loc[0, ["actual", "target", "pct_of_plan"]].tolist()
[9997.0, 24000.0, 41.65]
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._result import Result
from ._util import RankBy, Rounding, _core_of

__all__ = ["Assessment", "Thresholds", "assess", "round_display"]

_NAMES: dict[str, list[str]] = _core.plan_enum_names()
_PCT_COLUMNS = ("pct_of_plan", "expected_pct", "yoy_pct", "yoy_pp")
_SHOWN = ("indicator", "unit", "unit_name", "kind", "target", "actual", "pct_of_plan",
          "expected_pct", "status", "plan_version", "target_source", "missing_reason",
          "yoy_pct", "rank")
_SOURCE_NONE = _NAMES["target_source"].index("none")


@dataclass(frozen=True)
class Thresholds:
    """Status thresholds on the ratio r of achievement to expectation.

    ``on_track`` when r >= on_track (default 0.95), ``at_risk`` when r >= at_risk
    (default 0.80), else ``off_track``; an ``exact`` target is reached within
    ``exact_tolerance`` x |target| (default 0.5%). r is the pace (pct_of_plan /
    expected_pct) for totals and changes in progress (its inverse for caps such as
    "at most 500"), and 1 - shortfall / |target| for levels. ``met`` needs the
    target reached; after the plan period a target not met is ``off_track``.

    >>> Thresholds(on_track=0.9).at_risk
    0.8
    """

    on_track: float = 0.95
    at_risk: float = 0.80
    exact_tolerance: float = 0.005


def _thresholds(t: Any) -> Thresholds:
    if t is None:
        return Thresholds()
    if isinstance(t, Thresholds):
        return t
    if isinstance(t, Mapping):
        unknown = set(t) - {"on_track", "at_risk", "exact_tolerance"}
        if unknown:
            raise ValueError(f"unknown threshold(s) {sorted(unknown)}; expected "
                             "on_track, at_risk, exact_tolerance")
        return Thresholds(**{k: float(v) for k, v in t.items()})
    raise TypeError("thresholds must be a Thresholds or a mapping, not "
                    f"{type(t).__name__}")


def round_display(values: Any, decimals: int = 2,
                  rounding: str = "half_up") -> np.ndarray:
    """Round for display: ``half_up`` (away from zero) or ``truncate`` (toward
    zero, as many reports do: 120/195 = 61.538... is printed "61,53%"). The
    measures themselves are never rounded.

    >>> round_display([61.5384615], 2, "truncate").tolist()
    [61.53]
    >>> round_display([61.5384615]).tolist()
    [61.54]
    """
    arr = np.asarray(values, dtype=np.float64)
    return _core.round_display(np.ascontiguousarray(arr.ravel()), decimals,
                               rounding).reshape(arr.shape)


def _text(table: Sequence[str | None], codes: Any) -> Any:
    """table[codes] as a text column, None entries missing: a ``str`` column taken
    from the few distinct texts (not built a row at a time: at ten thousand rows a
    few hundred microseconds a column, not milliseconds), or all None (object)
    when no row has a text, as pandas makes of such values."""
    codes = np.asarray(codes, dtype=np.intp)
    has_text = np.array([x is not None for x in table], dtype=bool)
    if not has_text[codes].any():
        return np.full(len(codes), None, dtype=object)
    return pd.array(list(table), dtype="str").take(codes)


def _enum_text(names: Sequence[str], codes: Any) -> Any:
    """Enum codes as names; the empty name (none, unknown) missing."""
    return _text([x if x else None for x in names], codes)


def _day(x: Any) -> Any:
    """A date (or date text, or Period) as a ``chitieu.Period`` value."""
    if isinstance(x, _core.Period):
        return x
    if isinstance(x, (pd.Timestamp, _dt.datetime)):
        x = x.date()
    if isinstance(x, _dt.date):
        return _core.Period.day(x.year, x.month, x.day)
    return _core.Period(str(x))


def assess(
    observations: Any,
    plan: Any,
    hierarchy: Any = None,
    catalog: Any = None,
    *,
    level: str,
    period: Any,
    as_of: Any = None,
    version: str | None = None,
    thresholds: Thresholds | Mapping[str, float] | None = None,
    units: str | Sequence[str] | None = None,
    rank_by: RankBy = "pct_of_plan",
    threads: int | None = None,
    crosswalk: Any = None,
    split: str | None = None,
) -> Assessment:
    """Assess every unit of ``level`` for the assessment ``period`` (a month, a
    quarter, "2020S1", "9 tháng đầu năm 2020" ...) against the targets of
    ``plan`` whose plan period contains it.

    Per indicator x unit x plan period x kind (one row per target family):

    * ``value``: the indicator from the start of the plan period to the end of
      ``period``, by its own time rule (a flow's total to date, a stock's latest
      value, a ratio of those sums), rolled up by the engine; ``coverage`` of it.
    * ``actual``: ``value`` for totals and levels; for changes, value minus (or %
      of) ``baseline_value``, the value over the baseline period (a stock's value
      at its end; for a flow, the same span of the baseline period, like for
      like).
    * the target (``target``, ``lo``, ``hi``; ``goal`` is the value measured
      against: the target, or the committed end of a range), ``plan_version``
      and ``target_source`` (direct / rolled_up / partial / none, see
      docs/plans.md), ``pct_of_plan`` with ``missing_reason`` when it is NaN,
      ``expected_pct`` (phasing), ``pace``, ``projected_run_rate`` and
      ``projected_phased`` (end-of-period projections), ``status``;
    * ``same_period_last_year`` (the same window a year earlier), ``yoy_pct``,
      ``yoy_change`` (value minus it, in the indicator's unit) and, for rates
      (ratios, unit "%"), ``yoy_pp`` in points; ``rank`` among
      sibling units (same parent), 1 the best, by ``rank_by`` ("pct_of_plan",
      direction-aware, or "value" in the indicator's direction), ties sharing
      the best rank.

    The plan version is the one in force at ``as_of`` (default: the last day of
    ``period``), or ``version`` (then ``as_of`` does not choose). ``units`` keeps
    the units of ``level`` that are or lie under the given codes (or unit
    group). ``crosswalk`` / ``split``: observations on old and new units, the
    old ones translated on the way in (as in ``rollup``; chitieu.translate).
    Raises ValueError when no plan period contains ``period``; KeyError
    for codes the hierarchy or catalog do not know.

    >>> import chitieu
    >>> data = chitieu.datasets.labour_social()  # doctest: +SKIP
    >>> vn = chitieu.Hierarchy.vietnam(2024)
    >>> cat = chitieu.Catalog.from_frame(data.catalog)  # doctest: +SKIP
    >>> frame = data.observations  # doctest: +SKIP
    >>> obs = chitieu.Observations.from_frame(frame, vn, cat)  # doctest: +SKIP
    >>> plan = chitieu.Plan.from_frame(data.plans)  # doctest: +SKIP
    >>> assess(obs, plan, vn, cat, level="province", period="2020S1")  # doctest: +SKIP
    Assessment of province for 2020S1 (versions in force at 2020-06-30): 630 rows
    """
    from .period import Period
    from .rollup import _same, _unit_codes

    if crosswalk is not None:  # hook: chitieu.translate (issue 15)
        from .translate import observations_on_new_units

        observations = observations_on_new_units(observations, crosswalk, hierarchy, catalog,
                                                 split=split)
    else:
        _same(observations, tuple(x for x in (hierarchy, catalog) if x is not None), None, None)
    hierarchy, catalog = observations.hierarchy, observations.catalog
    th = _thresholds(thresholds)
    p = period if isinstance(period, Period) else Period(str(period))
    hc, cc = _core_of(hierarchy), _core_of(catalog)
    request = _core.assess_request(
        level, p, None if as_of is None else _day(as_of), version,
        _unit_codes(hierarchy, units), th.on_track, th.at_risk, th.exact_tolerance,
        rank_by, threads or 0)
    cols = _core.assess(_core_of(observations), hc, cc, _core_of(plan), request,
                        series=observations.series)
    return _assessment(cols, hierarchy, catalog, level=level, period=p, as_of=as_of,
                       version=version, thresholds=th)


def _assessment(cols: dict[str, Any], hierarchy: Any, catalog: Any, *, level: str,
                period: Any, as_of: Any, version: str | None,
                thresholds: Thresholds) -> Assessment:
    """The :class:`Assessment` of the engine's columns (``_core.assess``, or
    ``_core.assess_from_rollup`` for observations in blocks)."""
    p, th = period, thresholds
    hc, cc = _core_of(hierarchy), _core_of(catalog)
    keep = np.asarray(cols["keep"]).astype(bool)
    n = int(keep.sum())
    units_kept = np.asarray(cols["unit"])[keep]
    uniq_units, unit_pos = np.unique(units_kept, return_inverse=True)
    source = np.asarray(cols["target_source"])[keep]
    bound_names = [*_NAMES["bound"], ""]  # the last: no bound without a target
    bound = np.where(source == _SOURCE_NONE, len(bound_names) - 1,
                     np.asarray(cols["bound"])[keep])
    ranks = np.asarray(cols["rank"])[keep].astype(np.int32)

    def kept(name: str) -> np.ndarray:
        return np.asarray(cols[name])[keep]

    def words(name: str) -> Any:
        return _enum_text(_NAMES[name], kept(name))

    def per_row(name: str, *, empty_missing: bool = False) -> Any:
        codes, texts = cols[name]  # each distinct text once (coded_texts)
        return _text([None if empty_missing and not x else x for x in texts],
                     np.asarray(codes)[keep])

    frame = pd.DataFrame({
        "indicator": _text(cc.codes(), kept("indicator")),
        "unit": _text([hc.code(int(u)) for u in uniq_units], unit_pos),
        "unit_name": _text([hc.name(int(u)) for u in uniq_units], unit_pos),
        "level": _text([level], np.zeros(n, dtype=np.intp)),
        "period": _text([str(p)], np.zeros(n, dtype=np.intp)),
        "plan_period": per_row("plan_period"),
        "kind": words("kind"), "bound": _enum_text(bound_names, bound),
        "target": kept("target"), "lo": kept("lo"), "hi": kept("hi"), "goal": kept("goal"),
        "baseline_period": per_row("baseline_period", empty_missing=True),
        "change_unit": words("change_unit"),
        "plan_version": per_row("plan_version", empty_missing=True),
        "target_source": _enum_text(_NAMES["target_source"], source),
        "n_children": kept("n_children"), "n_expected_children": kept("n_expected_children"),
        "value": kept("value"), "baseline_value": kept("baseline_value"),
        "actual": kept("actual"), "pct_of_plan": kept("pct_of_plan"),
        "missing_reason": words("missing_reason"),
        "expected_pct": kept("expected_pct"), "pace": kept("pace"),
        "projected_run_rate": kept("projected_run_rate"),
        "projected_phased": kept("projected_phased"), "status": words("status"),
        "same_period_last_year": kept("same_period_last_year"), "yoy_pct": kept("yoy_pct"),
        "yoy_pp": kept("yoy_pp"), "yoy_change": kept("yoy_change"),
        "rank": pd.arrays.IntegerArray(ranks, ranks == 0),
        "coverage": kept("coverage"),
    }, copy=False)  # every column is a new array of its own: no second copy into blocks
    as_of_text = None
    if as_of is not None or version is None:
        as_of_text = str(_day(p.last if as_of is None else as_of).first)
    return Assessment(frame, period=str(p), level=level, as_of=as_of_text,
                      version=version, thresholds=th)


class Assessment(Result):
    """The rows of :func:`assess`; :meth:`to_pandas` for a DataFrame.

    >>> a = Assessment(pd.DataFrame({"pct_of_plan": [61.538461]}), period="2020",
    ...                level="province")
    >>> a.to_pandas(decimals=2, rounding="truncate")["pct_of_plan"].tolist()
    [61.53]
    """

    __slots__ = ("_frame", "as_of", "level", "period", "thresholds", "version")

    def __init__(self, frame: pd.DataFrame, *, period: str, level: str,
                 as_of: str | None = None, version: str | None = None,
                 thresholds: Thresholds | None = None) -> None:
        self._frame = frame
        self.period = period
        self.level = level
        self.as_of = as_of
        self.version = version
        self.thresholds = thresholds or Thresholds()

    def to_pandas(self, decimals: int | None = None,
                  rounding: Rounding = "half_up") -> pd.DataFrame:
        """A copy of the rows. With ``decimals``, the percentage columns
        (pct_of_plan, expected_pct, yoy_pct, yoy_pp) are rounded for display
        (``half_up`` or ``truncate``, see :func:`round_display`)."""
        frame = self._frame.copy()
        if decimals is not None:
            for c in _PCT_COLUMNS:
                if c in frame:
                    values = frame[c].to_numpy(dtype=np.float64)
                    frame[c] = round_display(values, decimals, rounding)
        return frame

    def __len__(self) -> int:
        return len(self._frame)

    def plot(self, indicator: str, **kwargs: Any) -> Any:
        """Progress against plan for one indicator, one bar per unit coloured by
        status with the expected share as a tick (:func:`chitieu.plots.progress_vs_plan`;
        ``kind``, ``top``, ``ax`` go to it); returns the matplotlib Axes.

        >>> assessment.plot("jobs_created", top=15)  # doctest: +SKIP
        """
        from .plots import progress_vs_plan

        return progress_vs_plan(self._frame, indicator, **kwargs)

    def narrative(self, unit: Any = None, **options: Any) -> str:
        """One sentence per indicator, a paragraph per unit, as a report writes it
        (``lang="vi"`` or "en", ``catalog=`` for names; see
        :func:`chitieu.text.narrative.result_narrative`)."""
        from .text.narrative import result_narrative

        return result_narrative(self, unit, **options)

    def _summary(self) -> str:
        chosen = (f"version {self.version}" if self.version
                  else f"versions in force at {self.as_of}")
        return (f"Assessment of {self.level} for {self.period} ({chosen}): "
                f"{len(self)} rows")

    def __repr__(self) -> str:
        return self._summary()

    def _repr_html_(self) -> str:
        from .html import repr_html

        frame = self.to_pandas(decimals=2)
        title = self._summary()
        if "status" in frame and len(frame):
            tally = frame["status"].fillna("unknown").value_counts()
            title += " — " + ", ".join(f"{k}: {v}" for k, v in tally.items())
        return repr_html(frame[[c for c in _SHOWN if c in frame]], title)
