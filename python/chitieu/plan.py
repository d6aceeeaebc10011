"""Plans: targets per indicator x unit x plan period, their versions and phasing.

A target is one of three kinds:

* ``total`` -- a flow to accumulate over the plan period ("tạo việc làm cho 24.000
  người"), compared with the value to date;
* ``level`` -- a value to be at by the end of the plan period ("tỷ lệ lao động
  qua đào tạo đạt 52,5% trở lên"), compared with the latest value;
* ``change`` -- a signed change from the end of a baseline period, in
  ``points`` or ``percent`` ("giảm tỷ lệ hộ nghèo từ 1 đến 1,5%": range -1.5 ..
  -1.0 points).

with a bound ``at_least`` / ``at_most`` / ``exact`` / ``range`` (lo, hi), or by
default ``by_direction``: at least for a higher-is-better indicator, at most for a
lower-is-better one ("giảm 3%" of the poverty rate, -3 points, is a ceiling). Plans
have versions (``original``, ``adjusted`` ...) with effective dates; an
assessment uses the version in force at its ``as_of`` date, or the one asked for.

>>> import chitieu
>>> plan = chitieu.Plan()
>>> plan.add_total("jobs_created", "01", "2020", 24000)
>>> plan.add_change("poverty_rate", "01", "2020", baseline="2019", lo=-1.5, hi=-1.0,
...                 change_unit="points")
>>> table = plan.to_frame()[["indicator", "kind", "bound", "target", "lo", "hi"]]
>>> table.values.tolist()[1]
['poverty_rate', 'change', 'range', nan, -1.5, -1.0]
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from . import io as _io
from ._arrow import as_plain_pandas
from ._util import _core_of

__all__ = ["Assessment", "Phasing", "Plan", "Thresholds", "assess", "round_display"]

_NAMES: dict[str, list[str]] = _core.plan_enum_names()


def _text(x: Any) -> str:
    """A code or period as text; missing -> ""; 2019.0 (a CSV year) -> "2019"."""
    if x is None:
        return ""
    if isinstance(x, float):
        if np.isnan(x):
            return ""
        if x.is_integer():
            return str(int(x))
    try:
        if pd.isna(x):
            return ""
    except (TypeError, ValueError):
        pass
    return str(x)


def _date_text(x: Any) -> str:
    """A date (or period: its last day) as text for the core; missing -> ""."""
    if x is None:
        return ""
    if isinstance(x, (pd.Timestamp, _dt.datetime)):
        return "" if pd.isna(x) else x.date().isoformat()
    if isinstance(x, _dt.date):
        return x.isoformat()
    if isinstance(x, np.datetime64):
        return "" if np.isnat(x) else pd.Timestamp(x).date().isoformat()
    if isinstance(x, str) and ("T" in x or ":" in x):  # a timestamp as text
        return pd.Timestamp(x).date().isoformat()
    return _text(x)


def _floats(values: Any, n: int, name: str) -> np.ndarray:
    """float64 target values; missing (NaN, None, "") stays NaN, text is an error."""
    if values is None:
        return np.full(n, np.nan)
    s = pd.Series(values).reset_index(drop=True)
    if not pd.api.types.is_numeric_dtype(s):
        s = s.astype(object).where(s.astype(str).str.strip() != "", None)
    num = pd.to_numeric(s, errors="coerce")
    bad = num.isna() & s.notna()
    if bad.any():
        row = int(np.argmax(bad.to_numpy()))
        raise ValueError(f"plan row {row}: {name} {s.iloc[row]!r} is not a number")
    return num.to_numpy(dtype=np.float64, na_value=np.nan)


class Phasing:
    """The expected cumulative share of a ``total`` target (or of a stock's
    ``change``) by a date in its plan period.

    * :meth:`linear` (default): the elapsed share of the plan period by calendar
      months (every month weighs the same; a partial month by its share of days)
      or by days -- exactly :meth:`chitieu.Period.elapsed_fraction`.
    * :meth:`profile`: given cumulative shares at the end of each month (quarter,
      ...) of the plan period; linear within a step.
    * :meth:`from_actuals`: the average seasonal shape of past years' actuals.

    >>> quarters = Phasing.profile([0.25, 0.5, 0.75, 1.0], step="quarter")
    >>> quarters.expected_share("2020", "2020-06-30")
    0.5
    """

    __slots__ = ("_core",)

    def __init__(self, core: Any = None) -> None:
        self._core = core if core is not None else _core.phasing()

    @classmethod
    def linear(cls, by: str = "months") -> Phasing:
        """Linear in time, ``by="months"`` or ``"days"``.

        >>> Phasing.linear("days").expected_share("2020", "2020-06-30")  # 182 / 366
        0.4972677595628415
        """
        return cls(_core.phasing.linear(by))

    @classmethod
    def profile(cls, shares: Sequence[float] | Mapping[Any, float], step: str = "month",
                cumulative: bool = True) -> Phasing:
        """Shares per step of the plan period, cumulative (the last is 1) or, with
        ``cumulative=False``, per step (summing to 1). A mapping is read in key order
        (``{"01": 0.05, ...}`` or ``{1: 0.05, ...}``).

        >>> Phasing.profile([1, 1, 2], step="month", cumulative=False).cumulative
        [0.25, 0.5, 1.0]
        """
        if isinstance(shares, Mapping):
            values = [float(shares[k]) for k in sorted(shares)]
        else:
            values = [float(s) for s in shares]
        if not cumulative:
            total = float(np.sum(values))
            if not np.isfinite(total) or total <= 0 or min(values, default=0) < 0:
                raise ValueError("per-step shares must be >= 0 with a positive sum, "
                                 f"got {values}")
            values = list(np.cumsum(values) / total)
        return cls(_core.phasing.profile(step, values))

    @classmethod
    def from_actuals(cls, observations: Any, indicator: str, years: Iterable[int], *,
                     unit: str | None = None, step: str = "month",
                     hierarchy: Any = None, catalog: Any = None) -> Phasing:
        """The average seasonal shape of ``indicator`` over past ``years``, rolled up
        by the engine for ``unit`` (default: the hierarchy's single root).

        A flow's shape is its running total by month over the year's total (months
        without data count as zero); a stock's (or a ratio of stocks') is its change
        since December of the year before over the year's change (a month without
        data keeps the previous value). Years with a zero or missing end are
        skipped; the shapes of the others are averaged.

        >>> import chitieu, pandas as pd
        >>> vn = chitieu.Hierarchy.vietnam(2024)
        >>> cat = chitieu.Catalog([chitieu.Indicator.flow("jobs")])
        >>> df = pd.DataFrame({"indicator": "jobs", "unit": "00001",
        ...                    "period": ["2019Q1", "2019Q2", "2019Q3", "2019Q4"],
        ...                    "value": [1.0, 1.0, 1.0, 5.0]})
        >>> obs = chitieu.Observations.from_frame(df, vn, cat)
        >>> Phasing.from_actuals(obs, "jobs", [2019], step="quarter").cumulative
        [0.125, 0.25, 0.375, 1.0]
        """
        from .period import Period
        from .rollup import rollup

        hierarchy = hierarchy if hierarchy is not None else observations.hierarchy
        catalog = catalog if catalog is not None else observations.catalog
        if unit is None:
            roots = hierarchy.units(hierarchy.levels[0])
            if len(roots) != 1:
                raise ValueError(f"the hierarchy has {len(roots)} roots; give unit= "
                                 "for the seasonal shape")
            unit = roots[0]
        cat = _core_of(catalog)
        ind = cat.at(cat.id(indicator))
        flow = _core.sums_over_time(cat, cat.id(indicator))
        if flow and ind.derived:
            raise ValueError(f"{indicator} is derived from flows: a seasonal shape "
                             "needs a base flow or a stock")
        years = sorted(int(y) for y in years)
        wanted = sorted(set(years) | (set() if flow else {y - 1 for y in years}))
        frame = rollup(observations, hierarchy, catalog, units=[unit], period_type=step,
                       periods=[str(y) for y in wanted],
                       indicators=[indicator]).to_pandas()
        frame = frame[frame["indicator"].astype(str) == indicator]
        values = dict(zip(frame["period"].astype(str), frame["value"]))
        paths = []
        for y in years:
            steps = [str(p) for p in Period(str(y)).children(step)]
            series = pd.Series([values.get(s, np.nan) for s in steps], dtype=float)
            if flow:
                paths.append(list(series.fillna(0.0).cumsum()))
                continue
            before = [str(p) for p in Period(str(y - 1)).children(step)]
            base = values.get(before[-1], np.nan)
            paths.append(list(series.ffill() - base))
        return cls(_core.phasing.from_paths(step, paths))

    @property
    def is_linear(self) -> bool:
        return bool(self._core.is_linear)

    @property
    def cumulative(self) -> list[float]:
        """Cumulative shares by step (empty for linear phasing)."""
        return list(self._core.cumulative)

    def expected_share(self, plan_period: Any, through: Any) -> float:
        """The expected share of a target for ``plan_period`` by the end of
        ``through`` (a date, or a period: its last day)."""
        from .period import Period

        pp = plan_period
        if not isinstance(pp, Period):
            pp = Period(str(pp))
        return float(self._core.expected_share(pp, _date_text(through)))

    def __getstate__(self) -> Any:
        return self._core

    def __setstate__(self, state: Any) -> None:
        self._core = state

    def __repr__(self) -> str:
        if self.is_linear:
            return f"Phasing.linear(by={self._core.by!r})"
        shares = ", ".join(f"{x:.3g}" for x in self.cumulative)
        return f"Phasing.profile([{shares}], step={self._core.step!r})"


_FRAME_COLUMNS = ["indicator", "unit", "period", "kind", "bound", "target", "lo", "hi",
                  "baseline_period", "change_unit", "version", "effective_date"]


class Plan:
    """A set of targets: indicator x unit x plan period, kind, bound, version.

    Build it with :meth:`from_frame` (the ``plans`` table of
    :func:`chitieu.datasets.labour_social`) or with :meth:`add_total`,
    :meth:`add_level` and :meth:`add_change`. Every target is checked when it is
    added (a range needs lo <= hi, a change needs a baseline period that ends
    before the plan period and a unit of change, no duplicates per version);
    indicator and unit codes are checked against a catalog and a hierarchy by
    :meth:`check` and by :func:`assess`.

    ``phasing`` is a :class:`Phasing` for every indicator, or a mapping of
    indicator code to :class:`Phasing` (the key ``None`` sets the default).
    ``versions`` sets the version order (default: by earliest effective date,
    then first appearance).

    >>> p = Plan()
    >>> p.add_total("jobs_created", "01", "2020", 24000)
    >>> p.add_total("jobs_created", "01", "2020", 23000, version="adjusted",
    ...             effective="2020-07-15")
    >>> p.versions, len(p)
    (['original', 'adjusted'], 2)
    """

    __slots__ = ("_core",)

    def __init__(self, *, phasing: Phasing | Mapping[Any, Phasing] | None = None,
                 versions: Sequence[str] | None = None) -> None:
        self._core = _core.plan()
        if phasing is not None:
            self.set_phasing(phasing)
        if versions is not None:
            self.set_version_order(versions)

    # -- building ------------------------------------------------------------
    @classmethod
    def from_frame(cls, frame: pd.DataFrame, *, hierarchy: Any = None,
                   catalog: Any = None,
                   phasing: Phasing | Mapping[Any, Phasing] | None = None,
                   versions: Sequence[str] | None = None) -> Plan:
        """From a table with columns indicator, unit, period, kind and any of bound
        (default by_direction: at_least or at_most after the indicator), target, lo, hi,
        baseline_period, change_unit, version
        (default "original") and effective_date (a date; missing: in force from
        the start). Other columns (``level``) are ignored. With ``hierarchy`` and
        ``catalog`` the codes are checked at once.

        >>> df = pd.DataFrame({"indicator": ["jobs"], "unit": ["01"],
        ...                    "period": ["2020"], "kind": ["total"],
        ...                    "target": [24000]})
        >>> len(Plan.from_frame(df))
        1
        """
        plan = cls(phasing=phasing)
        plan.add_frame(frame)
        if versions is not None:
            plan.set_version_order(versions)
        if hierarchy is not None and catalog is not None:
            plan.check(hierarchy, catalog)
        return plan

    def add_frame(self, frame: pd.DataFrame) -> None:
        """Add the targets of a table (see :meth:`from_frame`), all or nothing."""
        frame = as_plain_pandas(frame)
        required = ["indicator", "unit", "period", "kind"]
        missing = [c for c in required if c not in frame.columns]
        if missing:
            raise ValueError(f"plan table lacks column(s) {missing}; "
                             f"it has {list(frame.columns)}")
        frame = _io.conform(frame, "plan", check_columns=False, others="keep")
        n = len(frame)

        def texts(name: str, default: str = "") -> list[str]:
            if name not in frame.columns:
                return [default] * n
            out = [_text(x) for x in frame[name]]
            return [x if x else default for x in out]

        def numbers(name: str) -> np.ndarray:
            return _floats(frame[name] if name in frame.columns else None, n, name)

        effective = ([_date_text(x) for x in frame["effective_date"]]
                     if "effective_date" in frame.columns else [""] * n)
        self._core.add_columns(
            texts("indicator"), texts("unit"), texts("period"), texts("kind"),
            texts("bound", "by_direction"), numbers("target"), numbers("lo"), numbers("hi"),
            texts("baseline_period"), texts("change_unit"),
            texts("version", "original"), effective)

    def _add_one(self, kind: str, indicator: str, unit: str, period: Any, target: Any,
                 bound: str | None, lo: Any, hi: Any, baseline: Any, change_unit: str,
                 version: str, effective: Any) -> None:
        if bound is None:
            bound = "range" if lo is not None or hi is not None else "by_direction"
        self._core.add_columns(
            [str(indicator)], [str(unit)], [_text(period)], [kind], [bound],
            np.array([np.nan if target is None else float(target)]),
            np.array([np.nan if lo is None else float(lo)]),
            np.array([np.nan if hi is None else float(hi)]),
            [_text(baseline)], [change_unit], [str(version)], [_date_text(effective)])

    def add_total(self, indicator: str, unit: str, period: Any,
                  target: float | None = None, *, bound: str | None = None,
                  lo: float | None = None,
                  hi: float | None = None, version: str = "original",
                  effective: Any = None) -> None:
        """A flow to accumulate over ``period`` (``bound`` defaults to the
        indicator's direction -- at_least, or at_most when lower is better -- or
        range when lo/hi are given).

        >>> p = Plan(); p.add_total("jobs", "01", "2020", lo=20000, hi=22000)
        >>> p.to_frame().loc[0, "bound"]
        'range'
        """
        self._add_one("total", indicator, unit, period, target, bound, lo, hi, None, "",
                      version, effective)

    def add_level(self, indicator: str, unit: str, period: Any,
                  target: float | None = None, *, bound: str | None = None,
                  lo: float | None = None,
                  hi: float | None = None, version: str = "original",
                  effective: Any = None) -> None:
        """A value to be at by the end of ``period``.

        >>> p = Plan(); p.add_level("poverty_rate", "01", "2020", 3.0, bound="at_most")
        >>> p.to_frame().loc[0, "kind"]
        'level'
        """
        self._add_one("level", indicator, unit, period, target, bound, lo, hi, None, "",
                      version, effective)

    def add_change(self, indicator: str, unit: str, period: Any,
                   target: float | None = None, *, baseline: Any,
                   change_unit: str | None = None, bound: str | None = None,
                   lo: float | None = None, hi: float | None = None,
                   version: str = "original", effective: Any = None) -> None:
        """A signed change from the end of ``baseline`` by the end of ``period``:
        ``points`` (value minus baseline) or ``percent`` of the baseline, always
        given (as in :meth:`from_frame`: "giảm 3%" may mean either). A reduction
        is negative: "giảm 1 đến 1,5%" is ``lo=-1.5, hi=-1.0``; a single value's
        bound follows the indicator's direction unless given.

        >>> p = Plan(); p.add_change("jobs", "01", "2020", 5, baseline="2019",
        ...                          change_unit="percent")
        >>> p.to_frame().loc[0, ["change_unit", "baseline_period"]].tolist()
        ['percent', '2019']
        """
        self._add_one("change", indicator, unit, period, target, bound, lo, hi,
                      baseline, change_unit or "", version, effective)

    # -- versions and phasing -------------------------------------------------
    @property
    def versions(self) -> list[str]:
        """Version names in order (see :meth:`set_version_order`)."""
        return list(self._core.versions())

    def set_version_order(self, names: Sequence[str]) -> None:
        """Order the versions explicitly; every version of the plan must be named."""
        self._core.set_version_order([str(n) for n in names])

    def set_phasing(self, phasing: Phasing | Mapping[Any, Phasing],
                    indicators: Sequence[str] | None = None) -> None:
        """Set the default phasing, or that of ``indicators``; a mapping sets
        per-indicator phasings (key ``None``: the default)."""
        if isinstance(phasing, Mapping):
            for key, value in phasing.items():
                self.set_phasing(value, None if key is None else [key])
            return
        if not isinstance(phasing, Phasing):
            raise TypeError("phasing must be a chitieu.Phasing, not "
                            f"{type(phasing).__name__}")
        if indicators is None:
            self._core.set_default_phasing(phasing._core)
        else:
            for code in indicators:
                self._core.set_indicator_phasing(str(code), phasing._core)

    def phasing(self, indicator: str | None = None) -> Phasing:
        """The phasing used for ``indicator`` (or the default)."""
        if indicator is not None:
            own = self._core.indicator_phasings()
            if indicator in own:
                return Phasing(own[indicator])
        return Phasing(self._core.default_phasing())

    # -- queries ---------------------------------------------------------------
    @property
    def plan_periods(self) -> list[str]:
        return [str(p) for p in self._core.plan_periods()]

    def check(self, hierarchy: Any, catalog: Any) -> None:
        """KeyError listing unknown indicator or unit codes; ValueError for a total
        of an indicator that does not sum over time."""
        self._core.check(_core_of(hierarchy), _core_of(catalog))

    def to_frame(self) -> pd.DataFrame:
        """One row per target, in the order added; :meth:`from_frame` reads it back."""
        cols = self._core.columns()
        frame = pd.DataFrame({
            "indicator": cols["indicator"], "unit": cols["unit"],
            "period": cols["period"],
            "kind": [_NAMES["kind"][k] for k in cols["kind"]],
            "bound": [_NAMES["bound"][k] for k in cols["bound"]],
            "target": cols["target"], "lo": cols["lo"], "hi": cols["hi"],
            "baseline_period": [b or None for b in cols["baseline_period"]],
            "change_unit": [_NAMES["change_unit"][k] or None
                            for k in cols["change_unit"]],
            "version": cols["version"],
            "effective_date": pd.to_datetime(
                [e or None for e in cols["effective_date"]], format="%Y%m%d"),
        }, columns=_FRAME_COLUMNS)
        return frame

    def in_force(self, as_of: Any = None, version: str | None = None) -> pd.DataFrame:
        """The targets an assessment would use: per (indicator, unit, period, kind)
        the version in force at ``as_of`` (latest effective date on or before it),
        or, with ``version``, that version where a target has it, else its latest
        earlier version.

        >>> p = Plan(); p.add_total("jobs", "01", "2020", 10)
        >>> p.add_total("jobs", "01", "2020", 12, version="adjusted",
        ...             effective="2020-07-01")
        >>> p.in_force("2020-06-30")["target"].tolist(), p.in_force()["target"].tolist()
        ([10.0], [12.0])
        """
        idx = self._core.choose(None if as_of is None else _date_text(as_of), version)
        rows = self.to_frame().iloc[np.asarray(idx, dtype=np.int64)]
        return rows.reset_index(drop=True)

    def __len__(self) -> int:
        return len(self._core)

    def __repr__(self) -> str:
        return (f"Plan({len(self)} targets, plan periods {self.plan_periods}, "
                f"versions {self.versions})")

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        more = f"<p>… {len(frame) - 20} more targets</p>" if len(frame) > 20 else ""
        return f"<p><b>{self!r}</b></p>{frame.head(20).to_html(index=False)}{more}"

    def __getstate__(self) -> Any:
        phasings = {k: Phasing(v) for k, v in self._core.indicator_phasings().items()}
        return (self.to_frame(), self.versions, Phasing(self._core.default_phasing()),
                phasings)

    def __setstate__(self, state: Any) -> None:
        frame, versions, default, phasings = state
        self._core = _core.plan()
        self.add_frame(frame)
        self.set_version_order(versions)
        self.set_phasing(default)
        for code, ph in phasings.items():
            self.set_phasing(ph, [code])


from .assessment import Assessment, Thresholds, assess, round_display  # noqa: E402
