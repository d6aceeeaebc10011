"""Frame helpers for the money modules: column checks, exact đồng, categorical codes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._util import _require  # noqa: F401  (one definition, re-exported)


def _category(values: pd.Series) -> pd.Categorical:
    """Text codes as a categorical with string categories (codes keep leading zeros)."""
    cat = values.astype("category")
    return cat.cat.rename_categories([str(c) for c in cat.cat.categories]).array


def _text_categorical(codes: np.ndarray, labels: Sequence[str]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=pd.Index(labels, dtype=object))


def _dates_as_periods(dates: pd.Series, fmt: str) -> pd.Categorical:
    """Dates as period identifiers (e.g. "%Y%m%d"), formatting each distinct date once."""
    codes, uniques = pd.factorize(dates.dt.normalize())
    label_codes, labels = pd.factorize(np.array([d.strftime(fmt) for d in uniques], dtype=object))
    return _text_categorical(label_codes[codes], list(labels))


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate observation frames keeping the code columns categorical."""
    from pandas.api.types import union_categoricals

    out = {}
    for column in ("indicator", "unit", "period"):
        parts = [f[column].array if isinstance(f[column].dtype, pd.CategoricalDtype)
                 else f[column].astype(str).astype("category").array for f in frames]
        parts = [p.rename_categories([str(c) for c in p.categories]) for p in parts]
        out[column] = union_categoricals(parts)
    out["value"] = np.concatenate([np.asarray(f["value"], dtype=np.int64) for f in frames])
    return pd.DataFrame(out)


def _money(values: pd.Series, what: str) -> np.ndarray:
    """int64 đồng; floats only when they are whole numbers."""
    arr = values.to_numpy()
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64)
    if arr.dtype.kind == "f":
        bad = ~np.isfinite(arr) | (arr != np.round(arr))
        if bad.any():
            row = int(np.argmax(bad))
            raise ValueError(f"{what}: amount {arr[row]!r} at row {row} is not a whole number of đồng")
        if np.abs(arr).max(initial=0) >= 2**53:
            raise ValueError(f"{what}: amounts beyond 2^53 must be given as int64, not float")
        return arr.astype(np.int64)
    raise ValueError(f"{what}: amounts must be integers (đồng), not {arr.dtype}")
