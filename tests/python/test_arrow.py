"""Any frame in (pandas, Polars, pyarrow, Arrow C streams), Arrow and Polars out.

Each input kind must give exactly the observations and rollups that the same
data as a pandas frame gives; awkward shapes are generated on purpose: several
chunks, dictionaries with unused and repeated entries, null codes."""

import doctest

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import chitieu
from chitieu import _arrow

pl = pytest.importorskip("polars")


def _hierarchy():
    codes = ["N", "P1", "P2", "D1", "D2", "D3"]
    return chitieu.Hierarchy.from_arrays(codes, codes, ["nation", "province", "province",
                                                        "district", "district", "district"],
                                         ["", "N", "N", "P1", "P1", "P2"])


def _catalog():
    return chitieu.Catalog([chitieu.Indicator.flow("jobs"), chitieu.Indicator.stock("poor"),
                            chitieu.Indicator.flow("paid", value_type="money"),
                            chitieu.Indicator.ratio("rate", "poor", "jobs")])


def _data(seed, n=400):
    rng = np.random.default_rng(seed)
    keys = pd.MultiIndex.from_product([["jobs", "poor"], ["D1", "D2", "D3", "P2"],
                                       [f"2020{m:02d}" for m in range(1, 13)]]).to_frame(index=False)
    keys = keys.sample(n=min(n, len(keys)), random_state=seed).reset_index(drop=True)
    keys.columns = ["indicator", "unit", "period"]
    keys["value"] = rng.integers(0, 1000, len(keys)).astype(np.float64) / 4
    return keys


