"""The command line, end to end on small files, including its errors."""

import subprocess
import sys

import pandas as pd
import pytest

from chitieu.cli import main


@pytest.fixture
def files(tmp_path):
    obs = pd.DataFrame({
        "indicator": ["jobs", "jobs", "jobs", "poor"],
        "unit": ["00001", "00004", "00001", "00001"],
        "period": ["202001", "202002", "202004", "202003"],
        "value": [3, 4, 5, 10],
    })
    catalog = pd.DataFrame({"code": ["jobs", "poor"], "preset": ["flow", "stock"]})
    paths = {"observations": tmp_path / "obs.csv", "catalog": tmp_path / "catalog.csv"}
    obs.to_csv(paths["observations"], index=False)
    catalog.to_parquet(tmp_path / "catalog.parquet")
    catalog.to_csv(paths["catalog"], index=False)
    paths["catalog_parquet"] = tmp_path / "catalog.parquet"
    return paths


def test_rollup_writes_csv_matching_a_plain_sum(files, tmp_path, capsys):
    out = tmp_path / "out.csv"
    rc = main(["rollup", "--observations", str(files["observations"]),
               "--catalog", str(files["catalog_parquet"]), "--level", "province",
               "--period-type", "quarter", "--out", str(out)])
    assert rc == 0 and "wrote" in capsys.readouterr().out
    result = pd.read_csv(out, dtype={"unit": str})
    jobs = result[result.indicator == "jobs"].set_index("period")["value"].to_dict()
    assert jobs == {"2020Q1": 7.0, "2020Q2": 5.0}
    assert set(result.unit) == {"01"}


def test_rollup_prints_a_table_without_out(files, capsys):
    assert main(["rollup", "--observations", str(files["observations"]), "--catalog",
                 str(files["catalog"]), "--level", "nation", "--period-type", "year"]) == 0
    text = capsys.readouterr().out
    assert "VN" in text and "2020" in text


@pytest.mark.parametrize("args, message", [
    (["--observations", "missing.csv"], "observations file not found: missing.csv"),
    (["--catalog", "CATALOG_AS_OBS"], "lacks column(s) indicator, unit, period, value"),
    (["--level", "ward"], "'ward'"),
])
def test_errors_are_one_clear_line(files, capsys, args, message):
    base = {"--observations": str(files["observations"]), "--catalog": str(files["catalog"]),
            "--level": "province"}
    for flag, value in zip(args[::2], args[1::2]):
        if value == "CATALOG_AS_OBS":
            base["--observations"] = str(files["catalog"])
        else:
            base[flag] = value
    argv = ["rollup", "--period-type", "quarter"] + [x for kv in base.items() for x in kv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("chitieu rollup: error:") and message in err


def test_unknown_unit_code_is_named(files, tmp_path, capsys):
    bad = pd.read_csv(files["observations"], dtype=str)
    bad.loc[1, "unit"] = "99999"
    path = tmp_path / "bad.csv"
    bad.to_csv(path, index=False)
    assert main(["rollup", "--observations", str(path), "--catalog", str(files["catalog"]),
                 "--level", "province", "--period-type", "quarter"]) == 2
    assert "'99999'" in capsys.readouterr().err


def test_console_script_help_shows_examples():
    out = subprocess.run([sys.executable, "-m", "chitieu.cli", "rollup", "--help"],
                         capture_output=True, text=True, check=True).stdout
    assert "example:" in out and "--period-type" in out


def test_disbursement_command_end_to_end(tmp_path, capsys):
    alloc = pd.DataFrame({"programme": ["merit"], "source": ["central"], "unit": ["001"],
                          "year": [2020], "amount": [198_770_000_000]})
    pay = pd.DataFrame({"date": ["2020-12-20"], "programme": ["merit"], "source": ["central"],
                        "unit": ["00001"], "amount": [197_100_000_000]})
    schedule = pd.DataFrame({"period": ["Q1", "S1", "Q3", "year"], "share": [0.15, 0.45, 0.7, 1.0]})
    for name, frame in (("alloc", alloc), ("pay", pay), ("schedule", schedule)):
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
    out = tmp_path / "d.csv"
    assert main(["disbursement", "--allocations", str(tmp_path / "alloc.csv"), "--payments",
                 str(tmp_path / "pay.csv"), "--schedule", str(tmp_path / "schedule.csv"),
                 "--level", "province", "--as-of", "2020-12-31", "--out", str(out)]) == 0
    row = pd.read_csv(out, dtype={"unit": str}).iloc[0]
    assert row.unit == "01" and f"{row.disbursement_rate:.2f}" == "99.16"
    pay.assign(amount=-5).to_csv(tmp_path / "bad.csv", index=False)
    assert main(["disbursement", "--allocations", str(tmp_path / "alloc.csv"), "--payments",
                 str(tmp_path / "bad.csv"), "--level", "province", "--as-of", "2020-12-31"]) == 2
    assert "not flagged as a reversal" in capsys.readouterr().err
