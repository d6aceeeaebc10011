"""Rollups of data that arrive in blocks: record batches of a Parquet dataset or
partitions of a Dask DataFrame.

Each block is built into :class:`~chitieu.Observations` on its own (which finds
duplicates inside the block), rolled up into a :class:`~chitieu.RollupState`,
and paired with the block's cell set -- the (indicator, unit, period) cells it
holds. Pairs merge exactly and associatively, so any merge order (a loop, a
Dask tree) gives the in-memory result; a cell present in two blocks is refused
at the end, naming the cells, whatever the duplicates policy: states cannot
tell which of two blocks' values should win or be added, only the build of one
block can.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import _core

__all__: list[str] = []


class BlockState:
    """A rollup state and the cells it was built from (picklable, mergeable)."""

    __slots__ = ("cells", "state")

    def __init__(self, state: Any, cells: Any) -> None:
        self.state = state
        self.cells = cells

    def merge(self, other: BlockState) -> BlockState:
        return BlockState(self.state.merge(other.state),
                          _core.merge_cells(self.cells, other.cells))

    def __getstate__(self) -> tuple[Any, bytes]:
        return self.state, self.cells.to_bytes()

    def __setstate__(self, state: tuple[Any, bytes]) -> None:
        self.state = state[0]
        self.cells = _core.cell_set.from_bytes(state[1])

    def finish(self, hierarchy: Any, catalog: Any, *, where: str,
               threads: int | None = None) -> Any:
        """The rollup result, after refusing cells reported in two blocks."""
        from .observations import _core_of

        self.cells.require_no_duplicates(_core_of(hierarchy), _core_of(catalog), where)
        return self.state.finish(threads)


def block_state(
    frame: Any,
    hierarchy: Any,
    catalog: Any,
    observation_options: dict[str, Any],
    rollup_options: dict[str, Any],
) -> BlockState:
    """Build one block's observations once and roll them up. ``frame``: pandas,
    or Arrow (a record batch: codes mapped through their dictionaries)."""
    from .observations import Observations
    from .rollup import partial_rollup

    observations = Observations.from_frame(frame, hierarchy, catalog, **observation_options)
    state = partial_rollup(observations, hierarchy, catalog, **rollup_options)
    return BlockState(state, _core.cell_set.of(observations._core))


def merge_blocks(blocks: Iterable[BlockState]) -> BlockState:
    """Merge in order, pairwise in a balanced tree."""
    items = list(blocks)
    if not items:
        raise ValueError("no blocks to merge: the data has no partitions or batches")
    while len(items) > 1:
        merged = [items[i].merge(items[i + 1]) for i in range(0, len(items) - 1, 2)]
        if len(items) % 2:
            merged.append(items[-1])
        items = merged
    return items[0]
