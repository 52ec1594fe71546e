"""The watch loop: run a cycle every interval; a failed cycle is logged and retried, never fatal; SIGTERM
(or Ctrl-C) lets the cycle in progress finish and then stops cleanly. A second signal aborts the cycle."""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

log = logging.getLogger("ssrm.watch")


@dataclass
class LoopStats:
    cycles: int = 0
    failures: int = 0
    consecutive_failures: int = 0
    last_error: str = ""


@dataclass
class WatchLoop:
    cycle: Callable[[], Any]
    interval: float
    retry_after: float = 60.0
    max_cycles: int = 0  # 0: forever (tests bound it)
    between: Callable[[float], None] | None = None  # work done while waiting (the trail poller)
    stop: threading.Event = field(default_factory=threading.Event)
    stats: LoopStats = field(default_factory=LoopStats)

    def request_stop(self, signum: int | None = None, _frame: FrameType | None = None) -> None:
        if self.stop.is_set():
            raise KeyboardInterrupt  # a second signal: abort the cycle in progress
        log.info("stop requested (%s): finishing the current cycle", signal.Signals(signum).name if signum else "-")
        self.stop.set()

    def install_signals(self) -> None:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self.request_stop)
            signal.signal(signal.SIGINT, self.request_stop)

    def next_wait(self) -> float:
        if self.stats.consecutive_failures:
            return float(min(self.interval, self.retry_after * 2.0 ** (self.stats.consecutive_failures - 1)))
        return self.interval

    def run(self) -> LoopStats:
        while not self.stop.is_set():
            self.stats.cycles += 1
            try:
                self.cycle()
                self.stats.consecutive_failures = 0
            except Exception as exc:  # one bad cycle never ends the watch
                self.stats.failures += 1
                self.stats.consecutive_failures += 1
                self.stats.last_error = f"{type(exc).__name__}: {exc}"
                log.error("cycle %d failed: %s; retrying in %.0fs", self.stats.cycles, self.stats.last_error,
                          self.next_wait())
            if self.max_cycles and self.stats.cycles >= self.max_cycles:
                break
            self._wait(self.next_wait())
        return self.stats

    def _wait(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            if self.between is None:
                self.stop.wait(left)
                continue
            try:
                self.between(left)
            except Exception as exc:
                log.error("event-driven refresh failed: %s: %s", type(exc).__name__, exc)
                self.stop.wait(min(left, 5.0))
