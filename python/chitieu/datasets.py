"""Example data, generated offline and deterministically from a seed.

- :func:`labour_social`: a realistic province-wide labour / social-affairs data set
  on the real 2024 Vietnamese hierarchy (shipped in the package): monthly reports
  from every commune for ~20 indicators, district and province plans, and the
  allocations, payments and approved beneficiaries of three programmes.
- :func:`daily_payments`: a year of daily payments by every commune (millions of
  rows), matching ``labour_social(seed).allocations`` of that year.
- :func:`synthetic`: up to 1e8+ random observations (indicator x commune x month)
  for benchmarks, as numpy arrays.

Values are illustrative: levels, regional differences and seasonality resemble
Vietnam's official 2016-2020 figures but are generated, not statistics.

>>> from chitieu import datasets
>>> data = datasets.labour_social(seed=1, years=(2020,), units="district")
>>> sorted(data.observations.columns)
['indicator', 'period', 'unit', 'value']
"""

from __future__ import annotations

import html
import numbers
from dataclasses import dataclass
from typing import Iterable, Optional, Union

import numpy as np
import pandas as pd

from . import _gen_common as _common
from . import _gen_labour as _labour
from . import _gen_money as _money
from . import _gen_reform as _reform
from ._progress import bar, track

__all__ = [
    "LabourSocialData",
    "SyntheticData",
    "labour_social",
    "daily_payments",
    "synthetic",
    "PROGRAMMES",
    "SOURCES",
]

PROGRAMMES = _money.PROGRAMMES
SOURCES = _money.SOURCES

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


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
    return int(seed)


def _check_years(years: Union[int, Iterable[int]]) -> tuple:
    items = [years] if isinstance(years, numbers.Integral) else list(years)
    bad = [
        y for y in items if isinstance(y, bool) or not isinstance(y, numbers.Integral)
    ]
    if bad or not items:
        raise ValueError(f"years must be one or more integer years, not {years!r}")
    out = tuple(sorted({int(y) for y in items}))
    outside = [y for y in out if not _common.MIN_YEAR <= y <= _common.MAX_YEAR]
    if outside:
        raise ValueError(
            f"years {outside} outside the generated range "
            f"{_common.MIN_YEAR}-{_common.MAX_YEAR}"
        )
    return out