def _variants(frame):
    """The same rows as pyarrow (dictionary codes in 3 chunks, plain text,
    RecordBatch), Polars (categorical and plain) and a bare Arrow C stream."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    third = max(len(frame) // 3, 1)
    chunked = pa.concat_tables([table.slice(0, third), table.slice(third, third),
                                table.slice(2 * third)])
    dict_chunks = pa.table({c: (pa.chunked_array([ch.dictionary_encode() for ch in chunked[c].chunks])
                                if c != "value" else chunked[c]) for c in frame.columns})

    class Stream:  # only the Arrow PyCapsule protocol, nothing else
        def __init__(self, t):
            self._t = t

        def __arrow_c_stream__(self, requested_schema=None):
            return self._t.__arrow_c_stream__(requested_schema)

    polars = pl.from_pandas(frame)
    return {
        "arrow_text": table,
        "arrow_dict_chunks": dict_chunks,
        "record_batch": table.to_batches()[0] if table.num_rows else table,
        "polars": polars,
        "polars_categorical": polars.with_columns(pl.col("unit").cast(pl.Categorical),
                                                  pl.col("indicator").cast(pl.Categorical)),
        "c_stream": Stream(dict_chunks),
    }


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_frame_kind_gives_the_pandas_result(seed):
    h, cat = _hierarchy(), _catalog()
    frame = _data(seed, n=30 + 40 * seed)
    expected = chitieu.Observations.from_frame(frame, h, cat)
    want = expected.to_frame().astype({"indicator": str, "unit": str, "period": str})
    roll = chitieu.rollup(expected, h, cat, level=["province", "nation"], periods=["2020"])
    for name, variant in _variants(frame).items():
        got = chitieu.Observations.from_frame(variant, h, cat)
        pd.testing.assert_frame_equal(
            got.to_frame().astype({"indicator": str, "unit": str, "period": str}), want,
            obj=name)
        other = chitieu.rollup(got, h, cat, level=["province", "nation"], periods=["2020"])
        pd.testing.assert_frame_equal(other.to_pandas(), roll.to_pandas(), obj=name)


def test_dictionary_with_unused_unknown_and_repeated_entries():
    # The dictionary holds "ZZ" (unknown, unused) and "D1" twice: rows must map
    # through it exactly and the unused unknown code must not be an error.
    h, cat = _hierarchy(), _catalog()
    units = pa.DictionaryArray.from_arrays(pa.array([0, 3, 2, 0], pa.int32()),
                                           pa.array(["D1", "ZZ", "D2", "D1"]))
    table = pa.table({"indicator": ["jobs"] * 4, "unit": units,
                      "period": ["202001", "202002", "202001", "202003"],
                      "value": [1.0, 2.0, 3.0, 4.0]})
    got = chitieu.Observations.from_frame(table, h, cat).to_frame()
    assert sorted(zip(got["unit"].astype(str), got["period"].astype(str), got["value"])) == [
        ("D1", "202001", 1.0), ("D1", "202002", 2.0), ("D1", "202003", 4.0), ("D2", "202001", 3.0)]


def test_used_unknown_code_and_null_code_are_refused():
    h, cat = _hierarchy(), _catalog()
    table = pa.table({"indicator": ["jobs", "jobs"], "unit": pa.array(["D1", "XX"]).dictionary_encode(),
                      "period": ["202001", "202001"], "value": [1.0, 2.0]})
    with pytest.raises(KeyError, match="'XX'"):
        chitieu.Observations.from_frame(table, h, cat)
    table = pa.table({"indicator": ["jobs", "jobs"], "unit": pa.array(["D1", None]).dictionary_encode(),
                      "period": ["202001", "202001"], "value": [1.0, 2.0]})
    with pytest.raises(ValueError, match=r"row 1\b.*unit|unit.*row 1\b"):
        chitieu.Observations.from_frame(table, h, cat)


def test_numeric_columns_are_not_copied():
    values = pa.array(np.arange(1000, dtype=np.float64))
    codes = pa.array(np.zeros(1000, np.int32))
    table = pa.table({"unit": pa.DictionaryArray.from_arrays(codes, pa.array(["D1"])),
                      "value": values})
    frame = _arrow.as_pandas(table)
    buffer = np.frombuffer(values.buffers()[1], dtype=np.float64)
    assert np.shares_memory(frame["value"].to_numpy(), buffer)
    assert np.shares_memory(frame["unit"].array.codes, np.frombuffer(codes.buffers()[1], np.int32)) \
        or frame["unit"].array.codes.dtype != np.int32  # narrower codes are a (small) copy


def test_money_with_nulls_stays_exact_integers():
    big = 2**62 + 1
    frame = _arrow.as_pandas(pa.table({"amount": pa.array([big, None], pa.int64())}))
    assert str(frame["amount"].dtype) == "Int64" and frame["amount"][0] == big


def test_results_to_arrow_and_polars():
    h, cat = _hierarchy(), _catalog()
    frame = pd.DataFrame({"indicator": ["paid", "paid", "jobs"], "unit": ["D1", "D2", "D3"],
                          "period": ["202001"] * 3, "value": [2**60, 3, 5]})
    obs = chitieu.Observations.from_frame(frame.astype({"value": "int64"}).iloc[:2], h, cat)
    result = chitieu.rollup(obs, h, cat, level="nation", periods=["202001"])
    table = result.to_arrow()
    assert table.column("value_money").to_pylist() == [2**60 + 3]
    assert pa.types.is_dictionary(table.schema.field("unit").type)
    polars = result.to_polars()
    assert polars["value_money"].to_list() == [2**60 + 3]
    assert polars.columns == list(result.to_pandas().columns)


def test_small_tables_from_arrow_and_polars():
    units = pd.DataFrame({"code": ["N", "P"], "name": ["Nation", "Prov"],
                          "level": ["nation", "province"], "parent_code": ["", "N"]})
    for frame in (pa.Table.from_pandas(units), pl.from_pandas(units)):
        assert chitieu.Hierarchy.from_frame(frame).path("P") == ["N", "P"]
    cat = pd.DataFrame({"code": ["jobs"], "preset": ["flow"]})
    assert chitieu.Catalog.from_frame(pl.from_pandas(cat)).codes == ["jobs"]
    with pytest.raises(TypeError, match="LazyFrame"):
        chitieu.Catalog.from_frame(pl.from_pandas(cat).lazy())
    with pytest.raises(TypeError, match="expected a pandas, Polars or pyarrow frame"):
        chitieu.Observations.from_frame([1, 2], _hierarchy(), _catalog())


def test_factorize_keeps_only_used_categories():
    cat = pd.Categorical.from_codes([2, 2, -1, 0], categories=["a", "b", "c"])
    codes, uniques = _arrow.factorize(pd.Series(cat))
    assert uniques == ["a", "c"] and codes.tolist() == [1, 1, -1, 0]


def test_doctests():
    assert doctest.testmod(_arrow).failed == 0
