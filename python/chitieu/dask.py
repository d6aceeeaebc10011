"""Rollups of data beyond one machine, on Dask.

Each partition of a Dask DataFrame is rolled up on its own into a
:class:`~chitieu.RollupState`; the states are merged in a tree and finished
once. Merging is exact and associative (sums in exact int64 for money, last
values carried with their period end), so the result equals the rollup of the
whole data in memory -- the tests check that.

Duplicates (the same indicator, unit and period twice) are found within a
partition. Across partitions they can only be found if the data is partitioned
by indicator, unit or period (so that equal keys share a partition); with
``duplicates="error"`` (the default) partition your data that way, or clean it
first. The docstring says so rather than pretending otherwise.

>>> import dask.dataframe as dd, chitieu
>>> ddf = dd.from_pandas(frame, npartitions=8)                      # doctest: +SKIP
>>> chitieu.dask.rollup(ddf, vn, catalog, level="province",
...                     period_type="quarter").to_pandas()           # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd

__all__ = ["rollup", "partial_states"]


def _partition_state(
    frame: pd.DataFrame,
    hierarchy: Any,
    catalog: Any,
    observation_options: dict[str, Any],
    rollup_options: dict[str, Any],
) -> Any:
    from .observations import Observations
    from .rollup import partial_rollup

    observations = Observations.from_frame(frame, hierarchy, catalog, **observation_options)
    return partial_rollup(observations, hierarchy, catalog, **rollup_options)


def _merge(states: Sequence[Any]) -> Any:
    from .rollup import RollupState

    return RollupState.merge_all(list(states))


def partial_states(
    frame: Any,
    hierarchy: Any,
    catalog: Any,
    *,
    observation_options: dict[str, Any] | None = None,
    **rollup_options: Any,
) -> list[Any]:
    """One delayed :class:`~chitieu.RollupState` per partition of ``frame``.

    ``observation_options`` go to :meth:`Observations.from_frame` (column names,
    ``duplicates``, ``nan_policy``, ``cumulative``); the rest to
    :func:`chitieu.partial_rollup`.
    """
    import dask

    # Partitions are rolled up single-threaded: Dask already runs one per core.
    rollup_options.setdefault("threads", 1)
    options = observation_options or {}
    task = dask.delayed(_partition_state, pure=True)
    return [task(part, hierarchy, catalog, options, rollup_options)
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

    >>> result = chitieu.dask.rollup(ddf, vn, catalog, level="province",
    ...                              period_type="quarter")          # doctest: +SKIP
    """
    import dask

    if split_every < 2:
        raise ValueError(f"split_every must be at least 2, got {split_every}")
    states = partial_states(frame, hierarchy, catalog,
                            observation_options=observation_options, **rollup_options)
    if not states:
        raise ValueError("the Dask DataFrame has no partitions")
    merge = dask.delayed(_merge, pure=True)
    while len(states) > 1:
        states = [merge(states[i:i + split_every])
                  for i in range(0, len(states), split_every)]
    result = dask.delayed(lambda state: state.finish(), pure=True)(states[0])
    return result.compute() if compute else result
