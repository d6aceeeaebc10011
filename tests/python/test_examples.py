"""The examples run end to end: the notebook (nbclient), the quickstart script and
`chitieu report --example`, each checked against figures computed here with
plain pandas from the example data."""

import doctest
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

import chitieu
from chitieu import cli, report
from chitieu import html as chitieu_html
from chitieu.report import export as report_export
from chitieu.report import run as report_run
from chitieu.text import figures as text_figures
from chitieu.text import narrative as text_narrative
from chitieu.text import periods as text_periods
from chitieu.text import words as text_words

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@pytest.fixture
def env():
    """The environment for child processes: this source tree first on the path,
    progress bars off."""
    package_dir = str(Path(chitieu.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (package_dir, os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path, "CHITIEU_PROGRESS": "0", "MPLBACKEND": "Agg"}


def _oracle_sum(data, indicator, months):
    obs = data.observations
    rows = obs[(obs["indicator"] == indicator) & obs["period"].astype(str).isin(months)]
    return int(rows["value"].sum())


def _months(period):
    return [str(p) for p in chitieu.Period(period).children("month")]


def test_notebook_runs_without_errors_and_draws(env, monkeypatch):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    notebook = nbformat.read(EXAMPLES / "province_rollup.ipynb", as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(EXAMPLES)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3  # ranking, progress against plan, S-curves
    tables = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("RollupResult" in t and 'class="chitieu"' in t for t in tables)


def test_quickstart_prints_the_nation_against_last_year_and_the_plan(env):
    out = subprocess.run([sys.executable, str(EXAMPLES / "quickstart.py")], env=env,
                         capture_output=True, text=True, check=True, timeout=300).stdout
    data = chitieu.datasets.labour_social(seed=0, years=(2019, 2020))
    this_year = _oracle_sum(data, "jobs_created", _months("2020S1"))
    last_year = _oracle_sum(data, "jobs_created", _months("2019S1"))
    assert f"{this_year:,.0f} người" in out
    assert f"{100 * (this_year / last_year - 1):+.1f}%" in out

    # The five provinces furthest behind the jobs plan: commune sums over the
    # half-year against the original 2020 targets (amendments come into force later).
    vn = chitieu.Hierarchy.vietnam(2024)
    obs = data.observations
    jobs = obs[(obs["indicator"] == "jobs_created")
               & obs["period"].astype(str).isin(_months("2020S1"))]
    by_unit = jobs.groupby("unit", observed=True)["value"].sum()
    province = pd.Series([vn.ancestor(u, "province") for u in by_unit.index], index=by_unit.index)
    actual = by_unit.groupby(province).sum()
    plans = data.plans
    targets = plans[(plans["indicator"] == "jobs_created") & (plans["level"] == "province")
                    & (plans["period"] == "2020") & (plans["version"] == "original")]
    target = targets.set_index("unit")["target"]
    behind = (100 * actual / target).nsmallest(5)
    lines = out.split("Furthest behind the 2020 jobs plan:")[1].strip().splitlines()[1:]
    assert len(lines) == 5
    for line, (code, pct) in zip(lines, behind.items()):
        assert line.split()[-3:-1] == [f"{target[code]:.1f}", f"{pct:.6f}"], line
        assert vn.unit(code).name in line


def test_readme_quickstart_runs(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    namespace = {}
    exec(compile(code, "README.md", "exec"), namespace)
    frame = namespace["assessment"].to_pandas()
    assert set(frame["unit"]) == set(namespace["vn"].units("province"))
    import matplotlib.pyplot as plt

    plt.close("all")


def test_report_end_to_end_on_districts(env, tmp_path):
    out_dir = tmp_path / "report"
    run = subprocess.run([sys.executable, "-m", "chitieu.cli", "report", "--example",
                          "--units", "district", "--period", "2020S1", "--out", str(out_dir)],
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    printed = run.stdout
    for name in ("rollup.csv", "disbursement.csv", "s_curves.csv", "report.html"):
        assert (out_dir / name).is_file() and str(out_dir / name) in printed
    html = (out_dir / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") >= 3
    assert "<script" not in html and "http://" not in html and "https://" not in html

    data = chitieu.datasets.labour_social(seed=0, units="district")
    jobs = _oracle_sum(data, "jobs_created", _months("2020S1"))
    nation = [line for line in printed.splitlines() if line.startswith("Việt Nam, 6 tháng đầu")]
    assert nation and f"iải quyết việc làm {jobs:,} người".replace(",", ".") in nation[0]
    assert "Hà Nội" in (out_dir / "report.html").read_text(encoding="utf-8")
    for name in ("report.xlsx", "report.docx"):
        assert (out_dir / name).is_file() and str(out_dir / name) in printed

    rolled = pd.read_csv(out_dir / "rollup.csv", dtype={"unit": str})
    vn = rolled[(rolled.unit == "VN") & (rolled.indicator == "jobs_created")
                & (rolled.period == "2020S1")]
    assert vn["value"].tolist() == [jobs]
    # Exact money: the nation's social assistance paid is the plain sum of the rows.
    paid = _oracle_sum(data, "social_assistance_paid", _months("2020S1"))
    money = rolled[(rolled.unit == "VN") & (rolled.indicator == "social_assistance_paid")
                   & (rolled.period == "2020S1")]
    assert money["value_money"].tolist() == [paid]

    disbursed = pd.read_csv(out_dir / "disbursement.csv", dtype={"unit": str})
    payments = data.payments[(data.payments["date"] >= "2020-01-01")
                             & (data.payments["date"] <= "2020-06-30")]
    vn_paid = disbursed[disbursed.unit == "VN"]["disbursed"].sum()
    assert vn_paid == int(payments["amount"].sum())


def test_report_needs_example(capsys):
    assert cli.main(["report", "--out", "x"]) == 2
    assert "report needs --example" in capsys.readouterr().err


@pytest.mark.parametrize("period, message", [
    ("xyz", "cannot parse period 'xyz'"),
    ("2031", "period 2031 is not made of whole months of the example data (202501–202612)"),
])
def test_report_period_errors_name_the_period(tmp_path, capsys, period, message):
    argv = ["report", "--example", "--units", "district", "--period", period,
            "--out", str(tmp_path)]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("chitieu report: error:") and message in err
    assert list(tmp_path.iterdir()) == []


def test_latest_half_year_and_bad_input():
    assert str(report.latest_half_year(["201901", "202012"])) == "2020S2"
    assert str(report.latest_half_year(["202001", "202011"])) == "2020S1"
    assert str(report.latest_half_year(["202001", "202005"])) == "2019S2"
    with pytest.raises(ValueError, match="no months"):
        report.latest_half_year([])


@pytest.mark.parametrize("module", [chitieu_html, report, cli, report_run, report_export,
                                    text_figures, text_periods, text_words, text_narrative])
def test_module_doctests(module):
    assert doctest.testmod(module).failed == 0
