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

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from . import io as _io
from ._arrow import as_plain_pandas
from ._util import _core_of, _date_text, _text
from .phasing import Phasing

__all__ = ["Assessment", "Phasing", "Plan", "Thresholds", "assess", "round_display"]

_NAMES: dict[str, list[str]] = _core.plan_enum_names()


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

    def set_phasing(self, phasing: Phasing | Mapping[Any, Phasing], *,
                    indicators: Sequence[str] | None = None) -> None:
        """Set the default phasing, or that of ``indicators``; a mapping sets
        per-indicator phasings (key ``None``: the default)."""
        if isinstance(phasing, Mapping):
            for key, value in phasing.items():
                self.set_phasing(value, indicators=None if key is None else [key])
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
            self.set_phasing(ph, indicators=[code])


from .assessment import Assessment, Thresholds, assess, round_display  # noqa: E402
