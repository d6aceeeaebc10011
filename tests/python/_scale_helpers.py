"""Helpers of the tests of data in blocks (test_scale*.py): a Parquet dataset of
a frame's parts, and a LocalCluster of worker processes per test module."""

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest


def write_parts(frame, path, parts):
    """``frame`` as ``parts`` Parquet files in the new folder ``path``."""
    path.mkdir()
    bounds = np.linspace(0, len(frame), parts + 1).astype(int)
    for i in range(parts):
        part = frame.iloc[bounds[i]:bounds[i + 1]]
        pq.write_table(pa.Table.from_pandas(part, preserve_index=False),
                       path / f"part-{i}.parquet")
    return path


@pytest.fixture(scope="module")
def cluster():
    """A client of a LocalCluster with 2 worker processes (one per test module)."""
    distributed = pytest.importorskip("distributed")
    # dashboard_address=":0": the scheduler's HTTP server takes a free port; with None it
    # still binds 8787 and warns (an error here) when another cluster holds that port.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=40) as local, \
            distributed.Client(local) as client:
        yield client
