"""Reading a 1,000,000-row observations file: CSV and Excel .xlsx through
:mod:`chitieu.io`, against ``pandas.read_csv`` alone; calamine against openpyxl.

    python benchmarks/read_inputs.py --rows 1000000 --out /tmp/chitieu-read

Prints one line per measurement (best of ``--repeat``). The observations are
indicator x commune x month with one-decimal values, as a district office sends
them; ``--distinct`` makes every value distinct (the parser's worst case).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

import chitieu
from chitieu import io as chio


def observations(rows: int, distinct: bool, seed: int = 0) -> pd.DataFrame:
    vn = chitieu.Hierarchy.vietnam(2024)
    rng = np.random.default_rng(seed)
    communes = np.array(vn.units("commune"))
    values = rng.uniform(0, 10_000, rows) if distinct else rng.integers(0, 100_000, rows) / 10
    return pd.DataFrame({
        "indicator": rng.choice([f"ind{k:02d}" for k in range(20)], rows),
        "unit": rng.choice(communes, rows),
        "period": [f"2024{m:02d}" for m in rng.integers(1, 13, rows)],
        "value": np.round(values, 3 if distinct else 1)})


def best(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("observations")
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        sheet.append(row)
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--distinct", action="store_true")
    parser.add_argument("--xlsx", action="store_true", help="also write and read a .xlsx")
    parser.add_argument("--out", type=Path, default=Path("benchmark-read"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    vn = chitieu.Hierarchy.vietnam(2024)
    frame = observations(args.rows, args.distinct)
    csv = args.out / f"obs_{args.rows}{'_distinct' if args.distinct else ''}.csv"
    if not csv.exists():
        frame.to_csv(csv, index=False)
    base = best(args.repeat, lambda: pd.read_csv(csv))
    ours = best(args.repeat, lambda: chio.read_table(csv, "observations", hierarchy=vn))
    print(f"csv  {args.rows:>9,} rows  pandas.read_csv alone {base:6.2f} s")
    print(f"csv  {args.rows:>9,} rows  chitieu.io.read_table {ours:6.2f} s  ({ours / base:.2f}x)")
    got = chio.read_table(csv, "observations", hierarchy=vn)
    assert np.array_equal(got["value"].to_numpy(), frame["value"].to_numpy())
    if not args.xlsx:
        return
    xlsx = csv.with_suffix(".xlsx")
    if not xlsx.exists():
        start = time.perf_counter()
        write_xlsx(frame, xlsx)
        print(f"xlsx {args.rows:>9,} rows  written by openpyxl in {time.perf_counter() - start:.1f} s")
    ours = best(1, lambda: chio.read_table(xlsx, "observations", hierarchy=vn))
    print(f"xlsx {args.rows:>9,} rows  chitieu.io.read_table (calamine) {ours:6.2f} s")
    from python_calamine import CalamineWorkbook

    raw = best(1, lambda: CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).to_python())
    print(f"xlsx {args.rows:>9,} rows  calamine cells alone {raw:6.2f} s")

    def openpyxl_cells() -> None:
        import openpyxl

        book = openpyxl.load_workbook(xlsx, read_only=True)
        for _ in book.worksheets[0].iter_rows(values_only=True):
            pass

    print(f"xlsx {args.rows:>9,} rows  openpyxl cells alone (read_only) "
          f"{best(1, openpyxl_cells):6.2f} s")


if __name__ == "__main__":
    main()
