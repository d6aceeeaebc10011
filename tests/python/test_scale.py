"""Past one machine's memory: the out-of-core Parquet path and Dask on worker
processes give the in-memory rollup exactly, and a cell reported in two blocks
is caught on both paths."""

import pickle

import _scale_helpers
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from _engine_helpers import labour_catalog
from _scale_helpers import write_parts

import chitieu

KEYS = ["indicator", "unit", "period"]
LEVELS = {"level": ["province", "district", "nation"], "period_type": ["quarter", "year"]}

cluster = _scale_helpers.cluster  # the module's LocalCluster fixture


@pytest.fixture(scope="module")
def setup():
    vn = chitieu.Hierarchy.vietnam(2024)
    catalog = labour_catalog()
    rng = np.random.default_rng(17)
    communes = np.array(vn.units("commune"))[rng.choice(10047, 400, replace=False)]
    months = [f"{y}{m:02d}" for y in (2023, 2024) for m in range(1, 13)]
    real = pd.MultiIndex.from_product([["jobs", "poor", "households"], communes, months],
                                      names=KEYS).to_frame(index=False)
    real["value"] = rng.integers(0, 1000, len(real)).astype(float)
    # Money beyond 2^53 in total: exact int64 or nothing.
    money = pd.MultiIndex.from_product([["paid"], communes, months], names=KEYS).to_frame(index=False)
    money["value"] = rng.integers(0, 10**14, len(money))
    # Shuffled, so that every block holds every kind of row.
    real = real.sample(frac=1.0, random_state=3).reset_index(drop=True)
    money = money.sample(frac=1.0, random_state=4).reset_index(drop=True)
    return vn, catalog, real, money


def _sorted(frame):
    return frame.astype(dict.fromkeys(KEYS, str)).sort_values(KEYS).reset_index(drop=True)


def _in_memory(vn, catalog, frame):
    obs = chitieu.Observations.from_frame(frame, vn, catalog)
    return _sorted(chitieu.rollup(obs, vn, catalog, **LEVELS).to_pandas())


def _assert_equal_results(got, expected):
    # Money and counts exact; float sums may add in another order.
    exact = [c for c in expected.columns if c != "value"]
    pd.testing.assert_frame_equal(got[exact], expected[exact], check_exact=True)
    np.testing.assert_allclose(got["value"], expected["value"], rtol=1e-12)


@pytest.mark.parametrize("which", ["real", "money"])
def test_out_of_core_equals_in_memory(setup, tmp_path, which):
    vn, catalog, real, money = setup
    frame = real if which == "real" else money
    path = write_parts(frame, tmp_path / "obs", parts=3)
    got = chitieu.rollup_dataset(path, vn, catalog, batch_rows=5_000, **LEVELS).to_pandas()
    _assert_equal_results(_sorted(got), _in_memory(vn, catalog, frame))
    if which == "money":
        nation = got[(got["unit"] == vn.units("nation")[0]) & (got["period"].astype(str) == "2024")]
        expected = int(frame.loc[frame["period"].str.startswith("2024"), "value"].sum())
        assert int(nation["value_money"].iloc[0]) == expected


def test_out_of_core_reads_only_its_columns_and_applies_the_filter(setup, tmp_path):
    vn, catalog, real, _ = setup
    frame = real.rename(columns={"value": "so_lieu"}).assign(note="ignored")
    path = write_parts(frame, tmp_path / "obs", parts=2)
    import pyarrow.compute as pc

    got = chitieu.rollup_dataset(path, vn, catalog, columns={"value": "so_lieu"},
                                 filter=pc.field("period") >= "202401", **LEVELS).to_pandas()
    expected = _in_memory(vn, catalog, real[real["period"] >= "202401"])
    _assert_equal_results(_sorted(got), expected)


def test_out_of_core_names_a_cell_reported_in_two_batches(setup, tmp_path):
    vn, catalog, real, _ = setup
    frame = pd.concat([real, real.iloc[[10]]], ignore_index=True)  # first and last batch
    row = real.iloc[10]
    path = write_parts(frame, tmp_path / "obs", parts=2)
    with pytest.raises(ValueError, match="more than one of the record batches") as err:
        chitieu.rollup_dataset(path, vn, catalog, batch_rows=100_000, **LEVELS)
    assert f"({row['indicator']}, {row['unit']}, {row['period']})" in str(err.value)


