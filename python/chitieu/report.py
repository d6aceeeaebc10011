"""The main job on the embedded example data: a province-wide report.

:func:`example_report` generates the labour / social-affairs example data
(:func:`chitieu.datasets.labour_social`), rolls it up to the 63 provinces and the
nation for a reporting period, prints a readable table, and writes CSVs and one
self-contained HTML report with charts. ``chitieu report --example`` runs it.

>>> from pathlib import Path
>>> paths = example_report(Path("chitieu-report"), units="district")  # doctest: +SKIP
>>> paths["HTML report"]  # doctest: +SKIP
PosixPath('chitieu-report/report.html')
"""

from __future__ import annotations

import datetime
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, TextIO

import pandas as pd

from . import __version__, datasets
from ._progress import bar
from .hierarchy import Hierarchy
from .indicator import Catalog
from .observations import Observations
from .period import Period
from .rollup import rollup

__all__ = ["example_report", "latest_half_year", "HEADLINE"]

# The headline indicators of the printed tables: code and a short column header.
HEADLINE = (
    ("jobs_created", "jobs"),
    ("vocational_enrolment", "enrolment"),
    ("merit_houses_built", "houses"),
    ("trained_labour_rate", "trained %"),
    ("poverty_rate", "poverty %"),
    ("social_assistance_paid", "assist. bn đ"),
)


def latest_half_year(months: Iterable[str]) -> Period:
    """The latest half-year wholly covered by monthly periods ``"YYYYMM"``.

    >>> str(latest_half_year(["201901", "202012"]))
    '2020S2'
    >>> str(latest_half_year(["202001", "202008"]))
    '2020S1'
    """
    months = list(months)
    if not months:
        raise ValueError("no months in the data, so no half-year to report on")
    last = max(str(m) for m in months)
    year, month = int(last[:4]), int(last[4:6])
    if month == 12:
        return Period.half(year, 2)
    if month >= 6:
        return Period.half(year, 1)
    return Period.half(year - 1, 2)


def short_name(name: str) -> str:
    """A province name without its administrative prefix, for narrow columns.

    >>> short_name("Thành phố Hồ Chí Minh"), short_name("Tỉnh Hà Giang")
    ('Hồ Chí Minh', 'Hà Giang')
    """
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


@dataclass
class _Inputs:
    """The example data loaded into chitieu's objects."""

    data: datasets.LabourSocialData
    hierarchy: Hierarchy
    catalog: Catalog
    observations: Observations
    period: Period
    names: dict[str, str]  # unit code -> name, for provinces and the nation


def _load(period: Any, seed: int, units: str, steps: Any) -> _Inputs:
    data = datasets.labour_social(seed, units=units)
    steps.update(1)
    hierarchy = Hierarchy.vietnam(2024)
    catalog = Catalog.from_frame(data.catalog)
    observations = Observations.from_frame(data.observations, hierarchy, catalog)
    steps.update(1)
    if period is None:
        chosen = latest_half_year(data.observations["period"].unique())
    else:
        chosen = period if isinstance(period, Period) else Period.parse(str(period))
    frame = hierarchy.to_frame()
    top = frame[frame["level"].isin(["nation", "province"])]
    names = dict(zip(top["code"], top["name"].map(short_name)))
    return _Inputs(data, hierarchy, catalog, observations, chosen, names)


def _rollup_frame(inputs: _Inputs) -> pd.DataFrame:
    """Provinces and the nation, for the period and the same period last year."""
    period = inputs.period
    result = rollup(inputs.observations, inputs.hierarchy, inputs.catalog,
                    level=["province", "nation"],
                    periods=[period, period.same_period_last_year()])
    frame = result.to_pandas()
    frame.insert(2, "unit_name", frame["unit"].astype(str).map(inputs.names))
    return frame


def _headline(rolled: pd.DataFrame, period: Period) -> pd.DataFrame:
    """indicator x unit for the headline indicators: value, last year, yoy."""
    codes = [code for code, _ in HEADLINE]
    rows = rolled[rolled["indicator"].astype(str).isin(codes)].copy()
    rows["indicator"] = rows["indicator"].astype(str)
    rows["unit"] = rows["unit"].astype(str)
    this = rows[rows["period"].astype(str) == str(period)]
    last = rows[rows["period"].astype(str) == str(period.same_period_last_year())]
    table = this[["indicator", "unit", "unit_name", "level", "value"]].merge(
        last[["indicator", "unit", "value"]].rename(columns={"value": "last_year"}),
        on=["indicator", "unit"], how="left")
    table["yoy_pct"] = 100 * (table["value"] / table["last_year"] - 1)
    table["yoy_pp"] = table["value"] - table["last_year"]
    return table


def _fmt_value(code: str, value: float) -> str:
    if value != value:
        return "–"
    if code == "social_assistance_paid":
        return f"{value / 1e9:,.1f}"
    if code.endswith("_rate"):
        return f"{value:.2f}"
    return f"{value:,.0f}"


def _fmt_change(code: str, row: Any) -> str:
    """Change from the same period last year: points for rates, percent otherwise."""
    if code.endswith("_rate"):
        pp = row["yoy_pp"]
        return "–" if pp != pp else f"{pp:+.2f}pp"
    pct = row["yoy_pct"]
    return "–" if pct != pct else f"{pct:+.1f}%"


def _fmt_pct(value: Any) -> str:
    return "–" if value is None or value != value else f"{value:.1f}%"


