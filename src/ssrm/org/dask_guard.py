"""Keep Dask workers clear of a CPython 3.11 deadlock.

CPython before 3.11.9 can deadlock when the garbage collector runs inside ``sys._current_frames()`` while
threads start or end (python/cpython#106883: the runtime's thread-list lock and the GIL taken in opposite
orders). Dask's worker profiler calls ``sys._current_frames()`` every 10 ms and hooks the collector, and an
organization scan's units start and end threads all the time: a worker froze, stopped answering its
heartbeat and was only replaced after the scheduler's five-minute timeout (seen in ``benchmarks/org.py``,
about once in fifteen scans on Python 3.11.7). On such a Python the plugin stops the worker's profiler
(the sampling behind the dashboard's profile page, nothing a scan needs); on a fixed Python it does nothing.
"""

from __future__ import annotations

import sys
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

PROFILER_CALLBACKS = ("profile", "profile-cycle")


def deadlock_prone(version: tuple[int, ...] = tuple(sys.version_info[:3])) -> bool:
    """Python 3.11 before 3.11.9 (3.12 and later collect garbage only between bytecodes: not affected)."""
    return version[:2] == (3, 11) and version < (3, 11, 9)


class StopProfilerOnAffectedPython(WorkerPlugin):
    idempotent = True
    name = "ssrm-stop-profiler-on-python-3.11-before-3.11.9"

    def setup(self, worker: Any) -> None:
        if not deadlock_prone():
            return
        for name in PROFILER_CALLBACKS:
            callback = worker.periodic_callbacks.pop(name, None)
            if callback is not None:
                callback.stop()
