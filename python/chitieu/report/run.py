"""Load, assess, write: the two ways into the report (example data, user files)."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from .. import datasets
from .._progress import bar
from .._util import Lang
from ..catalog import Catalog
from ..crosswalk import Crosswalk
from ..datasets import _gen_reform
from ..disbursement import Allocations, Payments, Schedule, disbursement
from ..hierarchy import Hierarchy, structure_in_force
from ..observations import Observations
from ..period import Period
from ..plan import Plan, assess
from ..rollup import rollup
from ..text import indicator_texts
from ..translate import estimate_note, structure_of_rows, translate_observations
from .export import write_csv

#: The example report's default period: the latest half-year wholly on the 2025
#: structure, whose same period last year lies wholly on the old one
#: (docs/hierarchies.md).
DEFAULT_PERIOD = "2026S1"

__all__ = [
    "DEFAULT_PERIOD",
    "Inputs",
    "example_report",
    "files_report",
    "latest_half_year",
    "short_name",
    "short_names",
]


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


def short_names(names: Iterable[str]) -> dict[str, str]:
    """``{name: short name}``, keeping the full name where two would shorten alike
    (Huyện Kỳ Anh and Thị xã Kỳ Anh both stay whole).

    >>> short_names(["Huyện Kỳ Anh", "Thị xã Kỳ Anh", "Huyện Đức Thọ"])["Huyện Đức Thọ"]
    'Đức Thọ'
    """
    names = list(dict.fromkeys(names))
    shorts = [short_name(n) for n in names]
    clash = {s for s in shorts if shorts.count(s) > 1}
    return {n: (n if s in clash else s) for n, s in zip(names, shorts)}


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
    lang: Lang = "vi"
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
    programmes: pd.DataFrame | None  # the unit's S-curves by programme (chart)
    as_of: Any
    texts: dict


def _levels(inputs: Inputs) -> list[str]:
    return [inputs.top_level] + ([inputs.sub_level] if inputs.sub_level else [])


def compute(inputs: Inputs) -> Results:
    """Every figure of the report, from the engine: the rollup (period and a year
    earlier), the assessments of the unit and its sub-units, disbursement."""
    p, units = inputs.period, [inputs.top]
    rolled = rollup(inputs.observations, level=_levels(inputs),
                    periods=[p, p.same_period_last_year()], units=units).to_pandas()
    top = assess(inputs.observations, inputs.plan, level=inputs.top_level, period=p,
                 units=units).to_pandas()
    subs = pd.DataFrame(columns=top.columns)
    if inputs.sub_level:
        subs = assess(inputs.observations, inputs.plan, level=inputs.sub_level, period=p,
                      units=units).to_pandas()
    money = curve = programmes = None
    if inputs.allocations is not None and inputs.payments is not None:
        result = disbursement(inputs.allocations, inputs.payments,
                              inputs.schedule or Schedule.linear(), inputs.hierarchy,
                              level=_levels(inputs), as_of=p.last, approved=inputs.approved)
        money, curve = result.to_pandas(), result.s_curve()
        keep = set(inputs.hierarchy.descendants(inputs.top)) | {inputs.top}
        money = money[money["unit"].astype(str).isin(keep)].reset_index(drop=True)
        curve = curve[curve["unit"].astype(str).isin(keep)].reset_index(drop=True)
        # The chart's lines: the unit's programmes, sources added up by the engine.
        by_programme = disbursement(inputs.allocations, inputs.payments,
                                    inputs.schedule or Schedule.linear(), inputs.hierarchy,
                                    level=inputs.top_level, as_of=p.last, by=["programme"])
        programmes = by_programme.s_curve()
        programmes = programmes[programmes["unit"].astype(str) == inputs.top]
    texts = indicator_texts(inputs.catalog, _template_columns(inputs.catalog_frame))
    return Results(rolled, top, subs, money, curve, programmes, p.last, texts)


_TEMPLATE_COLUMNS = ("phrase", "unit_word", "verb", "decimals", "style")


def _template_columns(frame: pd.DataFrame) -> pd.DataFrame | None:
    """The catalog's template columns (phrase, unit_word, verb, decimals, style), if
    any: how the narrative words each indicator (chitieu.text.indicator_texts)."""
    columns = [c for c in _TEMPLATE_COLUMNS if c in frame]
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
                   out: TextIO | None = None, *, unit: str = "VN", lang: Lang = "vi",
                   csv_sep: str = ",", csv_decimal: str = ".", csv_bom: bool = True
                   ) -> dict[str, Path]:
    """The report on the example data (:func:`chitieu.datasets.labour_social`):
    ``unit`` "VN" (the nation and its 63 provinces) or a province code (it and its
    districts), for ``period`` (default :data:`DEFAULT_PERIOD`, on the 2025 units). Prints a
    summary to ``out`` (default stdout); returns the written files by label."""
    out = sys.stdout if out is None else out
    with bar(total=3, desc="chitieu report", unit="step") as steps:
        steps.set_description("generating the example data")
        data, chosen, hierarchy, frame, note = _example_data(period, seed, units, lang)
        catalog = Catalog.from_frame(data.catalog)
        steps.update(1)
        steps.set_description("rolling up and assessing")
        inputs = Inputs(
            hierarchy, catalog, data.catalog,
            Observations.from_frame(frame, hierarchy, catalog),
            Plan.from_frame(data.plans), chosen, unit,
            _sub_level(hierarchy, unit), Allocations.from_frame(data.allocations),
            Payments.from_frame(data.payments), data.approved_beneficiaries,
            Schedule.linear().override(
                Schedule.profile({"Q1": 0.10, "S1": 0.40, "Q3": 0.70, "year": 1.0}),
                programme="vocational_training"),
            source=_example_source(data, lang) + note, lang=lang)
        results = compute(inputs)
        steps.update(1)
        steps.set_description("writing the report")
        paths = _write(inputs, results, Path(out_dir), out, csv_sep=csv_sep,
                       csv_decimal=csv_decimal, csv_bom=csv_bom)
        steps.update(1)
    return paths


def _example_data(period: Any, seed: int, units: str, lang: Lang) -> tuple:
    """The example data for ``period`` (default :data:`DEFAULT_PERIOD`) on the
    structure in force at its end: (data, period, hierarchy, observation frame,
    a note on translated rows). Rows reported on the 2024 units before the reform
    are translated onto the 2025 ones (equal shares where the official table has
    none, and the note says what rests on them); plans and budgets are the year's."""
    chosen = Period.parse(DEFAULT_PERIOD) if period is None else (
        period if isinstance(period, Period) else Period.parse(str(period)))
    year = chosen.last.year
    years = (year - 1, year) if 2017 <= year <= 2030 else (2025, 2026)
    data = datasets.labour_social(seed, years=years, units=units)
    months = sorted(str(m) for m in data.observations["period"].unique())
    if chosen.kind == "day" or not set(map(str, chosen.children("month"))) <= set(months):
        raise ValueError(f"period {chosen} is not made of whole months of the example data "
                         f"({months[0]}–{months[-1]})")
    structure = structure_in_force(chosen.last)
    frame, note = data.observations, ""
    if structure == 2025:
        crosswalk = Crosswalk.vietnam(2024, 2025)
        frame = translate_observations(frame, crosswalk, Catalog.from_frame(data.catalog),
                                       split="equal")
        note = (". Trên địa giới từ 01/07/2025 (34 tỉnh, thành phố); số liệu báo cáo theo "
                "đơn vị cũ được quy đổi theo bảng chuyển đổi chính thức. " if lang == "vi" else
                ". On the units in force since 1 July 2025 (34 provinces); rows reported on "
                "the old units are translated by the official conversion table. ")
        note += estimate_note(frame, crosswalk, lang=lang)
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
            payments=_unused_units_dropped(data.payments[data.payments["date"].dt.year == year]),
            approved_beneficiaries=data.approved_beneficiaries[
                data.approved_beneficiaries["year"] == year])
    # The source line goes on "; đến ngày …" after the note: no full stop of its own.
    return data, chosen, Hierarchy.vietnam(structure), frame, note.rstrip(".")


