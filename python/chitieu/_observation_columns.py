"""The columns an Observations is built from: codes to ids, values and revisions
converted exactly (or refused naming the row), caller memory copied only where the
observations could otherwise change under the caller's edits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._arrow import factorize


def _ids(codes: Sequence[Any], lookup: Any, what: str) -> np.ndarray:
    """Ids of the distinct codes; KeyError listing every unknown one."""
    ids = np.empty(len(codes), dtype=np.int32)
    unknown = []
    for k, code in enumerate(codes):
        found = lookup(str(code))
        if found is None:
            unknown.append(repr(str(code)))
        else:
            ids[k] = found
    if unknown:
        shown = ", ".join(unknown[:10])
        more = f" (and {len(unknown) - 10} more)" if len(unknown) > 10 else ""
        plural = "s" if len(unknown) > 1 else ""
        raise KeyError(f"unknown {what} code{plural}: {shown}{more}")
    return ids


def _known_ids(codes: Sequence[Any], table: Any, what: str) -> np.ndarray:
    """:func:`_ids`, remembered per (table, distinct codes): the record batches
    of a dataset repeat the same codes (chitieu.io.memo)."""
    from .io import memo

    key = (what, table.fingerprint, tuple(str(c) for c in codes))
    return memo.remember(key, lambda: _ids(key[2], table.find, what))


def _factorized(column: pd.Series, name: str) -> tuple[np.ndarray, Any]:
    """Per-row codes into the distinct values, and those values (a categorical's
    own codes: each category is looked up once, not each row)."""
    codes, uniques = factorize(column)
    if (codes < 0).any():
        row = int(np.argmax(codes < 0))
        raise ValueError(f"{name} is missing at row {row}")
    return codes, uniques


def _period_text(p: Any) -> str:
    return p if isinstance(p, str) else str(p)


EXACT_IN_FLOAT = 2**53  # integers up to this magnitude convert to float64 exactly


def _value_array(values: Any, name: str = "values") -> np.ndarray:
    """float64 or int64, as the input allows without loss; anything else refused.

    Nullable integers with missing values become float64 with NaN (which meets the
    NaN policy) only when every value is exact in float64; larger values stay
    int64, with the missing rows reported by :func:`_missing_rows`.
    """
    if isinstance(values, pd.Series):
        dtype = values.dtype
        if isinstance(dtype, pd.api.extensions.ExtensionDtype) and dtype.kind in "iu":
            missing = values.isna().to_numpy()
            exact = values.to_numpy(dtype=np.int64, na_value=0)
            if missing.any() and np.abs(exact).max(initial=0) <= EXACT_IN_FLOAT:
                return values.to_numpy(dtype=np.float64, na_value=np.nan)
            return exact
        values = values.to_numpy()
    arr = np.asarray(values)
    if arr.dtype == np.float64 or arr.dtype == np.int64:
        return arr
    if arr.dtype.kind == "f":
        return arr.astype(np.float64)
    if arr.dtype.kind in "iu":
        if arr.dtype == np.uint64 and arr.size and arr.max() > np.iinfo(np.int64).max:
            raise ValueError(f"{name} hold unsigned values beyond int64")
        return arr.astype(np.int64)
    raise ValueError(f"{name} must be numeric (float or integer), not {arr.dtype}")


def _missing_rows(values: Any) -> np.ndarray | None:
    """The NA mask of a nullable integer column too large for float64, else None."""
    if (isinstance(values, pd.Series)
            and isinstance(values.dtype, pd.api.extensions.ExtensionDtype)
            and values.dtype.kind in "iu" and values.hasnans):
        exact = values.to_numpy(dtype=np.int64, na_value=0)
        if np.abs(exact).max(initial=0) > EXACT_IN_FLOAT:
            return values.isna().to_numpy()
    return None


def _revision_array(revision: Any) -> np.ndarray:
    """Revisions as int64 that order exactly as given.

    Integers and whole floats are kept; datetimes become their int64 ticks;
    floats with fractions (1.2 < 1.5 < 1.7) become their ranks among the
    distinct revisions (0, 1, 2), so they order exactly and never truncate to a
    tie; ``to_frame`` then shows those ranks.
    """
    if isinstance(revision, pd.Series):
        if revision.hasnans:
            row = int(np.argmax(revision.isna().to_numpy()))
            raise ValueError(f"revision is missing at row {row}")
        revision = revision.to_numpy()
    arr = np.asarray(revision)
    if arr.dtype.kind == "M":
        if np.isnat(arr).any():
            raise ValueError(f"revision is missing at row {int(np.argmax(np.isnat(arr)))}")
        return arr.astype("datetime64[ns]").view(np.int64)
    if arr.dtype.kind == "f":
        if not np.isfinite(arr).all():
            row = int(np.argmax(~np.isfinite(arr)))
            raise ValueError(f"revision {arr[row]} at row {row} is not a number")
        if (arr == np.trunc(arr)).all() and np.abs(arr).max(initial=0) <= EXACT_IN_FLOAT:
            return arr.astype(np.int64)
        return np.unique(arr, return_inverse=True)[1].astype(np.int64).ravel()
    return _value_array(arr, "revision").astype(np.int64, copy=False)


def _owned(arr: np.ndarray) -> np.ndarray:
    """`arr`, or a copy of it when it views memory the caller may still change."""
    return arr if arr.flags.owndata and arr.base is None else arr.copy()


def _id_array(ids: Any, name: str) -> np.ndarray:
    """int32 ids; other integer dtypes are converted (a copy), anything else refused."""
    arr = np.asarray(ids)
    if arr.dtype == np.int32:
        return arr
    if arr.dtype.kind not in "iu":
        raise ValueError(f"{name} must be integer ids (int32), not {arr.dtype}")
    if arr.size and (arr.min() < 0 or arr.max() > np.iinfo(np.int32).max):
        bad = int(np.argmax((arr < 0) | (arr > np.iinfo(np.int32).max)))
        raise ValueError(f"{name} id {arr[bad]} at row {bad} is out of range")
    return arr.astype(np.int32)


def _without_missing(columns: list, missing: np.ndarray, nan_policy: str) -> list:
    """The columns without the rows whose value is missing (NA), as the NaN policy
    says: "error" refuses the first, "skip" leaves them out (not reported)."""
    if nan_policy == "error":
        row = int(np.argmax(missing))
        raise ValueError(f"value at row {row} is missing (NA) (nan_policy='error'; "
                         "'skip' leaves such values out of every total)")
    keep = ~missing
    return [None if c is None else c[keep] for c in columns]
