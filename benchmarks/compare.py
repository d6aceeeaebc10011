#!/usr/bin/env python
"""chitieu against pandas, Polars and DuckDB on the same observations and the same jobs.

    python benchmarks/compare.py --rows 1e7
    python benchmarks/compare.py --rows 1e8 --scaling --threads 1,2

The parent process generates the observations once and writes them to a temporary
directory; every (tool, job, thread count) then runs in a fresh subprocess that loads
them, converts them to the tool's natural form (not timed), runs the job `--repeat`
times (the median is reported) and records its peak memory. Before any time is
reported, every tool's result of a job is checked against the first tool's: a mismatch
aborts the run. See benchmarks/README.md for the jobs and how to read the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TOOLS = ("chitieu", "pandas", "polars", "duckdb")
# what each tool imports (before the idle memory is measured)
LIBRARIES = {"pandas": ("pandas",), "polars": ("polars",), "duckdb": ("duckdb", "pyarrow"),
             "chitieu": ("chitieu",)}
SINGLE_THREADED = {"pandas"}


# ------------------------------------------------------------------ tools and memory
def make_tool(name: str, data, meta, threads: int):
    """The tool object for `name` (its constructor builds the natural input, untimed)."""
    import peers

    if name == "chitieu":
        import chitieu_tool

        return chitieu_tool.ChitieuTool(data, meta, threads)
    cls = {"pandas": peers.PandasTool, "polars": peers.PolarsTool, "duckdb": peers.DuckDBTool}
    return cls[name](data, meta, threads)


def _status_kib(key: str) -> int:
    with open("/proc/self/status") as f:
        return int(re.search(rf"^{key}:\s+(\d+)", f.read(), re.M).group(1))


def rss_bytes() -> int:
    return _status_kib("VmRSS") * 1024


def peak_bytes() -> int:
    return _status_kib("VmHWM") * 1024


def reset_peak() -> None:
    """Start a new peak-RSS window (Linux >= 4.0: "5" to clear_refs resets VmHWM)."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def floor_pass(cols, threads: int, pool: ThreadPoolExecutor | None = None) -> list:
    """One plain pass over the input bytes: the sum of every column, split over threads.

    numpy releases the GIL inside the reduction, so the threads run in parallel; pass
    a started `pool` to keep thread start-up out of the measurement. Integer sums wrap
    (the value is not the point, reading every byte is).
    """
    if threads <= 1:
        return [c.sum(dtype=c.dtype) for c in cols]
    parts = [_split(c, threads) for c in cols]
    flat = [p for ps in parts for p in ps]
    own = pool or ThreadPoolExecutor(threads)
    try:
        sums = list(own.map(lambda p: p.sum(dtype=p.dtype), flat))
    finally:
        if pool is None:
            own.shutdown()
    out, i = [], 0
    for c, ps in zip(cols, parts):
        out.append(np.add.reduce(np.array(sums[i : i + len(ps)], dtype=c.dtype)))
        i += len(ps)
    return out


