"""Shared pieces of the example-data generators (chitieu.datasets): the shipped
2024 hierarchy as index arrays, regions, the lunar new year, seeded streams.

Every random stream is keyed by (seed, topic, ...), never drawn in sequence
across topics, so a year's data does not depend on which other years or parts
were asked for: ``labour_social(years=(2020,))`` is the 2020 slice of
``labour_social(years=(2019, 2020))``.
"""

from __future__ import annotations

import datetime as _dt
import functools
import importlib.resources
import zlib
from dataclasses import dataclass
from typing import Union

import numpy as np
import pandas as pd

# Trajectories (households, poverty, trained labour) start from end-2015 values,
# the start of the 2016-2020 multidimensional poverty standard.
REF_YEAR = 2015
MIN_YEAR, MAX_YEAR = 2016, 2030

REGIONS = (
    "red_river_delta",
    "northern_uplands",
    "central_coast",
    "central_highlands",
    "southeast",
    "mekong_delta",
)
# GSO province codes of each of the six socio-economic regions.
_REGION_PROVINCES = (
    (1, 22, 26, 27, 30, 31, 33, 34, 35, 36, 37),
    (2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 24, 25),
    (38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60),
    (62, 64, 66, 67, 68),
    (70, 72, 74, 75, 77, 79),
    (80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96),
)

# Mùng 1 Tết (lunar new year's day), which shapes monthly activity.
TET = {
    2015: (2, 19), 2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5),
    2020: (1, 25), 2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10),
    2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13),
    2030: (2, 3),
}  # fmt: skip

Tag = Union[int, str]


def rng(seed: int, *tags: Tag) -> np.random.Generator:
    """An independent stream for (seed, tags); strings are hashed stably (crc32)."""
    words = [seed] + [t if isinstance(t, int) else zlib.crc32(t.encode()) for t in tags]
    return np.random.default_rng(words)


def lognormal(g: np.random.Generator, sigma: float, size: object) -> np.ndarray:
    """Multiplicative noise with mean 1."""
    return g.lognormal(-0.5 * sigma * sigma, sigma, size)


def round_to(x: np.ndarray, step: float) -> np.ndarray:
    """Round to a multiple of step, at least one step (plans are never zero)."""
    return np.maximum(step, np.round(np.asarray(x, dtype=np.float64) / step) * step)


def sum_by(index: np.ndarray, n: int, values: np.ndarray) -> np.ndarray:
    """Sum the rows of values (1-D or 2-D) into n groups; exact for integers."""
    out = np.zeros((n,) + values.shape[1:], dtype=values.dtype)
    np.add.at(out, index, values)
    return out


@functools.lru_cache(maxsize=1)
def admin_2024() -> pd.DataFrame:
    """The shipped 2024 units (code, name, level, type, parent_code), as strings."""
    ref = importlib.resources.files("chitieu") / "data" / "vn_admin_2024.csv"
    with ref.open("rb") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


# Hoàng Sa (Đà Nẵng) is a district with no communes and no resident population:
# it gets no data. The other districts without communes (the islands Bạch Long
# Vĩ, Cồn Cỏ, Lý Sơn, Côn Đảo) report directly, as leaves beside the communes.
_NO_DATA_DISTRICTS = ("498",)


@dataclass(frozen=True)
class Geo:
    """The 2024 hierarchy as positions: leaves -> districts -> provinces.

    Leaves are the units that report monthly when communes report: the 10,047
    communes and the four island districts that have no communes (CSV order).
    ``district_codes`` holds the 695 districts with at least one leaf."""

    leaf_codes: np.ndarray  # object arrays of code strings, CSV order
    district_codes: np.ndarray
    province_codes: np.ndarray
    commune_codes: np.ndarray  # the 10,047 communes only (for synthetic data)
    leaf_district: np.ndarray  # int32 position of each leaf's district
    leaf_province: np.ndarray
    district_province: np.ndarray
    leaf_kind: np.ndarray  # 0 rural commune (xã), 1 town (thị trấn) or island, 2 ward
    province_region: np.ndarray  # index into REGIONS
    province_number: np.ndarray  # the GSO code as an int

    def level(self, name: str) -> tuple:
        """(codes, index of each leaf's unit at that level) for a level name."""
        if name == "commune":
            return self.leaf_codes, np.arange(len(self.leaf_codes))
        if name == "district":
            return self.district_codes, self.leaf_district
        return self.province_codes, self.leaf_province


@functools.lru_cache(maxsize=1)
def geo() -> Geo:
    units = admin_2024()
    level, code = units["level"], units["code"]
    is_commune = level == "commune"
    island = (level == "district") & ~code.isin(units.loc[is_commune, "parent_code"])
    leaves = units[is_commune | (island & ~code.isin(_NO_DATA_DISTRICTS))]
    prov = units[level == "province"]
    dist = units[(level == "district") & ~code.isin(_NO_DATA_DISTRICTS)]
    prov_index = pd.Index(prov["code"])
    dist_index = pd.Index(dist["code"])
    leaf_is_commune = (leaves["level"] == "commune").to_numpy()
    leaf_district = dist_index.get_indexer(
        np.where(leaf_is_commune, leaves["parent_code"], leaves["code"])
    )
    district_province = prov_index.get_indexer(dist["parent_code"])
    if (leaf_district < 0).any() or (district_province < 0).any():
        raise ValueError("vn_admin_2024.csv: a commune or district has no parent unit")
    number = prov["code"].astype(int).to_numpy()
    region = np.full(len(prov), -1, dtype=np.int8)
    for r, codes in enumerate(_REGION_PROVINCES):
        region[np.isin(number, codes)] = r
    if (region < 0).any():
        raise ValueError("a province code has no region: " + str(number[region < 0]))
    kind = np.select(
        [
            leaves["type"].str.startswith("Phường").to_numpy(),
            ~leaf_is_commune,
            leaves["type"].str.startswith("Thị trấn").to_numpy(),
        ],
        [2, 1, 1],
        0,
    ).astype(np.int8)
    arrays = {
        "leaf_codes": leaves["code"].to_numpy(dtype=object),
        "district_codes": dist["code"].to_numpy(dtype=object),
        "province_codes": prov["code"].to_numpy(dtype=object),
        "commune_codes": units.loc[is_commune, "code"].to_numpy(dtype=object),
        "leaf_district": leaf_district.astype(np.int32),
        "leaf_province": district_province[leaf_district].astype(np.int32),
        "district_province": district_province.astype(np.int32),
        "leaf_kind": kind,
        "province_region": region,
        "province_number": number,
    }
    for a in arrays.values():
        a.flags.writeable = False
    return Geo(**arrays)


def tet_month(year: int) -> int:
    return TET.get(year, (2, 1))[0]


def tet_day(year: int) -> np.datetime64:
    m, d = TET.get(year, (2, 1))
    return np.datetime64(_dt.date(year, m, d), "D")


def categorical(codes: np.ndarray, categories: object) -> pd.Categorical:
    """A Categorical from integer positions without re-validating the strings."""
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(categories)))
