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

from ._blocks import BlockState, block_state

__all__ = ["rollup_dataset"]


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
    if batch_rows < 1:
        raise ValueError(f"batch_rows must be at least 1, got {batch_rows}")
    roles = {"indicator": "indicator", "unit": "unit", "period": "period", "value": "value"}
    roles.update(columns or {})
    dataset = _dataset(source)
    missing = sorted(set(roles.values()) - set(dataset.schema.names))
    if missing:
        raise ValueError(f"the dataset lacks column(s) {missing}; it has {dataset.schema.names}")
    options = dict(observation_options or {})
    options.update(dict(roles.items()))
    rollup_options.setdefault("threads", None)
    # Little read-ahead: memory stays at a few batches however many files there are.
    scanner = dataset.scanner(columns=sorted(set(roles.values())), filter=filter,
                              batch_size=batch_rows, batch_readahead=1, fragment_readahead=1)
    bar = _progress_bar(progress, dataset, filter)
    # States merge like a binary counter (adjacent runs of equal size, older first),
    # so each row's state is merged O(log batches) times, not once per later batch;
    # the cell set is one running total merged in place.
    runs: list[tuple[int, Any]] = []
    cells = None
    try:
        for batch in scanner.to_batches():
            if batch.num_rows == 0:
                continue
            block = block_state(batch, hierarchy, catalog, options, rollup_options)
            if cells is None:
                cells = block.cells
            else:
                cells.absorb(block.cells)
            runs.append((1, block.state))
            while len(runs) > 1 and runs[-2][0] == runs[-1][0]:
                (size, older), (_, newer) = runs[-2], runs.pop()
                runs[-1] = (2 * size, older.merge(newer))
            if bar is not None:
                bar.update(batch.num_rows)
    finally:
        if bar is not None:
            bar.close()
    if cells is None:
        raise ValueError("the dataset has no rows (after the filter)")
    state = runs[0][1]
    for _, newer in runs[1:]:
        state = state.merge(newer)
    total = BlockState(state, cells)
    return total.finish(hierarchy, catalog, where="record batches of the dataset")


def _progress_bar(progress: bool, dataset: Any, filter: Any) -> Any:
    if not progress:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=dataset.count_rows(filter=filter), unit="rows", unit_scale=True,
                desc="rollup_dataset")
