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
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _core
from ._arrow import ArrowExport
from .observations import _core_of

__all__ = ["Assessment", "Thresholds", "assess", "round_display"]

_NAMES: dict[str, list[str]] = _core.plan_enum_names()
_PCT_COLUMNS = ("pct_of_plan", "expected_pct", "yoy_pct", "yoy_pp")
_SHOWN = ("indicator", "unit", "unit_name", "kind", "target", "actual", "pct_of_plan",
          "expected_pct", "status", "plan_version", "target_source", "missing_reason",
          "yoy_pct", "rank")
_KIND_CHANGE = _NAMES["kind"].index("change")
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


def _date_text(x: Any) -> str:
    if isinstance(x, (pd.Timestamp, _dt.datetime)):
        return x.date().isoformat()
    if isinstance(x, _dt.date):
        return x.isoformat()
    return str(x)


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


def _windows(plan_periods: Sequence[str], baselines: Sequence[str], kind: np.ndarray,
             flow_like: np.ndarray, period: Any) -> tuple[list[str], ...]:
    """Per row: the plan period to date, the same window a year earlier, and the
    baseline window of change targets ("" otherwise)."""
    from .period import Period

    value_w, last_year_w, cache = [], [], {}
    for pp in plan_periods:
        if pp not in cache:
            p = Period(pp)
            w = Period.interval(p.first, period.last)
            cache[pp] = (p, w, str(w), str(w.shift(-1)))
        value_w.append(cache[pp][2])
        last_year_w.append(cache[pp][3])
    base_w = []
    for pp, b, k, flow in zip(plan_periods, baselines, kind, flow_like):
        if k != _KIND_CHANGE or not b:
            base_w.append("")
        elif not flow:
            base_w.append(b)  # a stock's value at the end of the baseline period
        else:
            # Like for like: the same span of the baseline period.
            base, (p, w) = Period(b), cache[pp][:2]
            months = (base.first.year - p.first.year) * 12
            months += base.first.month - p.first.month
            base_w.append(str(w.shift(0, months)))
    return value_w, last_year_w, base_w


def _lookup(result: pd.DataFrame, column: str, indicators: np.ndarray,
            units: np.ndarray, windows: list[str]) -> np.ndarray:
    """``column`` of the rollup rows of (indicator, unit, window); NaN where none."""
    index = pd.MultiIndex.from_arrays([result["indicator"].astype(str),
                                       result["unit"].astype(str),
                                       result["period"].astype(str)])
    series = pd.Series(result[column].to_numpy(), index=index)
    keys = pd.MultiIndex.from_arrays([indicators.astype(str), units.astype(str),
                                      np.asarray(windows, dtype=object).astype(str)])
    return series.reindex(keys).to_numpy(dtype=np.float64, na_value=np.nan)


def _text(names: list[str], codes: Any) -> np.ndarray:
    """Enum codes as names; the empty name (none, unknown) as None."""
    table = np.array([x if x else None for x in names], dtype=object)
    return table[np.asarray(codes, dtype=np.intp)]


