"""Rollups: observations aggregated to target units and periods.

>>> import pandas as pd, chitieu
>>> vn = chitieu.Hierarchy.vietnam(2024)
>>> cat = chitieu.Catalog([chitieu.Indicator.flow("jobs")])
>>> df = pd.DataFrame({"indicator": "jobs", "unit": ["00001", "00004", "00001"],
...                    "period": ["202401", "202402", "202404"],
...                    "value": [3.0, 4.0, 5.0]})
>>> obs = chitieu.Observations.from_frame(df, vn, cat)
>>> r = chitieu.rollup(obs, vn, cat, level="province", period_type="quarter")
>>> r.to_pandas()[["unit", "period", "value", "n_reporting"]].values.tolist()
[['01', '2024Q1', 7.0, 2], ['01', '2024Q2', 5.0, 1]]
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._result import Result
from ._util import NanPolicy, PeriodType, _as_list, _core_of
from .observations import Observations, _categorical, _used

__all__ = ["PeriodType", "RollupResult", "RollupState", "partial_rollup", "rollup"]


def _unit_codes(hierarchy: Any, units: Any) -> list[str]:
    """Unit codes from a list of codes, one code, or the name of a unit group."""
    if units is None:
        return []
    if isinstance(units, str):
        groups = getattr(hierarchy, "groups", ())
        if units in (groups() if callable(groups) else groups):
            return [str(u) for u in hierarchy.group(units)]
        return [units]
    return [str(u) for u in units]


def _periods(periods: Any) -> list[Any]:
    """Target periods as ``chitieu.Period`` values (text is parsed once, here)."""
    return [p if isinstance(p, _core.Period) else _core.Period(str(p))
            for p in _as_list(periods)]


def _same(observations: Observations, legacy: tuple[Any, ...], hierarchy: Any,
          catalog: Any) -> None:
    """The old ``rollup(obs, hierarchy, catalog, ...)`` form: the hierarchy and
    catalog must be the ones the observations carry."""
    if len(legacy) > 2:
        raise TypeError("rollup takes the observations and keyword options "
                        f"(level=, period_type=, ...), not {1 + len(legacy)} positional arguments")
    given = dict(zip(("hierarchy", "catalog"), legacy))
    for name, value in (("hierarchy", hierarchy), ("catalog", catalog)):
        if value is not None:
            if name in given:
                raise TypeError(f"rollup got {name} twice")
            given[name] = value
    for name, value in given.items():
        # The same tree or catalog built again is the same (equal fingerprints).
        theirs, ours = _core_of(value).fingerprint, _core_of(getattr(observations, name)).fingerprint
        if theirs != ours:
            raise ValueError(f"rollup: the observations were built with another {name} "
                             f"(fingerprint {ours:016x}) than the one given (fingerprint "
                             f"{theirs:016x}); omit it: the observations carry theirs")


def _request(observations: Observations, options: dict[str, Any]) -> Any:
    """The engine's request from the options of :func:`rollup` (by name)."""
    req = _core.rollup_request()
    req.levels = [str(x) for x in _as_list(options["level"])]
    req.units = _unit_codes(observations.hierarchy, options["units"])
    req.groups = [str(g) for g in _as_list(options["groups"])]
    req.kinds = [str(x) for x in _as_list(options["period_type"])]
    req.periods = _periods(options["periods"])
    cat = _core_of(observations.catalog)
    req.indicators = [cat.id(str(c)) for c in _as_list(options["indicators"])]
    req.threads = options["threads"] or 0
    req.nan_policy = options["nan_policy"]
    return req


def _options(codes: np.ndarray, names: Sequence[str]) -> pd.Categorical:
    """Option ids as a categorical; the option "" (not given) is missing."""
    names = list(names)
    if "" not in names:
        return pd.Categorical.from_codes(np.array(codes), names)
    empty = names.index("")
    remap = np.arange(len(names), dtype=np.int32) - (np.arange(len(names)) > empty)
    remap[empty] = -1
    return pd.Categorical.from_codes(remap[np.asarray(codes)],
                                     names[:empty] + names[empty + 1:])


def _by(observations: Observations, by: Any) -> list[str]:
    names = [str(b) for b in _as_list(by)]
    if names and observations.series is None:
        raise ValueError(f"by={names}: these observations carry no categories "
                         "(Observations.from_frame(..., categories=[...]))")
    return names


