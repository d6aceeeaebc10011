"""Annual district and province plans of the labour / social-affairs world, made
from what was expected before the year began (so 2020 falls behind its plans)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._gen_common import REF_YEAR, geo, rng, round_to
from ._gen_labour import structure_at

_PLANNED_FLOWS = (  # indicator, structure field, district step, province step
    ("jobs_created", "jobs", 10, 100),
    ("vocational_enrolment", "enrolment", 10, 100),
    ("workers_abroad", "abroad", 5, 10),
    ("merit_houses_built", "houses", 1, 5),
)


def plans(seed: int, years: tuple) -> pd.DataFrame:
    """Annual plans of every district and province (see datasets.labour_social)."""
    frames = []
    for year in years:
        g = rng(seed, "plans", year)
        district = _plans_at(g, seed, year, "district", None)
        frames += [district, _plans_at(g, seed, year, "province", district)]
    out = pd.concat(frames, ignore_index=True)
    out = _adjusted_versions(seed, years, out)
    for column in ("baseline_period", "change_unit"):  # strings with missing values
        out[column] = pd.Series(out[column].tolist(), index=out.index)
    return out.sort_values(
        ["period", "level", "unit", "indicator", "kind", "version"], ignore_index=True
    )


def _plans_at(g, seed, year, level, district_rows) -> pd.DataFrame:
    G = geo()
    codes, _ = G.level(level)
    n = len(codes)
    s = structure_at(seed, level)
    j = year - REF_YEAR
    rows = []

    def add(indicator, kind, bound, target=np.nan, lo=np.nan, hi=np.nan, unit=None):
        rows.append(
            pd.DataFrame(
                {
                    "indicator": indicator,
                    "unit": codes,
                    "kind": kind,
                    "bound": bound,
                    "target": np.broadcast_to(np.asarray(target, dtype=float), n),
                    "lo": np.broadcast_to(np.asarray(lo, dtype=float), n),
                    "hi": np.broadcast_to(np.asarray(hi, dtype=float), n),
                    "baseline_period": None if unit is None else str(year - 1),
                    "change_unit": unit,
                }
            )
        )

    for code, field, d_step, p_step in _PLANNED_FLOWS:
        if level == "district":
            expected = getattr(s, field)[:, j] * g.uniform(0.92, 1.06, n)
            add(code, "total", "at_least", round_to(expected, d_step))
        else:  # provinces ask a little less than their districts promised
            sub = district_rows[district_rows["indicator"] == code]["target"].to_numpy()
            summed = np.bincount(G.district_province, weights=sub, minlength=n)
            add(
                code,
                "total",
                "at_least",
                round_to(summed * g.uniform(0.95, 1.0, n), p_step),
            )

    # Rates are planned from the previous year-end figures the unit knows.
    poor_prev = 100.0 * s.poor[:, j - 1] / s.households[:, j - 1]
    near_prev = 100.0 * s.near_poor[:, j - 1] / s.households[:, j - 1]
    trained_prev = 100.0 * s.trained[:, j - 1] / s.labour_force[:, j - 1]
    add(
        "trained_labour_rate",
        "level",
        "at_least",
        np.round(trained_prev + g.uniform(1.5, 3.0, n), 1),
    )
    cut = poor_prev * g.uniform(0.15, 0.3, n)
    add(
        "poverty_rate",
        "level",
        "at_most",
        np.round(np.maximum(poor_prev - cut, 0.0), 2),
    )
    add(
        "near_poverty_rate",
        "level",
        "at_most",
        np.round(near_prev * (1 - g.uniform(0.05, 0.15, n)), 2),
    )
    add("task_completion_rate", "level", "at_least", g.choice([85.0, 90.0, 95.0], n))
    # "giảm tỷ lệ hộ nghèo từ 1 đến 1,5%": a signed change range in points.
    step = np.select([cut >= 2.0, cut >= 0.2], [0.5, 0.1], 0.01)
    hi = -np.maximum(np.floor(np.round(cut * 0.8 / step, 9)) * step, step)
    lo = np.minimum(-np.ceil(np.round(cut * 1.25 / step, 9)) * step, hi - step)
    add(
        "poverty_rate",
        "change",
        "range",
        lo=np.round(lo, 2),
        hi=np.round(hi, 2),
        unit="points",
    )
    if level == "province":  # "tăng 5% so với cùng kỳ": growth on last year, percent
        add(
            "vocational_enrolment",
            "change",
            "at_least",
            g.choice([3.0, 5.0, 8.0], n),
            unit="percent",
        )
    out = pd.concat(rows, ignore_index=True)
    out.insert(2, "level", level)
    out.insert(3, "period", str(year))
    out["version"] = "original"
    out["effective_date"] = np.datetime64(f"{year - 1}-12-15", "ns")
    return out


def _adjusted_versions(seed: int, years: tuple, plans: pd.DataFrame) -> pd.DataFrame:
    """A few mid-year revisions of total targets (many in 2020, after COVID-19)."""
    extra = []
    for year in years:
        g = rng(seed, "plan-adjust", year)
        base = plans[(plans["period"] == str(year)) & (plans["kind"] == "total")]
        covid = base["indicator"].isin(["jobs_created", "workers_abroad"]) & (
            year == 2020
        )
        pick = g.random(len(base)) < np.where(covid, 0.3, 0.03)
        factor = np.where(
            covid, g.uniform(0.6, 0.9, len(base)), g.uniform(0.85, 1.1, len(base))
        )
        adj = base[pick].copy()
        step = np.where(adj["level"] == "district", 5.0, 10.0)
        step[(adj["indicator"] == "merit_houses_built").to_numpy()] = 1.0
        adj["target"] = (
            round_to(adj["target"].to_numpy() * factor[pick] / step, 1.0) * step
        )
        adj["version"] = "adjusted"
        days = g.integers(0, 60, len(adj)).astype("timedelta64[D]")
        adj["effective_date"] = (np.datetime64(f"{year}-07-01") + days).astype(
            "datetime64[ns]"
        )
        extra.append(adj)
    return pd.concat([plans, *extra], ignore_index=True)
