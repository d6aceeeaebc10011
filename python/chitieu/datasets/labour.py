"""The example labour / social-affairs data set: monthly reports of every commune for
~20 indicators on the real 2024 hierarchy, district and province plans, and the
allocations, payments and approved beneficiaries of three programmes.

>>> data = labour_social(seed=1, years=(2020,), units="district")
>>> sorted(data.observations.columns)
['indicator', 'period', 'unit', 'value']
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._progress import bar
from . import _gen_common as _common
from . import _gen_labour as _labour
from . import _gen_money as _money
from . import _gen_plans as _plans
from . import _gen_reform as _reform
from ._checks import _check_seed, _check_years

# code, unit of measure, value_type, direction, preset or formula; then the name.
# value_type follows chitieu's catalog: "real" (float64 in the engine; the data
# are whole counts) or "money" (exact int64 đồng). Derived rows have a formula
# and no preset.
_CATALOG = (
    ("jobs_created", "người", "real", "higher", "flow",
     "Giải quyết việc làm"),
    ("vocational_enrolment", "người", "real", "higher", "flow",
     "Tuyển sinh giáo dục nghề nghiệp"),
    ("workers_abroad", "người", "real", "higher", "flow",
     "Người lao động đi làm việc ở nước ngoài theo hợp đồng"),
    ("unemployment_insurance_claims", "hồ sơ", "real", "lower", "flow",
     "Hồ sơ đề nghị hưởng bảo hiểm thất nghiệp"),
    ("labour_force", "người", "real", "higher", "stock",
     "Lực lượng lao động"),
    ("trained_workers", "người", "real", "higher", "stock",
     "Lao động qua đào tạo"),
    ("households", "hộ", "real", "higher", "stock",
     "Tổng số hộ dân cư"),
    ("poor_households", "hộ", "real", "lower", "stock",
     "Hộ nghèo"),
    ("near_poor_households", "hộ", "real", "lower", "stock",
     "Hộ cận nghèo"),
    ("social_assistance_recipients", "người", "real", "higher", "stock",
     "Đối tượng bảo trợ xã hội hưởng trợ cấp hằng tháng"),
    ("social_assistance_rate", "VND/tháng", "real", "higher", "level",
     "Mức chuẩn trợ giúp xã hội"),
    ("social_assistance_paid", "VND", "money", "higher", "flow",
     "Kinh phí chi trả trợ cấp xã hội hằng tháng"),
    ("allowance_recipients_avg", "người", "real", "higher", "stock_average",
     "Người cao tuổi hưởng trợ cấp xã hội (bình quân tháng)"),
    ("elderly_allowance_paid", "VND", "money", "higher", "flow",
     "Kinh phí chi trả trợ cấp người cao tuổi"),
    ("children_supported", "trẻ em", "real", "higher", "stock_average",
     "Trẻ em có hoàn cảnh đặc biệt được hỗ trợ (bình quân tháng)"),
    ("merit_houses_built", "căn", "real", "higher", "flow",
     "Nhà ở cho người có công được hỗ trợ xây mới, sửa chữa"),
    ("task_total", "nhiệm vụ", "real", "higher", "flow",
     "Nhiệm vụ được giao"),
    ("task_completed", "nhiệm vụ", "real", "higher", "flow",
     "Nhiệm vụ đã hoàn thành"),
    ("max_processing_days", "ngày", "real", "lower", "max",
     "Thời gian giải quyết hồ sơ trợ cấp dài nhất"),
    ("trained_labour_rate", "%", "real", "higher",
     "ratio(trained_workers, labour_force, 100)",
     "Tỷ lệ lao động qua đào tạo"),
    ("poverty_rate", "%", "real", "lower", "ratio(poor_households, households, 100)",
     "Tỷ lệ hộ nghèo"),
    ("near_poverty_rate", "%", "real", "lower",
     "ratio(near_poor_households, households, 100)",
     "Tỷ lệ hộ cận nghèo"),
    ("poor_and_near_poor_households", "hộ", "real", "lower",
     "sum(poor_households, near_poor_households)",
     "Hộ nghèo và hộ cận nghèo"),
    ("untrained_workers", "người", "real", "lower",
     "difference(labour_force, trained_workers)",
     "Lao động chưa qua đào tạo"),
    ("task_completion_rate", "%", "real", "higher",
     "ratio(task_completed, task_total, 100)",
     "Tỷ lệ hoàn thành nhiệm vụ"),
)  # fmt: skip

_LEVELS = ("commune", "district")


def _catalog_frame() -> pd.DataFrame:
    rows = [
        (code, name, unit, vtype, direction, "", rule)
        if "(" in rule
        else (code, name, unit, vtype, direction, rule, "")
        for code, unit, vtype, direction, rule, name in _CATALOG
    ]
    columns = ["code", "name", "unit", "value_type", "direction", "preset", "formula"]
    return pd.DataFrame(rows, columns=columns)


def _base_codes() -> list:
    return [row[0] for row in _CATALOG if "(" not in row[4]]


@dataclass(frozen=True, eq=False, repr=False)
class LabourSocialData:
    """The example labour / social-affairs data set (see :func:`labour_social`).

    >>> data = labour_social(years=(2020,), units="district")
    >>> data.catalog.loc[data.catalog["code"] == "poverty_rate", "formula"].item()
    'ratio(poor_households, households, 100)'
    """

    units: pd.DataFrame
    catalog: pd.DataFrame
    observations: pd.DataFrame
    plans: pd.DataFrame
    allocations: pd.DataFrame
    payments: pd.DataFrame
    approved_beneficiaries: pd.DataFrame
    seed: int = 0
    years: tuple = ()
    reporting_level: str = "commune"
    #: True when rows dated from 1 July 2025 are on the 2025 units (see labour_social).
    reform: bool = False

    def summary(self) -> pd.DataFrame:
        """One row per table: its name, rows and what it holds.

        >>> data = labour_social(years=(2020,), units="district")
        >>> data.summary()["table"].tolist()[:2]
        ['units', 'catalog']
        """
        n_derived = int((self.catalog["formula"] != "").sum())
        n_reporting = self.observations["unit"].nunique()
        level = self.reporting_level
        rows = [
            ("units", len(self.units), f"2024 hierarchy; {n_reporting:,} units report"
             + (" (2025 units from July 2025)" if self.reform else "")),
            (
                "catalog",
                len(self.catalog),
                f"{len(self.catalog) - n_derived} base, {n_derived} derived indicators",
            ),
            (
                "observations",
                len(self.observations),
                "indicator x unit x month (YYYYMM), int64 values",
            ),
            (
                "plans",
                len(self.plans),
                "district and province targets: total, level, change",
            ),
            (
                "allocations",
                len(self.allocations),
                "programme x source x district x year, with amendments",
            ),
            (
                "payments",
                len(self.payments),
                f"dated payments per {level}, with reversals",
            ),
            (
                "approved_beneficiaries",
                len(self.approved_beneficiaries),
                "programme x unit x year",
            ),
        ]
        return pd.DataFrame(rows, columns=["table", "rows", "contents"])

    def _title(self) -> str:
        first, last = self.years[0], self.years[-1]
        span = f"{first}" if first == last else f"{first}–{last}"
        level = self.reporting_level
        return f"LabourSocialData(seed={self.seed}, years={span}, units={level!r})"

    def __repr__(self) -> str:
        lines = [self._title()]
        for table, rows, contents in self.summary().itertuples(index=False):
            lines.append(f"  {table:<23}{rows:>11,}  {contents}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><td style='text-align:left'><code>{html.escape(t)}</code></td>"
            f"<td style='text-align:right'>{r:,}</td>"
            f"<td style='text-align:left'>{html.escape(c)}</td></tr>"
            for t, r, c in self.summary().itertuples(index=False)
        )
        return (
            f"<div><strong>{html.escape(self._title())}</strong>"
            "<table><thead><tr><th>table</th><th>rows</th><th>contents</th></tr>"
            "</thead>"
            f"<tbody>{body}</tbody></table></div>"
        )


def labour_social(
    seed: int = 0,
    *,
    years: int | Iterable[int] = (2019, 2020),
    units: str = "commune",
    reform: bool | None = None,
) -> LabourSocialData:
    """Generate the example labour / social-affairs data set.

    Deterministic for a seed, and a year's data do not depend on the other years
    asked for (``years=(2020,)`` gives the 2020 part of ``years=(2019, 2020)``).
    The default (10,051 reporting units x 19 base indicators x 24 months = 4.58
    million observations, 1.4 million payments) takes one to two seconds.

    Parameters
    ----------
    seed : non-negative int.
    years : a year or years between 2016 and 2030.
    units : "commune" (every commune reports, and so do the four island
        districts that have no communes: Bạch Long Vĩ, Cồn Cỏ, Lý Sơn, Côn Đảo)
        or "district" (the 695 districts report, each as the sum of its
        communes' underlying quantities; 14 times smaller). Hoàng Sa, a
        district without communes or residents, has no data and no plans.

    Returns
    -------
    LabourSocialData with these DataFrames:

    - ``units``: code, name, level, parent_code: the 2024 hierarchy (63
      provinces, 696 districts, 10,047 communes; codes are strings with leading
      zeros). Chitieu's Vietnamese hierarchy adds the nation ``VN`` above them.
    - ``catalog``: code, name, unit, value_type ("real" | "money"), direction
      ("higher" | "lower"), preset (flow, stock, stock_average, level, max; empty
      for derived rows) and formula (``ratio(a, b, 100)``, ``difference(a, b)``,
      ``sum(a, b)``; empty for base rows).
    - ``observations``: indicator, unit, period ("YYYYMM"), value: one row per
      base indicator x reporting unit x month, sorted in that order; the code
      columns are categoricals, ``value`` is int64 for every indicator (people,
      households, days and đồng are whole numbers).
    - ``plans``: indicator, unit, level ("district" | "province"), period (the
      year, "2020"), kind, bound, target, lo, hi, baseline_period, change_unit,
      version, effective_date. ``total`` targets (bound at_least) for flows;
      ``level`` targets for rates (at_least / at_most, in %); ``change``
      targets are signed changes from the baseline period's year-end value:
      poverty_rate by ``range`` lo..hi in points (a cut of 1-1.5 points is
      lo=-1.5, hi=-1.0), vocational_enrolment (provinces) ``at_least`` target
      in percent. Every row has version "original" (effective 15 December of the
      year before); a few total targets also have an "adjusted" version
      effective from July-August (many in 2020, after COVID-19).
    - ``allocations``: programme, source, unit (district), year, amount (int64
      đồng), effective_date. A later effective_date for the same
      (programme, source, unit, year) replaces the earlier amount.
    - ``payments``: date, programme, source, unit (reporting unit), amount
      (int64 đồng), beneficiaries (int64: approved people first paid by this
      payment), reversal (bool; True exactly for the negative amounts).
    - ``approved_beneficiaries``: programme, unit (reporting unit), year,
      approved (int64).

    Example
    -------
    >>> data = labour_social(seed=0, years=(2019, 2020), units="district")
    >>> obs = data.observations
    >>> poor = obs[(obs.indicator == "poor_households") & (obs.period == "202012")]
    >>> int(poor["value"].sum()) > 0
    True
    """
    seed = _check_seed(seed)
    years = _check_years(years)
    if units not in _LEVELS:
        raise ValueError(f"units must be 'commune' or 'district', not {units!r}")
    steps = bar(total=6, desc="labour_social", unit="table")
    with steps:
        hierarchy = _common.admin_2024()[
            ["code", "name", "level", "parent_code"]
        ].copy()
        catalog = _catalog_frame()
        observations = _observations(seed, years, units)
        steps.update(2)
        plans = _plans.plans(seed, years)
        steps.update(1)
        allocations = _money.allocations(seed, years)
        steps.update(1)
        payments = pd.concat(
            [_money.ledger(seed, y, units) for y in years], ignore_index=True
        )
        steps.update(1)
        approved = _money.approved(seed, years, units)
        steps.update(1)
        reform = years[-1] >= 2025 if reform is None else bool(reform)
        if reform:
            observations = _reform.observations(observations, catalog)
            plans = _reform.plans(plans)
            allocations = _reform.allocations(allocations)
            payments = _reform.payments(payments)
            approved = _reform.approved(approved)
    return LabourSocialData(
        units=hierarchy,
        catalog=catalog,
        observations=observations,
        plans=plans,
        allocations=allocations,
        payments=payments,
        approved_beneficiaries=approved,
        seed=seed,
        years=years,
        reporting_level=units,
        reform=reform,
    )


def _observations(seed: int, years: tuple, level: str) -> pd.DataFrame:
    series = _labour.monthly(seed, years, level)
    codes = _base_codes()
    n_units, n_months = series[codes[0]].shape
    values = np.empty((len(codes), n_units, n_months), dtype=np.int64)
    for i, code in enumerate(codes):
        values[i] = series.pop(code)
    periods = [f"{y}{m:02d}" for y in years for m in range(1, 13)]
    unit_codes, _ = _common.geo().level(level)
    cells = n_units * n_months
    return pd.DataFrame(
        {
            "indicator": _common.categorical(
                np.repeat(np.arange(len(codes), dtype=np.int32), cells), codes
            ),
            "unit": _common.categorical(
                np.tile(
                    np.repeat(np.arange(n_units, dtype=np.int32), n_months), len(codes)
                ),
                unit_codes,
            ),
            "period": _common.categorical(
                np.tile(np.arange(n_months, dtype=np.int32), n_units * len(codes)),
                periods,
            ),
            "value": values.reshape(-1),
        }
    )