def labour_social(
    seed: int = 0,
    years: Union[int, Iterable[int]] = (2019, 2020),
    units: str = "commune",
    *,
    reform: Optional[bool] = None,
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
        plans = _labour.plans(seed, years)
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


def daily_payments(
    seed: int = 0, year: int = 2020, provinces: Optional[Iterable[str]] = None
) -> pd.DataFrame:
    """A year of daily payments by every commune, for disbursement benchmarks.

    Same columns as ``labour_social().payments`` (date, programme, source, unit,
    amount, beneficiaries, reversal); about three million rows for the whole
    country (two seconds). Each commune (and island district) pays each
    programme and source on random working days (none around Tết), along an
    S-curve with a December catch-up, up to 94-100% of its share of the district
    allocation in ``labour_social(seed, years=(year,)).allocations`` (55-88% in
    the ~6% of lagging districts, as in the monthly ledger). ``provinces``
    (province codes) limits the ledger to those provinces: the result is exactly
    their rows of the whole-country ledger.

    >>> pay = daily_payments(seed=0, year=2020, provinces=["01"])
    >>> pay["date"].dt.year.unique().tolist()
    [2020]
    """
    seed = _check_seed(seed)
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise ValueError(f"year must be a single integer year, not {year!r}")
    (year,) = _check_years(year)
    codes = pd.Index(_common.geo().province_codes)
    if provinces is None:
        chosen = np.arange(len(codes))
    else:
        wanted = [provinces] if isinstance(provinces, str) else list(provinces)
        chosen = codes.get_indexer(wanted)
        unknown = [w for w, i in zip(wanted, chosen) if i < 0]
        if unknown:
            shown = ", ".join(repr(u) for u in unknown[:10])
            more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
            raise KeyError(f"unknown province code(s): {shown}{more}")
        chosen = np.unique(chosen)
    return _money.daily(seed, year, chosen)


@dataclass(frozen=True, eq=False, repr=False)
class SyntheticData:
    """Benchmark observations as numpy arrays (see :func:`synthetic`).

    ``indicator``, ``unit`` and ``period`` are int32 positions into
    ``indicator_codes``, ``unit_codes`` (the real commune codes) and
    ``period_codes`` ("YYYYMM"); ``value`` is float64. ``unique_cells`` says
    whether every (indicator, unit, period) appears at most once.

    >>> data = synthetic(1000, seed=1, indicators=5)
    >>> len(data), data.unique_cells
    (1000, True)
    """

    indicator: np.ndarray
    unit: np.ndarray
    period: np.ndarray
    value: np.ndarray
    indicator_codes: np.ndarray
    unit_codes: np.ndarray
    period_codes: np.ndarray
    unique_cells: bool
    seed: int = 0

    def __len__(self) -> int:
        return len(self.value)

    def __repr__(self) -> str:
        return (
            f"SyntheticData({len(self):,} rows: "
            f"{len(self.indicator_codes)} indicators x "
            f"{len(self.unit_codes):,} communes x {len(self.period_codes)} months, "
            f"unique_cells={self.unique_cells}, seed={self.seed})"
        )

    def to_frame(self) -> pd.DataFrame:
        """A DataFrame indicator, unit, period (categoricals of the codes), value.

        >>> synthetic(10, indicators=2).to_frame().dtypes["unit"].name
        'category'
        """
        return pd.DataFrame(
            {
                "indicator": _common.categorical(self.indicator, self.indicator_codes),
                "unit": _common.categorical(self.unit, self.unit_codes),
                "period": _common.categorical(self.period, self.period_codes),
                "value": self.value,
            }
        )


_CHUNK = 1 << 22  # cells generated at a time: bounds the working memory


def synthetic(
    rows: Union[int, float],
    seed: int = 0,
    indicators: int = 300,
    years: Union[int, Iterable[int]] = (2019, 2020),
    replace: Optional[bool] = None,
    shuffle: bool = False,
) -> SyntheticData:
    """Random observations for benchmarks: ``rows`` (indicator, commune, month)
    cells with integer-valued float64 values in [0, 10000), so every sum of up to
    ~9e11 values is exact in float64 and tools can be compared bit for bit.

    The cell space is ``indicators x 10,047 communes x 12 * len(years)`` months
    (72.3 million for the defaults). Sampling:

    - ``replace=None`` (default): without replacement (every cell at most once,
      uniformly) while ``rows`` fits the cell space; beyond it, every cell once
      plus ``rows - cells`` extra cells drawn with replacement (duplicates, as few
      as possible; ``unique_cells`` is then False and a rollup needs a
      duplicates policy such as "sum").
    - ``replace=False``: always unique; a ``rows`` beyond the cell space is a
      ValueError.
    - ``replace=True``: every row drawn independently (with replacement).

    Rows come sorted by (indicator, unit, period) unless ``shuffle=True`` (an
    in-place shuffle: more time, no extra memory). Generation works in chunks of
    4M cells, so memory stays close to the output (20 bytes a row).

    >>> data = synthetic(1e4, seed=2, indicators=10, years=(2020,))
    >>> data.period_codes[:2].tolist(), len(data.to_frame())
    (['202001', '202002'], 10000)
    """
    seed = _check_seed(seed)
    years = _check_years(years)
    n_rows = _check_count(rows, "rows")
    n_ind = _check_count(indicators, "indicators")
    if n_ind == 0:
        raise ValueError("indicators must be at least 1")
    units = _common.geo().commune_codes
    periods = np.array(
        [f"{y}{m:02d}" for y in years for m in range(1, 13)], dtype=object
    )
    n_units, n_months = len(units), len(periods)
    cells = n_ind * n_units * n_months
    if replace is False and n_rows > cells:
        raise ValueError(
            f"rows={n_rows:,} exceeds the {cells:,} cells of {n_ind} indicators x "
            f"{n_units:,} communes x {n_months} months; pass replace=None or True"
        )
    mode = "iid" if replace else ("unique" if n_rows <= cells else "cover")
    g = _common.rng(seed, "synthetic", n_ind, n_months)
    starts = np.arange(0, cells, _CHUNK, dtype=np.int64)
    sizes = np.minimum(_CHUNK, cells - starts)
    if mode == "unique":
        counts = g.multivariate_hypergeometric(sizes, n_rows)
    else:
        drawn = n_rows - cells if mode == "cover" else n_rows
        counts = g.multinomial(drawn, sizes / cells) + (sizes if mode == "cover" else 0)
    out_ind = np.empty(n_rows, dtype=np.int32)
    out_unit = np.empty(n_rows, dtype=np.int32)
    out_period = np.empty(n_rows, dtype=np.int32)
    out_value = np.empty(n_rows, dtype=np.float64)
    offsets = np.r_[0, np.cumsum(counts)]
    for i in track(range(len(starts)), desc="synthetic", unit="chunk"):
        size, k = int(sizes[i]), int(counts[i])
        if mode == "unique":
            local = np.sort(g.choice(size, k, replace=False, shuffle=False))
        elif mode == "cover":
            extra = np.bincount(g.integers(0, size, k - size), minlength=size)
            local = np.repeat(np.arange(size, dtype=np.int64), extra + 1)
        else:
            local = np.sort(g.integers(0, size, k))
        cell = local + starts[i]
        del local
        sl = slice(int(offsets[i]), int(offsets[i + 1]))
        out_period[sl] = cell % n_months
        cell //= n_months
        out_unit[sl] = cell % n_units
        cell //= n_units
        out_ind[sl] = cell
        out_value[sl] = g.integers(0, 10_000, k, dtype=np.int32)
    if shuffle:
        state = _common.rng(seed, "synthetic-shuffle").bit_generator.state
        for arr in (out_ind, out_unit, out_period, out_value):
            bits = np.random.PCG64()
            bits.state = state
            np.random.Generator(bits).shuffle(arr)  # same permutation for each
    width = len(str(n_ind - 1))
    return SyntheticData(
        indicator=out_ind,
        unit=out_unit,
        period=out_period,
        value=out_value,
        indicator_codes=np.array(
            [f"ind{i:0{width}d}" for i in range(n_ind)], dtype=object
        ),
        unit_codes=np.asarray(units, dtype=object).copy(),
        period_codes=periods,
        unique_cells=mode == "unique",
        seed=seed,
    )


def _check_count(x: object, what: str) -> int:
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise ValueError(f"{what} must be a non-negative whole number, not {x!r}")
    if not float(x).is_integer() or x < 0:
        raise ValueError(f"{what} must be a non-negative whole number, not {x!r}")
    return int(x)