def _split(a, n):
    step = -(-len(a) // n)
    return [a[i : i + step] for i in range(0, len(a), step)]


# ------------------------------------------------------------------ worker process
def worker(args) -> int:
    """Run one (tool, job, threads) in this fresh process; print one JSON line."""
    import importlib

    from workload import Data

    threads = args.threads[0]
    for lib in LIBRARIES.get(args.worker, ()):
        importlib.import_module(lib)
    idle = rss_bytes()
    data = Data.load(os.path.join(args.data, "data"))
    input_bytes = data.nbytes
    out = {"tool": args.worker, "job": args.job, "threads": threads, "input": input_bytes}
    if args.worker == "floor":
        cols = (data.indicator, data.unit, data.period, data.value)
        times = []
        with ThreadPoolExecutor(threads) as pool:
            floor_pass(cols, threads, pool)  # warm the threads and the pages
            for _ in range(max(args.repeat, 5)):
                t0 = time.perf_counter()
                floor_pass(cols, threads, pool)
                times.append(time.perf_counter() - t0)
        print(json.dumps({**out, "times": times, "build": 0.0, "idle": idle, "before": idle,
                          "peak": peak_bytes()}))
        return 0

    import pickle

    with open(os.path.join(args.data, "meta.pickle"), "rb") as f:
        meta = pickle.load(f)
    t0 = time.perf_counter()
    tool = make_tool(args.worker, data, meta, threads)
    build = time.perf_counter() - t0
    del data
    gc.collect()
    run = getattr(tool, f"job{args.job}")
    before = rss_bytes()
    reset_peak()
    times, res = [], None
    for _ in range(args.repeat):
        res = None
        gc.collect()
        t0 = time.perf_counter()
        res = run()
        times.append(time.perf_counter() - t0)
    peak = peak_bytes()
    note, parts = "", {}
    if getattr(tool, "parts", None):
        parts = {k: statistics.median(v) for k, v in tool.parts.items() if v}
        note = " + ".join(f"{k} {v:.3f}" for k, v in parts.items())
    import peers

    frame = peers.result_frame(tool, args.job, res)
    frame.to_parquet(args.result)
    rollup_peak = max(getattr(tool, "rollup_peaks", None) or [0])
    print(json.dumps({**out, "times": times, "build": build, "idle": idle, "before": before,
                      "peak": peak, "result_rows": len(frame), "note": note, "parts": parts,
                      "rollup_peak": rollup_peak, "load": os.getloadavg()[0]}))
    return 0


def run_worker(tool, job, threads, data_dir, repeat, result) -> dict:
    # numpy's OpenBLAS threads spin after any BLAS call; no tool uses BLAS here, and
    # on a two-core machine a spinning thread would steal a core from every tool
    env = dict(os.environ, POLARS_MAX_THREADS=str(threads), OPENBLAS_NUM_THREADS="1")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", tool, "--job", str(job),
           "--threads", str(threads), "--data", data_dir, "--repeat", str(repeat),
           "--result", result]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"FAILED: {tool} job {job} with {threads} thread(s) (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_rounds(tools, job, threads, data_dir, repeat, results) -> dict:
    """`repeat` rounds of one run of each tool, each run in a fresh process
    (first-touch page faults and all, as a user's first call has them). Rounds, not
    one tool's runs in a row: the machine's drift (a shared host) then falls on
    every tool alike instead of on whichever runs first."""
    runs = {tool: [] for tool in tools}
    for _ in range(repeat):
        for tool in tools:
            runs[tool].append(run_worker(tool, job, threads, data_dir, 1, results[tool]))
    return {tool: combine_runs(r) for tool, r in runs.items()}


def combine_runs(runs) -> dict:
    """One record of a tool's fresh-process runs: times are the runs' times, the
    parts and the load their medians, the peak the highest."""
    rec = dict(runs[-1])
    rec["times"] = [t for r in runs for t in r["times"]]
    rec["peak"] = max(r["peak"] for r in runs)
    rec["job_peak"] = max(r["peak"] - r["before"] for r in runs)
    rec["idle"] = min(r["idle"] for r in runs)
    rec["rollup_peak"] = max(r.get("rollup_peak", 0) for r in runs)
    rec["rollup_added"] = max(r.get("rollup_peak", 0) - r["before"] for r in runs)
    rec["build"] = statistics.median(r["build"] for r in runs)
    rec["load"] = statistics.median(r.get("load", 0.0) for r in runs)
    parts = {k: statistics.median(r["parts"][k] for r in runs) for k in rec.get("parts", {})}
    rec["parts"] = parts
    if parts:
        rec["note"] = " + ".join(f"{k} {v:.3f}" for k, v in parts.items())
    return rec