def _prepare(options: dict[str, Any]) -> tuple[Any, Any, list[str], Any]:
    """The compiled observations and hierarchy, the kept categories and the request,
    from the arguments of :func:`rollup` or :func:`partial_rollup` by name."""
    observations = options["observations"]
    _same(observations, options["legacy"], options["hierarchy"], options["catalog"])
    names = _by(observations, options["by"])
    return (_core_of(observations), _core_of(observations.hierarchy), names,
            _request(observations, options))


def rollup(
    observations: Observations,
    *legacy: Any,
    level: str | Sequence[str] | None = None,
    period_type: PeriodType | Sequence[PeriodType] | None = None,
    periods: Any = None,
    indicators: Sequence[str] | None = None,
    units: str | Sequence[str] | None = None,
    by: str | Sequence[str] | None = None,
    threads: int | None = None,
    nan_policy: NanPolicy | None = None,
    groups: str | Sequence[str] | None = None,
    hierarchy: Any = None,
    catalog: Any = None,
    crosswalk: Any = None,
    split: str | None = None,
) -> RollupResult:
    """Aggregate observations to every unit of ``level`` (one or several) and every
    period of ``period_type`` (``"month"``, ``"quarter"``, ``"half"``, ``"year"``,
    ``"week"``, ``"day"``; one or several), in one pass over the rows.

    The hierarchy and catalog are the observations' own (the old form
    ``rollup(obs, hierarchy, catalog, ...)`` is still accepted when they are the
    same objects). ``units`` (codes, or the name of a unit group) keeps only
    targets that are or lie under one of them; without ``level`` the ``units``
    themselves are the targets. Each of ``groups`` (unit groups of the
    hierarchy, see ``Hierarchy.add_group``) is one more target, the total over
    its members, with level ``"group"``. ``periods`` (``Period`` values or
    identifiers) likewise keeps periods inside one of them; without
    ``period_type`` they are the target periods. ``indicators`` (codes) limits
    the output; derived ones pull in their parts. ``by`` keeps categories of
    observations built with ``categories=`` (one column each in the result);
    the others are totalled over like units (a stock's last value is taken per
    category option before the options are added up). ``threads`` defaults to
    every core; ``nan_policy`` to the observations' own.

    Each row carries the value, the distinct reporting units (counted at the
    deepest level that reported into the cell) and the units of that level under
    the target (``n_expected``), so a half-reported province shows
    ``coverage`` 50 (percent). With ``crosswalk`` (e.g. ``Crosswalk.vietnam(2024, 2025)``),
    ``observations`` is a frame on old and new units: the old rows are translated
    on the way in (``split`` settles splits without shares; see chitieu.translate
    for which rows are old). Raises ValueError when data does not fit in a requested
    period (a quarter's value asked for by month) and for a money total beyond
    int64; KeyError for unknown codes.

    >>> import chitieu
    >>> vn = chitieu.Hierarchy.vietnam(2024)
    >>> cat = chitieu.Catalog([chitieu.Indicator.stock("poor")])
    >>> df = pd.DataFrame({"indicator": "poor", "unit": ["00001", "00001"],
    ...                    "period": ["202401", "202403"], "value": [10.0, 8.0]})
    >>> obs = chitieu.Observations.from_frame(df, vn, cat)
    >>> r = chitieu.rollup(obs, level="district", period_type="quarter")
    >>> r.to_pandas()["value"].tolist()
    [8.0]
    """
    if crosswalk is not None:  # hook: chitieu.translate (issue 15)
        from .translate import observations_on_new_units

        given = dict(zip(("hierarchy", "catalog"), legacy))
        hierarchy = given.get("hierarchy", hierarchy)
        catalog = given.get("catalog", catalog)
        observations = observations_on_new_units(observations, crosswalk, hierarchy, catalog,
                                                 split=split)
        legacy = ()
    obs, hier, names, req = _prepare(dict(locals()))  # the arguments, by name
    if observations.series is None:
        return RollupResult(_core.rollup(obs, hier, _core_of(observations.catalog), req),
                            threads=threads)
    return disaggregated(_core.rollup_series(obs, hier, observations.series, names, req),
                         threads=threads)


def disaggregated(result: Any, *, threads: int | None = None) -> RollupResult:
    """The result of a rollup that keeps categories: one column per kept category."""
    categories = {name: _options(result.category(k), result.option_names[k])
                  for k, name in enumerate(result.by)}
    return RollupResult(result.rows, categories, threads=threads)


