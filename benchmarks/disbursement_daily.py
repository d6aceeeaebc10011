"""Wall time of the disbursement of a year of daily payments by every commune.

``chitieu.datasets.daily_payments`` (about three million rows) against the
district allocations of ``labour_social``, per province x programme x source as
of 31 December, with the monthly S-curves; end to end from the payment frame
(``Payments.from_frame`` included).

    PYTHONPATH=python .venv/bin/python benchmarks/disbursement_daily.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time

import numpy as np

import chitieu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--provinces", default=None,
                        help="comma-separated province codes (default: all)")
    args = parser.parse_args()

    t0 = time.perf_counter()
    provinces = args.provinces.split(",") if args.provinces else None
    frame = chitieu.datasets.daily_payments(seed=0, year=2020, provinces=provinces)
    data = chitieu.datasets.labour_social(seed=0, years=(2020,))
    vn = chitieu.Hierarchy.vietnam(2024)
    allocations = chitieu.Allocations.from_frame(data.allocations)
    t1 = time.perf_counter()
    times, cpu = [], []
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        payments = chitieu.Payments.from_frame(frame)
        result = chitieu.disbursement(allocations, payments, chitieu.Schedule.linear(), vn,
                                      level="province", as_of=dt.date(2020, 12, 31))
        curve = result.s_curve()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    table = result.to_pandas()
    print(f"payments: {len(frame):,} rows (generate {t1 - t0:.2f} s)")
    print(f"disbursement(level='province'): {len(table)} rows, S-curve {len(curve)} rows; "
          f"disbursed {int(table['disbursed'].sum()):,} đồng")
    print("wall time, Payments.from_frame + disbursement + s_curve: "
          + ", ".join(f"{t:.3f}" for t in times) + f" s (median {np.median(times):.3f} s)")
    print("CPU time (all threads of the process): "
          + ", ".join(f"{t:.3f}" for t in cpu) + f" s (median {np.median(cpu):.3f} s)")
    print("load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