# ------------------------------------------------------------------ the parent
def parse_rows(text: str) -> int:
    """'1e7', '10000000' or '10_000_000' -> 10000000."""
    try:
        rows = float(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a row count: {text!r}") from None
    if rows < 1 or rows != int(rows):
        raise argparse.ArgumentTypeError(f"not a positive whole row count: {text!r}")
    return int(rows)


def parse_list(kind, allowed=None):
    def parse(text: str):
        items = [kind(x) for x in text.split(",") if x.strip()]
        if not items:
            raise argparse.ArgumentTypeError("empty list")
        bad = [x for x in items if allowed is not None and x not in allowed]
        if bad:
            raise argparse.ArgumentTypeError(f"unknown {bad}; choose from {sorted(allowed)}")
        return items

    return parse


def available_tools(wanted):
    """The wanted tools that import here, with a note for each one that does not."""
    import importlib

    ok, notes = [], []
    for t in wanted:
        try:
            for lib in LIBRARIES[t]:
                importlib.import_module(lib)
            if t == "chitieu":
                import chitieu_tool

                chitieu_tool.require_engine()
            ok.append(t)
        except (ImportError, AttributeError) as err:
            notes.append(f"{t} skipped: {err}")
    return ok, notes


def bench_size(rows, args, tools, work) -> tuple[list[dict], list[str]]:
    """Generate `rows` observations, run every tool x job x threads, check, time."""
    import pickle

    import pandas as pd
    import workload

    print(f"\n== {rows:,} rows: generating observations ...", flush=True)
    n_ind = workload.indicators_for(rows)
    data_dir = os.path.join(work, f"rows{rows}")
    os.makedirs(os.path.join(data_dir, "data"))
    data = workload.generate(rows, seed=args.seed, shuffle=not args.sorted)
    meta = workload.build_meta(data)
    data.save(os.path.join(data_dir, "data"))
    with open(os.path.join(data_dir, "meta.pickle"), "wb") as f:
        pickle.dump(meta, f)
    del data
    gc.collect()
    # the files just written are flushed now, not by the kernel during the first timed
    # runs (a 2 GB writeback at 1e8 slowed whichever tool ran first)
    os.sync()

    records = []
    floors = {}
    summary = []
    for th in args.threads:
        r = run_worker("floor", 0, th, data_dir, args.repeat, os.devnull)
        floors[th] = statistics.median(r["times"])
        line = (f"{rows:,} rows ({n_ind} indicators, {'sorted' if args.sorted else 'shuffled'}): "
                f"input columns {r['input'] / 2**20:,.0f} MiB; floor with {th} "
                f"thread(s) {floors[th] * 1e3:.1f} ms ({r['input'] / floors[th] / 1e9:.1f} GB/s)")
        summary.append(line)
        print("   " + line, flush=True)
    for job in args.jobs:
        reference, ref_name = None, None
        pandas_once = None
        for th in args.threads:
            timed = [t for t in tools if not (t in SINGLE_THREADED and pandas_once is not None)]
            results = {t: os.path.join(data_dir, f"{t}-{job}-{th}.parquet") for t in timed}
            recs = run_rounds(timed, job, th, data_dir, args.repeat, results)
            for tool in tools:
                if tool not in recs:
                    rec = dict(pandas_once, threads=th, floor=floors[th],
                               note="single-threaded: the 1-thread run")
                    records.append(rec)
                    continue
                result = results[tool]
                rec = recs[tool]
                rec.update(rows=rows, median=statistics.median(rec["times"]), floor=floors[th])
                frame = pd.read_parquet(result)
                os.remove(result)
                if reference is None:
                    reference, ref_name = frame, f"{tool} ({th} thread(s))"
                else:
                    problem = workload.diff(frame, reference, meta)
                    if problem:
                        raise SystemExit(
                            f"\n*** MISMATCH in job {job} at {rows:,} rows: {tool} with {th} "
                            f"thread(s) disagrees with {ref_name}:\n    {problem}\n"
                            "No timings are reported for a job whose results differ."
                        )
                del frame
                if tool in SINGLE_THREADED:
                    pandas_once = rec
                records.append(rec)
                print(f"   job {job}  {tool:8s} {th} thread(s): {rec['median']:8.3f} s "
                      f"(build {rec['build']:.2f} s, peak {rec['peak'] / 2**20:,.0f} MiB)",
                      flush=True)
        print(f"   job {job}: all tools agree ({len(reference):,} result rows)", flush=True)
        del reference
    shutil.rmtree(data_dir, ignore_errors=True)
    return records, summary


def add_ratios(records) -> None:
    by_key = {(r["job"], r["rows"], r["threads"]): r["median"] for r in records
              if r["tool"] == "chitieu"}
    for r in records:
        ref = by_key.get((r["job"], r["rows"], r["threads"]))
        r["vs_chitieu"] = r["median"] / ref if ref else None
        r["vs_floor"] = r["median"] / r["floor"]
        r["mem_ratio"] = (r["peak"] - r["idle"]) / r["input"]
        r["job_mem"] = r.get("job_peak", r["peak"] - r["before"]) / r["input"]
        if r.get("rollup_peak"):  # chitieu: the peak when rollup() returned
            r["note"] += (f"; build+rollup (peak-idle)/input "
                          f"{(r['rollup_peak'] - r['idle']) / r['input']:.2f}, "
                          f"1+added/input {1 + r['rollup_added'] / r['input']:.2f}")


def table(records) -> str:
    head = ("| tool | job | rows | threads | median s | x chitieu | x floor | peak MiB | "
            "(peak-idle)/input | job/input | build s | load | note |")
    lines = [head, "|" + "---|" * 13]
    for r in sorted(records, key=lambda r: (r["rows"], r["job"], r["threads"],
                                            TOOLS.index(r["tool"]))):
        vs = f"{r['vs_chitieu']:.2f}" if r["vs_chitieu"] else "-"
        lines.append(
            f"| {r['tool']} | {r['job']} | {r['rows']:.0e} | {r['threads']} | "
            f"{r['median']:.3f} | {vs} | {r['vs_floor']:.1f} | {r['peak'] / 2**20:,.0f} | "
            f"{r['mem_ratio']:.2f} | {r['job_mem']:.2f} | {r['build']:.2f} | "
            f"{r.get('load', 0.0):.1f} | {r['note']} |"
        )
    return "\n".join(lines)


def ratios(records) -> str:
    """Per job, rows and threads: chitieu's whole job against each peer and the best."""
    peers = [t for t in TOOLS if t != "chitieu"]
    head = ("| job | rows | threads | chitieu s | " + " | ".join(f"{p} s" for p in peers)
            + " | best peer / chitieu |")
    lines = [head, "|" + "---|" * (5 + len(peers))]
    keys = sorted({(r["job"], r["rows"], r["threads"]) for r in records})
    for job, rows, th in keys:
        by = {r["tool"]: r["median"] for r in records
              if (r["job"], r["rows"], r["threads"]) == (job, rows, th)}
        if "chitieu" not in by:
            continue
        times = [by.get(p) for p in peers]
        best = min((t for t in times if t), default=None)
        cells = " | ".join(f"{t:.3f}" if t else "-" for t in times)
        vs = f"**{best / by['chitieu']:.2f}x**" if best else "-"
        lines.append(f"| {job} | {rows:.0e} | {th} | {by['chitieu']:.3f} | {cells} | {vs} |")
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        m = re.search(r"^model name\s*:\s*(.+)$", f.read(), re.M)
        cpu = m.group(1) if m else cpu
    with open("/proc/meminfo") as f:
        mem = int(re.search(r"^MemTotal:\s+(\d+)", f.read(), re.M).group(1)) / 2**20
    cores = len(os.sched_getaffinity(0))
    versions = []
    for name in ("numpy", "pandas", "polars", "duckdb", "pyarrow", "chitieu"):
        try:
            versions.append(f"{name} {__import__(name).__version__}")
        except ImportError:
            versions.append(f"{name} (not installed)")
    commit = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True, check=False).stdout.strip()
    return (f"- CPU: {cpu}, {cores} cores available ({os.cpu_count()} online), "
            f"{mem:.1f} GiB memory\n"
            f"- {platform.platform()}, Python {platform.python_version()}\n"
            f"- {', '.join(versions)}\n"
            f"- chitieu commit: {commit or 'unknown'}")


