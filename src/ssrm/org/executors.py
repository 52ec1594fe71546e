"""Where work runs: a thread pool in this process (default) or a Dask distributed cluster (``--cluster``).

Both take plain functions with picklable arguments and yield results as they finish, so the caller can
checkpoint and merge while the rest still runs. On Dask a task whose worker dies is retried on another
(``retries``); a task that still fails comes back as its exception, never stopping the run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any, Protocol, TypeVar

T = TypeVar("T")

DASK_RETRIES = 3


class Executor(Protocol):
    name: str
    workers: int

    def run(self, fn: Callable[..., Any], items: Sequence[T], *args: Any) -> Iterator[tuple[T, Any]]:
        """Yield (item, fn(item, *args) or the exception it raised) in completion order."""
        ...

    def close(self) -> None: ...


class LocalPool:
    name = "local"

    def __init__(self, workers: int = 16) -> None:
        self.workers = workers
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ssrm-org")

    def run(self, fn: Callable[..., Any], items: Sequence[T], *args: Any) -> Iterator[tuple[T, Any]]:
        futures = {self._pool.submit(fn, item, *args): item for item in items}
        try:
            for future in as_completed(futures):
                error = future.exception()
                yield futures[future], (error if error is not None else future.result())
        finally:
            for future in futures:
                future.cancel()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


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

    def run(self, fn: Callable[..., Any], items: Sequence[T], *args: Any) -> Iterator[tuple[T, Any]]:
        from distributed import as_completed as dask_completed

        if not items:
            return
        futures = [self.client.submit(fn, item, *args, pure=False, retries=DASK_RETRIES) for item in items]
        item_of = {future.key: item for future, item in zip(futures, items, strict=True)}
        try:
            completed: Any = dask_completed(futures)  # type: ignore[no-untyped-call]
            for future in completed:
                item = item_of[future.key]
                if future.status == "error":
                    yield item, future.exception()
                else:
                    yield item, future.result()
                future.release()
        finally:
            self.client.cancel([f for f in futures if not f.done()])

    def close(self) -> None:
        self.client.close()


class ClusterError(Exception):
    """The cluster cannot be used (not installed, unreachable)."""
