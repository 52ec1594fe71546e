"""The executors: results as they finish, errors returned not raised, a lost Dask worker retried."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ssrm.org.executors import DaskCluster, LocalPool


def square_or_fail(value: int) -> int:
    if value < 0:
        raise ValueError(f"negative {value}")
    return value * value


def die_once(value: int, marker: str) -> int:
    """The first call kills its worker process outright; the scheduler must run it again elsewhere."""
    path = Path(marker)
    if value == 3 and not path.exists():
        path.write_text("died")
        os._exit(1)
    return value * 10


def test_local_pool_returns_errors_as_values() -> None:
    pool = LocalPool(4)
    try:
        results = dict(pool.run(square_or_fail, [1, 2, -1, 3]))
    finally:
        pool.close()
    assert results[1] == 1 and results[3] == 9
    assert isinstance(results[-1], ValueError)


def test_dask_retries_a_task_whose_worker_died(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers need not import the tests
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as cluster:
        executor = DaskCluster(cluster.scheduler_address)
        try:
            results = dict(executor.run(die_once, [1, 2, 3, 4], str(tmp_path / "marker")))
        finally:
            executor.close()
    assert (tmp_path / "marker").exists(), "a worker really died"
    assert results == {1: 10, 2: 20, 3: 30, 4: 40}
