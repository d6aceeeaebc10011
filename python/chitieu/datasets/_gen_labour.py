"""The labour / social-affairs world behind chitieu.datasets.labour_social.

Three layers, all vectorised over units:
1. `structure(seed)`: per commune and year (end-2015 to end-2030), the slowly
   moving quantities: households, poor and near-poor households, labour force,
   trained workers, assistance caseloads, and the expected annual flows (jobs,
   enrolment, ...). Sizes follow the region, the province and the commune type.
2. `monthly(...)`: the monthly reports of every reporting unit (communes, or
   districts summing their communes' quantities): seasonality around Tết,
   year-end pushes, the 2020-2021 COVID-19 shocks, count noise.
Their plans are in `_gen_plans` (made from the same structure).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ._gen_common import (
    MAX_YEAR,
    REF_YEAR,
    geo,
    lognormal,
    rng,
    sum_by,
    tet_month,
)

_NY = MAX_YEAR - REF_YEAR + 1

# Per region, in _gen_common.REGIONS order: red river delta, northern uplands,
# central coast, central highlands, southeast, mekong delta. Levels are of the
# order of the official 2016-2020 figures (illustrative, not statistics).
_HH_PER_COMMUNE = np.array([2300, 1300, 2000, 2200, 3200, 2600.0])
_HH_BY_KIND = np.array([1.0, 1.4, 1.8])  # xã, thị trấn, phường
_POOR_2018 = np.array([0.018, 0.16, 0.055, 0.09, 0.006, 0.035])
_NEAR_2018 = np.array([0.03, 0.11, 0.065, 0.07, 0.012, 0.045])
_POOR_BY_KIND = np.array([1.0, 0.55, 0.3])
_TRAINED_2015 = np.array([0.58, 0.45, 0.50, 0.42, 0.60, 0.43])
_UI_PER_LF = np.array([0.012, 0.0035, 0.007, 0.004, 0.03, 0.011])
_ABROAD_PER_LF = np.array([0.0032, 0.0018, 0.0050, 0.0007, 0.0005, 0.0008])
_ASSIST_PER_HH = np.array([0.040, 0.055, 0.050, 0.045, 0.030, 0.045])
_ELDERLY_PER_HH = np.array([0.075, 0.045, 0.075, 0.040, 0.045, 0.060])
_CHILDREN_PER_HH = np.array([0.006, 0.012, 0.008, 0.010, 0.005, 0.008])
_MERIT_PER_HH = np.array([0.050, 0.030, 0.060, 0.030, 0.025, 0.035])
_HOUSES_PER_1000_HH = np.array([1.2, 1.0, 2.0, 0.8, 0.6, 1.2])
# Provinces sending many contract workers abroad; industrial provinces where
# unemployment-insurance claims concentrate; provinces paying a higher local
# social-assistance standard (all three lists illustrative).
_ABROAD_PROVINCES = (24, 25, 30, 33, 34, 36, 38, 40, 42, 44)
_INDUSTRIAL_PROVINCES = (1, 22, 26, 27, 31, 74, 75, 77, 79, 80)
_HIGH_STANDARD_PROVINCES = (1, 48, 74, 79)
HOUSEHOLDS_2019 = 26_870_000  # census 2019, households nationwide


@dataclass(frozen=True)
class Structure:
    """Per commune (rows) and year REF_YEAR..MAX_YEAR (columns), end-of-year."""

    households: np.ndarray  # int64 stocks
    poor: np.ndarray
    near_poor: np.ndarray
    labour_force: np.ndarray
    trained: np.ndarray
    assisted: np.ndarray  # monthly social-assistance recipients (excl. elderly)
    elderly: np.ndarray  # elderly allowance recipients
    children: np.ndarray
    merit: np.ndarray  # people with merit receiving allowances
    jobs: np.ndarray  # float64 expected annual flows, before any shock
    enrolment: np.ndarray
    abroad: np.ndarray
    claims: np.ndarray
    houses: np.ndarray
    tasks: np.ndarray

    def at(self, index: np.ndarray, n: int) -> Structure:
        """The same quantities summed over communes into n units."""
        return Structure(**{k: sum_by(index, n, v) for k, v in vars(self).items()})


@functools.lru_cache(maxsize=4)
def structure(seed: int) -> Structure:
    G = geo()
    C, P = len(G.leaf_codes), len(G.province_codes)
    cp = G.leaf_province
    reg = G.province_region[cp]
    kind = G.leaf_kind
    pnum = G.province_number[cp]
    g = rng(seed, "structure")
    t = np.arange(_NY, dtype=np.float64)  # years since REF_YEAR

    prov_poor, prov_jobs, prov_enrol = (lognormal(g, s, P) for s in (0.35, 0.2, 0.25))
    prov_trained = g.normal(0.0, 0.04, P)

    size = _HH_PER_COMMUNE[reg] * _HH_BY_KIND[kind] * lognormal(g, 0.45, C)
    growth = 0.012 + 0.006 * kind + 0.01 * (reg == 4) + g.normal(0.0, 0.004, C)
    hh_f = size[:, None] * (1.0 + growth[:, None]) ** t
    hh_f *= HOUSEHOLDS_2019 / hh_f[:, 2019 - REF_YEAR].sum()
    households = np.round(hh_f).astype(np.int64)

    # Poverty falls by ~22% a year (relative) at the December reviews; the
    # near-poor more slowly, as households leaving poverty pass through it.
    poor0 = _POOR_2018[reg] * prov_poor[cp] * _POOR_BY_KIND[kind] * lognormal(g, 0.7, C)
    cut = np.clip(g.normal(0.22, 0.06, (C, _NY)), 0.05, 0.45)
    cut[:, 0] = 0.0
    poor_rate = np.clip(poor0 / 0.78**3, 0.001, 0.7)[:, None] * np.cumprod(
        1 - cut, axis=1
    )
    near0 = _NEAR_2018[reg] * np.sqrt(prov_poor[cp]) * _POOR_BY_KIND[kind] ** 0.5
    near0 = np.clip(near0 * lognormal(g, 0.5, C) / 0.88**3, 0.002, 0.35)
    near_cut = np.clip(g.normal(0.12, 0.05, (C, _NY)), -0.05, 0.3)
    near_cut[:, 0] = 0.0
    near_rate = np.minimum(
        near0[:, None] * np.cumprod(1 - near_cut, axis=1), 0.92 - poor_rate
    )

    trained0 = _TRAINED_2015[reg] + prov_trained[cp] + g.normal(0.0, 0.05, C)
    trained0 = np.clip(trained0 + 0.04 * (kind > 0), 0.15, 0.85)
    gain = np.clip(g.normal(0.026, 0.008, (C, _NY)), 0.0, 0.06)
    gain[:, 0] = 0.0
    trained_rate = np.minimum(trained0[:, None] + np.cumsum(gain, axis=1), 0.93)
    labour_force = np.round(hh_f * np.clip(g.normal(2.05, 0.15, C), 1.5, 2.6)[:, None])

    def per_household(rate: np.ndarray, sigma: float, trend: float) -> np.ndarray:
        per = rate[reg] * lognormal(g, sigma, C)
        return np.round(hh_f * per[:, None] * trend**t).astype(np.int64)

    lf = labour_force
    abroad_mult = np.where(np.isin(pnum, _ABROAD_PROVINCES), 2.2, 1.0)
    claims_mult = np.where(np.isin(pnum, _INDUSTRIAL_PROVINCES), 1.6, 1.0) * (
        1.0 + 0.5 * (kind == 2)
    )
    s = Structure(
        households=households,
        poor=np.round(hh_f * poor_rate).astype(np.int64),
        near_poor=np.round(hh_f * near_rate).astype(np.int64),
        labour_force=lf.astype(np.int64),
        trained=np.round(lf * trained_rate).astype(np.int64),
        assisted=per_household(_ASSIST_PER_HH, 0.3, 1.02),
        elderly=per_household(_ELDERLY_PER_HH, 0.3, 1.03),
        children=per_household(_CHILDREN_PER_HH, 0.5, 0.99),
        merit=per_household(_MERIT_PER_HH, 0.3, 0.99),
        jobs=lf * (0.030 * prov_jobs[cp] * lognormal(g, 0.3, C))[:, None],
        enrolment=lf * (0.040 * prov_enrol[cp] * lognormal(g, 0.3, C))[:, None],
        abroad=lf * (_ABROAD_PER_LF[reg] * abroad_mult * lognormal(g, 0.5, C))[:, None],
        claims=lf * (_UI_PER_LF[reg] * claims_mult * lognormal(g, 0.4, C))[:, None],
        houses=hh_f * (_HOUSES_PER_1000_HH[reg] / 1000 * lognormal(g, 0.5, C))[:, None],
        tasks=np.broadcast_to(96.0 * lognormal(g, 0.25, C)[:, None], (C, _NY)).copy(),
    )
    for v in vars(s).values():
        v.flags.writeable = False
    return s


@functools.lru_cache(maxsize=8)
def structure_at(seed: int, level: str) -> Structure:
    """structure(seed) summed to communes (itself), districts or provinces."""
    s = structure(seed)
    if level == "commune":
        return s
    codes, index = geo().level(level)
    out = s.at(index, len(codes))
    for v in vars(out).values():
        v.flags.writeable = False
    return out


def assistance_standard(year: int, province_number: np.ndarray) -> np.ndarray:
    """Monthly social-assistance standard (mức chuẩn trợ giúp xã hội), đồng,
    (provinces, 12): 270,000 (Decree 136/2013), 360,000 from July 2021 (Decree
    20/2021), 500,000 from July 2024 (Decree 76/2024); a few provinces top it up."""
    months = np.arange(year * 12, year * 12 + 12)
    national = np.select(
        [months >= 2024 * 12 + 6, months >= 2021 * 12 + 6], [500_000, 360_000], 270_000
    )
    top_up = np.where(np.isin(province_number, _HIGH_STANDARD_PROVINCES), 1.3, 1.0)
    return (np.round(national[None, :] * top_up[:, None] / 10_000) * 10_000).astype(
        np.int64
    )


def _profile(name: str, year: int) -> np.ndarray:
    """12 monthly weights (mean 1) of a flow in a year: Tết, terms, year-end."""
    w = np.ones(12)
    tet = tet_month(year) - 1  # 0-based month of mùng 1 Tết
    if name == "jobs":
        w[9:] = (1.1, 1.2, 1.35)  # the Q4 push to meet the year's plan
        w[tet : tet + 3] = (0.6, 1.3, 1.15)  # a lull, then the post-Tết hiring peak
    elif name == "enrolment":
        w = np.array([0.5, 0.6, 1.0, 0.7, 0.6, 0.7, 1.0, 1.8, 2.0, 1.3, 0.9, 0.6])
        w[tet] *= 0.6
    elif name == "abroad":
        w[tet : tet + 2] = (0.5, 1.3)
    elif name == "claims":
        w[tet : tet + 3] = (0.7, 1.6, 1.3)  # people change jobs after the Tết bonus
    elif name == "houses":  # before 27/7 (War Invalids and Martyrs Day) and year end
        w = np.array([0.3, 0.3, 0.6, 0.8, 1.0, 1.6, 2.0, 0.8, 0.8, 1.0, 1.4, 1.9])
    elif name == "tasks":
        w[11] = 1.3
        w[tet] = 0.7
    return w * (12.0 / w.sum())


# COVID-19: the April 2020 nationwide distancing, flights for contract workers
# halted from spring 2020, the 2021 summer lockdowns (applied nationwide here).
_SHOCKS = {
    "jobs": {2020: {4: 0.55, 5: 0.8}, 2021: {7: 0.7, 8: 0.5, 9: 0.6}},
    "enrolment": {2020: {4: 0.5, 5: 0.8}, 2021: {8: 0.6, 9: 0.7}},
    "abroad": {2020: {3: 0.6, 4: 0.05, 5: 0.1, **dict.fromkeys(range(6, 13), 0.35)},
               2021: dict.fromkeys(range(1, 13), 0.55)},
    "claims": {2020: dict.fromkeys(range(4, 13), 1.3),
               2021: dict.fromkeys(range(7, 13), 1.5)},
}  # fmt: skip


def _shock(name: str, year: int) -> np.ndarray:
    f = np.ones(12)
    for month, factor in _SHOCKS.get(name, {}).get(year, {}).items():
        f[month - 1] = factor
    return f


def _unit_params(seed: int, level: str, n: int) -> dict:
    """Per reporting unit habits that do not change by year."""
    g = rng(seed, "unit-params", level)
    return {
        "assist_coef": g.uniform(1.3, 1.8, n),  # mean coefficient of the caseload
        "elderly_coef": g.uniform(1.0, 1.1, n),
        "quarterly": g.random(n) < 0.2,  # pays the elderly allowance once a quarter
        "completion": np.clip(g.beta(18, 2, n), 0.5, 0.995),
        "days": g.uniform(6, 15, n) * (1.0 if level == "commune" else 1.6),
    }


def monthly(seed: int, years: tuple, level: str) -> dict:
    """{base indicator code: int64 array (units, 12 * len(years))} of reports."""
    G = geo()
    codes, _ = G.level(level)
    n = len(codes)
    s = structure_at(seed, level)
    prov_of_unit = G.leaf_province if level == "commune" else G.district_province
    up = _unit_params(seed, level, n)
    blocks = [
        _year(seed, y, level, s, up, G.province_number[prov_of_unit]) for y in years
    ]
    return {k: np.concatenate([b[k] for b in blocks], axis=1) for k in blocks[0]}


def _year(seed: int, year: int, level: str, s: Structure, up: dict, pnum: np.ndarray):
    g = rng(seed, "monthly", level, year)
    j = year - REF_YEAR
    n = s.households.shape[0]
    frac = np.arange(1, 13) / 12.0

    def path(x: np.ndarray) -> np.ndarray:  # month-end values between year ends
        return x[:, j - 1, None] + (x[:, j, None] - x[:, j - 1, None]) * frac

    def wobble(x: np.ndarray, sigma: float) -> np.ndarray:
        return np.round(x * lognormal(g, sigma, x.shape)).astype(np.int64)

    def counts(x: np.ndarray, name: str, shape: float = 25.0) -> np.ndarray:
        lam = x[:, j, None] / 12.0 * (_profile(name, year) * _shock(name, year))
        return g.poisson(lam * g.gamma(shape, 1.0 / shape, lam.shape)).astype(np.int64)

    def reviewed(x: np.ndarray, drift: float) -> np.ndarray:
        # The official count changes little until the December review.
        before = x[:, j - 1, None]
        added = np.cumsum(g.poisson(np.broadcast_to(drift * before, (n, 11))), axis=1)
        return np.concatenate([before + added, x[:, j, None]], axis=1).astype(np.int64)

    out = {}
    out["jobs_created"] = counts(s.jobs, "jobs")
    out["vocational_enrolment"] = counts(s.enrolment, "enrolment")
    out["workers_abroad"] = counts(s.abroad, "abroad", 5.0)
    out["unemployment_insurance_claims"] = counts(s.claims, "claims", 10.0)
    labour = wobble(path(s.labour_force), 0.002)
    out["labour_force"] = labour
    out["trained_workers"] = np.minimum(wobble(path(s.trained), 0.002), labour)
    out["households"] = np.round(path(s.households)).astype(np.int64)
    out["poor_households"] = reviewed(s.poor, 0.003)
    out["near_poor_households"] = reviewed(s.near_poor, 0.002)
    assisted = wobble(path(s.assisted), 0.01)
    out["social_assistance_recipients"] = assisted
    standard = assistance_standard(year, pnum)
    out["social_assistance_rate"] = standard
    paid = assisted * standard * up["assist_coef"][:, None]
    out["social_assistance_paid"] = (np.round(paid / 1000) * 1000).astype(np.int64)
    elderly = wobble(path(s.elderly), 0.01)
    out["allowance_recipients_avg"] = elderly
    due = np.round(elderly * standard * up["elderly_coef"][:, None] / 1000) * 1000
    quarter = np.zeros_like(due)
    quarter[:, ::3] = due.reshape(n, 4, 3).sum(axis=2)  # paid in Jan, Apr, Jul, Oct
    out["elderly_allowance_paid"] = np.where(
        up["quarterly"][:, None], quarter, due
    ).astype(np.int64)
    out["children_supported"] = wobble(path(s.children), 0.03)
    out["merit_houses_built"] = counts(s.houses, "houses", 3.0)
    tasks = counts(s.tasks, "tasks", 50.0)
    out["task_total"] = tasks
    p = np.clip(
        up["completion"][:, None] + np.where(np.arange(12) == 11, 0.04, 0.0), 0, 1
    )
    out["task_completed"] = g.binomial(tasks, p).astype(np.int64)
    wait = up["days"][:, None] * g.gamma(6.0, 1.0 / 6.0, (n, 12))
    out["max_processing_days"] = np.clip(np.round(wait), 1, 90).astype(np.int64)
    return out
