"""Up to 1e8+ random observations (indicator x commune x month) for benchmarks, as
numpy arrays."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._progress import track
from . import _gen_common as _common
from ._checks import _check_count, _check_seed, _check_years


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
    rows: float,
    *,
    seed: int = 0,
    indicators: int = 300,
    years: int | Iterable[int] = (2019, 2020),
    replace: bool | None = None,
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
