"""Rollups of many indicators over several levels and period types: the finish
works a chunk of indicators at a time (32 per thread) and emits each chunk's rows
before the next, so these rollups span chunks. Checked against plain pandas,
with 1 and 2 threads, with money past 2**53 and repeated values."""

import pickle

import numpy as np
import pandas as pd
import pytest
from _engine_helpers import build_hierarchy

import chitieu
from chitieu import Catalog, Indicator, Observations

N_REAL, N_MONEY = 75, 6  # more than two chunks of 32 with one thread


def hierarchy_frame():
    rows = []
    for p in range(3):
        rows.append((f"P{p}", "province", ""))
        for d in range(p + 1):
            rows.append((f"P{p}D{d}", "district", f"P{p}"))
            for c in range(3):
                rows.append((f"P{p}D{d}C{c}", "commune", f"P{p}D{d}"))
    # a commune directly under its province: the district level is skipped
    rows.append(("P0C9", "commune", "P0"))
    return pd.DataFrame(rows, columns=["code", "level", "parent_code"]).assign(
        name=lambda f: f.code)


def oracle(rows, frame, level, period_type):
    """Sums and distinct reporting units per (indicator, unit at level, period)."""
    parent = dict(zip(frame.code, frame.parent_code))
    lvl = dict(zip(frame.code, frame.level))

    def up(code):
        while code and lvl[code] != level:
            code = parent[code]
        return code or None

    d = rows.assign(target=rows.unit.map(up)).dropna(subset=["target"])
    p = pd.PeriodIndex(d.period, freq="M")
    out = {"month": lambda: p.astype(str).str.replace("-", ""),
           "quarter": lambda: p.asfreq("Q").astype(str),
           "year": lambda: p.year.astype(str)}[period_type]()
    d = d.assign(out=out)
    g = d.groupby(["indicator", "target", "out"])
    return pd.DataFrame({"value": g.value.apply(lambda v: sum(int(x) for x in v)),
                         "n_reporting": g.unit.nunique()})


def assert_matches(got, want):
    """The rollup's frame against the oracle: the same cells, money exact (money
    indicators' codes start with "m"), real sums equal, the same reporting counts."""
    got = got.set_index(["indicator", "unit", "period"]).sort_index()
    want = want.rename_axis(["indicator", "unit", "period"]).sort_index()
    assert got.index.equals(want.index)
    exact = got.index.get_level_values("indicator").str.startswith("m")
    assert (got.value_money[exact].astype(object) == want.value[exact]).all()
    assert got.value_money[~exact].isna().all()
    assert (got.value[~exact] == want.value[~exact].astype(float)).all()
    assert (got.n_reporting == want.n_reporting).all()


# Months among the period types, with period ids in calendar order, make the
# state's buckets the ids themselves: then a slot's presence is copied from the
# observations' bits 64 at a time (no per-unit field).
@pytest.mark.parametrize("types", [["quarter", "year"], ["month", "quarter"]])
@pytest.mark.parametrize("threads", [1, 2])
def test_many_indicators_over_chunks_match_pandas(threads, types):
    rng = np.random.default_rng(40 + threads)
    frame = hierarchy_frame()
    h = build_hierarchy(frame)
    cat = Catalog([Indicator.flow(f"r{i}") for i in range(N_REAL)]
                  + [Indicator.flow(f"m{i}", value_type="money") for i in range(N_MONEY)])
    communes = frame.code[frame.level == "commune"].tolist()
    keys = pd.MultiIndex.from_product(
        [[i.code for i in cat], communes, [f"2024{m:02d}" for m in range(1, 13)]])
    keys = keys[rng.random(len(keys)) < 0.15]
    rows = keys.to_frame(index=False, name=["indicator", "unit", "period"])
    money = rows.indicator.str.startswith("m").to_numpy()
    big = rng.integers(2**53, 2**56, len(rows))  # sums stay within int64
    rows["value"] = np.where(money, big, rng.integers(-5, 50, len(rows))).astype(object)
    rows = rows.sample(frac=1, random_state=1).reset_index(drop=True)  # shuffled
    months = [f"2024{m:02d}" for m in range(1, 13)]
    if "month" in types:  # period ids in calendar order: the buckets are the ids
        obs = Observations.from_arrays(
            pd.Index(cat.codes).get_indexer(rows.indicator).astype(np.int32),
            np.asarray(h.ids(rows.unit.tolist()), dtype=np.int32),
            pd.Index(months).get_indexer(rows.period).astype(np.int32),
            rows.value.astype(np.int64).to_numpy(), periods=months, hierarchy=h,
            catalog=cat)
    else:  # period ids in the order the shuffled rows meet them
        obs = Observations.from_frame(
            rows.assign(value=pd.array(rows.value.astype(np.int64), dtype="Int64")), h, cat)
    levels = ["district", "province"]
    got = chitieu.rollup(obs, h, cat, level=levels, period_type=types,
                         threads=threads).to_pandas()
    got = got.astype({"indicator": str, "unit": str, "period": str})
    want = pd.concat([oracle(rows, frame, lv, pt) for lv in levels for pt in types])
    assert len(got) == len(want)
    assert_matches(got, want)


