"""The issue's table, end to end through the command line: each row that was
silently wrong now gives the right numbers or an error naming file and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import chitieu
from chitieu import cli
from chitieu.cli import main

INPUTS = Path(__file__).parent / "data" / "inputs"
ROOT = Path(__file__).resolve().parents[2]


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main([str(a) for a in argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


@pytest.fixture
def observations(tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text("indicator,unit,period,value\njobs,00001,202401,300\n"
                    "jobs,00004,202402,400\njobs,00001,202406,500\n", encoding="utf-8")
    return path


def _disbursed(tmp_path, capsys, payments: str, as_of: str) -> pd.DataFrame:
    out = tmp_path / "d.csv"
    rc, _, err = _run(capsys, "disbursement", "--allocations", INPUTS / "allocations.csv",
                      "--payments", INPUTS / payments, "--level", "province",
                      "--as-of", as_of, "--out", out)
    assert rc == 0, err
    return pd.read_csv(out)


@pytest.mark.parametrize("as_of, paid", [("2024-06-30", 6), ("30/06/2024", 6),
                                         ("05/06/2024", 5), ("10/02/2024", 2)])
def test_day_first_payment_dates_and_as_of_are_not_read_month_first(tmp_path, capsys,
                                                                     as_of, paid):
    result = _disbursed(tmp_path, capsys, "payments_day_first_dates.csv", as_of)
    assert result.loc[0, "disbursed"] == paid * 1_000_000


def test_reversal_blank_co_khong_are_read_as_written_not_all_reversals(tmp_path, capsys):
    result = _disbursed(tmp_path, capsys, "payments_reversal_blank_co_khong.csv", "2024-12-31")
    ledger = pd.read_csv(INPUTS / "payments_reversal_blank_co_khong.csv")
    assert result.loc[0, "disbursed"] == ledger["amount"].sum() == 5_500_000
    assert result.loc[0, "reversals"] == -1_500_000


def test_dot_thousands_target_is_refused_naming_line_then_read_with_the_option(
        capsys, observations):
    args = ["assess", "--observations", observations, "--catalog", INPUTS / "catalog.csv",
            "--plan", INPUTS / "plan_dot_thousands_only.csv", "--level", "province",
            "--period", "2024S1"]
    rc, _, err = _run(capsys, *args)
    assert rc == 2
    assert "plan_dot_thousands_only.csv, line 2, column 'target': '2.400' is ambiguous" in err
    rc, _out, err = _run(capsys, *args, "--number-format", "vi", "--out", observations.parent / "a.csv")
    assert rc == 0, err
    row = pd.read_csv(observations.parent / "a.csv").set_index("indicator").loc["jobs"]
    assert row["target"] == 2400 and row["actual"] == 300 + 400 + 500
    assert row["pct_of_plan"] == pytest.approx(100 * 1200 / 2400)
    assert row["status"] != "met"


@pytest.mark.parametrize("command", ["assess", "disbursement", "rollup"])
def test_repeated_level_gives_every_level(tmp_path, capsys, observations, command):
    plan = tmp_path / "plan.csv"
    plan.write_text("indicator,unit,period,kind,target\njobs,01,2024,total,2400\n"
                    "jobs,001,2024,total,1000\n", encoding="utf-8")
    common = {"assess": ["--observations", observations, "--catalog", INPUTS / "catalog.csv",
                         "--plan", plan, "--period", "2024S1"],
              "rollup": ["--observations", observations, "--catalog", INPUTS / "catalog.csv",
                         "--period-type", "year"],
              "disbursement": ["--allocations", INPUTS / "allocations.csv", "--payments",
                               INPUTS / "payments_day_first_dates.csv", "--as-of", "2024-06-30"]}
    out = tmp_path / "r.csv"
    rc, _, err = _run(capsys, command, *common[command], "--level", "province",
                      "--level", "district", "--out", out)
    assert rc == 0, err
    units = set(pd.read_csv(out, dtype={"unit": str})["unit"])
    assert units == {"01", "001"}


def test_year_from_half_a_year_is_marked_incomplete(capsys, observations, tmp_path):
    out = tmp_path / "y.csv"
    rc, _, err = _run(capsys, "rollup", "--observations", observations, "--catalog",
                      INPUTS / "catalog.csv", "--level", "province", "--period-type", "year",
                      "--period-type", "half", "--out", out)
    assert rc == 0, err
    rows = pd.read_csv(out).set_index("period")
    assert (rows.loc["2024", ["months_with_data", "months_in_period", "complete"]].tolist()
            == [3, 12, False])
    assert rows.loc["2024S1", "months_in_period"] == 6


def test_units_that_lost_zeros_are_never_unknown_alone(capsys):
    rc, _, err = _run(capsys, "rollup", "--observations",
                      INPUTS / "observations_units_lost_zeros_ambiguous.csv", "--catalog",
                      INPUTS / "catalog.csv", "--level", "province")
    assert rc == 2 and "line 2, column 'unit': '1'" in err and "00001" in err
    assert "format the column as Text" in err


def _child_env() -> dict:
    """A child interpreter sees the chitieu this test imported: the installed package
    under `make test`, the source tree with its in-place _core under `make check-dev`."""
    return {"PYTHONPATH": str(Path(chitieu.__file__).resolve().parents[1]), "PATH": "/usr/bin:/bin"}


def test_pipe_into_head_exits_quietly(tmp_path):
    vn = chitieu.Hierarchy.vietnam(2024)
    communes = vn.descendants("01", "commune")
    obs = pd.DataFrame({"indicator": "jobs", "unit": communes, "period": "202401", "value": 1})
    obs.to_csv(tmp_path / "obs.csv", index=False)
    cmd = (f"{sys.executable} -m chitieu.cli rollup --observations {tmp_path / 'obs.csv'} "
           f"--catalog {INPUTS / 'catalog.csv'} --level commune --period-type month | head -n 2")
    done = subprocess.run(cmd, shell=True, capture_output=True, text=True, cwd=tmp_path,
                          env=_child_env())
    assert len(done.stdout.splitlines()) == 2
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_subcommands_register_from_other_modules(capsys, monkeypatch):
    monkeypatch.setattr(cli, "_COMMANDS", {})
    cli.register_command("hello", help="Say hello.",
                         configure=lambda p: p.add_argument("--name", default="world"),
                         run=lambda args: print(f"hello {args.name}") or 0)
    rc, out, _ = _run(capsys, "hello", "--name", "Hà Nội")
    assert rc == 0 and out == "hello Hà Nội\n"


def test_module_entry_point_lists_registered_commands():
    done = subprocess.run([sys.executable, "-m", "chitieu.cli", "--help"], capture_output=True,
                          text=True, env=_child_env())
    assert done.returncode == 0 and "    validate " in done.stdout
