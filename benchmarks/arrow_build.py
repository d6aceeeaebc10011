"""Observations.from_frame: a pyarrow Table with dictionary codes against pandas.

The same rows (``chitieu.datasets.synthetic``: indicator x commune x month
cells of the real 2024 hierarchy) are given to ``Observations.from_frame``
three ways, and the built observations are checked to be the same before any
time is kept:

* ``pandas str``: a pandas DataFrame with text code columns, as ``read_csv``
  gives them (pandas' default string dtype);
* ``pandas object``: the same with object (Python str) columns;
* ``arrow dict``: a pyarrow Table whose code columns are dictionary-encoded
  (as Parquet files and Polars categoricals arrive).

    nice python benchmarks/arrow_build.py --rows 1e7 --repeat 1
"""

from __future__ import annotations

import argparse
import gc
import os
import time

import numpy as np
import pandas as pd
import pyarrow as pa

import chitieu


def _frames(rows: int):
    data = chitieu.datasets.synthetic(rows, seed=0, indicators=60)
    codes = {"indicator": (data.indicator, data.indicator_codes),
             "unit": (data.unit, data.unit_codes), "period": (data.period, data.period_codes)}
    table = pa.table({**{name: pa.DictionaryArray.from_arrays(pa.array(ids), pa.array(labels.astype(str)))
                         for name, (ids, labels) in codes.items()}, "value": data.value})
    text = {name: np.asarray(labels.astype(object))[ids] for name, (ids, labels) in codes.items()}
    as_str = pd.DataFrame({**{k: pd.array(v, dtype="str") for k, v in text.items()},
                           "value": data.value})
    as_object = pd.DataFrame({**{k: pd.Series(v, dtype=object) for k, v in text.items()},
                              "value": data.value})
    catalog = chitieu.Catalog([chitieu.Indicator.flow(str(c)) for c in data.indicator_codes])
    return {"pandas str": as_str, "pandas object": as_object, "arrow dict": table}, catalog


def _time(frame, hierarchy, catalog, repeat: int):
    best, obs = float("inf"), None
    for _ in range(repeat):
        obs = None
        gc.collect()
        start = time.perf_counter()
        obs = chitieu.Observations.from_frame(frame, hierarchy, catalog)
        best = min(best, time.perf_counter() - start)
    return best, obs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=lambda s: int(float(s)), default=10**7)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    hierarchy = chitieu.Hierarchy.vietnam(2024)
    frames, catalog = _frames(args.rows)
    times, reference = {}, None
    for name, frame in frames.items():
        seconds, obs = _time(frame, hierarchy, catalog, args.repeat)
        columns = obs._core.columns()
        # Period ids follow the order periods were met in: compare their dates.
        days = np.array([p.first.toordinal() for p in obs.periods.periods()], dtype=np.int64)
        fingerprint = (len(obs), float(columns["real_value"].sum()),
                       int(columns["real_unit"].astype(np.int64).sum()),
                       int(days[columns["real_period"]].sum()),
                       float((columns["real_value"] * days[columns["real_period"]]).sum()))
        if reference is None:
            reference = fingerprint
        elif fingerprint != reference:
            raise SystemExit(f"{name}: observations differ from pandas str: {fingerprint} != {reference}")
        times[name] = seconds
    load = os.getloadavg()[0]
    print(f"Observations.from_frame, {args.rows:,} rows, best of {args.repeat}, "
          f"load average {load:.1f}, pyarrow {pa.__version__}, pandas {pd.__version__}")
    base = times["arrow dict"]
    for name, seconds in times.items():
        print(f"  {name:<14} {seconds:8.2f} s   {seconds / base:5.1f}x the arrow time")


if __name__ == "__main__":
    main()
