"""Out-of-core rollups of a Parquet dataset on one machine, no Dask needed.

The dataset is read one record batch at a time (only the columns the rollup
needs, optionally filtered), each batch is built and rolled up into a partial
state, and the state is merged into a running total: memory stays at the
state, the set of cells seen (16 bytes a cell) and a few batches, whatever the
size of the dataset. A cell reported in two batches is refused at the end, as
``duplicates="error"`` refuses it in memory.

>>> import chitieu
>>> result = chitieu.rollup_dataset("obs/", vn, catalog, level="province",
...                                 period_type="quarter")           # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from ._blocks import fixed_categories, fold, kept, series_of

__all__ = ["assess_dataset", "rollup_dataset"]


def _dataset(source: Any) -> Any:
    import pyarrow.dataset as ds

    if isinstance(source, ds.Dataset):
        return source
    return ds.dataset(source, format="parquet")


def rollup_dataset(
    source: Any,
    hierarchy: Any,
    catalog: Any,
    *,
    columns: dict[str, str] | None = None,
    filter: Any = None,
    batch_rows: int = 1 << 21,
    progress: bool = False,
    observation_options: dict[str, Any] | None = None,
    **rollup_options: Any,
) -> Any:
    """:func:`chitieu.rollup` of a Parquet dataset (a path, a list of files or a
    ``pyarrow.dataset.Dataset``) streamed in record batches.

    ``columns`` maps the roles ``indicator``, ``unit``, ``period``, ``value``
    (and ``revision``) to the dataset's column names; only those columns are
    read. ``filter`` is a ``pyarrow.dataset`` expression applied while reading
    (e.g. ``pc.field("period") >= "202401"``). ``batch_rows`` bounds the rows
    held at once. ``progress=True`` shows a tqdm bar of rows read.
    ``observation_options`` go to :meth:`Observations.from_frame`; the rest of
    the keywords to :func:`chitieu.partial_rollup`.

    Returns the same :class:`~chitieu.RollupResult` as the in-memory rollup of
    the whole dataset. Cumulative (year-to-date) indicators need each (indicator,
    unit, year) within one batch: write such data sorted by them, or convert to
    flows first; a batch missing the previous month is refused, never guessed.
    """
    options, scan = _scan(source, columns, filter, batch_rows, observation_options)
    rollup_options.setdefault("threads", None)
    return _rolled_up(scan, hierarchy, catalog, options, rollup_options, progress)


def assess_dataset(
    source: Any,
    plan: Any,
    hierarchy: Any,
    catalog: Any,
    *,
    level: str,
    period: Any,
    columns: dict[str, str] | None = None,
    filter: Any = None,
    batch_rows: int = 1 << 21,
    progress: bool = False,
    observation_options: dict[str, Any] | None = None,
    **assess_options: Any,
) -> Any:
    """:func:`chitieu.assess` of a Parquet dataset of observations streamed in
    record batches (``columns``, ``filter``, ``batch_rows``, ``progress``,
    ``observation_options`` as for :func:`rollup_dataset`): each batch is rolled
    up into a partial state of the assessment's windows, the states merge and
    finish once, and the measures are computed from that, as in memory.
    ``assess_options``: ``as_of``, ``version``, ``thresholds``, ``units``,
    ``rank_by``.
    """
    from ._block_assess import assess_blocks

    options, scan = _scan(source, columns, filter, batch_rows, observation_options)

    def rolled_up(rollup_options: dict[str, Any]) -> Any:
        return _rolled_up(scan, hierarchy, catalog, options, rollup_options, progress)

    return assess_blocks(rolled_up, plan, hierarchy, catalog, level=level, period=period,
                         **assess_options)


def _scan(source: Any, columns: dict[str, str] | None, filter: Any, batch_rows: int,
          observation_options: dict[str, Any] | None) -> tuple[dict[str, Any], Any]:
    """The observation options (the roles' column names, categories with their
    options) and a function of the record batches, reading only those columns."""
    if batch_rows < 1:
        raise ValueError(f"batch_rows must be at least 1, got {batch_rows}")
    roles = {"indicator": "indicator", "unit": "unit", "period": "period", "value": "value"}
    roles.update(columns or {})
    dataset = _dataset(source)
    options = dict(observation_options or {})
    needed = set(roles.values()) | {str(c) for c in options.get("categories") or ()}
    missing = sorted(needed - set(dataset.schema.names))
    if missing:
        raise ValueError(f"the dataset lacks column(s) {missing}; it has {dataset.schema.names}")
    options.update(dict(roles.items()))

    def batches(names: list[str]) -> Any:
        # Little read-ahead: memory stays at a few batches however many files there are.
        return dataset.scanner(columns=names, filter=filter, batch_size=batch_rows,
                               batch_readahead=1, fragment_readahead=1).to_batches()

    options = fixed_categories(options, lambda name: _distinct(batches([name]), name))

    def scan(progress: bool) -> Any:
        bar = _progress_bar(progress, dataset, filter)
        return bar, batches(sorted(needed))

    return options, scan


def _distinct(batches: Any, name: str) -> set[Any]:
    """The distinct values of one column, batch by batch."""
    import pyarrow.compute as pc

    found: set[Any] = set()
    for batch in batches:
        found.update(pc.unique(batch.column(name)).to_pylist())
    return found


def _rolled_up(scan: Any, hierarchy: Any, catalog: Any, options: dict[str, Any],
               rollup_options: dict[str, Any], progress: bool) -> Any:
    bar, batches = scan(progress)
    try:
        total = fold(batches, hierarchy, catalog, options, rollup_options,
                     None if bar is None else bar.update)
    finally:
        if bar is not None:
            bar.close()
    if total is None:
        raise ValueError("the dataset has no rows (after the filter)")
    return total.finish(hierarchy, catalog, where="record batches of the dataset",
                        threads=rollup_options.get("threads"),
                        series=series_of(catalog, options), by=kept(rollup_options))


def _progress_bar(progress: bool, dataset: Any, filter: Any) -> Any:
    if not progress:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=dataset.count_rows(filter=filter), unit="rows", unit_scale=True,
                desc="rollup_dataset")
