"""Past one machine's memory, beyond rollups: assessments and disaggregated
rollups of observations in blocks (Dask partitions on worker processes, record
batches of a Parquet dataset) equal the in-memory results exactly, and a cell
reported in two blocks is named."""

import _scale_helpers
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from _engine_helpers import labour_catalog
from _scale_helpers import write_parts

import chitieu

KEYS = ["indicator", "sex", "unit", "period"]

cluster = _scale_helpers.cluster  # the module's LocalCluster fixture


@pytest.fixture(scope="module")
def world():
    vn = chitieu.Hierarchy.vietnam(2024)
    data = chitieu.datasets.labour_social(seed=5, years=(2019, 2020), units="district")
    catalog = chitieu.Catalog.from_frame(data.catalog)
    plan = chitieu.Plan.from_frame(data.plans)
    frame = data.observations.sample(frac=1.0, random_state=1).reset_index(drop=True)
    return vn, catalog, plan, frame, data


ASSESSMENTS = [{"level": "province", "period": "2020S1"},
               {"level": "district", "period": "2020Q3", "as_of": "2020-09-30", "rank_by": "value"}]


def test_dask_assess_on_worker_processes_equals_in_memory(world, cluster):
    vn, catalog, plan, frame, _ = world
    obs = chitieu.Observations.from_frame(frame, vn, catalog)
    ddf = dd.from_pandas(frame, npartitions=4, sort=False)
    for options in ASSESSMENTS:
        expected = chitieu.assess(obs, plan, vn, catalog, **options).to_pandas()
        got = chitieu.dask.assess(ddf, plan, vn, catalog, split_every=2, **options).to_pandas()
        assert len(got) > 100 and got["status"].notna().any()
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert len(cluster.scheduler_info()["workers"]) == 2


def test_assess_dataset_equals_in_memory(world, tmp_path):
    vn, catalog, plan, frame, _ = world
    obs = chitieu.Observations.from_frame(frame, vn, catalog)
    path = write_parts(frame, tmp_path / "obs", parts=3)
    options = ASSESSMENTS[0]
    expected = chitieu.assess(obs, plan, vn, catalog, **options).to_pandas()
    got = chitieu.assess_dataset(path, plan, vn, catalog, batch_rows=40_000, **options)
    pd.testing.assert_frame_equal(got.to_pandas(), expected, check_exact=True)


def test_assess_names_a_cell_reported_in_two_partitions(world):
    vn, catalog, plan, frame, _ = world
    part = frame[frame["period"].astype(str) < "202007"].iloc[:5000]
    row = part.iloc[7]
    ddf = dd.from_pandas(pd.concat([part, part.iloc[[7]]], ignore_index=True), npartitions=2,
                         sort=False)
    with pytest.raises(ValueError, match="more than one of the partitions") as err:
        chitieu.dask.assess(ddf, plan, vn, catalog, level="province", period="2020S1")
    assert f"({row['indicator']}, {row['unit']}, {row['period']})" in str(err.value)


DISBURSEMENTS = [{"level": "province", "as_of": "2020-06-30"},
                 {"level": "district", "by": ["programme"], "approved": True},
                 {"level": "nation", "by": []}]


def test_dask_disbursement_on_worker_processes_equals_in_memory(world, cluster):
    vn, _, _, _, data = world
    allocations = chitieu.Allocations.from_frame(data.allocations)
    ledger = data.payments.sample(frac=1.0, random_state=2).reset_index(drop=True)
    assert ledger["reversal"].any()
    keys = data.allocations[["programme", "unit", "year"]].drop_duplicates()
    approved = keys.assign(approved=np.arange(len(keys)) % 97 * 1000 + 500)
    payments = chitieu.Payments.from_frame(ledger)
    ddf = dd.from_pandas(ledger, npartitions=4, sort=False)
    schedule = chitieu.Schedule.profile({"Q1": 0.15, "S1": 0.45, "Q3": 0.7, "year": 1.0})
    for options in DISBURSEMENTS:
        options = {**options, "approved": approved if options.get("approved") else None}
        expected = chitieu.disbursement(allocations, payments, schedule, vn, **options)
        got = chitieu.dask.disbursement(allocations, ddf, schedule, vn, split_every=2,
                                        **options)
        assert got.as_of == expected.as_of and len(got) == len(expected) > 0
        pd.testing.assert_frame_equal(got.to_pandas(), expected.to_pandas(), check_exact=True)
        pd.testing.assert_frame_equal(got.s_curve(), expected.s_curve(), check_exact=True)
    with pytest.raises(ValueError, match="carry_over"):
        chitieu.dask.disbursement(allocations, ddf, schedule, vn, carry_over=data.allocations)