def plot(records, path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    jobs = sorted({r["job"] for r in records})
    fig, axes = plt.subplots(1, len(jobs), figsize=(4.2 * len(jobs), 4), squeeze=False)
    colours = dict(zip((*TOOLS, "floor"), plt.rcParams["axes.prop_cycle"].by_key()["color"]))
    for ax, job in zip(axes[0], jobs):
        for tool in (*TOOLS, "floor"):
            for th in sorted({r["threads"] for r in records}):
                pts = sorted((r["rows"], r["median"] if tool != "floor" else r["floor"])
                             for r in records if r["job"] == job and r["threads"] == th
                             and (r["tool"] == tool or (tool == "floor" and r["tool"] == "chitieu")))
                if pts and not (tool in SINGLE_THREADED and th > 1):
                    ax.plot(*zip(*pts), marker="o", linestyle="-" if th == 1 else "--",
                            color=colours[tool], label=f"{tool} ({th}t)")
        ax.set(xscale="log", yscale="log", xlabel="rows", ylabel="median seconds",
               title=f"job {job}")
        ax.grid(True, which="both", alpha=0.3)
    axes[0][-1].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv=None) -> int:
    import peers

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=parse_rows, default=10**7, help="row count, e.g. 1e7")
    p.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    p.add_argument("--threads", type=parse_list(int), default=[1, 2], help="e.g. 1,2")
    p.add_argument("--tools", type=parse_list(str, set(TOOLS)), default=list(TOOLS))
    p.add_argument("--jobs", type=parse_list(int, {1, 2, 3, 4}), default=[1, 2, 3, 4])
    p.add_argument("--out", default=str(HERE / "results"), help="directory for the report")
    p.add_argument("--tag", default="", help="suffix of the report name: <date>-<tag>.md")
    p.add_argument("--scaling", action="store_true",
                   help="run 1e6, 1e7, ... up to --rows and plot time against rows")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--sorted", action="store_true",
                   help="rows sorted by (indicator, commune, month) (default: random order)")
    p.add_argument("--shuffle", action="store_true", help=argparse.SUPPRESS)  # the default
    p.add_argument("--worker", choices=(*TOOLS, "floor"), help=argparse.SUPPRESS)
    p.add_argument("--job", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--data", help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        return worker(args)
    if args.repeat < 1:
        p.error("--repeat must be at least 1")

    tools, notes = available_tools(args.tools)
    if not tools:
        p.error("none of the requested tools can be imported: " + "; ".join(notes))
    sizes = [args.rows]
    if args.scaling:
        sizes = [10**k for k in range(6, 10) if 10**k < args.rows] + [args.rows]
    load_start = os.getloadavg()
    started = dt.datetime.now()
    work = tempfile.mkdtemp(prefix="chitieu-bench-")
    records, summary = [], []
    try:
        for rows in sizes:
            recs, lines = bench_size(rows, args, tools, work)
            records += recs
            summary += lines
    finally:
        shutil.rmtree(work, ignore_errors=True)
    add_ratios(records)
    load_end = os.getloadavg()

    text = table(records)
    ratio_text = ratios(records)
    print("\n" + text + "\n\n" + ratio_text)
    os.makedirs(args.out, exist_ok=True)
    name = started.strftime("%Y-%m-%d") + (f"-{args.tag}" if args.tag else "")
    report = Path(args.out) / f"{name}.md"
    jobs = "\n".join(f"{j}. {peers.JOB_NAMES[j]}" for j in args.jobs)
    body = [
        f"# chitieu vs pandas, Polars, DuckDB — {started:%Y-%m-%d %H:%M}",
        "",
        f"`python benchmarks/compare.py {' '.join(sys.argv[1:] if argv is None else argv)}`",
        "",
        machine(),
        f"- load average at start {load_start[0]:.2f}, at end {load_end[0]:.2f}",
        *[f"- {line}" for line in summary],
        "",
        "Jobs:",
        "",
        jobs,
        "",
        "Times are the median of "
        f"{args.repeat} runs, each in a fresh process, in rounds (one run of every tool "
        "a round, so the machine's drift falls on all alike). chitieu's time is its whole job: "
        "`Observations.from_arrays` from the commune indices with their dictionary of "
        "hierarchy ids (read through it by the build's checks and the rollup), `rollup()` and "
        "`.to_pandas()`; the note gives each part (medians) and the memory build + "
        "rollup needed, taken when `rollup()` returned (before the DataFrame is made): "
        "`(peak-idle)/input` as for every tool, and `1+added/input`, the input plus what "
        "the build and rollup added to the memory held before the job (the input, the "
        "workload's metadata every tool is given, the hierarchy and catalog). The peers' "
        "conversion of the numpy columns to their natural form (pandas DataFrame, Polars "
        "DataFrame, Arrow table for DuckDB; zero-copy or close) is not timed and shown as "
        "`build s`. `load` is the 1-minute load average when the runs ended (the machine "
        "is shared: a load above its core count slows every tool). Every tool's results were "
        "checked against the others before any time was kept; every worker runs with "
        "OPENBLAS_NUM_THREADS=1 (no tool uses BLAS; numpy's idle BLAS threads would spin). "
        "`x floor` divides by one "
        "plain pass over the same input bytes with the same thread count; `peak MiB` is "
        "the process's peak resident memory while the job ran (input included); "
        "`(peak-idle)/input` is that peak less the idle interpreter with the tool imported, "
        "over the input columns' bytes (1.0 = nothing beyond the input); `job/input` is "
        "what the job itself adds at its peak over the memory held before it started "
        "(the input and the tool's natural form), over the input's bytes.",
        "",
        text,
        "",
        "Whole job, chitieu against each peer (median seconds; the last column > 1 means "
        "chitieu is faster than the fastest peer):",
        "",
        ratio_text,
    ]
    if notes:
        body += ["", *[f"- {n}" for n in notes]]
    if args.scaling:
        png = Path(args.out) / f"{name}-scaling.png"
        plot(records, png)
        body += ["", f"![time vs rows]({png.name})"]
        print(f"plot: {png}")
    report.write_text("\n".join(body) + "\n")
    print(f"report: {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
