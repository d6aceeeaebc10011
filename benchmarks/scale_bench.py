"""Past one machine's memory: chitieu's out-of-core and Dask-distributed rollups of
a partitioned Parquet dataset against DuckDB, Polars (streaming) and Dask's own
groupby, on the same files, each tool in a fresh process, results checked equal.

    python benchmarks/scale_bench.py write --rows 1e8 --data /big/disk/obs
    python benchmarks/scale_bench.py run --data /big/disk/obs [--tools ...]

The data: indicator x sex (as 25 x 2 indicator codes) x every commune of
Vietnam's 2024 units x month, one Parquet file per month, dictionary-encoded
code columns, float64 values. The job (J1): each indicator's total per
province and quarter. Printed: wall seconds, peak RSS of the largest process
(the tool's own, or its largest worker), and each tool's ratio to chitieu's
out-of-core path.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

INDICATORS = [f"i{i:02d}.{sex}" for i in range(25) for sex in ("f", "m")]
TOOLS = ["chitieu_ooc", "chitieu_dask", "duckdb", "polars", "dask_groupby"]


def _units():
    import chitieu

    vn = chitieu.Hierarchy.vietnam(2024)
    communes = vn.units("commune")
    province = [vn.ancestor(c, "province") for c in communes]
    return vn, np.array(communes), np.array(province)


def write(rows: float, data: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    _, communes, _ = _units()
    per_month = len(INDICATORS) * len(communes)
    months = max(1, round(rows / per_month))
    data.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    ind_dict = pa.array(INDICATORS)
    unit_dict = pa.array(communes)
    for m in range(months):
        year, month = 2010 + m // 12, m % 12 + 1
        order = rng.permutation(per_month)  # shuffled rows within the file
        ind = pa.DictionaryArray.from_arrays(pa.array((order // len(communes)).astype(np.int32)),
                                             ind_dict)
        unit = pa.DictionaryArray.from_arrays(pa.array((order % len(communes)).astype(np.int32)),
                                              unit_dict)
        period = pa.DictionaryArray.from_arrays(pa.array(np.zeros(per_month, np.int32)),
                                                pa.array([f"{year}{month:02d}"]))
        value = pa.array(rng.integers(0, 1000, per_month).astype(np.float64))
        table = pa.table({"indicator": ind, "unit": unit, "period": period, "value": value})
        pq.write_table(table, data / f"month={year}{month:02d}.parquet", row_group_size=1 << 20)
    print(json.dumps({"rows": months * per_month, "files": months,
                      "bytes": sum(f.stat().st_size for f in data.iterdir())}))


def _chitieu_inputs():
    import chitieu

    vn = chitieu.Hierarchy.vietnam(2024)
    catalog = chitieu.Catalog([chitieu.Indicator.flow(code) for code in INDICATORS])
    return vn, catalog


def _frame_of_result(result):
    frame = result.to_pandas()
    return {(r.indicator, str(r.unit), str(r.period)): float(r.value)
            for r in frame.itertuples()}


def run_tool(tool: str, data: Path) -> dict:
    start = time.perf_counter()
    if tool == "chitieu_ooc":
        import chitieu

        vn, catalog = _chitieu_inputs()
        out = _frame_of_result(chitieu.rollup_dataset(data, vn, catalog, level="province",
                                                      period_type="quarter"))
    elif tool == "chitieu_dask":
        import dask.dataframe as dd
        from distributed import Client, LocalCluster

        import chitieu

        vn, catalog = _chitieu_inputs()
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=":0") as cluster, Client(cluster):
            ddf = dd.read_parquet(str(data))
            out = _frame_of_result(chitieu.dask.rollup(ddf, vn, catalog, level="province",
                                                       period_type="quarter"))
    else:
        out = _peer(tool, data)
    return {"tool": tool, "seconds": time.perf_counter() - start, "result": out}


def _quarter(period: str) -> str:
    return f"{period[:4]}Q{(int(period[4:]) - 1) // 3 + 1}"


def _peer(tool: str, data: Path) -> dict:
    import pandas as pd

    _, communes, province = _units()
    mapping = pd.DataFrame({"unit": communes, "province": province})
    files = str(data / "*.parquet")
    if tool == "duckdb":
        import duckdb

        con = duckdb.connect()
        con.register("mapping", mapping)
        frame = con.execute(f"""
            SELECT indicator, province, substr(period, 1, 4) || 'Q' ||
                   CAST((CAST(substr(period, 5, 2) AS INTEGER) - 1) // 3 + 1 AS VARCHAR) AS q,
                   SUM(value) AS value
            FROM read_parquet('{files}') o JOIN mapping USING (unit)
            GROUP BY ALL""").df()
    elif tool == "polars":
        import polars as pl

        lazy = (pl.scan_parquet(files)
                .with_columns(pl.col("unit").cast(pl.String), pl.col("indicator").cast(pl.String),
                              pl.col("period").cast(pl.String))
                .join(pl.from_pandas(mapping).lazy(), on="unit")
                .with_columns(q=pl.col("period").str.slice(0, 4) + "Q" +
                              ((pl.col("period").str.slice(4, 2).cast(pl.Int32) - 1) // 3 + 1)
                              .cast(pl.String))
                .group_by(["indicator", "province", "q"]).agg(pl.col("value").sum()))
        frame = lazy.collect(engine="streaming").to_pandas()
    else:  # dask_groupby, on the same LocalCluster shape as chitieu_dask
        import dask.dataframe as dd
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=":0") as cluster, Client(cluster):
            ddf = dd.read_parquet(str(data))
            ddf = ddf.astype({"unit": str, "indicator": str, "period": str}).merge(mapping, on="unit")
            ddf["q"] = ddf["period"].map(_quarter, meta=("q", str))
            frame = ddf.groupby(["indicator", "province", "q"])["value"].sum().compute().reset_index()
    return {(r[0], r[1], r[2]): float(r[3]) for r in frame.itertuples(index=False)}


def _one_process(tool: str, data: Path, timeout: float | None):
    """Runs one tool in a fresh process group; None when it ran past `timeout` seconds
    (the whole group is killed: Dask's worker processes too)."""
    with subprocess.Popen([sys.executable, __file__, "_one", tool, str(data)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return None
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def run(data: Path, tools: list[str], repeats: int, timeout: float | None = None) -> None:
    results, reference = [], None
    load = os.getloadavg()
    for tool in tools:
        for _ in range(repeats):
            proc = _one_process(tool, data, timeout)
            if proc is None:
                results.append({"tool": tool, "error": f"did not finish in {timeout:g} s"})
                continue
            if proc.returncode != 0:
                results.append({"tool": tool, "error": proc.stderr.strip().splitlines()[-1:]})
                continue
            one = json.loads(proc.stdout.strip().splitlines()[-1])
            got = {tuple(k.split("|")): v for k, v in one["result"].items()}
            if reference is None:
                reference = got
            same = got.keys() == reference.keys() and all(
                abs(got[k] - reference[k]) <= 1e-9 * max(1.0, abs(reference[k])) for k in got)
            results.append({"tool": tool, "seconds": round(one["seconds"], 2),
                            "cpu_seconds": round(one["cpu_seconds"], 2), "cells": len(got),
                            "peak_rss_mb": one["peak_rss_mb"], "equal": same})
    best = {r["tool"]: r["seconds"] for r in results if "seconds" in r}
    base = best.get("chitieu_ooc")
    print(f"load average before: {load}")
    print("| tool | seconds | CPU seconds (all processes) | peak RSS MB (largest process) "
          "| result cells | equal | vs chitieu_ooc |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        if "error" in r:
            print(f"| {r['tool']} | failed: {r['error']} | | | | | |")
            continue
        ratio = f"{r['seconds'] / base:.2f}x" if base else ""
        print(f"| {r['tool']} | {r['seconds']} | {r['cpu_seconds']} | {r['peak_rss_mb']} | "
              f"{r['cells']} | {r['equal']} | {ratio} |")
    print(f"load average after: {os.getloadavg()}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_one":
        out = run_tool(sys.argv[2], Path(sys.argv[3]))
        key = {}
        for (ind, unit, period), value in out["result"].items():
            key["|".join((ind, unit, period if "Q" in period else _quarter(period)))] = value
        # The largest of this process and its reaped descendants (Dask's workers).
        usage = [resource.getrusage(who)
                 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
        peak = max(u.ru_maxrss for u in usage)
        # CPU seconds too: on a loaded machine they vary less than wall time.
        cpu = sum(u.ru_utime + u.ru_stime for u in usage)
        print(json.dumps({"seconds": out["seconds"], "result": key, "cpu_seconds": cpu,
                          "peak_rss_mb": round(peak / 1024)}))
        return
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["write", "run"])
    parser.add_argument("--rows", type=float, default=1e7)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--tools", nargs="+", default=TOOLS, choices=TOOLS)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds a tool may take before it is stopped and reported so")
    args = parser.parse_args()
    if args.what == "write":
        write(args.rows, args.data)
    else:
        run(args.data, args.tools, args.repeats, args.timeout)


if __name__ == "__main__":
    main()
