"""The four jobs with chitieu: a catalog, the real hierarchy, ``chitieu.rollup``
and ``chitieu.assess``.

Each job is timed whole, as the analyst waits for it: ``Observations.from_arrays``
(the checks, reading the commune indices through their dictionary of hierarchy
ids), one ``rollup`` (or ``assess``) call and its ``to_pandas()``. The parts are
kept in ``parts`` (seconds per run) for the report.
"""

from __future__ import annotations

import calendar
import re
import time

import numpy as np
import pandas as pd
from workload import (
    AS_OF_MONTH,
    FLOW,
    MEASURES,
    STOCK,
    Data,
    Meta,
    assessment_long,
    canonical,
)


def require_engine() -> None:
    """Raise AttributeError if this chitieu lacks what the benchmark needs."""
    import chitieu

    for name in ("rollup", "Observations", "Catalog", "Indicator", "Hierarchy"):
        if not hasattr(chitieu, name):
            raise AttributeError(f"chitieu.{name} is not available in this build")


def peak_bytes() -> int:
    """The process's peak resident memory so far (VmHWM), in bytes."""
    with open("/proc/self/status") as f:
        return int(re.search(r"^VmHWM:\s+(\d+)", f.read(), re.M).group(1)) * 1024


class ChitieuTool:
    """chitieu: one ``rollup`` per job over checked, zero-copy observations."""

    name = "chitieu"

    def __init__(self, data: Data, meta: Meta, threads: int = 1) -> None:
        import chitieu

        require_engine()
        self.ct = chitieu
        self.meta = meta
        self.threads = threads
        self.parts: dict[str, list[float]] = {"build": [], "rollup": [], "to_pandas": []}
        # the process's peak resident bytes when the rollup returned (the runner
        # resets the peak before each job): what build + rollup needed at most
        self.rollup_peaks: list[int] = []
        codes = meta.indicator_codes
        indicators = []
        for i, code in enumerate(codes):
            maker = chitieu.Indicator.stock if meta.kind[i] == STOCK else chitieu.Indicator.flow
            indicators.append(maker(str(code)))
        num, den = meta.ratio_parts()
        for k, (n, d) in enumerate(zip(num, den)):
            indicators.append(
                chitieu.Indicator.ratio(str(meta.ratio_codes[k]), str(codes[n]), str(codes[d]), 100)
            )
        self.catalog = chitieu.Catalog(indicators)
        self.hierarchy = chitieu.Hierarchy.vietnam(2024)
        # catalog ids are the indicator indices and period ids the month indices
        # (both interned in order); communes map to the hierarchy's ids
        periods = chitieu.PeriodIndex([str(c) for c in data.period_codes])
        self.unit_lut = np.asarray(self.hierarchy.ids(list(data.unit_codes)), dtype=np.int32)
        if periods.codes() != [str(c) for c in data.period_codes] or self.catalog.codes[
            : len(codes)
        ] != [str(c) for c in codes]:
            raise AssertionError("catalog or period ids are not the input's indices")
        self.periods = periods
        self.data = data
        self.flows = [str(c) for c in codes[meta.kind == FLOW]]
        self.job3_codes = [str(c) for c in meta.ratio_codes] + [
            str(c) for c in codes[meta.kind == STOCK]
        ]
        year = meta.plan_year
        last_day = calendar.monthrange(year, AS_OF_MONTH)[1]
        self.ytd_period = f"{year}-01-01/{year}-{AS_OF_MONTH:02d}-{last_day}"
        # The workload's annual targets (every tool is given them; NaN = none) as a
        # chitieu.Plan, made here as the catalog is: the flows' yearly totals.
        plan = pd.DataFrame(
            {
                "indicator": np.repeat(codes, len(meta.province_codes)),
                "unit": np.tile(meta.province_codes, len(codes)),
                "period": str(year),
                "kind": "total",
                "target": meta.target.ravel(),
            }
        ).dropna()
        self.plan = chitieu.Plan.from_frame(
            plan[plan["indicator"].isin(self.flows)], hierarchy=self.hierarchy,
            catalog=self.catalog)

    def build(self):
        """The observations, from the input's codes: the commune indices are mapped to
        hierarchy ids through their dictionary by the build, before its checks."""
        d = self.data
        return self.ct.Observations.from_arrays(
            d.indicator, d.unit, d.period, d.value, periods=self.periods,
            hierarchy=self.hierarchy, catalog=self.catalog, threads=self.threads,
            unit_dictionary=self.unit_lut)

    def _table(self, compute=None, **kw) -> pd.DataFrame:
        """build, rollup(...) (or ``compute(obs)``), .to_pandas(): the DataFrame an
        analyst works with, timed whole by the caller; each part's time is kept in
        `parts` for the report."""
        t0 = time.perf_counter()
        obs = self.build()
        t1 = time.perf_counter()
        if compute is None:
            res = self.ct.rollup(obs, self.hierarchy, self.catalog, threads=self.threads, **kw)
        else:
            res = compute(obs)
        t2 = time.perf_counter()
        self.rollup_peaks.append(peak_bytes())  # build + rollup, before the frame
        out = res.to_pandas()
        t3 = time.perf_counter()
        for part, t in zip(self.parts, (t1 - t0, t2 - t1, t3 - t2)):
            self.parts[part].append(t)
        return out

    def job1(self):
        return self._table(level="province", period_type="quarter", indicators=self.flows)

    def job2(self):
        return self._table(
            level=["district", "province", "nation"],
            period_type=["quarter", "half", "year"],
            indicators=self.flows,
        )

    def job3(self):
        return self._table(level="province", period_type="quarter", indicators=self.job3_codes)

    def job4(self):
        # One assess call: January-August of the plan year against the annual
        # targets, with the same months of last year. It computes more than the
        # peers do (status, pace, projections, ranks); the frame keeps the rows
        # with a current value, as the peers' left join of actuals and plan does.
        def assessed(obs):
            return self.ct.assess(obs, self.plan, self.hierarchy, self.catalog,
                                  level="province", period=self.ytd_period,
                                  threads=self.threads)

        a = self._table(assessed)
        a = a[a["value"].notna()]
        return a.rename(columns={"same_period_last_year": "last_year"})

    def canonical(self, job: int, res):
        m = self.meta
        if job == 4:
            ind = pd.Index(m.indicator_codes).get_indexer(res["indicator"])
            prov = pd.Index(m.province_codes).get_indexer(res["unit"])
            return assessment_long(ind, prov, {k: res[k].to_numpy() for k in MEASURES}, m)
        f = res
        return canonical(
            pd.Index(m.out_indicators).get_indexer(f["indicator"].astype(str)),
            pd.Index(m.out_units).get_indexer(f["unit"].astype(str)),
            pd.Index(m.out_periods).get_indexer(f["period"].astype(str)),
            f["value"].to_numpy(),
        )
