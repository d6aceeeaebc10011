"""The four jobs written with pandas, Polars and DuckDB, as a competent user would.

Each tool is a class built from the observation columns and the lookup tables
(:class:`workload.Data`, :class:`workload.Meta`). The constructor converts the input to
the tool's natural form (untimed); ``job1`` .. ``job4`` are what the benchmark times and
return the tool's own result objects; ``canonical(job, result)`` turns those into the
canonical long form (untimed) for the cross-tool check.

Every peer keys on the integer ids it is given and maps commune -> district/province
and month -> quarter/half/year through small lookup tables, aggregates once at the
finest level a job needs, and re-aggregates that small result for coarser levels
(which is what a competent analyst does; chitieu does all levels in one pass).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from workload import DEN, FLOW, STOCK, Data, Meta, assessment_long, canonical

JOB_NAMES = {
    1: "province x quarter, flows (sum)",
    2: "district+province+nation x quarter+half+year, flows",
    3: "ratio of sums and stock (last in quarter, sum over communes)",
    4: "YTD vs annual plan and same period last year",
}


# --------------------------------------------------------------------------- pandas
class PandasTool:
    """pandas: numpy ``take`` through the lookup arrays, ``groupby(observed=True, sort=False)``."""

    name = "pandas"

    def __init__(self, data: Data, meta: Meta, threads: int = 1) -> None:
        del threads  # pandas' groupby is single-threaded
        self.meta = meta
        self.df = pd.DataFrame(
            {
                "indicator": data.indicator,
                "unit": data.unit,
                "period": data.period,
                "value": data.value,
            },
            copy=False,
        )
        self.plan = _plan_frame(meta)

    def _cols(self):
        d = self.df
        return (
            d["indicator"].to_numpy(),
            d["unit"].to_numpy(),
            d["period"].to_numpy(),
            d["value"].to_numpy(),
        )

    @staticmethod
    def _sum(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
        return frame.groupby(keys, observed=True, sort=False)["value"].sum()

    def _flows(self, unit_map: np.ndarray) -> pd.DataFrame:
        ind, unit, per, val = self._cols()
        keep = self.meta.kind[ind] == FLOW
        return pd.DataFrame(
            {
                "indicator": ind[keep],
                "unit": unit_map[unit[keep]],
                "quarter": self.meta.m2q[per[keep]],
                "value": val[keep],
            },
            copy=False,
        )

    def job1(self):
        return self._sum(self._flows(self.meta.u2p), ["indicator", "unit", "quarter"])

    def job2(self):
        m = self.meta
        base = self._sum(self._flows(m.u2d), ["indicator", "unit", "quarter"]).reset_index()
        ind, dist, q = (base[c].to_numpy() for c in ("indicator", "unit", "quarter"))
        units = {"district": dist, "province": m.d2p[dist], "nation": np.zeros_like(dist)}
        periods = {"quarter": q, "half": m.q2h[q], "year": m.q2y[q]}
        out = {}
        for lv, u in units.items():
            for pt, p in periods.items():
                if lv == "district" and pt == "quarter":
                    out[lv, pt] = base.set_index(["indicator", "unit", "quarter"])["value"]
                    continue
                f = pd.DataFrame(
                    {"indicator": ind, "unit": u, "period": p, "value": base["value"]},
                    copy=False,
                )
                out[lv, pt] = self._sum(f, ["indicator", "unit", "period"])
        return out

    def job3(self):
        m = self.meta
        ind, unit, per, val = self._cols()
        # ratio of sums: numerator and denominator summed per province x quarter
        sel = m.pair[ind] >= 0
        parts = pd.DataFrame(
            {
                "pair": m.pair[ind[sel]],
                "den": m.kind[ind[sel]] == DEN,
                "province": m.u2p[unit[sel]],
                "quarter": m.m2q[per[sel]],
                "value": val[sel],
            },
            copy=False,
        )
        sums = self._sum(parts, ["pair", "province", "quarter", "den"]).unstack("den")
        sums = sums.dropna()  # both parts reported
        ratio = sums[False] / sums[True] * 100.0
        # stock: last month of the quarter per commune, then summed over communes
        sel = m.kind[ind] == STOCK
        stock = pd.DataFrame(
            {
                "indicator": ind[sel],
                "unit": unit[sel],
                "quarter": m.m2q[per[sel]],
                "period": per[sel],
                "value": val[sel],
            },
            copy=False,
        )
        last = stock.loc[
            stock.groupby(["indicator", "unit", "quarter"], observed=True, sort=False)[
                "period"
            ].idxmax()
        ]
        last = last.assign(province=m.u2p[last["unit"].to_numpy()])
        return ratio, self._sum(last, ["indicator", "province", "quarter"])

    def job4(self):
        m = self.meta
        ind, unit, per, val = self._cols()
        w = m.m2w[per]
        sel = (m.kind[ind] == FLOW) & (w >= 0)
        f = pd.DataFrame(
            {
                "indicator": ind[sel],
                "province": m.u2p[unit[sel]],
                "w": w[sel],
                "value": val[sel],
            },
            copy=False,
        )
        ytd = self._sum(f, ["indicator", "province", "w"]).unstack("w")
        ytd = ytd.rename(columns={0: "actual", 1: "last_year"}).reset_index()
        ytd = ytd[ytd["actual"].notna()]
        a = ytd.merge(self.plan, on=["indicator", "province"], how="left")
        a["pct_of_plan"] = a["actual"] / a["target"] * 100.0
        a["yoy_pct"] = (a["actual"] / a["last_year"] - 1.0) * 100.0
        return a

    def canonical(self, job: int, res):
        m = self.meta
        if job == 1:
            return _long(res, m, "province", "quarter")
        if job == 2:
            return pd.concat([_long(s, m, lv, pt) for (lv, pt), s in res.items()])
        if job == 3:
            ratio, stock = res
            r = ratio.reset_index()
            ratio_long = canonical(
                m.ratio_offset() + r["pair"].to_numpy(),
                r["province"].to_numpy() + m.unit_offset("province"),
                r["quarter"].to_numpy() + m.period_offset("quarter"),
                r[0].to_numpy(),
            )
            return pd.concat([ratio_long, _long(stock, m, "province", "quarter")])
        return assessment_long(
            res["indicator"].to_numpy(), res["province"].to_numpy(), res, m
        )


def _long(series: pd.Series, meta: Meta, level: str, ptype: str) -> pd.DataFrame:
    """Canonical form of a sum Series indexed by (indicator, unit index, period index)."""
    idx = series.index
    return canonical(
        idx.get_level_values(0).to_numpy(),
        idx.get_level_values(1).to_numpy() + meta.unit_offset(level),
        idx.get_level_values(2).to_numpy() + meta.period_offset(ptype),
        series.to_numpy(),
    )


def _plan_frame(meta: Meta) -> pd.DataFrame:
    ind, prov = np.nonzero(~np.isnan(meta.target))
    return pd.DataFrame(
        {
            "indicator": ind.astype(np.int32),
            "province": prov.astype(np.int32),
            "target": meta.target[ind, prov],
        }
    )


def _frame_long(frame, meta: Meta, level_col, period_col, level, ptype, value="value"):
    """Canonical form of a (pandas) frame with integer unit and period columns."""
    return canonical(
        frame["indicator"].to_numpy(),
        frame[level_col].to_numpy() + meta.unit_offset(level),
        frame[period_col].to_numpy() + meta.period_offset(ptype),
        frame[value].to_numpy(),
    )


# --------------------------------------------------------------------------- Polars
class PolarsTool:
    """Polars: lazy queries, ``gather`` on lookup Series, ``group_by().agg()``, ``collect``.

    Polars reads POLARS_MAX_THREADS once, at import: the benchmark sets it in a fresh
    subprocess per thread count.
    """

    name = "polars"

    def __init__(self, data: Data, meta: Meta, threads: int = 1) -> None:
        import polars as pl

        del threads
        self.pl = pl
        self.meta = meta
        self.df = pl.DataFrame(
            {
                "indicator": data.indicator,
                "unit": data.unit,
                "period": data.period,
                "value": data.value,
            }
        )
        s = {k: pl.Series(k, getattr(meta, k)) for k in ("u2d", "u2p", "m2q", "m2w", "d2p", "q2h", "q2y")}
        self.kind = pl.Series("kind", meta.kind)
        self.pair = pl.Series("pair", meta.pair)
        self.lut = s
        self.plan = pl.from_pandas(_plan_frame(meta))

    def _map(self, key: str, col: str):
        return self.pl.lit(self.lut[key]).gather(self.pl.col(col))

    def _flows(self, unit_key: str):
        pl = self.pl
        return (
            self.df.lazy()
            .filter(pl.lit(self.kind).gather(pl.col("indicator")) == FLOW)
            .select(
                "indicator",
                self._map(unit_key, "unit").alias("unit"),
                self._map("m2q", "period").alias("quarter"),
                "value",
            )
        )

    def job1(self):
        pl = self.pl
        q = self._flows("u2p").group_by("indicator", "unit", "quarter").agg(pl.col("value").sum())
        return q.collect()

    def job2(self):
        pl = self.pl
        base = (
            self._flows("u2d")
            .group_by("indicator", "unit", "quarter")
            .agg(pl.col("value").sum())
            .collect()
        )
        lazy = base.lazy().with_columns(
            province=self._map("d2p", "unit"),
            nation=pl.lit(0, dtype=pl.Int32),
            half=self._map("q2h", "quarter"),
            year=self._map("q2y", "quarter"),
        )
        keys = [(lv, pt) for lv in ("unit", "province", "nation") for pt in ("quarter", "half", "year")]
        queries = [
            lazy.group_by("indicator", lv, pt).agg(pl.col("value").sum()) for lv, pt in keys[1:]
        ]
        frames = [base, *pl.collect_all(queries)]
        names = [("district" if lv == "unit" else lv, pt) for lv, pt in keys]
        return dict(zip(names, frames))

    def job3(self):
        pl = self.pl
        lf = self.df.lazy()
        pair = pl.lit(self.pair).gather(pl.col("indicator"))
        kind = pl.lit(self.kind).gather(pl.col("indicator"))
        sums = (
            lf.filter(pair >= 0)
            .group_by(
                pair.alias("pair"),
                (kind == DEN).alias("den"),
                self._map("u2p", "unit").alias("province"),
                self._map("m2q", "period").alias("quarter"),
            )
            .agg(pl.col("value").sum())
        )
        keys = ["pair", "province", "quarter"]
        ratio = (
            sums.filter(~pl.col("den"))
            .join(sums.filter(pl.col("den")), on=keys, suffix="_den")
            .select(*keys, (pl.col("value") / pl.col("value_den") * 100.0).alias("value"))
        )
        stock = (
            lf.filter(kind == STOCK)
            .group_by("indicator", "unit", self._map("m2q", "period").alias("quarter"))
            .agg(pl.col("value").sort_by("period").last())
            .group_by("indicator", self._map("u2p", "unit").alias("province"), "quarter")
            .agg(pl.col("value").sum())
        )
        return tuple(pl.collect_all([ratio, stock]))

    def job4(self):
        pl = self.pl
        w = self._map("m2w", "period")
        ytd = (
            self.df.lazy()
            .filter((pl.lit(self.kind).gather(pl.col("indicator")) == FLOW) & (w >= 0))
            .select("indicator", self._map("u2p", "unit").alias("province"), w.alias("w"), "value")
            .group_by("indicator", "province")
            .agg(
                actual=pl.col("value").filter(pl.col("w") == 0).sum(),
                n_actual=(pl.col("w") == 0).sum(),
                last_year=pl.col("value").filter(pl.col("w") == 1).sum(),
                n_last=(pl.col("w") == 1).sum(),
            )
            .filter(pl.col("n_actual") > 0)
            .with_columns(last_year=pl.when(pl.col("n_last") > 0).then(pl.col("last_year")))
            .join(self.plan.lazy(), on=["indicator", "province"], how="left")
            .with_columns(
                pct_of_plan=pl.col("actual") / pl.col("target") * 100.0,
                yoy_pct=(pl.col("actual") / pl.col("last_year") - 1.0) * 100.0,
            )
        )
        return ytd.collect()

    def canonical(self, job: int, res):
        m = self.meta
        if job == 1:
            return _frame_long(res.to_pandas(), m, "unit", "quarter", "province", "quarter")
        if job == 2:
            parts = []
            for (lv, pt), f in res.items():
                f = f.to_pandas()
                col = "unit" if lv == "district" else lv
                parts.append(_frame_long(f, m, col, pt, lv, pt))
            return pd.concat(parts)
        if job == 3:
            ratio, stock = (r.to_pandas() for r in res)
            ratio = ratio.assign(indicator=ratio["pair"] + m.ratio_offset())
            return pd.concat(
                [
                    _frame_long(ratio, m, "province", "quarter", "province", "quarter"),
                    _frame_long(stock, m, "province", "quarter", "province", "quarter"),
                ]
            )
        f = res.to_pandas()
        return assessment_long(f["indicator"].to_numpy(), f["province"].to_numpy(), f, m)


# --------------------------------------------------------------------------- DuckDB
class DuckDBTool:
    """DuckDB: SQL over Arrow tables registered zero-copy, joins to small lookup tables."""

    name = "duckdb"

    def __init__(self, data: Data, meta: Meta, threads: int = 1) -> None:
        import duckdb
        import pyarrow as pa

        self.meta = meta
        con = duckdb.connect()
        con.execute(f"SET threads = {int(threads)}")
        con.execute("SET preserve_insertion_order = false")
        self.obs = pa.table(
            {
                "indicator": data.indicator,
                "unit": data.unit,
                "period": data.period,
                "value": data.value,
            }
        )
        con.register("obs", self.obs)
        n_units, n_months = len(meta.u2p), len(meta.m2q)
        tables = {
            "units": {
                "unit": np.arange(n_units, dtype=np.int32),
                "district": meta.u2d,
                "province": meta.u2p,
            },
            "districts": {
                "district": np.arange(len(meta.d2p), dtype=np.int32),
                "province": meta.d2p,
            },
            "months": {
                "period": np.arange(n_months, dtype=np.int32),
                "quarter": meta.m2q,
                "w": meta.m2w,
            },
            "quarters": {
                "quarter": np.arange(len(meta.q2h), dtype=np.int32),
                "half": meta.q2h,
                "year": meta.q2y,
            },
            "inds": {
                "indicator": np.arange(len(meta.kind), dtype=np.int32),
                "kind": meta.kind,
                "pair": meta.pair,
            },
        }
        self.small = {k: pa.table(v) for k, v in tables.items()}
        self.small["plan"] = pa.Table.from_pandas(_plan_frame(meta), preserve_index=False)
        for k, t in self.small.items():
            con.register(k, t)
        self.con = con

    def _q(self, sql: str):
        return self.con.sql(sql).to_arrow_table()

    def job1(self):
        return self._q(
            f"""
            SELECT o.indicator, u.province, m.quarter, sum(o.value) AS value
            FROM obs o
            JOIN inds i USING (indicator)
            JOIN units u USING (unit)
            JOIN months m USING (period)
            WHERE i.kind = {FLOW}
            GROUP BY ALL"""
        )

    def job2(self):
        return self._q(
            f"""
            WITH base AS (
                SELECT o.indicator, u.district, m.quarter, sum(o.value) AS value
                FROM obs o
                JOIN inds i USING (indicator)
                JOIN units u USING (unit)
                JOIN months m USING (period)
                WHERE i.kind = {FLOW}
                GROUP BY ALL)
            SELECT b.indicator, b.district, d.province, b.quarter, q.half, q.year,
                   sum(b.value) AS value,
                   grouping(b.district) AS g_district, grouping(d.province) AS g_province,
                   grouping(b.quarter) AS g_quarter, grouping(q.half) AS g_half
            FROM base b JOIN districts d USING (district) JOIN quarters q USING (quarter)
            GROUP BY GROUPING SETS (
                (b.indicator, b.district, b.quarter), (b.indicator, b.district, q.half),
                (b.indicator, b.district, q.year), (b.indicator, d.province, b.quarter),
                (b.indicator, d.province, q.half), (b.indicator, d.province, q.year),
                (b.indicator, b.quarter), (b.indicator, q.half), (b.indicator, q.year))"""
        )

    def job3(self):
        ratio = self._q(
            f"""
            WITH s AS (
                SELECT i.pair, i.kind = {DEN} AS den, u.province, m.quarter,
                       sum(o.value) AS value
                FROM obs o
                JOIN inds i USING (indicator)
                JOIN units u USING (unit)
                JOIN months m USING (period)
                WHERE i.pair >= 0
                GROUP BY ALL)
            SELECT n.pair, n.province, n.quarter, n.value / d.value * 100 AS value
            FROM s n JOIN s d USING (pair, province, quarter)
            WHERE NOT n.den AND d.den"""
        )
        stock = self._q(
            f"""
            WITH last AS (
                SELECT o.indicator, o.unit, m.quarter, arg_max(o.value, o.period) AS value
                FROM obs o
                JOIN inds i USING (indicator)
                JOIN months m USING (period)
                WHERE i.kind = {STOCK}
                GROUP BY ALL)
            SELECT l.indicator, u.province, l.quarter, sum(l.value) AS value
            FROM last l JOIN units u USING (unit)
            GROUP BY ALL"""
        )
        return ratio, stock

    def job4(self):
        return self._q(
            f"""
            WITH ytd AS (
                SELECT o.indicator, u.province,
                       sum(o.value) FILTER (WHERE m.w = 0) AS actual,
                       sum(o.value) FILTER (WHERE m.w = 1) AS last_year
                FROM obs o
                JOIN inds i USING (indicator)
                JOIN units u USING (unit)
                JOIN months m USING (period)
                WHERE i.kind = {FLOW} AND m.w >= 0
                GROUP BY ALL)
            SELECT y.indicator, y.province, y.actual, p.target,
                   y.actual / p.target * 100 AS pct_of_plan, y.last_year,
                   (y.actual / y.last_year - 1) * 100 AS yoy_pct
            FROM ytd y LEFT JOIN plan p USING (indicator, province)
            WHERE y.actual IS NOT NULL"""
        )

    def canonical(self, job: int, res):
        m = self.meta
        if job == 1:
            return _frame_long(res.to_pandas(), m, "province", "quarter", "province", "quarter")
        if job == 2:
            f = res.to_pandas()
            g = {c: f[f"g_{c}"].to_numpy() == 0 for c in ("district", "province", "quarter", "half")}
            level = np.where(g["district"], 2, np.where(g["province"], 1, 0))
            unit = np.where(g["district"], f["district"].fillna(0), f["province"].fillna(0))
            unit = unit.astype(np.int32) + np.where(
                level == 2, m.unit_offset("district"), np.where(level == 1, 1, 0)
            )
            unit[level == 0] = 0
            period = np.where(
                g["quarter"],
                f["quarter"].fillna(0) + m.period_offset("quarter"),
                np.where(
                    g["half"],
                    f["half"].fillna(0) + m.period_offset("half"),
                    f["year"].fillna(0) + m.period_offset("year"),
                ),
            )
            return canonical(f["indicator"].to_numpy(), unit, period, f["value"].to_numpy())
        if job == 3:
            ratio, stock = res[0].to_pandas(), res[1].to_pandas()
            ratio["indicator"] = ratio["pair"] + m.ratio_offset()
            return pd.concat(
                [
                    _frame_long(ratio, m, "province", "quarter", "province", "quarter"),
                    _frame_long(stock, m, "province", "quarter", "province", "quarter"),
                ]
            )
        f = res.to_pandas()
        return assessment_long(f["indicator"].to_numpy(), f["province"].to_numpy(), f, m)


def result_frame(tool, job: int, res) -> pd.DataFrame:
    """The canonical, sorted form of `tool`'s result of `job` (untimed)."""
    frame = tool.canonical(job, res)
    return canonical(*(frame[c] for c in ("indicator", "unit", "period", "value")))
