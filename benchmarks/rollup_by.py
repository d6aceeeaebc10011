"""A disaggregated rollup (by sex, 2 categories) against the plain rollup of
the same rows: communes -> provinces, months -> quarters.

    PYTHONPATH=python .venv/bin/python benchmarks/rollup_by.py --rows 1e6
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import chitieu
from chitieu import _core


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, default=1e6)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    data = chitieu.datasets.synthetic(int(args.rows), seed=0, indicators=300)
    vn = chitieu.Hierarchy.vietnam(2024)
    catalog = chitieu.Catalog([
        (chitieu.Indicator.flow if k % 2 == 0 else chitieu.Indicator.stock)(str(c))
        for k, c in enumerate(data.indicator_codes)])
    periods = chitieu.PeriodIndex([str(c) for c in data.period_codes])
    units = np.asarray(vn.ids(list(data.unit_codes)), dtype=np.int32)[data.unit]
    plain = chitieu.Observations.from_arrays(
        data.indicator, units, data.period, data.value, periods=periods, hierarchy=vn,
        catalog=catalog)
    series = _core.series_index(catalog._core, ["sex"])
    sex = series.options(0, ["female", "male"])[
        np.random.default_rng(1).integers(0, 2, len(data.value))]
    ids = series.intern(np.ascontiguousarray(data.indicator), [sex])
    by_sex = chitieu.Observations.from_arrays(
        ids, units, data.period, data.value, periods=periods, hierarchy=vn, catalog=catalog,
        series=series)
    options = {"level": "province", "period_type": "quarter", "threads": args.threads}
    base = timed(lambda: chitieu.rollup(plain, **options), args.repeat)
    kept = timed(lambda: chitieu.rollup(by_sex, by="sex", **options), args.repeat)
    total = timed(lambda: chitieu.rollup(by_sex, **options), args.repeat)
    rows = len(chitieu.rollup(by_sex, by="sex", **options))
    print(f"{len(data.value):,} rows, {len(catalog)} indicators, threads={args.threads}")
    for name, t in (("plain rollup", base), ("by sex (2 options)", kept),
                    ("total over sex", total)):
        print(f"{name:>20}: median {np.median(t):.3f} s  ({np.median(t) / np.median(base):.2f}x)")
    print(f"by-sex result rows: {rows:,}")


if __name__ == "__main__":
    main()