def _print_tables(headline: pd.DataFrame, inputs: _Inputs, out: TextIO) -> None:
    period = inputs.period
    names = dict(zip(inputs.data.catalog["code"], inputs.data.catalog["name"]))
    units_of = dict(zip(inputs.data.catalog["code"], inputs.data.catalog["unit"]))
    nation = headline[headline["level"].astype(str) == "nation"].set_index("indicator")
    has_plan = "pct_of_plan" in headline
    lines = [f"Việt Nam, {period} (vs {period.same_period_last_year()}):"]
    header = f"  {'indicator':<52}{'value':>14}  {'unit':<8}"
    header += f"{'% of plan':>10}" if has_plan else ""
    header += f"{'vs last year':>14}"
    lines.append(header)
    for code, _ in HEADLINE:
        if code not in nation.index:
            continue
        row = nation.loc[code]
        unit = "bn đồng" if code == "social_assistance_paid" else units_of.get(code, "")
        label = f"{names.get(code, code)} ({code})"
        line = f"  {label[:51]:<52}{_fmt_value(code, row['value']):>14}  {unit:<8}"
        line += f"{_fmt_pct(row['pct_of_plan']):>10}" if has_plan else ""
        line += f"{_fmt_change(code, row):>14}"
        lines.append(line)

    provinces = headline[headline["level"].astype(str) == "province"]
    lines.append("")
    second = "% of plan" if has_plan else "vs last year"
    lines.append(f"Provinces, {period}: value and {second} (rates: change in points)")
    head = f"  {'province':<16}" + "".join(f"{short:>20}" for _, short in HEADLINE)
    lines.append(head)
    by_unit = {code: rows.set_index("indicator")
               for code, rows in provinces.groupby("unit", sort=True)}
    for unit, rows in by_unit.items():
        line = f"  {inputs.names.get(unit, unit)[:15]:<16}"
        for code, _ in HEADLINE:
            if code not in rows.index:
                line += f"{'–':>20}"
                continue
            row = rows.loc[code]
            use_plan = has_plan and row.get("pct_of_plan") == row.get("pct_of_plan")
            extra = _fmt_pct(row["pct_of_plan"]) if use_plan else _fmt_change(code, row)
            line += f"{_fmt_value(code, row['value']):>11} {extra:>8}"
        lines.append(line)
    print("\n".join(lines), file=out)


def _figure(height: float) -> Any:
    """A matplotlib Figure outside pyplot, so no backend or global state is touched."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, height), layout="constrained")
    return figure, figure.subplots()


def _html(inputs: _Inputs, rolled: pd.DataFrame, headline: pd.DataFrame,
          csv_paths: dict[str, Path], path: Path) -> None:
    from . import plots
    from .html import HtmlReport

    period = inputs.period
    n_reporting = inputs.data.observations["unit"].nunique()
    report = HtmlReport(
        f"Lao động – xã hội: {period} (example data)",
        subtitle=(f"Generated example data (seed {inputs.data.seed}), {n_reporting:,} "
                  f"reporting {inputs.data.reporting_level}s rolled up to 63 provinces and "
                  f"the nation; compared with {period.same_period_last_year()}. "
                  f"chitieu {__version__}, {datetime.date.today():%Y-%m-%d}."))

    nation = headline[headline["level"].astype(str) == "nation"]
    report.heading("Nation")
    report.table(nation.drop(columns=["unit", "level"]), caption="Headline indicators, Việt Nam")

    provinces = rolled[rolled["level"].astype(str) == "province"]
    this = provinces[provinces["period"].astype(str) == str(period)]
    direction = dict(zip(inputs.data.catalog["code"], inputs.data.catalog["direction"]))
    report.heading("Ranking of provinces")
    for code in ("poverty_rate", "trained_labour_rate"):
        figure, ax = _figure(5.2)
        plots.ranking(this, code, top=15, higher_is_better=direction[code] == "higher", ax=ax)
        report.figure(figure, alt=f"{code} ranking")

    report.heading("Provinces")
    wide = headline[headline["level"].astype(str) == "province"].pivot_table(
        index=["unit", "unit_name"], columns="indicator", values="value",
        observed=True).reset_index()
    report.table(wide[["unit", "unit_name"] + [c for c, _ in HEADLINE if c in wide]],
                 max_rows=70, caption=f"Headline indicators by province, {period}")

    report.heading("Files")
    report.paragraph("Full tables next to this report: "
                     + ", ".join(p.name for p in csv_paths.values()) + ".")
    report.write(path)


def example_report(
    out_dir: Path,
    period: Any = None,
    seed: int = 0,
    units: str = "commune",
    out: TextIO | None = None,
) -> dict[str, Path]:
    """Roll the example data up to provinces and the nation for ``period`` (default:
    the latest complete half-year in the data), print a table to ``out`` (default
    stdout) and write CSVs and ``report.html`` to ``out_dir``.

    ``period`` is a :class:`chitieu.Period` or any text ``Period.parse`` reads
    ("2020S1", "6 tháng đầu năm 2020"); ``units`` is the reporting level of the
    example data ("commune", or the 14 times smaller "district"). Returns the
    written files by label.

    >>> import tempfile, io
    >>> paths = example_report(Path(tempfile.mkdtemp()), units="district",
    ...                        out=io.StringIO())  # doctest: +SKIP
    >>> sorted(paths)  # doctest: +SKIP
    ['HTML report', 'rollup CSV']
    """
    out = sys.stdout if out is None else out
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with bar(total=5, desc="chitieu report", unit="step") as steps:
        inputs = _load(period, seed, units, steps)
        rolled = _rollup_frame(inputs)
        steps.update(1)
        headline = _headline(rolled, inputs.period)
        paths = {"rollup CSV": out_dir / "rollup.csv"}
        rolled.to_csv(paths["rollup CSV"], index=False)
        steps.update(1)
        html_path = out_dir / "report.html"
        _html(inputs, rolled, headline, dict(paths), html_path)
        paths["HTML report"] = html_path
        steps.update(1)
    _print_tables(headline, inputs, out)
    return paths
