"""The benchmark's jobs agree across tools and with a plain pandas oracle written here.

The oracle works on the codes (commune code, "YYYYMM" month, indicator code) and the
shipped CSV's parent links, not on the benchmark's lookup tables, and rolls every level
straight from the rows.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import compare  # noqa: E402
import peers  # noqa: E402
import workload  # noqa: E402

ROWS, INDICATORS = 20_000, 20


@pytest.fixture(scope="module")
def problem():
    data = workload.generate(ROWS, seed=7, indicators=INDICATORS)
    return data, workload.build_meta(data)


@pytest.fixture(scope="module")
def tools(problem):
    names, notes = compare.available_tools(compare.TOOLS)
    assert set(names) == set(compare.TOOLS), notes
    data, meta = problem
    return [compare.make_tool(n, data, meta, 2) for n in names]


# ---------------------------------------------------------------- the oracle
def _rows(data) -> pd.DataFrame:
    adm = workload.admin_table()
    parent = dict(zip(adm["code"], adm["parent_code"]))
    f = pd.DataFrame(
        {
            "indicator": data.indicator_codes[data.indicator],
            "commune": data.unit_codes[data.unit],
            "month": data.period_codes[data.period],
            "value": data.value,
        }
    )
    f["district"] = f["commune"].map(parent)
    f["province"] = f["district"].map(parent)
    f["nation"] = "VN"
    year = f["month"].str[:4]
    month = f["month"].str[4:].astype(int)
    f["year"] = year
    f["quarter"] = year + "Q" + ((month - 1) // 3 + 1).astype(str)
    f["half"] = year + "S" + ((month - 1) // 6 + 1).astype(str)
    f["mon"] = month
    position = {c: i for i, c in enumerate(data.indicator_codes)}
    f["role"] = f["indicator"].map(lambda c: position[c] % 10)  # 0 stock, 1 num, 2 den
    return f


def _to_canonical(frame, meta, unit_col, period_col, value_col="value"):
    """Codes and labels -> the benchmark's canonical ids."""
    ind = pd.Index(meta.out_indicators).get_indexer(frame["indicator"])
    unit = pd.Index(meta.out_units).get_indexer(frame[unit_col])
    period = pd.Index(meta.out_periods).get_indexer(frame[period_col])
    assert (ind >= 0).all() and (unit >= 0).all() and (period >= 0).all()
    return workload.canonical(ind, unit, period, frame[value_col].to_numpy())


def _sums(f, unit_col, period_col):
    return f.groupby(["indicator", unit_col, period_col], as_index=False)["value"].sum()


def oracle(job, data, meta) -> pd.DataFrame:
    f = _rows(data)
    flows = f[f["role"] >= 3]
    if job == 1:
        return _to_canonical(_sums(flows, "province", "quarter"), meta, "province", "quarter")
    if job == 2:
        parts = [
            _to_canonical(_sums(flows, lv, pt), meta, lv, pt)
            for lv in ("nation", "province", "district")
            for pt in ("quarter", "half", "year")
        ]
        return _concat(parts)
    if job == 3:
        num = _sums(f[f["role"] == 1], "province", "quarter")
        den = _sums(f[f["role"] == 2], "province", "quarter")
        codes = list(data.indicator_codes)
        den["indicator"] = [codes[codes.index(c) - 1] for c in den["indicator"]]
        r = num.merge(den, on=["indicator", "province", "quarter"], suffixes=("_n", "_d"))
        with np.errstate(divide="ignore", invalid="ignore"):
            r["value"] = r["value_n"] / r["value_d"] * 100
        r["indicator"] = [f"{c}_per_{codes[codes.index(c) + 1]}" for c in r["indicator"]]
        stock = f[f["role"] == 0].sort_values("month")
        last = stock.groupby(["indicator", "commune", "quarter"], as_index=False).last()
        return _concat(
            [
                _to_canonical(r, meta, "province", "quarter"),
                _to_canonical(_sums(last, "province", "quarter"), meta, "province", "quarter"),
            ]
        )
    year = str(meta.plan_year)
    ytd = flows[flows["mon"] <= workload.AS_OF_MONTH]
    actual = _sums(ytd[ytd["year"] == year], "province", "year")
    prior = _sums(ytd[ytd["year"] == str(meta.plan_year - 1)], "province", "year")
    a = actual.merge(prior, on=["indicator", "province"], how="left", suffixes=("", "_ly"))
    a = a.rename(columns={"value": "actual", "value_ly": "last_year"})
    codes = list(data.indicator_codes)
    provinces = list(meta.province_codes)
    a["target"] = [
        meta.target[codes.index(i), provinces.index(p)] for i, p in zip(a["indicator"], a["province"])
    ]
    with np.errstate(divide="ignore", invalid="ignore"):
        a["pct_of_plan"] = a["actual"] / a["target"] * 100
        a["yoy_pct"] = (a["actual"] / a["last_year"] - 1) * 100
    parts = []
    for measure in workload.MEASURES:
        parts.append(_to_canonical(a.assign(measure=measure), meta, "province", "measure", measure))
    return _concat(parts)


