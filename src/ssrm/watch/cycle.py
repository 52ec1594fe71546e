"""One watch cycle: scan, keep the run, diff it against the last finished run, notify."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ssrm.drift.diff import RunDiff, diff_runs
from ssrm.notify.deliver import Notifier
from ssrm.notify.events import Event, events_from_alerts, events_from_diff
from ssrm.store import RunInfo, Store, recording

log = logging.getLogger("ssrm.watch")


@dataclass
class CycleResult:
    run: RunInfo | None
    events: list[Event]
    counts: dict[str, int]
    diff: RunDiff | None = None  # against the previous finished run; None for an account's first run


def previous_finished(store: Store, run: RunInfo) -> RunInfo | None:
    earlier = [r for r in store.runs(account=run.account, source=run.source, finished_only=True, limit=10)
               if r.id < run.id]
    return earlier[0] if earlier else None


def after_run(store: Store, run: RunInfo, notifier: Notifier | None, min_severity: str) -> CycleResult:
    """Diff a kept run against its predecessor and tell people what got worse (and pending alerts)."""
    events: list[Event] = []
    counts: dict[str, int] = {}
    diff: RunDiff | None = None
    base = previous_finished(store, run)
    if base is not None and run.finished:
        diff = diff_runs(store, base, run)
        counts = diff.counts()
        events = events_from_diff(diff, min_severity)
    alerts = store.alerts(unnotified=True)
    events += events_from_alerts(alerts, min_severity)
    if notifier is not None:
        outcome = notifier.send(events)
        if not notifier.dry_run:
            store.mark_alerts_notified(a["id"] for a in alerts)
        log.info("run %d: %d event(s), %d sent, %d kept for retry", run.id, len(events), outcome.sent,
                 outcome.queued)
    return CycleResult(run, events, counts, diff)


@dataclass
class ScanCycle:
    store: Store
    scan: Callable[[], Any]  # returns an Assessment
    notifier: Notifier | None
    min_severity: str = "high"
    target: str = ""
    last: CycleResult | None = None
    on_result: Callable[[CycleResult], None] | None = None

    def __call__(self) -> CycleResult:
        with recording(self.store.url, source="live", target=self.target) as rec:
            assessment = self.scan()
            info = rec.record(assessment)
        assert info is not None
        self.last = after_run(self.store, info, self.notifier, self.min_severity)
        if self.on_result:
            self.on_result(self.last)
        return self.last
