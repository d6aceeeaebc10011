"""The benchmark's workload: observations, the indicator catalog and the lookup tables.

Everything here is shared by every tool and is prepared before any clock starts: the
observation columns (indicator, commune, month, value), which indicator is a flow, a
stock or part of a ratio, the commune -> district -> province mapping of the real 2024
hierarchy, the month -> quarter/half/year buckets, the year-to-date windows and the
annual plan targets of the assessment job.

Results are compared in a canonical long form: ``indicator``, ``unit`` and ``period``
as int32 indices into :attr:`Meta.out_indicators`, :attr:`Meta.out_units` and
:attr:`Meta.out_periods`, and ``value`` float64.
"""

from __future__ import annotations

import dataclasses
import os
from importlib import resources

import numpy as np
import pandas as pd

FLOW, STOCK, NUM, DEN = 0, 1, 2, 3
KIND_NAMES = ("flow", "stock", "num", "den")
MEASURES = ("actual", "target", "pct_of_plan", "last_year", "yoy_pct")
AS_OF_MONTH = 8  # the assessment is "January to August of the last year"
LEVELS = ("nation", "province", "district")
PERIOD_TYPES = ("quarter", "half", "year")


def indicator_kinds(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Kind and ratio pair of each indicator, a fixed pattern over the indicator index.

    In every block of ten: one stock, one ratio numerator, its denominator, seven flows;
    300 indicators give 210 flows, 30 stocks and 30 ratios.
    """
    i = np.arange(n)
    kind = np.full(n, FLOW, dtype=np.int8)
    kind[i % 10 == 0] = STOCK
    kind[i % 10 == 1] = NUM
    kind[i % 10 == 2] = DEN
    pair = np.where((kind == NUM) | (kind == DEN), i // 10, -1).astype(np.int32)
    # a numerator whose denominator is beyond the last indicator is a plain flow
    lonely = (kind == NUM) & (i + 1 >= n)
    kind[lonely], pair[lonely] = FLOW, -1
    return kind, pair


def admin_table() -> pd.DataFrame:
    """The shipped 2024 administrative units (code, name, level, type, parent_code)."""
    path = resources.files("chitieu") / "data" / "vn_admin_2024.csv"
    with resources.as_file(path) as p:
        return pd.read_csv(p, dtype=str, keep_default_na=False)


@dataclasses.dataclass
class Data:
    """Observation columns and their code tables (what every tool starts from)."""

    indicator: np.ndarray  # int32 index into indicator_codes
    unit: np.ndarray  # int32 index into unit_codes (communes)
    period: np.ndarray  # int32 index into period_codes ("YYYYMM")
    value: np.ndarray  # float64
    indicator_codes: np.ndarray
    unit_codes: np.ndarray
    period_codes: np.ndarray

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.indicator, self.unit, self.period, self.value))

    def save(self, directory: str) -> None:
        """One .npy file per field (plain reads, no zip, no pickle)."""
        for f in dataclasses.fields(self):
            np.save(os.path.join(directory, f.name + ".npy"), getattr(self, f.name))

    @classmethod
    def load(cls, directory: str) -> Data:
        return cls(
            **{
                f.name: np.load(os.path.join(directory, f.name + ".npy"), allow_pickle=False)
                for f in dataclasses.fields(cls)
            }
        )


N_COMMUNES, N_MONTHS = 10_047, 24


def indicators_for(rows: int, wanted: int = 300) -> int:
    """`wanted`, or the next multiple of ten whose cells hold `rows` distinct rows.

    2 years x 300 indicators x 10,047 communes are 72.3 million cells; 1e8 rows
    need 420 indicators to stay free of duplicates.
    """
    need = -(-rows // (N_COMMUNES * N_MONTHS))
    return max(wanted, -(-need // 10) * 10)


def generate(rows: int, seed: int = 0, indicators: int | None = None, shuffle: bool = False) -> Data:
    """Observations for 2019-2020: `rows` distinct (indicator, commune, month) cells.

    ``chitieu.datasets.synthetic``: integer-valued values in [0, 10000), rows sorted
    by (indicator, commune, month) unless `shuffle`.
    """
    from chitieu.datasets import synthetic

    n_ind = indicators if indicators is not None else indicators_for(rows)
    d = synthetic(rows, seed=seed, indicators=n_ind, years=(2019, 2020), replace=False,
                  shuffle=shuffle)
    return Data(
        indicator=np.ascontiguousarray(d.indicator, dtype=np.int32),
        unit=np.ascontiguousarray(d.unit, dtype=np.int32),
        period=np.ascontiguousarray(d.period, dtype=np.int32),
        value=np.ascontiguousarray(d.value, dtype=np.float64),
        indicator_codes=np.asarray(d.indicator_codes, dtype=str),
        unit_codes=np.asarray(d.unit_codes, dtype=str),
        period_codes=np.asarray(d.period_codes, dtype=str),
    )


@dataclasses.dataclass
class Meta:
    """Small lookup tables derived from the code tables and the hierarchy."""

    kind: np.ndarray  # int8 per indicator
    pair: np.ndarray  # int32 per indicator: ratio index or -1
    u2d: np.ndarray  # int32 per commune: district index
    u2p: np.ndarray  # int32 per commune: province index
    d2p: np.ndarray  # int32 per district: province index
    m2q: np.ndarray  # int32 per month: quarter index
    m2h: np.ndarray  # int32 per month: half index
    m2y: np.ndarray  # int32 per month: year index
    q2h: np.ndarray  # int32 per quarter: half index
    q2y: np.ndarray  # int32 per quarter: year index
    m2w: np.ndarray  # int8 per month: 0 this year's YTD, 1 last year's YTD, -1 neither
    target: np.ndarray  # float64 [indicator, province]: annual plan, NaN if none
    province_codes: np.ndarray
    district_codes: np.ndarray
    quarter_labels: np.ndarray
    half_labels: np.ndarray
    year_labels: np.ndarray
    indicator_codes: np.ndarray
    ratio_codes: np.ndarray  # code of ratio k (numerator 10k+1 over denominator 10k+2)
    plan_year: int
    # canonical output id spaces
    out_indicators: np.ndarray
    out_units: np.ndarray  # "VN", provinces, districts
    out_periods: np.ndarray  # quarters, halves, years, then MEASURES

    def is_kind(self, k: int) -> np.ndarray:
        return self.kind == k

    def ratio_parts(self) -> tuple[np.ndarray, np.ndarray]:
        """Indicator indices of each ratio's numerator and denominator."""
        num = np.flatnonzero(self.kind == NUM)
        den = np.flatnonzero(self.kind == DEN)
        return num[np.argsort(self.pair[num])], den[np.argsort(self.pair[den])]

    # offsets of each block in the canonical id spaces
    def unit_offset(self, level: str) -> int:
        return {"nation": 0, "province": 1, "district": 1 + len(self.province_codes)}[level]

    def period_offset(self, ptype: str) -> int:
        nq, nh = len(self.quarter_labels), len(self.half_labels)
        ny = len(self.year_labels)
        return {"quarter": 0, "half": nq, "year": nq + nh, "measure": nq + nh + ny}[ptype]

    def ratio_offset(self) -> int:
        return len(self.indicator_codes)


def build_meta(data: Data) -> Meta:
    """Lookup tables for `data` from the shipped hierarchy and the period codes."""
    adm = admin_table()
    parent = dict(zip(adm["code"], adm["parent_code"]))
    level = dict(zip(adm["code"], adm["level"]))
    bad = [c for c in data.unit_codes if level.get(c) != "commune"]
    if bad:
        raise ValueError(f"unit codes that are not 2024 communes: {bad[:10]}")
    dist_of = np.array([parent[c] for c in data.unit_codes])
    prov_of = np.array([parent[d] for d in dist_of])
    district_codes = adm.loc[adm["level"] == "district", "code"].to_numpy(dtype=str)
    province_codes = adm.loc[adm["level"] == "province", "code"].to_numpy(dtype=str)
    d_index = pd.Index(district_codes)
    p_index = pd.Index(province_codes)
    u2d = d_index.get_indexer(dist_of).astype(np.int32)
    u2p = p_index.get_indexer(prov_of).astype(np.int32)
    d2p = p_index.get_indexer([parent[d] for d in district_codes]).astype(np.int32)

    year = np.array([int(c[:4]) for c in data.period_codes])
    month = np.array([int(c[4:6]) for c in data.period_codes])
    years = np.unique(year)
    quarter_labels = np.array([f"{y}Q{q}" for y in years for q in (1, 2, 3, 4)])
    half_labels = np.array([f"{y}S{h}" for y in years for h in (1, 2)])
    year_labels = years.astype(str)
    yi = np.searchsorted(years, year)
    m2q = (yi * 4 + (month - 1) // 3).astype(np.int32)
    m2h = (yi * 2 + (month - 1) // 6).astype(np.int32)
    m2y = yi.astype(np.int32)
    q = np.arange(len(quarter_labels))
    q2h = ((q // 4) * 2 + (q % 4) // 2).astype(np.int32)
    q2y = (q // 4).astype(np.int32)
    plan_year = int(years[-1])
    m2w = np.full(len(month), -1, dtype=np.int8)
    m2w[(year == plan_year) & (month <= AS_OF_MONTH)] = 0
    m2w[(year == plan_year - 1) & (month <= AS_OF_MONTH)] = 1

    n_ind = len(data.indicator_codes)
    kind, pair = indicator_kinds(n_ind)
    target = _plan_targets(data, kind, u2p, year, plan_year, len(province_codes))
    num = np.flatnonzero(kind == NUM)
    ratio_codes = np.array(
        [f"{data.indicator_codes[i]}_per_{data.indicator_codes[i + 1]}" for i in num]
    )
    return Meta(
        kind=kind,
        pair=pair,
        u2d=u2d,
        u2p=u2p,
        d2p=d2p,
        m2q=m2q,
        m2h=m2h,
        m2y=m2y,
        q2h=q2h,
        q2y=q2y,
        m2w=m2w,
        target=target,
        province_codes=province_codes,
        district_codes=district_codes,
        quarter_labels=quarter_labels,
        half_labels=half_labels,
        year_labels=year_labels,
        indicator_codes=data.indicator_codes,
        ratio_codes=ratio_codes,
        plan_year=plan_year,
        out_indicators=np.concatenate([data.indicator_codes, ratio_codes]),
        out_units=np.concatenate([["VN"], province_codes, district_codes]),
        out_periods=np.concatenate([quarter_labels, half_labels, year_labels, MEASURES]),
    )


def _plan_targets(data, kind, u2p, year, plan_year, n_prov) -> np.ndarray:
    """Annual targets per flow indicator x province: last year's total grown 0-12 %."""
    n_ind = len(kind)
    last = year[data.period] == plan_year - 1
    key = data.indicator[last].astype(np.int64) * n_prov + u2p[data.unit[last]]
    total = np.bincount(key, weights=data.value[last], minlength=n_ind * n_prov)
    growth = 1.0 + (np.arange(n_ind) % 7) * 0.02
    target = np.maximum(np.round(total.reshape(n_ind, n_prov) * growth[:, None]), 1.0)
    target[kind != FLOW] = np.nan
    return target


def canonical(indicator, unit, period, value) -> pd.DataFrame:
    """The canonical long form, sorted by (indicator, unit, period)."""
    keys = [np.asarray(k) for k in (indicator, unit, period)]
    unknown = [name for name, k in zip(("indicator", "unit", "period"), keys) if (k < 0).any()]
    if unknown:  # a label the canonical tables do not know: a bug in a tool's adapter
        raise ValueError(f"result {', '.join(unknown)} labels outside the benchmark's tables")
    frame = pd.DataFrame(
        {
            "indicator": np.asarray(indicator, dtype=np.int32),
            "unit": np.asarray(unit, dtype=np.int32),
            "period": np.asarray(period, dtype=np.int32),
            "value": np.asarray(value, dtype=np.float64),
        }
    )
    v = frame["value"].to_numpy()
    frame.loc[~np.isfinite(v), "value"] = np.nan  # x/0 is "no value", whatever the tool says
    return frame.sort_values(["indicator", "unit", "period"], ignore_index=True)


def assessment_long(indicator, province, columns: dict, meta: Meta) -> pd.DataFrame:
    """Canonical form of an assessment: one row per indicator x province x measure."""
    base = meta.period_offset("measure")
    parts = [
        canonical(
            indicator,
            np.asarray(province) + meta.unit_offset("province"),
            np.full(len(indicator), base + MEASURES.index(name)),
            columns[name],
        )
        for name in MEASURES
    ]
    return canonical(*(pd.concat(parts)[c] for c in ("indicator", "unit", "period", "value")))


def diff(a: pd.DataFrame, b: pd.DataFrame, meta: Meta, rtol: float = 1e-9) -> str | None:
    """None if two canonical results agree, else a description of the first differences.

    Keys must match exactly. Values must be equal where both are integer-valued sums,
    within `rtol` relative otherwise; NaN equals NaN.
    """
    if len(a) != len(b):
        ka = set(zip(a.indicator, a.unit, a.period))
        kb = set(zip(b.indicator, b.unit, b.period))
        only_a, only_b = sorted(ka - kb)[:5], sorted(kb - ka)[:5]
        return (
            f"{len(a)} rows vs {len(b)}; only in first: {_labels(only_a, meta)}; "
            f"only in second: {_labels(only_b, meta)}"
        )
    for col in ("indicator", "unit", "period"):
        bad = np.flatnonzero(a[col].to_numpy() != b[col].to_numpy())
        if len(bad):
            i = bad[0]
            return f"keys differ at row {i}: {_labels([_key(a, i)], meta)} vs {_labels([_key(b, i)], meta)}"
    va, vb = a["value"].to_numpy(), b["value"].to_numpy()
    nan_a, nan_b = np.isnan(va), np.isnan(vb)
    exact = (va == np.round(va)) & (vb == np.round(vb))
    with np.errstate(invalid="ignore"):
        close = np.where(exact, va == vb, np.abs(va - vb) <= rtol * np.abs(vb))
    bad = np.flatnonzero((nan_a != nan_b) | (~nan_a & ~nan_b & ~close))
    if len(bad):
        rows = [f"{_labels([_key(a, i)], meta)}: {va[i]!r} vs {vb[i]!r}" for i in bad[:5]]
        return f"{len(bad)} values differ, e.g. " + "; ".join(rows)
    return None


def _key(frame: pd.DataFrame, i: int) -> tuple[int, int, int]:
    return tuple(int(frame[c].iat[i]) for c in ("indicator", "unit", "period"))


def _labels(keys, meta: Meta) -> list[str]:
    return [
        f"({meta.out_indicators[i]}, {meta.out_units[u]}, {meta.out_periods[p]})"
        for i, u, p in keys
    ]
