"""Wall time of a province-wide assessment on the example data.

Communes -> provinces, monthly data for 2019-2020 (2019 is the baseline and the
same period last year), 20 indicators with targets: the plans of
``chitieu.datasets.labour_social`` (8 indicators, district and province
targets) plus province targets for 12 more, set from 2019's actuals.

    PYTHONPATH=python .venv/bin/python benchmarks/assess_province.py
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import pandas as pd

import chitieu

# Extra province targets: indicator -> (kind, bound, factor on 2019's value).
EXTRA = {
    "unemployment_insurance_claims": ("total", "at_most", 1.10),
    "social_assistance_paid": ("total", "at_least", 1.05),
    "elderly_allowance_paid": ("total", "at_least", 1.05),
    "task_total": ("total", "at_least", 1.00),
    "task_completed": ("total", "at_least", 1.02),
    "labour_force": ("level", "at_least", 1.01),
    "households": ("level", "at_least", 1.01),
    "poor_households": ("level", "at_most", 0.80),
    "social_assistance_recipients": ("level", "at_least", 1.00),
    "children_supported": ("level", "at_least", 1.00),
    "max_processing_days": ("level", "at_most", 1.00),
    "untrained_workers": ("level", "at_most", 0.97),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--period", default="2020S1")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    t0 = time.perf_counter()
    data = chitieu.datasets.labour_social(years=(2019, 2020))
    vn = chitieu.Hierarchy.vietnam(2024)
    catalog = chitieu.Catalog.from_frame(data.catalog)
    t1 = time.perf_counter()
    obs = chitieu.Observations.from_frame(data.observations, vn, catalog)
    t2 = time.perf_counter()
    base = chitieu.rollup(obs, vn, catalog, level="province", periods=["2019"],
                          indicators=list(EXTRA)).to_pandas()
    extra = []
    for row in base.itertuples():
        kind, bound, factor = EXTRA[str(row.indicator)]
        extra.append({"indicator": str(row.indicator), "unit": str(row.unit),
                      "period": "2020", "kind": kind, "bound": bound,
                      "target": float(np.round(row.value * factor)),
                      "version": "original",
                      "effective_date": pd.Timestamp("2019-12-15")})
    plans = data.plans[data.plans["period"] == "2020"]
    frame = pd.concat([plans, pd.DataFrame(extra)], ignore_index=True)
    t3 = time.perf_counter()
    plan = chitieu.Plan.from_frame(frame, hierarchy=vn, catalog=catalog)
    t4 = time.perf_counter()
    times, cpu = [], []
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = chitieu.assess(obs, plan, vn, catalog, level="province",
                                period=args.period)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    table = result.to_pandas()
    print(f"observations: {len(obs):,} rows, {obs._core.n_units:,} units "
          f"(generate {t1 - t0:.2f} s, Observations.from_frame {t2 - t1:.2f} s)")
    print(f"plan: {len(plan):,} targets for {frame['indicator'].nunique()} indicators "
          f"(Plan.from_frame + check {t4 - t3:.2f} s)")
    print(f"assess(level='province', period='{args.period}'): {len(table)} rows, "
          f"{table['indicator'].nunique()} indicators, "
          f"{table['unit'].nunique()} provinces")
    print("wall time per assessment: " + ", ".join(f"{t:.3f}" for t in times)
          + f" s (median {np.median(times):.3f} s)")
    print("CPU time per assessment (all threads): " + ", ".join(f"{t:.3f}" for t in cpu)
          + f" s (median {np.median(cpu):.3f} s)")
    print("load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(table["status"].fillna("unknown").value_counts().to_string())


if __name__ == "__main__":
    main()
