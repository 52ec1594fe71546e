"""Where work runs: a thread pool in this process (default) or a Dask distributed cluster (``--cluster``).

Both take plain functions with picklable arguments and yield results as they finish, so the caller can
checkpoint and merge while the rest still runs, and submit follow-up work (an account's units once its
plan is known) while earlier work is still out. On Dask a task whose worker dies is retried on another
(``retries``); a task that still fails comes back as its exception, never stopping the run.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

T = TypeVar("T")

DASK_RETRIES = 3


class Pipeline(Protocol):
    def submit(self, fn: Callable[..., Any], item: Any, *args: Any) -> None:
        """Run ``fn(item, *args)``; may be called while ``results`` is being iterated."""
        ...

    def results(self) -> Iterator[tuple[Any, Any]]:
        """(item, result or the exception it raised) in completion order, until everything submitted,
        including what is submitted meanwhile, has come back. Leaving early cancels what has not run."""
        ...


class Executor(Protocol):
    name: str
    workers: int

    def pipeline(self) -> Pipeline: ...

    def run(self, fn: Callable[..., Any], items: Sequence[T], *args: Any) -> Iterator[tuple[T, Any]]:
        """Yield (item, fn(item, *args) or the exception it raised) in completion order."""
        ...

    def close(self) -> None: ...


def run_all(executor: Executor, fn: Callable[..., Any], items: Sequence[T], *args: Any) -> Iterator[tuple[T, Any]]:
    pipeline = executor.pipeline()
    for item in items:
        pipeline.submit(fn, item, *args)
    yield from pipeline.results()


class _LocalPipeline:
    def __init__(self, pool: ThreadPoolExecutor) -> None:
        self._pool = pool
        self._finished: queue.SimpleQueue[tuple[Any, Future[Any]]] = queue.SimpleQueue()
        self._out: dict[Future[Any], Any] = {}

    def submit(self, fn: Callable[..., Any], item: Any, *args: Any) -> None:
        future = self._pool.submit(fn, item, *args)
        self._out[future] = item
        future.add_done_callback(lambda done: self._finished.put((item, done)))

    def results(self) -> Iterator[tuple[Any, Any]]:
        try:
            while self._out:
                item, future = self._finished.get()
                del self._out[future]
                if future.cancelled():
                    continue
                error = future.exception()
                yield item, (error if error is not None else future.result())
        finally:
            for future in self._out:
                future.cancel()


class LocalPool:
    name = "local"

    def __init__(self, workers: int = 16) -> None:
        self.workers = workers
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ssrm-org")

    def pipeline(self) -> Pipeline:
        return _LocalPipeline(self._pool)

    def run(self, fn: Callable[..., Any], items: Sequence[T], *args: Any) -> Iterator[tuple[T, Any]]:
        return run_all(self, fn, items, *args)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class _DaskPipeline:
    def __init__(self, client: Any) -> None:
        from distributed import as_completed

        self._client = client
        # This client's event loop, not the process's default client's (a program may hold several clients).
        self._completed: Any = as_completed(loop=client.loop)  # type: ignore[no-untyped-call]
        self._out: dict[str, tuple[Any, Any]] = {}  # future key -> (future, item)

    def submit(self, fn: Callable[..., Any], item: Any, *args: Any) -> None:
        future = self._client.submit(fn, item, *args, pure=False, retries=DASK_RETRIES)
        self._out[future.key] = (future, item)
        self._completed.add(future)

    def results(self) -> Iterator[tuple[Any, Any]]:
        try:
            for future in self._completed:
                _, item = self._out.pop(future.key)
                yield item, (future.exception() if future.status == "error" else future.result())
                future.release()
        finally:
            self._client.cancel([future for future, _ in self._out.values()])


class DaskCluster:
    """A client of a running Dask scheduler (``dask scheduler`` / ``dask worker ADDRESS``)."""

    name = "dask"

    def __init__(self, address: str | Any, timeout_s: float = 30.0) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise ClusterError("--cluster needs Dask distributed: pip install 'ssrm[cluster]'") from exc
        try:
            self.client: Any = Client(address, timeout=f"{timeout_s}s")  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        from ssrm.org.dask_guard import StopProfilerOnAffectedPython

        # Every worker, and every worker that joins later (a plugin is set up on each).
        self.client.register_plugin(StopProfilerOnAffectedPython())

    def pipeline(self) -> Pipeline:
        return _DaskPipeline(self.client)

    def run(self, fn: Callable[..., Any], items: Sequence[T], *args: Any) -> Iterator[tuple[T, Any]]:
        return run_all(self, fn, items, *args)

    def close(self) -> None:
        self.client.close()


class ClusterError(Exception):
    """The cluster cannot be used (not installed, unreachable)."""
