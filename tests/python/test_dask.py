import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from _engine_helpers import labour_catalog

import chitieu


@pytest.fixture(scope="module")
def setup():
    vn = chitieu.Hierarchy.vietnam(2024)
    catalog = labour_catalog()
    rng = np.random.default_rng(11)
    communes = np.array(vn.units("commune"))[rng.choice(10047, 300, replace=False)]
    months = [f"2020{m:02d}" for m in range(1, 13)]
    frame = pd.MultiIndex.from_product([["jobs", "poor", "households"], communes, months],
                                       names=["indicator", "unit", "period"]).to_frame(index=False)
    frame = frame.sample(frac=0.7, random_state=1).reset_index(drop=True)
    frame["value"] = rng.integers(0, 1000, len(frame)).astype(float)
    money = pd.DataFrame({"indicator": "paid", "unit": rng.choice(communes, 500),
                          "period": rng.choice(months, 500)}).drop_duplicates(["unit", "period"])
    money["value"] = rng.integers(0, 10**15, len(money))
    return vn, catalog, frame, money


@pytest.mark.parametrize("npartitions", [1, 3, 17])
def test_dask_rollup_equals_in_memory_rollup(setup, npartitions):
    vn, catalog, frame, _ = setup
    # Partitioned by unit, so no (indicator, unit, period) key spans two partitions.
    ordered = frame.sort_values("unit").reset_index(drop=True)
    ddf = dd.from_pandas(ordered, npartitions=npartitions, sort=False)
    kwargs = {"level": ["province", "nation"], "period_type": ["quarter", "year"]}
    got = chitieu.dask.rollup(ddf, vn, catalog, **kwargs).to_pandas()
    obs = chitieu.Observations.from_frame(frame, vn, catalog)
    expected = chitieu.rollup(obs, vn, catalog, **kwargs).to_pandas()
    keys = ["indicator", "unit", "period"]
    got = got.astype(dict.fromkeys(keys, str)).sort_values(keys).reset_index(drop=True)
    expected = expected.astype(dict.fromkeys(keys, str)).sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12)


def test_dask_money_is_exact(setup):
    vn, catalog, _, money = setup
    ddf = dd.from_pandas(money.sort_values("unit"), npartitions=5, sort=False)
    got = chitieu.dask.rollup(ddf, vn, catalog, level="nation", period_type="year").to_pandas()
    assert int(got["value_money"].iloc[0]) == int(money["value"].sum())


def test_split_every_must_merge(setup):
    vn, catalog, frame, _ = setup
    with pytest.raises(ValueError, match="split_every"):
        chitieu.dask.rollup(dd.from_pandas(frame, npartitions=2), vn, catalog, level="nation",
                            period_type="year", split_every=1)