# -- categories --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def by_sex():
    vn = chitieu.Hierarchy.vietnam(2024)
    catalog = labour_catalog()
    rng = np.random.default_rng(23)
    communes = np.array(vn.units("commune"))[rng.choice(10047, 150, replace=False)]
    months = [f"2024{m:02d}" for m in range(1, 13)]
    frame = pd.MultiIndex.from_product(
        [["jobs", "poor", "households", "paid"], communes, months, ["female", "male", None]],
        names=["indicator", "unit", "period", "sex"]).to_frame(index=False)
    frame = frame.sample(frac=0.7, random_state=5).reset_index(drop=True)
    frame["value"] = rng.integers(0, 1000, len(frame)).astype(float)
    return vn, catalog, frame


def _sorted(frame):
    keys = [k for k in KEYS if k in frame]
    return frame.astype(dict.fromkeys(keys, str)).sort_values(keys).reset_index(drop=True)


@pytest.mark.parametrize("by", [["sex"], []])
def test_categories_pass_through_dask_and_the_dataset(by_sex, tmp_path, by):
    vn, catalog, frame = by_sex
    options = {"level": ["province", "nation"], "period_type": ["quarter", "year"], "by": by}
    obs = chitieu.Observations.from_frame(frame, vn, catalog, categories=["sex"])
    expected = _sorted(chitieu.rollup(obs, **options).to_pandas())
    assert ("sex" in expected) == bool(by)
    named = {"categories": ["sex"]}
    ddf = dd.from_pandas(frame, npartitions=3, sort=False)
    got = chitieu.dask.rollup(ddf, vn, catalog, observation_options=named, **options)
    pd.testing.assert_frame_equal(_sorted(got.to_pandas()), expected, check_exact=False,
                                  rtol=1e-12)
    path = write_parts(frame, tmp_path / "obs", parts=2)
    given = {"categories": {"sex": ["male", "female"]}}
    got = chitieu.rollup_dataset(path, vn, catalog, batch_rows=5_000,
                                 observation_options=given, **options)
    pd.testing.assert_frame_equal(_sorted(got.to_pandas()), expected, check_exact=False,
                                  rtol=1e-12)


def test_a_category_cell_in_two_partitions_is_named(by_sex):
    vn, catalog, frame = by_sex
    part = frame.iloc[:2000]
    row = part[part["sex"].notna()].iloc[0]
    twice = pd.concat([part, part[part.index == row.name]], ignore_index=True)
    ddf = dd.from_pandas(twice, npartitions=2, sort=False)
    with pytest.raises(ValueError, match="more than one of the partitions") as err:
        chitieu.dask.rollup(ddf, vn, catalog, observation_options={"categories": ["sex"]},
                            level="province", period_type="year", by=["sex"])
    assert f"{row['indicator']}[{row['sex']}]" in str(err.value)


def test_an_option_not_given_is_refused(by_sex, tmp_path):
    vn, catalog, frame = by_sex
    path = write_parts(frame.iloc[:3000], tmp_path / "obs", parts=1)
    with pytest.raises(ValueError, match=r"option.*'female'.*not among the options given"):
        chitieu.rollup_dataset(path, vn, catalog, level="province", period_type="year",
                               observation_options={"categories": {"sex": ["male"]}})


def test_a_state_of_another_series_index_is_refused(by_sex):
    from chitieu import _core
    from chitieu._series import fixed_index

    vn, catalog, frame = by_sex
    given = {"sex": ["female", "male"]}
    obs = chitieu.Observations.from_frame(frame.iloc[:500], vn, catalog, categories=given)
    state = chitieu.partial_rollup(obs, level="province", period_type="year", by=["sex"])
    ours = fixed_index(catalog._core, given)
    assert len(_core.finish_series(state._core, ours, ["sex"]).rows) > 0
    other = fixed_index(catalog._core, {"sex": ["male", "female"]})
    with pytest.raises(ValueError, match="holds series"):
        _core.finish_series(state._core, other, ["sex"])
