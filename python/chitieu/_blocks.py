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

Categories (``categories=`` of the observations, ``by=`` of the rollup): every
block is built over the same series index -- the categories' options fixed up
front (:func:`chitieu._series.fixed_index`), given or found in the data -- so
the blocks' states merge, and the merged state finishes to indicator and
category columns as the in-memory rollup does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from . import _core
from ._util import _as_list, _core_of

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

    def finish(self, hierarchy: Any, catalog: Any, *, where: str, threads: int | None = None,
               series: Any = None, by: Sequence[str] = ()) -> Any:
        """The rollup result, after refusing cells reported in two blocks.
        ``series``: the series index every block was built over (categories),
        ``by`` the categories the rollup keeps."""
        from .rollup import disaggregated

        names = _core_of(catalog) if series is None else series.expanded()
        self.cells.require_no_duplicates(_core_of(hierarchy), names, where)
        if series is None:
            return self.state.finish(threads)
        return disaggregated(_core.finish_series(self.state._core, series,
                                                 [str(b) for b in by], threads or 0),
                             threads=threads)


def fixed_categories(observation_options: Mapping[str, Any],
                     distinct: Any) -> dict[str, Any]:
    """``observation_options`` with ``categories`` as a mapping of each category
    to its options, sorted; ``distinct(name)`` finds the options of a category
    given by name only (a pass over that column of the data)."""
    options = dict(observation_options)
    categories = options.get("categories")
    if not categories or isinstance(categories, Mapping):
        return options
    found = {}
    for name in categories:
        values = {str(v) for v in distinct(str(name)) if v is not None and v == v}
        found[str(name)] = sorted(values - {""})
    options["categories"] = found
    return options


def series_of(catalog: Any, observation_options: Mapping[str, Any]) -> Any:
    """The series index every block is built over, or None without categories."""
    from ._series import fixed_index

    categories = observation_options.get("categories")
    return fixed_index(_core_of(catalog), categories) if categories else None


def kept(rollup_options: Mapping[str, Any]) -> list[str]:
    """The categories a rollup keeps (its ``by``)."""
    return [str(b) for b in _as_list(rollup_options.get("by"))]


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


def fold(frames: Iterable[Any], hierarchy: Any, catalog: Any,
         observation_options: dict[str, Any], rollup_options: dict[str, Any],
         done: Any = None) -> BlockState | None:
    """The merged block state of ``frames`` read one after the other (None when
    there are none); ``done(rows)`` after each.

    States merge like a binary counter (adjacent runs of equal size, older
    first), so each row's state is merged O(log blocks) times, not once per
    later block; the cell set is one running total merged in place.
    """
    runs: list[tuple[int, Any]] = []
    cells = None
    for frame in frames:
        rows = len(frame)
        if rows == 0:
            continue
        block = block_state(frame, hierarchy, catalog, observation_options, rollup_options)
        if cells is None:
            cells = block.cells
        else:
            cells.absorb(block.cells)
        runs.append((1, block.state))
        while len(runs) > 1 and runs[-2][0] == runs[-1][0]:
            (size, older), (_, newer) = runs[-2], runs.pop()
            runs[-1] = (2 * size, older.merge(newer))
        if done is not None:
            done(rows)
    if cells is None:
        return None
    state = runs[0][1]
    for _, newer in runs[1:]:
        state = state.merge(newer)
    return BlockState(state, cells)