def partial_rollup(observations: Observations, *legacy: Any, **options: Any) -> RollupState:
    """Like :func:`rollup` (the same options, but ``crosswalk`` and ``split``), but
    stop before finishing: a :class:`RollupState` that merges with the states of
    other rows rolled up with the same arguments.
    (With categories, ``finish`` names series, e.g. ``jobs[female]``;
    chitieu.dask.rollup and rollup_dataset finish blocks to category columns.)

    >>> import chitieu
    >>> vn = chitieu.Hierarchy.vietnam(2024)
    >>> cat = chitieu.Catalog([chitieu.Indicator.flow("jobs")])
    >>> parts = [pd.DataFrame({"indicator": "jobs", "unit": [u], "period": "202401",
    ...                        "value": [1.0]}) for u in ("00001", "00004")]
    >>> observed = [chitieu.Observations.from_frame(p, vn, cat) for p in parts]
    >>> states = [chitieu.partial_rollup(o, level="province", period_type="year")
    ...           for o in observed]
    >>> chitieu.RollupState.merge_all(states).finish().to_pandas()["value"].tolist()
    [2.0]
    """
    # rollup's own signature checks the options (TypeError naming an unknown one).
    bound = _PARTIAL_SIGNATURE.bind(observations, *legacy, **options)
    bound.apply_defaults()
    obs, hier, names, req = _prepare(bound.arguments)
    if observations.series is None:
        return RollupState(_core.partial_rollup(obs, hier, _core_of(observations.catalog),
                                                req))
    return RollupState(_core.partial_rollup_series(obs, hier, observations.series, names,
                                                   req))


_PARTIAL_SIGNATURE = inspect.signature(rollup).replace(
    parameters=[p for name, p in inspect.signature(rollup).parameters.items()
                if name not in ("crosswalk", "split")],
    return_annotation="RollupState")
partial_rollup.__signature__ = _PARTIAL_SIGNATURE  # type: ignore[attr-defined]


class RollupState:
    """A mergeable partial rollup (picklable; ``merge`` is exact for money and counts).

    >>> import pickle
    >>> empty = RollupState()
    >>> pickle.loads(pickle.dumps(empty)).rows
    0
    """

    __slots__ = ("_core",)

    def __init__(self, core: Any = None) -> None:
        self._core = core if core is not None else _core.rollup_state()

    @property
    def rows(self) -> int:
        """Observation rows that went into the state."""
        return self._core.rows

    @property
    def periods(self) -> list[str]:
        """The fine periods the state holds data for."""
        return self._core.bucket_strings()

    def merge(self, other: RollupState) -> RollupState:
        """The state of both states' rows (``other`` counts as the later rows)."""
        return RollupState(_core.merge(self._core, other._core))

    @classmethod
    def merge_all(cls, states: Iterable[RollupState]) -> RollupState:
        """Merge many states, pairwise in a balanced tree, keeping their order."""
        items = [s._core for s in states]
        if not items:
            return cls()
        while len(items) > 1:
            merged = [_core.merge(items[i], items[i + 1])
                      for i in range(0, len(items) - 1, 2)]
            if len(items) % 2:
                merged.append(items[-1])
            items = merged
        return cls(items[0])

    def finish(self, threads: int | None = None) -> RollupResult:
        """Apply space rules, derived indicators and coverage."""
        return RollupResult(_core.finish(self._core, threads or 0), threads=threads)

    def __getstate__(self) -> bytes:
        return self._core.to_bytes()

    def __setstate__(self, state: bytes) -> None:
        self._core = _core.rollup_state.from_bytes(state)

    def __repr__(self) -> str:
        return f"RollupState({self.rows} rows, {len(self.periods)} periods)"


