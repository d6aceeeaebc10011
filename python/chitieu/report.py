"""The main job on the embedded example data: a province-wide report.

:func:`example_report` generates the labour / social-affairs example data
(:func:`chitieu.datasets.labour_social`), rolls it up to the provinces and the
nation for a reporting period (default 2026S1, on the 34 provinces of the 2025
structure, with the same period of 2025 translated from the old units), assesses it against the plan and the same period
last year, computes disbursement as of the period's end, prints a readable
table, and writes CSVs and one self-contained HTML report with charts.
``chitieu report --example`` runs it.

>>> from pathlib import Path
>>> paths = example_report(Path("chitieu-report"), units="district")  # doctest: +SKIP
>>> paths["HTML report"]  # doctest: +SKIP
PosixPath('chitieu-report/report.html')
"""

from __future__ import annotations

import dataclasses
import datetime
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, TextIO

import pandas as pd

from . import __version__, datasets
from ._progress import bar
from .disbursement import Allocations, Payments, Schedule, disbursement
from . import _gen_reform
from .crosswalk import Crosswalk
from .hierarchy import Hierarchy, structure_in_force
from .translate import estimate_note, structure_of_rows, translate_observations
from .indicator import Catalog
from .observations import Observations
from .period import Period
from .plan import Plan, assess
from .rollup import rollup

__all__ = ["example_report", "latest_half_year", "short_name", "HEADLINE"]

# The headline indicators of the printed tables: code, a short column header, and
# what the province table shows next to the value ("plan": % of the annual plan
# to date; "change": against the same period last year).
HEADLINE = (
    ("jobs_created", "jobs", "plan"),
    ("vocational_enrolment", "enrolment", "plan"),
    ("merit_houses_built", "houses", "plan"),
    ("trained_labour_rate", "trained %", "change"),
    ("poverty_rate", "poverty %", "change"),
    ("social_assistance_paid", "assist. bn đ", "change"),
)
_MONEY = {"social_assistance_paid", "elderly_allowance_paid"}
_LEVELS = ("nation", "province")
#: The default period: the latest half-year wholly on the 2025 structure, whose
#: same period last year lies wholly on the old one (docs/hierarchies.md).
DEFAULT_PERIOD = "2026S1"


def latest_half_year(months: Iterable[str]) -> Period:
    """The latest half-year wholly covered by monthly periods ``"YYYYMM"``.

    >>> str(latest_half_year(["201901", "202012"]))
    '2020S2'
    >>> str(latest_half_year(["202001", "202008"]))
    '2020S1'
    """
    months = [str(m) for m in months]
    if not months:
        raise ValueError("no months in the data, so no half-year to report on")
    last = max(months)
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
    names: dict[str, str]  # unit code -> short name, for provinces and the nation
    structure: int = 2024  # Vietnam's structure the report is on
    estimates: str = ""  # what rests on estimated splits (translated data)

    @property
    def last_year(self) -> Period:
        return self.period.same_period_last_year()

    def catalog_column(self, column: str) -> dict[str, str]:
        frame = self.data.catalog
        return dict(zip(frame["code"], frame[column]))


def _load(period: Any, seed: int, units: str, steps: Any) -> _Inputs:
    chosen = Period.parse(DEFAULT_PERIOD) if period is None else (
        period if isinstance(period, Period) else Period.parse(str(period)))
    steps.set_description("generating the example data")
    year = chosen.last.year
    years = (year - 1, year) if 2017 <= year <= 2030 else (2025, 2026)
    data = datasets.labour_social(seed, years=years, units=units)
    months = sorted(str(m) for m in data.observations["period"].unique())
    if chosen.kind == "day" or not set(map(str, chosen.children("month"))) <= set(months):
        raise ValueError(f"period {chosen} is not made of whole months of the example data "
                         f"({months[0]}–{months[-1]})")
    steps.update(1)
    steps.set_description("loading observations")
    # The structure in force at the period's end; older rows are translated onto it.
    structure = structure_in_force(chosen.last)
    hierarchy = Hierarchy.vietnam(structure)
    catalog = Catalog.from_frame(data.catalog)
    frame, estimates = data.observations, ""
    if structure == 2025:
        crosswalk = Crosswalk.vietnam(2024, 2025)
        frame = translate_observations(frame, crosswalk, catalog, split="equal")
        estimates = estimate_note(frame, crosswalk)
        if year == 2025:  # plans and budgets of 2025 were made on the old units
            plans, allocations, payments, approved = _gen_reform.year_on_new_units(data, year)
            data = dataclasses.replace(data, plans=plans, allocations=allocations,
                                       payments=payments, approved_beneficiaries=approved)
    elif data.reform:  # a period before the reform: its rows are all on the old units
        frame = frame[structure_of_rows(frame, Crosswalk.vietnam(2024, 2025))]
    if data.reform:  # plans and budgets of the period's year only (one structure)
        data = dataclasses.replace(
            data, plans=data.plans[data.plans["period"] == str(year)],
            allocations=data.allocations[data.allocations["year"] == year],
            payments=data.payments[data.payments["date"].dt.year == year],
            approved_beneficiaries=data.approved_beneficiaries[
                data.approved_beneficiaries["year"] == year])
    observations = Observations.from_frame(frame, hierarchy, catalog)
    steps.update(1)
    frame = hierarchy.to_frame()
    top = frame[frame["level"].isin(_LEVELS)]
    names = dict(zip(top["code"], top["name"].map(short_name)))
    return _Inputs(data, hierarchy, catalog, observations, chosen, names, structure, estimates)


