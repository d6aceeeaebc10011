"""Load, assess, write: the two ways into the report (example data, user files)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, TextIO

import pandas as pd

from .. import datasets
from .._progress import bar
from ..disbursement import Allocations, Payments, Schedule, disbursement
from ..hierarchy import Hierarchy
from ..indicator import Catalog
from ..observations import Observations
from ..period import Period
from ..plan import Plan, assess
from ..rollup import rollup
from ..text import indicator_texts
from .export import write_csv

__all__ = ["example_report", "files_report", "latest_half_year", "short_name", "Inputs"]


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
    """A unit name without its administrative prefix, for narrow columns and charts.

    >>> short_name("Thành phố Hồ Chí Minh"), short_name("Tỉnh Hà Giang"), short_name("Huyện Kỳ Anh")
    ('Hồ Chí Minh', 'Hà Giang', 'Kỳ Anh')
    """
    for prefix in ("Thành phố ", "Tỉnh ", "Huyện ", "Thị xã ", "Quận "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


@dataclass
class Inputs:
    """What a report is made from: chitieu's objects, the period, the unit
    reported on (``top``: a code, "VN" for the nation) and its sub-unit level."""

    hierarchy: Hierarchy
    catalog: Catalog
    catalog_frame: pd.DataFrame
    observations: Observations
    plan: Plan
    period: Period
    top: str
    sub_level: str | None
    allocations: Allocations | None = None
    payments: Payments | None = None
    approved: Any = None
    schedule: Any = None
    source: str = ""
    lang: str = "vi"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def top_level(self) -> str:
        return self.hierarchy.level_of(self.top)


@dataclass
class Results:
    """The engine's results the report shows, as they came out."""

    rolled: pd.DataFrame
    top: pd.DataFrame  # the assessment of the reported unit
    subs: pd.DataFrame  # the assessment of its sub-units
    money: pd.DataFrame | None
    curve: pd.DataFrame | None
    as_of: Any
    texts: dict


def _levels(inputs: Inputs) -> list[str]:
    return [inputs.top_level] + ([inputs.sub_level] if inputs.sub_level else [])


def compute(inputs: Inputs) -> Results:
    """Every figure of the report, from the engine: the rollup (period and a year
    earlier), the assessments of the unit and its sub-units, disbursement."""
    p, units = inputs.period, [inputs.top]
    rolled = rollup(inputs.observations, inputs.hierarchy, inputs.catalog, level=_levels(inputs),
                    periods=[p, p.same_period_last_year()], units=units).to_pandas()
    top = assess(inputs.observations, inputs.plan, inputs.hierarchy, inputs.catalog,
                 level=inputs.top_level, period=p, units=units).to_pandas()
    subs = pd.DataFrame(columns=top.columns)
    if inputs.sub_level:
        subs = assess(inputs.observations, inputs.plan, inputs.hierarchy, inputs.catalog,
                      level=inputs.sub_level, period=p, units=units).to_pandas()
    money = curve = None
    if inputs.allocations is not None and inputs.payments is not None:
        result = disbursement(inputs.allocations, inputs.payments,
                              inputs.schedule or Schedule.linear(), inputs.hierarchy,
                              level=_levels(inputs), as_of=p.last, approved=inputs.approved)
        money, curve = result.to_pandas(), result.s_curve()
        keep = set(inputs.hierarchy.descendants(inputs.top)) | {inputs.top}
        money = money[money["unit"].astype(str).isin(keep)].reset_index(drop=True)
        curve = curve[curve["unit"].astype(str).isin(keep)].reset_index(drop=True)
    texts = indicator_texts(inputs.catalog, _template_columns(inputs.catalog_frame))
    return Results(rolled, top, subs, money, curve, p.last, texts)


def _template_columns(frame: pd.DataFrame) -> pd.DataFrame | None:
    """The catalog's template columns (phrase, unit_word, verb, decimals, style), if any."""
    columns = [c for c in ("phrase", "unit_word", "verb", "decimals", "style") if c in frame]
    return frame[["code"] + columns] if columns else None


def _write(inputs: Inputs, results: Results, out_dir: Path, out: TextIO, *,
           csv_sep: str, csv_decimal: str, csv_bom: bool) -> dict[str, Path]:
    from .documents import print_summary, write_documents

    out_dir.mkdir(parents=True, exist_ok=True)
    options = {"bom": csv_bom, "sep": csv_sep, "decimal": csv_decimal}
    paths = {"rollup CSV": write_csv(results.rolled, out_dir / "rollup.csv", **options),
             "assessment CSV": write_csv(pd.concat([results.top, results.subs],
                                                   ignore_index=True),
                                         out_dir / "assessment.csv", **options)}
    if results.money is not None:
        paths["disbursement CSV"] = write_csv(results.money, out_dir / "disbursement.csv",
                                              **options)
        paths["S-curves CSV"] = write_csv(results.curve, out_dir / "s_curves.csv", **options)
    paths.update(write_documents(inputs, results, out_dir, paths))
    print_summary(inputs, results, out)
    return paths