class RollupResult(Result):
    """The rows of a finished rollup; :meth:`to_pandas` for a DataFrame.

    >>> empty = RollupResult(_core.finish(_core.rollup_state()))
    >>> empty.to_pandas().columns.tolist()[:4]
    ['indicator', 'unit', 'level', 'period']
    """

    __slots__ = ("_categories", "_core", "_threads")

    def __init__(self, core: Any, categories: dict[str, pd.Categorical] | None = None, *,
                 threads: int | None = None) -> None:
        self._core = core
        # Kept categories (rollup(..., by=...)): one column of options per row.
        self._categories = categories or {}
        # The rollup's threads, to_pandas's default: a rollup asked for one thread
        # makes its frame with one too.
        self._threads = threads

    def __len__(self) -> int:
        return len(self._core)

    def __getstate__(self) -> Any:
        return (self._core, self._categories, self._threads)

    def __setstate__(self, state: Any) -> None:
        self._core, self._categories, *rest = state  # older pickles: two parts
        self._threads = rest[0] if rest else None

    def to_pandas(self, *, threads: int | None = None) -> pd.DataFrame:
        """Columns indicator, the kept categories (``by``), unit, level, period,
        period_type (categoricals), value (float64), n_reporting, n_expected,
        coverage (n_reporting / n_expected, in percent); plus ``value_money`` (nullable Int64,
        exact đồng) when money
        indicators are present, NA where the value is not whole đồng (means,
        ratios).

        The columns are written by ``threads`` threads (by default the rollup's;
        ``None`` there means every core).
        """
        core = self._core
        n = (self._threads if threads is None else threads) or 0  # 0: every core
        cols = core.columns(copy=True, threads=n)
        unit = cols["unit"]
        level_names = list(core.level_names) + ["group"]
        unit_levels = np.asarray(core.unit_levels, dtype=np.int32)
        unit_levels = np.where(unit_levels < 0, len(level_names) - 1, unit_levels)
        # the levels of the units that occur, found over the units (a few thousand);
        # then each row's level code through its unit, in the core
        occurs = _core.used_ids(unit, len(unit_levels), n)
        used_levels, occurring_codes = _used(unit_levels[occurs], len(level_names))
        unit_level_code = np.full(len(unit_levels), -1, dtype=np.int32)  # -1: never read
        unit_level_code[occurs] = occurring_codes
        kinds = core.period_kinds()
        kind_names = sorted(set(kinds))
        kind_codes = np.array([kind_names.index(k) for k in kinds], dtype=np.int32)
        bucket = cols["bucket"]
        periods = core.period_strings()

        def codes(ids: np.ndarray, table: np.ndarray | None, categories: list[str]) -> Any:
            # codes the core made and checked, each below its category count
            return pd.Categorical.from_codes(
                _core.category_codes(ids, table, len(categories), n), categories,
                validate=False)

        out = {
            "indicator": _categorical(cols["indicator"], core.indicator_codes, threads=n),
            **self._categories,
            "unit": codes(unit, None, list(core.unit_codes)),
            "level": codes(unit, unit_level_code, [level_names[int(i)] for i in used_levels]),
            "period": codes(bucket, None, periods),
            "period_type": codes(bucket, kind_codes, kind_names),
            # new arrays of this frame's own, copied by columns(copy=True)
            "value": cols["value"],
            "n_reporting": cols["n_reporting"],
            "n_expected": cols["n_expected"],
            "coverage": cols["coverage"],
        }
        exact = cols["exact"]
        if exact.any():
            out["value_money"] = pd.arrays.IntegerArray(cols["money"], ~exact)
        # every column is a new array of this frame's own: no copy, and no
        # consolidation into 2-D blocks (a second copy of each numeric column)
        return pd.DataFrame(out, copy=False)

    def plot(
        self,
        indicator: str,
        kind: str = "ranking",
        *,
        level: str | None = None,
        period: Any = None,
        hierarchy: Any = None,
        **kwargs: Any,
    ) -> Any:
        """Draw one indicator with :mod:`chitieu.plots`; returns the matplotlib Axes.

        ``kind="ranking"`` (the only kind for a rollup): units of ``level`` (default:
        the level with most units) in ``period`` (default: the latest), best first,
        labelled by name when the ``hierarchy`` is given, else by code; ``kwargs``
        go to :func:`chitieu.plots.ranking` (``top``, ``higher_is_better``, ``ax``).

        >>> result.plot("poverty_rate", level="province", hierarchy=vn,
        ...             higher_is_better=False)  # doctest: +SKIP
        """
        from . import plots

        if kind != "ranking":
            raise ValueError(f"RollupResult.plot: unknown kind {kind!r} (use 'ranking')")
        frame = self.to_pandas()
        levels, periods = frame["level"].astype(str), frame["period"].astype(str)
        if level is None and len(frame):
            level = levels.value_counts().index[0]
        if period is None and len(frame):
            period = max(_core.Period(p) for p in periods.unique())
        rows = frame[(levels == level) & (periods == str(period))]
        if rows.empty:
            raise KeyError(f"no rows for level {level!r} and period {period!r}")
        if hierarchy is not None:
            rows = rows.assign(unit_name=[hierarchy.unit(str(u)).name for u in rows["unit"]])
        return plots.ranking(rows, indicator, **kwargs)
