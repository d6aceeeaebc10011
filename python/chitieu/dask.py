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

__all__ = ["assess", "disbursement", "partial_states", "rollup"]


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


def disbursement(
    allocations: Any,
    payments: Any,
    schedule: Any,
    hierarchy: Any,
    *,
    level: str = "province",
    as_of: Any = None,
    by: Any = ("programme", "source"),
    approved: Any = None,
    at_risk_threshold: float = 95.0,
    carry_over: Any = None,
    split_every: int = 8,
) -> Any:
    """:func:`chitieu.disbursement` of a payment ledger in a Dask DataFrame (the
    columns of :meth:`chitieu.Payments.from_frame`; allocations, schedule and
    approved numbers are small and stay with the client).

    A first pass reads each partition's last payment date (the default
    ``as_of``), programmes and sources; then every partition totals its
    payments per unit x programme x source x month and rolls them up into
    partial states, which merge in a tree of fan-in ``split_every`` with the
    allocations' own and finish once; the table, measures and S-curve are then
    made as in memory. ``carry_over`` is not supported here yet: its check
    needs last year's ledger per cell (refused, never ignored).

    >>> chitieu.dask.disbursement(alloc, dd.read_parquet("payments/"),
    ...                           chitieu.Schedule.linear(), vn).to_pandas()  # doctest: +SKIP
    """
    import dask
    import pandas as pd

    from . import _block_disbursement as blocks
    from . import _disbursement_rows
    from .disbursement import _approved_in, _groups, _planned_allocations, _result

    if carry_over is not None:
        raise ValueError("chitieu.dask.disbursement does not take carry_over yet (its check "
                         "needs last year's ledger per cell); use chitieu.disbursement")
    parts = payments.to_delayed()
    summaries = dask.compute(*[dask.delayed(blocks.ledger_summary, pure=True)(p)
                               for p in parts])
    if as_of is None:
        dates = [s[0] for s in summaries if s[0] is not None]
        if not dates:
            raise ValueError("disbursement needs an as_of date (the ledger is empty)")
        as_of = max(dates)
    as_of = pd.Timestamp(as_of).date()
    by = _groups(by)
    alloc, months, planned = _planned_allocations(allocations, schedule, as_of)
    approved = _approved_in(approved, as_of.year)
    given = allocations.frame
    programmes = set(given["programme"].astype(str)).union(*(s[1] for s in summaries))
    if approved is not None:
        programmes |= set(approved["programme"].astype(str))
    sources = set(given["source"].astype(str)).union(*(s[2] for s in summaries))
    context = blocks.Context(as_of, alloc, months,
                             {"programme": sorted(programmes), "source": sorted(sources)},
                             level, blocks.requests(by, as_of.year, approved))
    task = dask.delayed(blocks.payment_states, pure=True)
    shared_hierarchy, shared_context = _shared(hierarchy), _shared(context)
    states = [task(p, shared_hierarchy, shared_context) for p in parts]
    merge = dask.delayed(blocks.merge_states, pure=True)
    while len(states) > 1:
        states = [merge(states[i:i + split_every]) for i in range(0, len(states), split_every)]
    paid = states[0].compute() if states else (0, None)
    rows = context.rows(hierarchy)
    empty = pd.DataFrame(columns=["programme", "source", "unit", "year", "amount"])
    _disbursement_rows.allocation_rows(rows, alloc, empty, planned[:, 2:], months, approved)
    own = (0, context.states(rows) if rows.columns else None)
    cells, merged = blocks.merge_states([own, paid])
    if merged is None or (not len(alloc) and not cells):
        raise ValueError(f"no allocations or payments for fiscal year {as_of.year} up to "
                         f"{as_of}")
    frames = blocks.finished(merged, context)

    def rolled(groups: Any, indicators: Any, **when: Any) -> Any:
        return frames[(tuple(groups), tuple(indicators))]

    return _result(rolled, hierarchy, as_of, by, months, approved, at_risk_threshold)