def _concat(parts):
    frame = pd.concat(parts)
    return workload.canonical(*(frame[c] for c in ("indicator", "unit", "period", "value")))


# ---------------------------------------------------------------- tests
@pytest.mark.parametrize("job", [1, 2, 3, 4])
def test_every_tool_matches_the_oracle(job, problem, tools):
    data, meta = problem
    expected = oracle(job, data, meta)
    assert len(expected) > 100
    for tool in tools:
        got = peers.result_frame(tool, job, getattr(tool, f"job{job}")())
        problem_text = workload.diff(got, expected, meta)
        assert problem_text is None, f"{tool.name}, job {job}: {problem_text}"


def test_the_check_catches_a_changed_value_and_a_missing_row(problem):
    data, meta = problem
    expected = oracle(1, data, meta)
    changed = expected.copy()
    changed.loc[5, "value"] += 1.0
    assert "1 values differ" in workload.diff(changed, expected, meta)
    inexact = expected.copy()
    inexact["value"] *= 1 + 1e-12  # no longer integer-valued: compared within 1e-9
    assert workload.diff(inexact, expected, meta) is None
    missing = expected.drop(index=3).reset_index(drop=True)
    text = workload.diff(missing, expected, meta)
    assert f"{len(expected) - 1} rows vs {len(expected)}" in text
    _ind, unit, per = (int(expected[c].iat[3]) for c in ("indicator", "unit", "period"))
    assert meta.out_units[unit] in text and meta.out_periods[per] in text


def test_floor_pass_reads_every_column():
    rng = np.random.default_rng(1)
    cols = [rng.integers(0, 100, 1001).astype(np.int32), rng.integers(0, 100, 999).astype(float)]
    expected = [int(cols[0].sum()), float(cols[1].sum())]
    assert [float(x) for x in compare.floor_pass(cols, 1)] == expected
    assert [float(x) for x in compare.floor_pass(cols, 2)] == expected
    with compare.ThreadPoolExecutor(3) as pool:
        assert [float(x) for x in compare.floor_pass(cols, 3, pool)] == expected
    assert [len(p) for p in compare._split(np.arange(7), 2)] == [4, 3]


@pytest.mark.parametrize("text, rows", [("1e7", 10**7), ("20000", 20000), ("1_000", 1000)])
def test_parse_rows(text, rows):
    assert compare.parse_rows(text) == rows


@pytest.mark.parametrize("text", ["abc", "1.5", "0", "-3"])
def test_parse_rows_rejects(text):
    with pytest.raises(Exception, match=text.replace(".", r"\.")):
        compare.parse_rows(text)


def test_end_to_end_run_writes_a_report(tmp_path):
    cmd = [
        sys.executable,
        str(ROOT / "benchmarks" / "compare.py"),
        "--rows", "2e4", "--repeat", "1", "--threads", "1", "--jobs", "1",
        "--tools", "chitieu,pandas", "--out", str(tmp_path), "--tag", "t",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert "job 1: all tools agree" in out.stdout
    report = next(tmp_path.glob("*-t.md")).read_text()
    assert "| pandas | 1 | 2e+04 | 1 |" in report and "CPU:" in report


def test_scaling_plot_is_written(tmp_path):
    records = [
        {"tool": t, "job": 1, "rows": r, "threads": th, "median": r * 1e-8, "floor": r * 1e-9}
        for t in compare.TOOLS
        for r in (10**6, 10**7)
        for th in (1, 2)
    ]
    compare.plot(records, tmp_path / "s.png")
    assert (tmp_path / "s.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_disagreement_stops_the_run_before_any_time(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(workload, "diff", lambda *a, **k: "3 values differ, e.g. ...")
    args = compare.argparse.Namespace(
        threads=[1], jobs=[1], repeat=1, seed=0, sorted=False
    )
    with pytest.raises(SystemExit, match=r"MISMATCH in job 1 .* polars with 1 thread"):
        compare.bench_size(20_000, args, ["pandas", "polars"], str(tmp_path))
    assert "job 1  polars" not in capsys.readouterr().out  # its time was never printed
