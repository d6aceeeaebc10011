"""The one shape of every result: rows you can count, see and export.

Rollups, assessments and disbursements all derive from :class:`Result`:
``to_pandas()`` (the rows as a DataFrame), ``to_arrow()`` / ``to_polars()``
(from ``_arrow.ArrowExport``), ``len()``, a one-line ``repr``, an HTML table in
Jupyter and ``plot()``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._arrow import ArrowExport


class Result(ArrowExport):
    """Base of the result types. Subclasses implement :meth:`to_pandas` and
    :meth:`__len__`, and name themselves in :meth:`_title`."""

    __slots__ = ()

    def to_pandas(self) -> pd.DataFrame:  # pragma: no cover - abstract
        raise NotImplementedError

    def __len__(self) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def _title(self) -> str:
        return f"{type(self).__name__}: {len(self):,} rows"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self)} rows)"

    def _repr_html_(self) -> str:
        from .html import repr_html

        return repr_html(self.to_pandas(), self._title())

    def plot(self, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError(f"{type(self).__name__} has no plot")