def test_dask_names_a_cell_reported_in_two_partitions(setup):
    vn, catalog, real, _ = setup
    frame = pd.concat([real.iloc[:1000], real.iloc[[5]]], ignore_index=True)
    ddf = dd.from_pandas(frame, npartitions=3, sort=False)
    row = real.iloc[5]
    with pytest.raises(ValueError, match="more than one of the partitions") as err:
        chitieu.dask.rollup(ddf, vn, catalog, **LEVELS)
    assert f"({row['indicator']}, {row['unit']}, {row['period']})" in str(err.value)


def test_dask_tasks_do_not_carry_the_hierarchy(setup):
    _, catalog, real, _ = setup
    small = chitieu.Hierarchy.from_arrays(["P"], ["P"], ["province"], [""])
    ddf = dd.from_pandas(real.assign(unit="P").iloc[:0], npartitions=1)

    def largest_task(hierarchy):
        lazy = chitieu.dask.rollup(ddf, hierarchy, catalog, level="province",
                                   period_type="year", compute=False)
        graph = dict(lazy.__dask_graph__())
        sizes = [len(pickle.dumps(task)) for key, task in graph.items()
                 if "block_state" in str(key) or "merge_blocks" in str(key)
                 or "_finish" in str(key)]
        return max(sizes)

    vn = chitieu.Hierarchy.vietnam(2024)
    assert len(pickle.dumps(vn)) > 100_000
    assert largest_task(vn) < largest_task(small) + 200


def test_dask_distributed_processes_equal_in_memory(setup, tmp_path, cluster):
    vn, catalog, real, money = setup
    frame = pd.concat([real, money.assign(value=money["value"].astype(float))],
                      ignore_index=True)
    # Money as float64 in one column with counts: whole numbers below 2^53 each.
    path = write_parts(frame, tmp_path / "obs", parts=4)
    ddf = dd.read_parquet(path)
    got = chitieu.dask.rollup(ddf, vn, catalog, split_every=2, **LEVELS).to_pandas()
    _assert_equal_results(_sorted(got), _in_memory(vn, catalog, frame))
    assert len(cluster.scheduler_info()["workers"]) == 2


def test_block_state_pickles_small(setup):
    from chitieu._blocks import block_state

    vn, catalog, real, _ = setup
    block = block_state(real.iloc[:5000], vn, catalog, {}, {"level": "province",
                                                                "period_type": "year"})
    again = pickle.loads(pickle.dumps(block))
    assert len(again.cells) == len(block.cells) == 5000
    # At most two bytes a cell (sparse chunks), plus the chunk headers.
    assert len(block.cells.to_bytes()) < 2 * 5000 + 1000


def _dictionary_file(frame, path, spelled):
    """``frame`` written with its unit column dictionary-encoded over every key
    of ``spelled`` in order, each spelled as its value."""
    codes = pd.Index(list(spelled)).get_indexer(frame["unit"])
    dictionary = pa.array(list(spelled.values()))
    table = pa.table({"indicator": pa.array(frame["indicator"]).dictionary_encode(),
                      "unit": pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)),
                                                             dictionary),
                      "period": frame["period"], "value": frame["value"]})
    pq.write_table(table, path)


def test_batches_share_their_cleaned_dictionaries_and_a_new_one_is_checked(setup, tmp_path):
    from chitieu._arrow import as_pandas

    vn, catalog, real, _ = setup
    same = {u: u for u in sorted(real["unit"].unique())}
    path = tmp_path / "obs"
    path.mkdir()
    parts = [real.iloc[k:k + 2000] for k in (0, 2000, 4000)]
    _dictionary_file(parts[0], path / "a.parquet", same)
    _dictionary_file(parts[1], path / "b.parquet", same)
    # The third file spells the same codes with a no-break space: cleaned, not
    # mistaken for the dictionary seen before.
    _dictionary_file(parts[2], path / "c.parquet", {u: u + "\u00a0" for u in same})
    batches = list(ds.dataset(path).to_batches())
    dtypes = [as_pandas(b)["unit"].dtype for b in batches]
    assert dtypes[0] is dtypes[1] and dtypes[2] is not dtypes[0]
    got = chitieu.rollup_dataset(path, vn, catalog, **LEVELS).to_pandas()
    _assert_equal_results(_sorted(got), _in_memory(vn, catalog, real.iloc[:6000]))
    # A later file whose dictionary holds an unknown unit is refused, naming it.
    first = parts[0]["unit"].iloc[0]
    _dictionary_file(parts[0].iloc[:10], path / "d.parquet", {**same, first: "99999"})
    with pytest.raises(KeyError, match="99999"):
        chitieu.rollup_dataset(path, vn, catalog, **LEVELS)