def _rollup_frame(inputs: _Inputs) -> pd.DataFrame:
    """Provinces and the nation, for the period and the same period last year."""
    result = rollup(inputs.observations, inputs.hierarchy, inputs.catalog,
                    level=list(_LEVELS), periods=[inputs.period, inputs.last_year])
    frame = result.to_pandas()
    frame.insert(2, "unit_name", frame["unit"].astype(str).map(inputs.names))
    return frame


def _assessment(inputs: _Inputs) -> pd.DataFrame:
    """Provinces and the nation against the year's plan (province targets as set,
    the nation's rolled up from them where the indicator adds up) and the same
    period last year."""
    plan = Plan.from_frame(inputs.data.plans)
    frames = [assess(inputs.observations, plan, inputs.hierarchy, inputs.catalog, level=level,
                     period=inputs.period).to_pandas() for level in _LEVELS]
    return pd.concat([f for f in frames if len(f)], ignore_index=True)


def _disbursement(inputs: _Inputs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Disbursement per province and nation x programme x source at the period's
    end, and its monthly S-curves. The schedule is even through the year, except
    vocational training, planned in lumps (10% by Q1, 40% by S1, 70% by Q3)."""
    data = inputs.data
    schedule = Schedule.linear().override(
        Schedule.profile({"Q1": 0.10, "S1": 0.40, "Q3": 0.70, "year": 1.0}),
        programme="vocational_training")
    result = disbursement(Allocations.from_frame(data.allocations),
                          Payments.from_frame(data.payments), schedule, inputs.hierarchy,
                          level=list(_LEVELS), as_of=inputs.period.last,
                          approved=data.approved_beneficiaries)
    return result.to_pandas(), result.s_curve()


def _headline(rolled: pd.DataFrame, assessment: pd.DataFrame, inputs: _Inputs) -> pd.DataFrame:
    """indicator x unit for the headline indicators: the period's value, the same
    period last year, the change in % (counts, money) or points (rates); and from
    the assessment, the total or level target of the year, the value to date
    (``actual``), pct_of_plan, expected_pct and status."""
    codes = [code for code, _, _ in HEADLINE]
    rows = rolled[rolled["indicator"].astype(str).isin(codes)]
    rows = rows.assign(indicator=rows["indicator"].astype(str), unit=rows["unit"].astype(str),
                       level=rows["level"].astype(str), period=rows["period"].astype(str))
    this = rows[rows["period"] == str(inputs.period)]
    last = rows[rows["period"] == str(inputs.last_year)]
    table = this[["indicator", "unit", "unit_name", "level", "value"]].merge(
        last[["indicator", "unit", "value"]].rename(columns={"value": "last_year"}),
        on=["indicator", "unit"], how="left")
    rate = table["indicator"].str.endswith("_rate")
    table["change_pct"] = (100 * (table["value"] / table["last_year"] - 1)).where(~rate)
    table["change_pp"] = (table["value"] - table["last_year"]).where(rate)
    targets = assessment[assessment["kind"].isin(["total", "level"])]
    columns = ["target", "actual", "pct_of_plan", "expected_pct", "status"]
    targets = targets[["indicator", "unit"] + columns].astype({"indicator": str, "unit": str})
    return table.merge(targets, on=["indicator", "unit"], how="left", validate="one_to_one")


# -- the printed tables -------------------------------------------------------

def _fmt_value(code: str, value: float) -> str:
    if value != value:
        return "–"
    if code in _MONEY:
        return f"{value / 1e9:,.1f}"
    if code.endswith("_rate"):
        return f"{value:.2f}"
    return f"{value:,.0f}"


def _fmt_change(row: Any) -> str:
    """Against the same period last year: points for rates, percent otherwise."""
    pp, pct = row["change_pp"], row["change_pct"]
    if pp == pp:
        return f"{pp:+.2f}pp"
    return "–" if pct != pct else f"{pct:+.1f}%"


def _fmt_pct(value: Any) -> str:
    return "–" if value is None or value != value else f"{value:.1f}%"


def _print_tables(headline: pd.DataFrame, inputs: _Inputs, out: TextIO) -> None:
    names, units = inputs.catalog_column("name"), inputs.catalog_column("unit")
    nation = headline[headline["level"] == "nation"].set_index("indicator")
    lines = [f"Việt Nam, {inputs.period} ({inputs.period.first:%d/%m}–{inputs.period.last:%d/%m/%Y})"
             f" against the plan for {inputs.period.first.year} and {inputs.last_year}:",
             f"  {'indicator':<24}{'name':<34}{'value':>12}  {'unit':<8}{'vs last year':>13}"
             f"{'% of plan':>11}  status"]
    for code, _, _ in HEADLINE:
        if code not in nation.index:
            continue
        row = nation.loc[code]
        unit = "bn đồng" if code in _MONEY else units.get(code, "")
        name = names.get(code, "")
        name = name if len(name) <= 32 else name[:31] + "…"
        status = row["status"] if isinstance(row["status"], str) else ""
        lines.append(f"  {code:<24}{name:<34}{_fmt_value(code, row['value']):>12}  {unit:<8}"
                     f"{_fmt_change(row):>13}{_fmt_pct(row['pct_of_plan']):>11}  {status}")
    if inputs.structure == 2025:
        lines.append(f"  (On the 2025 units, {len(inputs.hierarchy.units('province'))} provinces; "
                     "rows reported on the 2024 units before 1 July 2025 are translated by "
                     f"the official conversion table. {inputs.estimates})")
    lines += [f"  (% of plan: the year's target against the value from 1 January to "
              f"{inputs.period.last:%d/%m}; nation targets are the provinces' added up)",
              "", f"Provinces, {inputs.period}: value, then % of plan to date (jobs, "
                  "enrolment, houses) or change from a year earlier",
              f"  {'province':<16}" + "".join(f"{short:>18}" for _, short, _ in HEADLINE)]
    provinces = headline[headline["level"] == "province"]
    for unit, rows in provinces.groupby("unit", sort=True):
        rows = rows.set_index("indicator")
        line = f"  {inputs.names.get(unit, unit)[:15]:<16}"
        for code, _, second in HEADLINE:
            if code not in rows.index:
                line += f"{'–':>18}"
                continue
            row = rows.loc[code]
            extra = _fmt_pct(row["pct_of_plan"]) if second == "plan" else _fmt_change(row)
            line += f"{_fmt_value(code, row['value']):>10}{extra:>8}"
        lines.append(line)
    print("\n".join(lines), file=out)


# -- the HTML report ----------------------------------------------------------

def _figure(width: float, height: float, columns: int = 1) -> tuple[Any, Any]:
    """A matplotlib Figure outside pyplot, so no backend or global state is touched."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    return figure, figure.subplots(1, columns)


def _nation_table(headline: pd.DataFrame, inputs: _Inputs) -> pd.DataFrame:
    names, units = inputs.catalog_column("name"), inputs.catalog_column("unit")
    rows = headline[headline["level"] == "nation"]
    money = rows["indicator"].isin(_MONEY)

    def shown(code: str, value: float) -> Any:
        """Counts as whole numbers, rates and billions of đồng to two decimals."""
        if value != value:
            return None
        if code in _MONEY:
            return round(value / 1e9, 2)
        return round(value, 2) if code.endswith("_rate") else int(round(value))

    def column(name: str) -> pd.Series:
        return pd.Series([shown(c, v) for c, v in zip(rows["indicator"], rows[name])],
                         index=rows.index, dtype=object)

    # The Vietnamese names label the rows; the codes are in the CSVs and the charts.
    table = pd.DataFrame({
        "indicator": rows["indicator"].map(names),
        "unit": rows["indicator"].map(units).where(~money, "bn\u00a0đồng"),
        str(inputs.period): column("value"), str(inputs.last_year): column("last_year"),
        "change %": rows["change_pct"].round(2), "change (points)": rows["change_pp"].round(2),
        f"plan {inputs.period.first.year}": column("target"),
        f"to {inputs.period.last:%d/%m}": column("actual"),
        "% of plan": rows["pct_of_plan"].round(2), "expected %": rows["expected_pct"].round(2),
        "status": rows["status"],
    })
    return table


def _province_table(headline: pd.DataFrame, inputs: _Inputs) -> pd.DataFrame:
    """One row per province: each headline value, and % of plan after the totals."""
    rows = headline[headline["level"] == "province"]
    values = rows.pivot_table(index="unit", columns="indicator", values="value")
    pct = rows.pivot_table(index="unit", columns="indicator", values="pct_of_plan")
    table = pd.DataFrame({"unit": values.index,
                          "province": values.index.map(inputs.names)}, index=values.index)
    for code, short, second in HEADLINE:
        if code in values:
            table[short] = values[code] / 1e9 if code in _MONEY else values[code]
        if second == "plan" and code in pct:
            table[f"{short} % of plan"] = pct[code].round(2)
    return table.reset_index(drop=True)


def _status_counts(assessment: pd.DataFrame) -> pd.DataFrame:
    """Provinces per status, for each indicator and target kind."""
    provinces = assessment[assessment["level"].astype(str) == "province"]
    counts = pd.crosstab([provinces["indicator"].astype(str), provinces["kind"].astype(str)],
                         provinces["status"].fillna("no target").astype(str))
    order = [c for c in ("met", "on_track", "at_risk", "off_track", "no target") if c in counts]
    counts = counts[order].reset_index()
    counts.columns.name = None
    return counts


def _disbursement_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Display columns: money in billions of đồng, rates in percent."""
    return pd.DataFrame({
        "programme": frame["programme"], "source": frame["source"],
        "allocated (bn đ)": frame["allocated"] / 1e9,
        "disbursed (bn đ)": frame["disbursed"] / 1e9,
        "disbursed %": 100 * frame["disbursement_rate"],
        "planned %": 100 * frame["planned_to_date"] / frame["allocated"].where(frame["allocated"] > 0),
        "projected %": 100 * frame["projected_rate"],
        "at_risk": frame["at_risk"],
        "beneficiaries paid": frame["beneficiaries_paid"],
        "coverage %": 100 * frame["coverage"] if "coverage" in frame else float("nan"),
    }).round(2)


def _programme_curves(curve: pd.DataFrame) -> pd.DataFrame:
    """One unit's S-curves per programme: its sources' cumulative money added up
    (exact int64) and the rates taken again, so lines of sources that share a
    schedule do not hide one another."""
    sums = curve.groupby(["programme", "period"], as_index=False)[
        ["disbursed", "planned", "allocated"]].sum()
    allocated = sums["allocated"].where(sums["allocated"] > 0)
    return sums.assign(disbursed_rate=100 * sums["disbursed"] / allocated,
                       planned_rate=100 * sums["planned"] / allocated)


def _html(inputs: _Inputs, rolled: pd.DataFrame, assessment: pd.DataFrame,
          headline: pd.DataFrame, money: tuple[pd.DataFrame, pd.DataFrame],
          csv_paths: dict[str, Path], path: Path) -> None:
    from . import plots
    from .html import HtmlReport

    period, data = inputs.period, inputs.data
    n_reporting = data.observations["unit"].nunique()
    report = HtmlReport(
        f"Lao động – xã hội: {period} (example data)",
        subtitle=(f"Generated example data (seed {data.seed}): {n_reporting:,} reporting "
                  f"{data.reporting_level}s rolled up to "
                  f"{len(inputs.hierarchy.units('province'))} provinces and the nation, "
                  f"compared with {inputs.last_year}; disbursement as of "
                  f"{period.last:%d/%m/%Y}. chitieu {__version__}, "
                  f"{datetime.date.today():%Y-%m-%d}."))

    if inputs.structure == 2025:
        report.paragraph("Units of the 2025 structure (34 provinces, no districts). Data reported "
                         "on the 2024 units before 1 July 2025 are translated through the "
                         f"official conversion table (docs/hierarchies.md). {inputs.estimates}")
    report.heading("Nation")
    report.table(_nation_table(headline, inputs), caption="Headline indicators, Việt Nam")
    report.paragraph(f"The plan columns compare the year's target with the value from 1 January "
                     f"to {period.last:%d/%m/%Y}; the nation's targets are its provinces' added "
                     "up, so rates have none at that level.")

    report.heading("Progress against the plan, by province")
    shown = assessment.assign(unit_name=assessment["unit"].astype(str).map(inputs.names))
    figure, axes = _figure(11, 13.5, columns=2)
    for ax, code in zip(axes, ("jobs_created", "vocational_enrolment")):
        plots.progress_vs_plan(shown[shown["level"].astype(str) == "province"], code,
                               top=None, ax=ax)
        ax.tick_params(axis="y", labelsize=7)
    report.figure(figure, alt="progress against plan by province")
    columns = ["indicator", "unit_name", "actual", "target", "pct_of_plan", "expected_pct",
               "status", "yoy_pct", "rank"]
    jobs = shown[(shown["indicator"].astype(str) == "jobs_created")
                 & (shown["kind"].astype(str) == "total")
                 & (shown["level"].astype(str) == "province")]
    report.table(jobs.sort_values("pct_of_plan")[columns].head(10).round(2),
                 caption="Jobs created: the ten provinces furthest behind their plan")
    report.table(_status_counts(assessment),
                 caption=f"Provinces by status, {period} (all targets of the year)")

    report.heading("Ranking of provinces")
    this = rolled[(rolled["level"].astype(str) == "province")
                  & (rolled["period"].astype(str) == str(period))]
    direction = inputs.catalog_column("direction")
    figure, axes = _figure(11, 5.2, columns=2)
    for ax, code in zip(axes, ("poverty_rate", "trained_labour_rate")):
        plots.ranking(this, code, top=15, higher_is_better=direction[code] == "higher", ax=ax)
        ax.set_xlabel("%")
    report.figure(figure, alt="rankings of provinces")

    frame, curve = money
    report.heading(f"Disbursement as of {period.last:%d/%m/%Y}")
    figure, ax = _figure(11, 5)
    plots.s_curves(_programme_curves(curve[curve["unit"].astype(str) == "VN"]),
                   group="programme", top=None, ax=ax)
    report.figure(figure, alt="disbursement S-curves")
    nation = frame[frame["unit"].astype(str) == "VN"]
    report.table(_disbursement_table(nation), caption="Việt Nam, by programme and source")
    provinces = frame[frame["unit"].astype(str) != "VN"].sort_values("disbursement_rate")
    lagging = provinces.head(10)
    report.table(pd.concat([lagging["unit"].astype(str).map(inputs.names).rename("province")
                            .reset_index(drop=True),
                            _disbursement_table(lagging).reset_index(drop=True)], axis=1),
                 caption="The ten lowest disbursement rates (province x programme x source)")

    report.heading("Provinces")
    report.table(_province_table(headline, inputs), max_rows=70,
                 caption=f"Headline indicators by province, {period}: the period's value and, "
                         "for yearly totals, % of the plan to date (money in bn đồng)")

    report.heading("Files and method")
    report.paragraph("Full tables next to this report: "
                     + ", ".join(p.name for p in csv_paths.values()) + " (money in exact đồng).")
    report.paragraph("Rollups are ratio-of-sums for rates, latest value for stocks; the data "
                     "are generated (chitieu.datasets.labour_social), not statistics.")
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
    ['HTML report', 'S-curves CSV', 'assessment CSV', 'disbursement CSV', 'rollup CSV']
    """
    out = sys.stdout if out is None else out
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with bar(total=6, desc="chitieu report", unit="step") as steps:
        inputs = _load(period, seed, units, steps)
        steps.set_description("rolling up and assessing")
        rolled = _rollup_frame(inputs)
        assessment = _assessment(inputs)
        steps.update(1)
        steps.set_description("disbursement")
        money = _disbursement(inputs)
        steps.update(1)
        steps.set_description("writing CSVs")
        headline = _headline(rolled, assessment, inputs)
        paths = {"rollup CSV": out_dir / "rollup.csv",
                 "assessment CSV": out_dir / "assessment.csv",
                 "disbursement CSV": out_dir / "disbursement.csv",
                 "S-curves CSV": out_dir / "s_curves.csv"}
        rolled.to_csv(paths["rollup CSV"], index=False)
        assessment.to_csv(paths["assessment CSV"], index=False)
        money[0].to_csv(paths["disbursement CSV"], index=False)
        money[1].to_csv(paths["S-curves CSV"], index=False)
        steps.update(1)
        steps.set_description("drawing the HTML report")
        html_path = out_dir / "report.html"
        _html(inputs, rolled, assessment, headline, money, dict(paths), html_path)
        paths["HTML report"] = html_path
        steps.update(1)
    _print_tables(headline, inputs, out)
    return paths