def example_report(out_dir: Path, period: Any = None, seed: int = 0, units: str = "commune",
                   out: TextIO | None = None, *, unit: str = "VN", lang: str = "vi",
                   csv_sep: str = ",", csv_decimal: str = ".", csv_bom: bool = True
                   ) -> dict[str, Path]:
    """The report on the example data (:func:`chitieu.datasets.labour_social`):
    ``unit`` "VN" (the nation and its 63 provinces) or a province code (it and its
    districts), for ``period`` (default: the latest complete half-year). Prints a
    summary to ``out`` (default stdout); returns the written files by label."""
    out = sys.stdout if out is None else out
    with bar(total=3, desc="chitieu report", unit="step") as steps:
        steps.set_description("generating the example data")
        data = datasets.labour_social(seed, units=units)
        months = sorted(str(m) for m in data.observations["period"].unique())
        chosen = latest_half_year(months) if period is None else (
            period if isinstance(period, Period) else Period.parse(str(period)))
        if chosen.kind == "day" or not set(map(str, chosen.children("month"))) <= set(months):
            raise ValueError(f"period {chosen} is not made of whole months of the example data "
                             f"({months[0]}–{months[-1]})")
        hierarchy = Hierarchy.vietnam(2024)
        catalog = Catalog.from_frame(data.catalog)
        steps.update(1)
        steps.set_description("rolling up and assessing")
        inputs = Inputs(
            hierarchy, catalog, data.catalog,
            Observations.from_frame(data.observations, hierarchy, catalog),
            Plan.from_frame(data.plans), chosen, unit,
            _sub_level(hierarchy, unit), Allocations.from_frame(data.allocations),
            Payments.from_frame(data.payments), data.approved_beneficiaries,
            Schedule.linear().override(
                Schedule.profile({"Q1": 0.10, "S1": 0.40, "Q3": 0.70, "year": 1.0}),
                programme="vocational_training"),
            source=f"dữ liệu mẫu (seed {data.seed}, {data.observations['unit'].nunique():,} "
                   f"đơn vị báo cáo cấp {data.reporting_level})", lang=lang)
        results = compute(inputs)
        steps.update(1)
        steps.set_description("writing the report")
        paths = _write(inputs, results, Path(out_dir), out, csv_sep=csv_sep,
                       csv_decimal=csv_decimal, csv_bom=csv_bom)
        steps.update(1)
    return paths


def _sub_level(hierarchy: Hierarchy, unit: str) -> str | None:
    if unit not in hierarchy:
        raise KeyError(f"unit {unit!r} is not in the hierarchy")
    levels = hierarchy.levels
    index = levels.index(hierarchy.level_of(unit))
    return levels[index + 1] if index + 1 < len(levels) else None


def files_report(out_dir: Path, *, hierarchy: Hierarchy, catalog_frame: pd.DataFrame,
                 observations: pd.DataFrame, plan: pd.DataFrame, unit: str, period: Any,
                 allocations: pd.DataFrame | None = None, payments: pd.DataFrame | None = None,
                 schedule: Any = None, out: TextIO | None = None, lang: str = "vi",
                 csv_sep: str = ",", csv_decimal: str = ".", csv_bom: bool = True,
                 source: str = "") -> dict[str, Path]:
    """The report on a user's own tables (already read), for ``unit`` and the
    level below it: a province reports itself and its districts, not the nation."""
    out = sys.stdout if out is None else out
    catalog = Catalog.from_frame(catalog_frame)
    chosen = period if isinstance(period, Period) else Period.parse(str(period))
    inputs = Inputs(hierarchy, catalog, catalog_frame,
                    Observations.from_frame(observations, hierarchy, catalog),
                    Plan.from_frame(plan), chosen, unit, _sub_level(hierarchy, unit),
                    None if allocations is None else Allocations.from_frame(allocations),
                    None if payments is None else Payments.from_frame(payments),
                    schedule=schedule, source=source, lang=lang)
    return _write(inputs, compute(inputs), Path(out_dir), out, csv_sep=csv_sep,
                  csv_decimal=csv_decimal, csv_bom=csv_bom)
