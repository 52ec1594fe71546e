"""The executors: results as they finish, errors returned not raised, a lost Dask worker retried."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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


def double(value: int) -> int:
    return value * 2


def follow_up(executor: LocalPool | DaskCluster) -> dict[int, int]:
    """Submit 1..3; each result below 20 submits its double again while results are being read."""
    pipeline = executor.pipeline()
    for value in (1, 2, 3):
        pipeline.submit(double, value)
    seen: dict[int, int] = {}
    for value, result in pipeline.results():
        seen[value] = result
        if result < 20:
            pipeline.submit(double, result)
    return seen


def test_local_pipeline_takes_work_submitted_while_results_are_read() -> None:
    pool = LocalPool(2)
    try:
        seen = follow_up(pool)
    finally:
        pool.close()
    assert seen == {1: 2, 2: 4, 4: 8, 8: 16, 16: 32, 3: 6, 6: 12, 12: 24}


@contextmanager
def in_process_cluster(threads: int) -> Iterator[DaskCluster]:
    """A one-worker Dask cluster inside the test process, and ssrm's client of it."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=threads, processes=False, dashboard_address=None,
                                  silence_logs=50) as cluster:
        executor = DaskCluster(cluster.scheduler_address)
        try:
            yield executor
        finally:
            executor.close()


def test_dask_pipeline_takes_work_submitted_while_results_are_read() -> None:
    with in_process_cluster(threads=2) as executor:
        seen = follow_up(executor)
    assert seen == {1: 2, 2: 4, 4: 8, 8: 16, 16: 32, 3: 6, 6: 12, 12: 24}


def test_profiler_is_stopped_only_on_a_python_that_can_deadlock() -> None:
    from ssrm.org.dask_guard import deadlock_prone

    assert deadlock_prone((3, 11, 7)) and deadlock_prone((3, 11, 8))
    assert not deadlock_prone((3, 11, 9)) and not deadlock_prone((3, 12, 0)) and not deadlock_prone((3, 13, 1))
    with in_process_cluster(threads=1) as executor:
        callbacks = executor.client.run(lambda dask_worker: sorted(dask_worker.periodic_callbacks))
    (names,) = callbacks.values()
    assert ("profile" not in names) == deadlock_prone(), names
    assert "heartbeat" in names, "the worker's other periodic work goes on"
