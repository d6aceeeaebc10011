"""``chitieu validate``: the example data has no problem; the bad folder lists every case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chitieu import datasets
from chitieu.cli import main

INPUTS = Path(__file__).parent / "data" / "inputs"

# The files of the bad folder that are fine as they are (the others must each be listed).
GOOD = {"catalog.csv", "allocations.csv", "observations_en.csv", "payments_day_first_dates.csv",
        "payments_reversal_blank_co_khong.csv", "observations_nfd_period.csv",
        "observations_dot_thousands_with_evidence.csv", "allocations_year_nam.csv",
        "observations_semicolon_vi.csv", "observations_invisible_spaces.csv"}


def test_example_data_has_no_problems(tmp_path, capsys):
    data = datasets.labour_social(seed=3, years=(2020,), units="district")
    files = []
    for kind in ("observations", "catalog", "plan", "allocations", "payments"):
        path = tmp_path / f"{kind}.csv"
        getattr(data, "plans" if kind == "plan" else kind).to_csv(path, index=False)
        files.append(f"{kind}={path}")
    assert main(["validate", *files]) == 0
    assert capsys.readouterr().out.strip() == "no problems in 5 file(s)"


def test_bad_folder_lists_every_case(capsys):
    files = sorted(p for p in INPUTS.glob("*.csv"))
    rc = main(["validate", "--format", "json", *map(str, files)])
    problems = json.loads(capsys.readouterr().out)
    assert rc == 1
    named = {Path(p["file"]).name for p in problems if p["severity"] == "error"}
    warned = {Path(p["file"]).name for p in problems if p["severity"] == "warning"}
    assert named == {f.name for f in files} - GOOD - {"observations_units_lost_zeros.csv"}
    assert warned == {"observations_units_lost_zeros.csv"}
    by_file = {}
    for p in problems:
        by_file.setdefault(Path(p["file"]).name, []).append(p)
    dates = [(p["line"], p["column"], p["value"]) for p in by_file["payments_impossible_dates.csv"]]
    assert dates == [(3, "date", "2024-02-30"), (4, "date", "30/02/2024")]


def test_table_output_has_file_line_column_value_problem(capsys):
    rc = main(["validate", str(INPUTS / "payments_reversal_not_yes_no.csv"),
               str(INPUTS / "observations_blank_lines.csv")])
    out = capsys.readouterr().out
    assert rc == 1
    header = out.splitlines()[0].split()
    assert header == ["file", "line", "column", "value", "problem", "severity"]
    assert "maybe" in out and "three" in out and " 5 " in out


@pytest.mark.parametrize("spec, says", [("nonsense.csv", "not found"),
                                        ("plan=" + str(INPUTS / "catalog.csv"), "lacks column")])
def test_missing_or_misnamed_files_are_problems_too(capsys, spec, says):
    assert main(["validate", "--format", "json", spec]) == 1
    assert says in json.loads(capsys.readouterr().out)[0]["problem"]
