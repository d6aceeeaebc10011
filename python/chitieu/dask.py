"""Rollups of data beyond one machine, on Dask (threads, processes or a
``dask.distributed`` cluster).

Each partition of a Dask DataFrame is built and rolled up on its own into a
:class:`~chitieu.RollupState` paired with the set of cells it holds; the pairs
merge in a tree of fan-in ``split_every`` and are finished once. Merging is
exact and associative (money in exact int64, last values carried with their
period end), so the result equals the in-memory rollup -- the tests check that,
on a ``LocalCluster`` of worker processes too.

Duplicates: inside a partition the build handles them by the ``duplicates``
policy; a cell (indicator, unit, period) reported in two partitions is refused
at the end with the cells named, whatever the policy, because merged states
cannot know which value should win. Partition by unit (or indicator) if your
data holds duplicates that ``duplicates="last"``/``"sum"`` should resolve.

The hierarchy and the catalog are sent once: scattered to every worker when a
distributed client is active, otherwise one node of the graph that every
partition task refers to -- never pickled into each task.

>>> import dask.dataframe as dd, chitieu
>>> ddf = dd.read_parquet("obs/")                                   # doctest: +SKIP
>>> chitieu.dask.rollup(ddf, vn, catalog, level="province",
...                     period_type="quarter").to_pandas()           # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from ._blocks import BlockState, block_state, fixed_categories, kept, merge_blocks, series_of

__all__ = ["assess", "partial_states", "rollup"]


def _shared(obj: Any) -> Any:
    """`obj` once for the whole graph: scattered to every worker of an active
    distributed client, else a single delayed node."""
    import dask

    try:
        from distributed import get_client

        client = get_client()
    except (ImportError, ValueError):
        return dask.delayed(obj, pure=True)
    return client.scatter(obj, broadcast=True, hash=True)


def _finish(block: BlockState, hierarchy: Any, catalog: Any, threads: Any,
            observation_options: dict[str, Any], by: list[str]) -> Any:
    # The series index is built here, from its options: it does not pickle.
    return block.finish(hierarchy, catalog, where="partitions of the Dask DataFrame",
                        threads=threads, series=series_of(catalog, observation_options),
                        by=by)


def _with_categories(frame: Any, observation_options: dict[str, Any] | None) -> dict[str, Any]:
    """The options with each category's options fixed (found in the data when
    only named: one pass over those columns)."""
    def distinct(name: str) -> Any:
        return frame[name].dropna().unique().compute()

    return fixed_categories(observation_options or {}, distinct)


def partial_states(
    frame: Any,
    hierarchy: Any,
    catalog: Any,
    *,
    observation_options: dict[str, Any] | None = None,
    **rollup_options: Any,
) -> list[Any]:
    """One delayed block state (a rollup state and its cells) per partition of
    ``frame``.

    ``observation_options`` go to :meth:`Observations.from_frame` (column names,
    ``duplicates``, ``nan_policy``, ``cumulative``); the rest to
    :func:`chitieu.partial_rollup`.
    """
    import dask

    # Partitions are rolled up single-threaded: Dask already runs one per core.
    rollup_options.setdefault("threads", 1)
    options = _with_categories(frame, observation_options)
    task = dask.delayed(block_state, pure=True)
    shared_hierarchy, shared_catalog = _shared(hierarchy), _shared(catalog)
    return [task(part, shared_hierarchy, shared_catalog, options, rollup_options)
            for part in frame.to_delayed()]


def rollup(
    frame: Any,
    hierarchy: Any,
    catalog: Any,
    *,
    observation_options: dict[str, Any] | None = None,
    split_every: int = 8,
    compute: bool = True,
    **rollup_options: Any,
) -> Any:
    """:func:`chitieu.rollup` of a Dask DataFrame with columns indicator, unit,
    period, value (names configurable through ``observation_options``).

    Partition states merge in a tree of fan-in ``split_every``. With
    ``compute=False`` a ``dask.delayed`` object of the result is returned.
    Raises ValueError naming the cells reported in more than one partition.

    >>> result = chitieu.dask.rollup(ddf, vn, catalog, level="province",
    ...                              period_type="quarter")          # doctest: +SKIP
    """
    import dask

    if split_every < 2:
        raise ValueError(f"split_every must be at least 2, got {split_every}")
    options = _with_categories(frame, observation_options)
    states = partial_states(frame, hierarchy, catalog, observation_options=options,
                            **rollup_options)
    if not states:
        raise ValueError("the Dask DataFrame has no partitions")
    merge = dask.delayed(merge_blocks, pure=True)
    while len(states) > 1:
        states = [merge(states[i:i + split_every])
                  for i in range(0, len(states), split_every)]
    threads = rollup_options.get("threads")
    result = dask.delayed(_finish, pure=True)(states[0], _shared(hierarchy),
                                              _shared(catalog), threads,
                                              options, kept(rollup_options))
    return result.compute() if compute else result


def assess(
    frame: Any,
    plan: Any,
    hierarchy: Any,
    catalog: Any,
    *,
    level: str,
    period: Any,
    observation_options: dict[str, Any] | None = None,
    split_every: int = 8,
    **assess_options: Any,
) -> Any:
    """:func:`chitieu.assess` of a Dask DataFrame of observations (columns as for
    :func:`rollup`): the targets and windows are found from the plan, every
    partition is rolled up into a partial state of the windows, the states merge
    in a tree and finish once, and the measures are computed from that, as in
    memory. ``assess_options``: ``as_of``, ``version``, ``thresholds``,
    ``units``, ``rank_by`` as for :func:`chitieu.assess`. Raises ValueError
    naming the cells reported in more than one partition.

    >>> chitieu.dask.assess(ddf, plan, vn, catalog, level="province",
    ...                     period="2020S1").to_pandas()             # doctest: +SKIP
    """
    from ._block_assess import assess_blocks

    def rolled_up(options: dict[str, Any]) -> Any:
        return rollup(frame, hierarchy, catalog, observation_options=observation_options,
                      split_every=split_every, **options)

    return assess_blocks(rolled_up, plan, hierarchy, catalog, level=level, period=period,
                         **assess_options)