def _none_if_empty(xs: Sequence[str]) -> np.ndarray:
    return np.array([x if x else None for x in xs], dtype=object)


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
    rank_by: str = "pct_of_plan",
    threads: int | None = None,
    crosswalk: Any = None,
    split: str | None = None,
) -> "Assessment":
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
    * ``same_period_last_year`` (the same window a year earlier), ``yoy_pct``
      and, for rates (ratios, unit "%"), ``yoy_pp`` in points; ``rank`` among
      sibling units (same parent), 1 the best, by ``rank_by`` ("pct_of_plan",
      direction-aware, or "value" in the indicator's direction), ties sharing
      the best rank.

    The plan version is the one in force at ``as_of`` (default: the last day of
    ``period``), or ``version`` (then ``as_of`` does not choose). ``units`` keeps
    the units of ``level`` that are or lie under the given codes (or unit
    group). ``crosswalk`` / ``split``: observations on old and new units, the
    old ones translated on the way in (as in ``rollup``; chitieu.translate). Raises ValueError when no plan period contains ``period``; KeyError
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
    from .rollup import _unit_codes, rollup

    hierarchy = observations.hierarchy if hierarchy is None else hierarchy
    catalog = observations.catalog if catalog is None else catalog
    if crosswalk is not None:  # hook: chitieu.translate (issue 15)
        from .translate import observations_on_new_units
        observations = observations_on_new_units(observations, crosswalk, hierarchy, catalog,
                                                 split=split)
    th = _thresholds(thresholds)
    if rank_by not in ("pct_of_plan", "value"):
        raise ValueError(f"rank_by must be 'pct_of_plan' or 'value', not {rank_by!r}")
    p = period if isinstance(period, Period) else Period(str(period))
    as_of_text = None
    if as_of is not None or version is None:
        as_of_text = _date_text(p.last if as_of is None else as_of)
    hc, cc = _core_of(hierarchy), _core_of(catalog)
    unit_filter = _unit_codes(hierarchy, units)
    cols = _core_of(plan).targets_at(hc, cc, level, p, as_of_text, version, unit_filter)

    n = len(cols["indicator"])
    uniq_units, unit_pos = np.unique(np.asarray(cols["unit"]), return_inverse=True)
    unit_codes = np.array([hc.code(int(u)) for u in uniq_units], dtype=object)[unit_pos]
    unit_names = np.array([hc.name(int(u)) for u in uniq_units], dtype=object)[unit_pos]
    ind_codes = np.array(cc.codes(), dtype=object)[np.asarray(cols["indicator"])]
    kind = np.asarray(cols["kind"])
    flow_like = np.asarray(cols["flow_like"]).astype(bool)

    # One engine rollup for every window: to date, a year earlier, the baselines.
    value_w, last_year_w, base_w = _windows(
        cols["plan_period"], cols["baseline_period"], kind, flow_like, p)
    value = sply = base = coverage = np.full(n, np.nan)
    if n:
        windows = sorted({w for w in (*value_w, *last_year_w, *base_w) if w})
        result = rollup(observations, hierarchy, catalog, level=level, periods=windows,
                        indicators=sorted(set(ind_codes)), units=unit_filter or None,
                        threads=threads).to_pandas()
        value = _lookup(result, "value", ind_codes, unit_codes, value_w)
        coverage = _lookup(result, "coverage", ind_codes, unit_codes, value_w)
        sply = _lookup(result, "value", ind_codes, unit_codes, last_year_w)
        base = _lookup(result, "value", ind_codes, unit_codes, base_w)

    reason = np.asarray(cols["reason"]).astype(np.uint8)
    change, why = _core.change_of(value, np.ascontiguousarray(base),
                                  np.asarray(cols["change_unit"]))
    is_change = kind == _KIND_CHANGE
    actual = np.where(is_change, change, value)
    reason = np.where(is_change & (reason == 0), why, reason).astype(np.uint8)
    base = np.where(is_change, base, np.nan)

    info = {c: cc.at(cc.id(c)) for c in set(ind_codes)}
    lower = {c: info[c].direction == "lower_is_better" for c in info}
    rate = {c: info[c].formula.startswith("ratio") or info[c].unit == "%" for c in info}
    better = np.array([lower[c] for c in ind_codes], dtype=np.uint8)
    measured = _core.measure({
        "kind": kind, "bound": np.asarray(cols["bound"]), "better": better,
        "reason": reason, "final": np.asarray(cols["final"]),
        "actual": np.ascontiguousarray(actual), "target": np.asarray(cols["target"]),
        "lo": np.asarray(cols["lo"]), "hi": np.asarray(cols["hi"]),
        "expected": np.asarray(cols["expected"]),
        "elapsed": np.asarray(cols["elapsed"]),
    }, th.on_track, th.at_risk, th.exact_tolerance)
    yoy_pct, yoy_pp = _core.yoy(value, np.ascontiguousarray(sply))
    yoy_pp = np.where([rate[c] for c in ind_codes], yoy_pp, np.nan)

    source = np.asarray(cols["target_source"])
    bound = _text(_NAMES["bound"], cols["bound"])
    bound[source == _SOURCE_NONE] = None
    frame = pd.DataFrame({
        "indicator": ind_codes, "unit": unit_codes, "unit_name": unit_names,
        "level": level, "period": str(p),
        "plan_period": np.array(cols["plan_period"], dtype=object),
        "kind": _text(_NAMES["kind"], kind), "bound": bound,
        "target": np.asarray(cols["target"]), "lo": np.asarray(cols["lo"]),
        "hi": np.asarray(cols["hi"]), "goal": measured["goal"],
        "baseline_period": _none_if_empty(cols["baseline_period"]),
        "change_unit": _text(_NAMES["change_unit"], cols["change_unit"]),
        "plan_version": _none_if_empty(cols["plan_version"]),
        "target_source": _text(_NAMES["target_source"], source),
        "n_children": np.asarray(cols["n_children"]),
        "n_expected_children": np.asarray(cols["n_expected_children"]),
        "value": value, "baseline_value": base, "actual": actual,
        "pct_of_plan": measured["pct_of_plan"],
        "missing_reason": _text(_NAMES["missing_reason"], measured["reason"]),
        "expected_pct": measured["expected_pct"], "pace": measured["pace"],
        "projected_run_rate": measured["projected_run_rate"],
        "projected_phased": measured["projected_phased"],
        "status": _text(_NAMES["status"], measured["status"]),
        "same_period_last_year": sply, "yoy_pct": yoy_pct, "yoy_pp": yoy_pp,
        "coverage": coverage,
    })
    # Rows without a target and without data say nothing.
    keep = (source != _SOURCE_NONE) | ~np.isnan(value)
    frame = frame.loc[keep].reset_index(drop=True)

    # Rank among siblings: the same indicator, plan period and kind, the same parent.
    parents = np.array([hc.parent(hc.id(u)) for u in frame["unit"]], dtype=np.int64)
    group = pd.MultiIndex.from_arrays([frame["indicator"], frame["plan_period"],
                                       frame["kind"], parents]).factorize()[0]
    if rank_by == "pct_of_plan":
        score = measured["score"][keep]
    else:
        score = frame["value"].to_numpy() * np.where(better[keep] == 1, -1.0, 1.0)
    ranks = _core.rank_within(group.astype(np.int32),
                              np.ascontiguousarray(score, dtype=np.float64))
    frame.insert(frame.columns.get_loc("coverage"), "rank",
                 pd.arrays.IntegerArray(ranks.astype(np.int32), ranks == 0))
    return Assessment(frame, period=str(p), level=level, as_of=as_of_text,
                      version=version, thresholds=th)


class Assessment(ArrowExport):
    """The rows of :func:`assess`; :meth:`to_pandas` for a DataFrame.

    >>> a = Assessment(pd.DataFrame({"pct_of_plan": [61.538461]}), period="2020",
    ...                level="province")
    >>> a.to_pandas(decimals=2, rounding="truncate")["pct_of_plan"].tolist()
    [61.53]
    """

    __slots__ = ("_frame", "period", "level", "as_of", "version", "thresholds")

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
                  rounding: str = "half_up") -> pd.DataFrame:
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
