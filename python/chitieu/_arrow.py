"""Any frame in, Arrow and Polars out.

Every ``from_frame`` takes a pandas DataFrame, a Polars DataFrame, a pyarrow
Table or RecordBatch, or any object with ``__arrow_c_stream__``.
:func:`as_pandas` turns the Arrow kinds into a pandas frame that shares their
memory where it can: numeric columns without nulls are views of the Arrow
buffers (no copy), dictionary-encoded / categorical columns become pandas
categoricals built from the dictionary indices (each distinct code is looked at
once, never once per row), and plain text columns are dictionary-encoded by
Arrow's C++ hash kernel first. :func:`factorize` then hands a categorical's
codes to the caller directly.

Results go out with :func:`to_arrow` and :func:`to_polars` (Polars is optional).

>>> import pyarrow as pa
>>> t = pa.table({"unit": pa.array(["01", "02", "01"]).dictionary_encode(),
...               "value": pa.array([1.0, 2.0, 3.0])})
>>> df = as_pandas(t)
>>> str(df["unit"].dtype), df["value"].tolist()
('category', [1.0, 2.0, 3.0])
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["as_pandas", "as_plain_pandas", "factorize", "is_arrow_like", "to_arrow", "to_polars"]


def is_arrow_like(frame: Any) -> bool:
    """A pyarrow Table / RecordBatch, a Polars DataFrame or an Arrow C stream."""
    return not isinstance(frame, pd.DataFrame) and (
        hasattr(frame, "__arrow_c_stream__") or _is_polars(frame)
        or type(frame).__module__.startswith("pyarrow"))


def _is_polars(frame: Any) -> bool:
    return type(frame).__module__.startswith("polars")


def _arrow_table(frame: Any) -> Any:
    import pyarrow as pa

    if isinstance(frame, pa.Table):
        return frame
    if isinstance(frame, pa.RecordBatch):
        return pa.Table.from_batches([frame])
    if _is_polars(frame) and hasattr(frame, "collect") and not hasattr(frame, "to_arrow"):
        raise TypeError("a Polars LazyFrame: call .collect() first")
    if _is_polars(frame):
        return frame.to_arrow()
    if hasattr(frame, "__arrow_c_stream__"):
        return pa.table(frame)
    raise TypeError(f"expected a pandas, Polars or pyarrow frame, got {type(frame).__name__}")


def as_pandas(frame: Any) -> pd.DataFrame:
    """A pandas DataFrame for any supported frame (pandas frames pass through).

    Column by column: dictionary / text columns become categoricals, numeric
    columns without nulls are zero-copy (read-only) views of the Arrow buffers,
    integer columns with nulls become nullable ``Int64`` (never floats, so money
    stays exact), anything else goes through pyarrow's own conversion.
    """
    if isinstance(frame, pd.DataFrame):
        return frame
    if isinstance(frame, dict):  # columns by name, as pandas itself takes them
        return pd.DataFrame(frame)
    if not is_arrow_like(frame):
        raise TypeError(f"expected a pandas, Polars or pyarrow frame, got {type(frame).__name__}")
    table = _arrow_table(frame)
    columns = {name: _column(table.column(name)) for name in table.column_names}
    return pd.DataFrame(columns, copy=False)


def as_plain_pandas(frame: Any) -> pd.DataFrame:
    """A pandas DataFrame for small tables (catalogs, plans, hierarchies): text
    as ordinary string columns, the way ``read_csv`` gives them, so table code
    written for pandas sees no categoricals."""
    if isinstance(frame, (pd.DataFrame, dict)):
        return as_pandas(frame)
    if not is_arrow_like(frame):
        raise TypeError(f"expected a pandas, Polars or pyarrow frame, got {type(frame).__name__}")
    import pyarrow as pa

    table = _arrow_table(frame)
    for k, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type):
            table = table.set_column(k, field.name, table.column(k).cast(field.type.value_type))
        elif _is_string_view(field.type):
            table = table.set_column(k, field.name, table.column(k).cast(pa.large_string()))
    return table.to_pandas()


def _is_string_view(kind: Any) -> bool:
    import pyarrow as pa

    check = getattr(pa.types, "is_string_view", None)  # pyarrow >= 16
    return bool(check and check(kind))


def _column(chunked: Any) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = chunked.type
    if pa.types.is_dictionary(kind):
        return _categorical(chunked)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or _is_string_view(kind):
        return _categorical(pc.dictionary_encode(chunked))
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_boolean(kind):
        return _numeric(chunked)
    return chunked.to_pandas()


def _single(chunked: Any) -> Any:
    """One Array for a ChunkedArray (concatenates only when there are several chunks)."""
    import pyarrow as pa

    if chunked.num_chunks == 1:
        return chunked.chunk(0)
    if chunked.num_chunks == 0:
        return pa.array([], type=chunked.type)
    return chunked.combine_chunks()  # dictionaries of the chunks are unified


def _numeric(chunked: Any) -> Any:
    import pyarrow as pa

    array = _single(chunked)
    if array.null_count == 0:
        # Booleans are bit-packed in Arrow: they need a copy; the others are views.
        return array.to_numpy(zero_copy_only=not pa.types.is_boolean(array.type))
    if pa.types.is_integer(array.type):
        return pd.array(array.to_pandas(types_mapper=pd.ArrowDtype).astype("Int64"))
    return array.to_numpy(zero_copy_only=False)


def _categorical(chunked: Any) -> pd.Categorical:
    """Categorical from a dictionary array: the indices become the codes, the
    dictionary (made unique, one lookup per entry) the categories."""
    array = _single(chunked)
    indices = array.indices
    codes = indices.to_numpy(zero_copy_only=False) if indices.null_count == 0 else (
        indices.fill_null(-1).to_numpy(zero_copy_only=False))
    from .io.memo import content_key, remember

    # Once per distinct dictionary, not per record batch (chitieu.io.memo): every
    # batch of a dataset gets the same dtype object, which later steps key on.
    dictionary = array.dictionary
    remap, dtype = remember(("categories",) + content_key(dictionary),
                            lambda: _dictionary_dtype(dictionary))
    if remap is not None:  # the dictionary repeats a value: renumber
        codes = remap[codes]
    codes = codes.astype(_code_dtype(len(dtype.categories)), copy=False)
    return pd.Categorical.from_codes(codes, dtype=dtype)


def _dictionary_dtype(dictionary: Any) -> tuple[np.ndarray | None, pd.CategoricalDtype]:
    """The categorical dtype of an Arrow dictionary's distinct values, and the
    renumbering of its entries when it repeats a value (else None)."""
    labels = dictionary.to_pylist()
    unique_codes, uniques = pd.factorize(pd.Index(labels, dtype=object))
    remap = None
    if len(uniques) != len(labels):
        remap = np.append(unique_codes, -1).astype(np.int64)
    return remap, pd.CategoricalDtype(pd.Index(list(uniques), dtype=object))


def _code_dtype(n: int) -> type:
    return np.int8 if n < 127 else np.int16 if n < 32767 else np.int32


def factorize(column: Any) -> tuple[np.ndarray, list[Any]]:
    """(codes, distinct values) of a column; a categorical's own codes are used
    (no hashing per row), keeping only the categories that occur. Missing
    values get code -1."""
    values = column.array if isinstance(column, pd.Series) else column
    if isinstance(values, pd.Categorical):
        codes = np.asarray(values.codes)
        categories = values.categories
        if len(codes) == 0:
            return codes.astype(np.intp), []
        present = np.bincount(codes[codes >= 0], minlength=len(categories)) > 0 if (
            codes.min() < 0) else np.bincount(codes, minlength=len(categories)) > 0
        if present.all():
            return codes, list(categories)
        remap = np.full(len(categories) + 1, -1, dtype=np.int64)
        used = np.flatnonzero(present)
        remap[used] = np.arange(len(used))
        return remap[codes], [categories[i] for i in used]
    codes, uniques = pd.factorize(column, sort=False)
    return codes, list(uniques)


def to_arrow(frame: pd.DataFrame) -> Any:
    """A pyarrow Table of a result frame: categoricals become dictionary columns,
    nullable integers stay integers with nulls, the index is dropped."""
    import pyarrow as pa

    return pa.Table.from_pandas(frame, preserve_index=False)


def to_polars(frame: pd.DataFrame) -> Any:
    """A Polars DataFrame of a result frame (needs the optional ``polars``)."""
    try:
        import polars as pl
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_polars() needs Polars: pip install polars") from exc
    return pl.from_arrow(to_arrow(frame))


class ArrowExport:
    """``to_arrow()`` and ``to_polars()`` for any result with ``to_pandas()``."""

    __slots__ = ()

    def to_arrow(self) -> Any:
        """The :meth:`to_pandas` table as a pyarrow Table (categoricals as
        dictionary columns, exact integers kept)."""
        return to_arrow(self.to_pandas())  # type: ignore[attr-defined]

    def to_polars(self) -> Any:
        """The :meth:`to_pandas` table as a Polars DataFrame (Polars is optional)."""
        return to_polars(self.to_pandas())  # type: ignore[attr-defined]
