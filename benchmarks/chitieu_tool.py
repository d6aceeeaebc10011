"""The four jobs with chitieu: a catalog, the real hierarchy, ``chitieu.rollup``.

The observations are built once with ``Observations.from_arrays`` (not timed: it is
chitieu's natural input, as a DataFrame is pandas'); each job is one ``rollup`` call,
plus small pandas joins for the assessment until ``chitieu.assess`` exists.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workload import FLOW, MEASURES, STOCK, Data, Meta, assessment_long, canonical


def require_engine() -> None:
    """Raise AttributeError if this chitieu lacks what the benchmark needs."""
    import chitieu  # noqa: PLC0415

    for name in ("rollup", "Observations", "Catalog", "Indicator", "Hierarchy"):
        if not hasattr(chitieu, name):
            raise AttributeError(f"chitieu.{name} is not available in this build")


def month_text(code: str) -> str:
    """'201903' -> '2019-03'."""
    return f"{code[:4]}-{code[4:6]}"


class ChitieuTool:
    """chitieu: one ``rollup`` per job over checked, zero-copy observations."""

    name = "chitieu"

    def __init__(self, data: Data, meta: Meta, threads: int = 1) -> None:
        import chitieu  # noqa: PLC0415

        require_engine()
        self.ct = chitieu
        self.meta = meta
        self.threads = threads
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
        periods, period_ids = chitieu._core._period_index_of(
            [month_text(c) for c in data.period_codes]
        )
        # catalog ids are the indicator indices (same order); units and periods are
        # mapped to the hierarchy's and the period index's ids
        unit_ids = np.asarray(self.hierarchy.ids(list(data.unit_codes)), dtype=np.int32)
        period_ids = np.asarray(period_ids, dtype=np.int32)
        self.obs = chitieu.Observations.from_arrays(
            data.indicator,
            unit_ids[data.unit],
            period_ids[data.period] if not _identity(period_ids) else data.period,
            data.value,
            periods=periods,
            hierarchy=self.hierarchy,
            catalog=self.catalog,
            threads=threads,
        )
        self.flows = [str(c) for c in codes[meta.kind == FLOW]]
        self.job3_codes = [str(c) for c in meta.ratio_codes] + [
            str(c) for c in codes[meta.kind == STOCK]
        ]
        year = meta.plan_year
        self.ytd = {
            "actual": f"{year}-01..{year}-08",
            "last_year": f"{year - 1}-01..{year - 1}-08",
        }
        self.plan = pd.DataFrame(
            {
                "indicator": np.repeat(codes, len(meta.province_codes)),
                "unit": np.tile(meta.province_codes, len(codes)),
                "target": meta.target.ravel(),
            }
        ).dropna()

    def _rollup(self, **kw):
        return self.ct.rollup(
            self.obs, self.hierarchy, self.catalog, threads=self.threads, **kw
        )

    def job1(self):
        return self._rollup(level="province", period_type="quarter", indicators=self.flows)

    def job2(self):
        return self._rollup(
            level=["district", "province", "nation"],
            period_type=["quarter", "half", "year"],
            indicators=self.flows,
        )

    def job3(self):
        return self._rollup(level="province", period_type="quarter", indicators=self.job3_codes)

    def job4(self):
        # SWITCH TO chitieu.assess WHEN IT EXISTS: until then, rollups of this year's
        # and last year's January-August and a few pandas joins (timed too).
        res = self._rollup(
            level="province", periods=list(self.ytd.values()), indicators=self.flows
        ).to_pandas()
        which = {text: name for name, text in self.ytd.items()}
        res["measure"] = res["period"].astype(str).map(_period_key).map(
            {_period_key(k): v for k, v in which.items()}
        )
        wide = res.pivot_table(
            index=["indicator", "unit"], columns="measure", values="value", observed=True
        ).reset_index()
        wide = wide[wide["actual"].notna()] if "actual" in wide else wide
        wide["indicator"] = wide["indicator"].astype(str)
        wide["unit"] = wide["unit"].astype(str)
        a = wide.merge(self.plan, on=["indicator", "unit"], how="left")
        if "last_year" not in a:
            a["last_year"] = np.nan
        a["pct_of_plan"] = a["actual"] / a["target"] * 100.0
        a["yoy_pct"] = (a["actual"] / a["last_year"] - 1.0) * 100.0
        return a

    def canonical(self, job: int, res):
        m = self.meta
        if job == 4:
            ind = pd.Index(m.indicator_codes).get_indexer(res["indicator"])
            prov = pd.Index(m.province_codes).get_indexer(res["unit"])
            return assessment_long(ind, prov, {k: res[k].to_numpy() for k in MEASURES}, m)
        f = res.to_pandas()
        periods = pd.Index([_period_key(p) for p in m.out_periods])
        return canonical(
            pd.Index(m.out_indicators).get_indexer(f["indicator"].astype(str)),
            pd.Index(m.out_units).get_indexer(f["unit"].astype(str)),
            periods.get_indexer(f["period"].astype(str).map(_period_key)),
            f["value"].to_numpy(),
        )


def _period_key(text: str) -> str:
    """'2019-Q1', '2019Q1' -> '2019Q1': the benchmark's labels and chitieu's agree."""
    return str(text).replace("-", "").replace(" ", "")


def _identity(ids: np.ndarray) -> bool:
    return bool(np.array_equal(ids, np.arange(len(ids))))