def _unused_units_dropped(frame: pd.DataFrame) -> pd.DataFrame:
    """A year's rows on one structure: the other structure's codes leave the categories."""
    unit = frame["unit"]
    if isinstance(unit.dtype, pd.CategoricalDtype):
        frame = frame.assign(unit=unit.cat.remove_unused_categories())
    return frame


def _example_source(data: Any, lang: Lang) -> str:
    from ..text import format_number, level_word

    count = format_number(data.observations["unit"].nunique(), lang=lang)
    level = level_word(data.reporting_level, lang).lower()
    if lang == "vi":
        return f"dữ liệu mẫu (seed {data.seed}, {count} đơn vị báo cáo cấp {level})"
    return f"generated example data (seed {data.seed}, {count} reporting units: {level})"


def _sub_level(hierarchy: Hierarchy, unit: str) -> str | None:
    if unit not in hierarchy:
        raise KeyError(f"unit {unit!r} is not in the hierarchy")
    levels = hierarchy.levels
    index = levels.index(hierarchy.level_of(unit))
    return levels[index + 1] if index + 1 < len(levels) else None


def files_report(out_dir: Path, *, hierarchy: Hierarchy, catalog_frame: pd.DataFrame,
                 observations: pd.DataFrame, plan: pd.DataFrame, unit: str, period: Any,
                 allocations: pd.DataFrame | None = None, payments: pd.DataFrame | None = None,
                 schedule: Any = None, out: TextIO | None = None, lang: Lang = "vi",
                 csv_sep: str = ",", csv_decimal: str = ".", csv_bom: bool = True,
                 source: str = "") -> dict[str, Path]:
    """The report on a user's own tables (already read), for ``unit`` and the
    level below it: a province reports itself and its districts, not the nation."""
    out = sys.stdout if out is None else out
    templates = [c for c in _TEMPLATE_COLUMNS if c in catalog_frame]
    catalog = Catalog.from_frame(catalog_frame.drop(columns=templates))
    chosen = period if isinstance(period, Period) else Period.parse(str(period))
    inputs = Inputs(hierarchy, catalog, catalog_frame,
                    Observations.from_frame(observations, hierarchy, catalog),
                    Plan.from_frame(plan), chosen, unit, _sub_level(hierarchy, unit),
                    None if allocations is None else Allocations.from_frame(allocations),
                    None if payments is None else Payments.from_frame(payments),
                    schedule=schedule, source=source, lang=lang)
    return _write(inputs, compute(inputs), Path(out_dir), out, csv_sep=csv_sep,
                  csv_decimal=csv_decimal, csv_bom=csv_bom)
