"""The same observations, plan, allocations and payments as CSV (en), CSV (vi
numbers, day-first dates, cp1258), .xlsx and Parquet give identical results --
and the results match plain sums of the data written."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _io_files import FORMATS, write

import chitieu
from chitieu import io as chio

pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def vn():
    return chitieu.Hierarchy.vietnam(2024)


def _tables(vn) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(12)
    communes = vn.descendants("001", "commune")[:6] + vn.descendants("002", "commune")[:4]
    n = 60
    obs = pd.DataFrame({
        "indicator": rng.choice(["jobs", "hires"], n), "unit": rng.choice(communes, n),
        "period": [f"2024{m:02d}" for m in rng.integers(1, 7, n)],
        "value": np.round(rng.uniform(0, 5000, n), 1)}).drop_duplicates(
            ["indicator", "unit", "period"]).reset_index(drop=True)
    plan = pd.DataFrame({"indicator": ["jobs", "hires", "jobs"], "unit": ["01", "01", "001"],
                         "period": ["2024", "2024", "2024"], "kind": "total",
                         "target": [240_000.0, 1_250.5, 80_000.0]})
    alloc = pd.DataFrame({"programme": ["merit", "assist"], "source": "central",
                          "unit": ["001", "002"], "year": 2024,
                          "amount": [12_345_678_900, 9_007_199_254_740_993]})
    m = 40
    pay = pd.DataFrame({
        "date": pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 180, m), "D"),
        "programme": rng.choice(["merit", "assist"], m), "source": "central",
        "unit": rng.choice(communes, m),
        "amount": rng.integers(1, 50_000, m) * 100_000, "reversal": False})
    pay.loc[[3, 7], "amount"] *= -1
    pay.loc[[3, 7], "reversal"] = True
    pay.loc[0, "amount"] = 2**53 + 1  # exact only as text or int64, never through float
    return {"observations": obs, "plan": plan, "allocations": alloc, "payments": pay}


def _results(paths: dict, vn, **options) -> dict[str, pd.DataFrame]:
    read = {kind: chio.read_table(path, kind, hierarchy=vn, **options)
            for kind, path in paths.items()}
    catalog = chitieu.Catalog([chitieu.Indicator.flow("jobs"), chitieu.Indicator.flow("hires")])
    obs = chitieu.Observations.from_frame(read["observations"], vn, catalog)
    plan = chitieu.Plan.from_frame(read["plan"])
    rolled = chitieu.rollup(obs, vn, catalog, level="district", period_type="quarter")
    assessed = chitieu.assess(obs, plan, vn, catalog, level="province", period="2024S1")
    paid = chitieu.disbursement(chitieu.Allocations.from_frame(read["allocations"]),
                                chitieu.Payments.from_frame(read["payments"]),
                                chitieu.Schedule.linear(), vn, level="district",
                                as_of="2024-06-30")
    return {"rollup": rolled.to_pandas(), "assess": assessed.to_pandas(),
            "disbursement": paid.to_pandas()}


@pytest.fixture(scope="module")
def written(vn, tmp_path_factory):
    tables = _tables(vn)
    out = {}
    for fmt in FORMATS:
        folder = tmp_path_factory.mktemp(fmt)
        out[fmt] = {kind: write(frame, folder / kind, fmt) for kind, frame in tables.items()}
    return tables, out


@pytest.fixture(scope="module")
def baseline(written, vn):
    _, paths = written
    return _results(paths["parquet"], vn)


def test_parquet_baseline_matches_plain_sums(written, baseline, vn):
    tables, _ = written
    obs, pay = tables["observations"], tables["payments"]
    quarter = obs["period"].str[:4] + "Q" + ((obs["period"].str[4:].astype(int) + 2) // 3).astype(str)
    oracle = obs.assign(unit=obs["unit"].map(vn.parent), period=quarter).groupby(
        ["indicator", "unit", "period"])["value"].sum()
    got = baseline["rollup"].astype({"indicator": str, "unit": str, "period": str}).set_index(
        ["indicator", "unit", "period"])["value"]
    pd.testing.assert_series_equal(got.sort_index(), oracle.sort_index(), check_names=False)
    assert baseline["disbursement"]["disbursed"].sum() == sum(int(a) for a in pay["amount"])


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "parquet"])
def test_every_format_gives_identical_results(written, baseline, vn, fmt):
    _, paths = written
    encoding = "cp1258" if fmt == "csv_vi_cp1258" else None
    got = _results(paths[fmt], vn, encoding=encoding)
    for name, frame in baseline.items():
        pd.testing.assert_frame_equal(got[name], frame, check_exact=True, obj=f"{fmt} {name}")