def test_rows_written_in_parallel_match_pandas():
    """A chunk of 64 indicators x 240 districts x 12 months gives over 64K rows:
    two threads write them, each block at its counted place; the money columns
    begin in the middle of the first chunk (indicator 40)."""
    rows_frame = [("P0", "province", ""), ("P1", "province", "")]
    for d in range(240):
        rows_frame.append((f"D{d}", "district", f"P{d % 2}"))
        rows_frame.append((f"D{d}C", "commune", f"D{d}"))
    frame = pd.DataFrame(rows_frame, columns=["code", "level", "parent_code"]).assign(
        name=lambda f: f.code)
    h = build_hierarchy(frame)
    codes = [f"r{i:02d}" if not 40 <= i < 44 else f"m{i:02d}" for i in range(70)]
    cat = Catalog([Indicator.flow(c, value_type="money" if c[0] == "m" else "real")
                   for c in codes])
    rng = np.random.default_rng(7)
    communes = frame.code[frame.level == "commune"].tolist()
    months = [f"2024{m:02d}" for m in range(1, 13)]
    keys = pd.MultiIndex.from_product([codes, communes, months])
    keys = keys[rng.random(len(keys)) < 0.9]
    rows = keys.to_frame(index=False, name=["indicator", "unit", "period"])
    money = rows.indicator.str.startswith("m").to_numpy()
    rows["value"] = np.where(money, rng.integers(2**53, 2**55, len(rows)),
                             rng.integers(0, 100, len(rows))).astype(object)
    rows = rows.sample(frac=1, random_state=2).reset_index(drop=True)
    obs = Observations.from_frame(
        rows.assign(value=pd.array(rows.value.astype(np.int64), dtype="Int64")), h, cat)
    result = chitieu.rollup(obs, h, cat, level="district", period_type="month", threads=2)
    got = result.to_pandas()  # the rollup's two threads write the frame's columns too
    assert len(got) > 65536
    # one thread's frame (columns copied and coded in one slice) is the same frame
    pd.testing.assert_frame_equal(got, result.to_pandas(threads=1))
    assert pickle.loads(pickle.dumps(result))._threads == 2
    got = got.astype({"indicator": str, "unit": str, "period": str})
    # rows come by indicator in catalog order, each block's rows in one run
    assert (pd.Index(codes).get_indexer(got.indicator).astype(np.int64).tolist()
            == sorted(pd.Index(codes).get_indexer(got.indicator).tolist()))
    assert_matches(got, oracle(rows, frame, "district", "month"))




@pytest.mark.parametrize("threads", [1, 2])
def test_last_goes_by_the_period_not_the_row_or_thread(threads):
    """A stock reported for March and for the first quarter: both end on 31 March,
    and "last" takes March (ordered by last day, then first day: distinct periods
    never tie). With two threads the rows are cut into chunks taken by whichever
    thread is free; where the two rows fall (chunks apart, in either order,
    across the threads' halves) must not change which one is last."""
    frame = hierarchy_frame()
    h = build_hierarchy(frame)
    cat = Catalog([Indicator.stock("poor"), Indicator.flow("filler")])
    communes = frame.code[frame.level == "commune"].tolist()
    n = 200_000  # with two threads: chunks of 12,500 rows, each thread 100,000
    days = pd.date_range("2000-01-01", periods=n // len(communes) + 1, freq="D")
    rows = pd.DataFrame({"indicator": "filler",
                         "unit": [communes[i % len(communes)] for i in range(n)],
                         "period": days[np.arange(n) // len(communes)].strftime("%Y-%m-%d"),
                         "value": 1.0})
    # row -> (unit, period, value): March has 2.0, the quarter 1.0
    placed = {20_000: (communes[1], "202403", 2.0), 30_000: (communes[1], "2024Q1", 1.0),
              20_001: (communes[2], "2024Q1", 1.0), 30_001: (communes[2], "202403", 2.0),
              90_000: (communes[3], "2024Q1", 1.0), 150_000: (communes[3], "202403", 2.0),
              90_001: (communes[4], "202403", 2.0), 150_001: (communes[4], "2024Q1", 1.0)}
    for at, (unit, period, value) in placed.items():
        rows.loc[at] = ["poor", unit, period, value]
    obs = Observations.from_frame(rows, h, cat)
    got = chitieu.rollup(obs, h, cat, level="commune", period_type="quarter",
                         indicators=["poor"], threads=threads).to_pandas()
    got = got.assign(unit=got.unit.astype(str)).set_index("unit")["value"]
    assert got.to_dict() == dict.fromkeys(communes[1:5], 2.0)
