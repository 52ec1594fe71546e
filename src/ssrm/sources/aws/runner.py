"""Run every collector over every region concurrently and assemble the Inventory."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from ssrm.model import Gap, Inventory, Resource, ScanStats
from ssrm.model.resources.account import Account, Region
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext, error_of
from ssrm.sources.aws.errors import UsageError
from ssrm.sources.aws.session import HOME_REGION, ConnectOptions, ScanSession, discover_regions, open_session


class ScanProgress(Protocol):
    def planned(self, tasks: dict[str, int]) -> None: ...
    def done(self, collector: str, region: str) -> None: ...


def select_collectors(all_collectors: Sequence[Collector], services: Sequence[str] | None) -> list[Collector]:
    if not services:
        return [c for c in all_collectors if not c.opt_in]
    by_name = {c.name: c for c in all_collectors}
    unknown = [s for s in services if s not in by_name]
    if unknown:
        known = ", ".join(sorted(by_name))
        raise UsageError(f"unknown service {unknown[0]!r}; known services: {known}")
    return [by_name[s] for s in dict.fromkeys(services)]


@dataclass
class Collected:
    """What the collection produced, however it ran (threads here, or worker processes)."""

    resources: list[Resource] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    calls_by_service: Counter[str] = field(default_factory=Counter)
    calls_by_api: Counter[str] = field(default_factory=Counter)
    max_in_flight: int = 0


Task = tuple[Collector, str]  # a collector in a region


def plan_tasks(collectors: Sequence[Collector], scan_regions: Sequence[str], partition: str) -> list[Task]:
    """Each regional collector in each region; a global one once, in the home region (if scanned)."""
    home = HOME_REGION.get(partition, "us-east-1")
    tasks: list[Task] = []
    for collector in collectors:
        if collector.scope == "global":
            tasks.append((collector, home if home in scan_regions or not scan_regions else scan_regions[0]))
        else:
            tasks.extend((collector, region) for region in scan_regions)
    return tasks


def scan(
    options: ConnectOptions,
    collectors: Sequence[Collector],
    *,
    regions: Sequence[str] | None = None,
    progress: ScanProgress | None = None,
    workers: int = 24,
    processes: int = 1,
) -> Inventory:
    """Collect the account. Raises ScanSetupError before any collection if credentials or arguments are bad.

    ``processes`` > 1 spreads the collection over that many worker processes (``ssrm.sources.aws.processes``)
    so that parsing replies is not held to one core by the GIL; the inventory is the same."""
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    boto_session, account, partition = open_session(options)
    setup_gaps: list[Gap] = []
    scan_regions, skipped = discover_regions(boto_session, partition, options, list(regions or []) or None,
                                             setup_gaps)
    if not scan_regions:
        raise UsageError("none of the requested regions is enabled for this account: " + ", ".join(skipped))
    tasks = plan_tasks(collectors, scan_regions, partition)
    if progress:
        counts: dict[str, int] = {}
        for collector, _ in tasks:
            counts[collector.label] = counts.get(collector.label, 0) + 1
        progress.planned(counts)
    if processes > 1:
        from ssrm.sources.aws.processes import collect_in_processes

        collected = collect_in_processes(options, boto_session, account, partition, tasks, scan_regions, processes,
                                         progress)
    else:
        collected = collect_in_threads(ScanSession(boto_session, account, partition, options), tasks,
                                       scan_regions, workers, progress)
    collected.gaps.extend(setup_gaps)
    inventory = Inventory(account=account, regions=list(scan_regions), partition=partition, source="aws",
                          started_at=started, skipped_regions=list(skipped),
                          services=[c.name for c in collectors], emulated=options.endpoint_overridden())
    inventory.add([Account(arn=f"arn:{partition}:iam::{account}:root", id=account, account=account)])
    inventory.add(
        Region(arn=f"arn:{partition}:ec2:{r}:{account}:region/{r}", id=r, name=r, account=account, region=r)
        for r in scan_regions
    )
    inventory.add(sorted(collected.resources, key=lambda r: (r.resource_type, r.region, r.arn)))
    inventory.add_gaps(sorted(collected.gaps, key=lambda g: (g.service, g.region, g.api, g.resource or "")))
    inventory.finished_at = datetime.now(UTC)
    inventory.stats = ScanStats(
        calls_by_service=dict(sorted(collected.calls_by_service.items())),
        calls_by_api=dict(sorted(collected.calls_by_api.items())),
        wall_seconds=round(time.perf_counter() - t0, 3),
        max_in_flight=collected.max_in_flight,
    )
    return inventory


def collect_in_threads(session: ScanSession, tasks: Sequence[Task], scan_regions: Sequence[str], workers: int,
                       progress: ScanProgress | None = None) -> Collected:
    """Run every task on a thread pool of this process, through ``session`` (closed when done)."""
    session.scan_regions = list(scan_regions)
    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ssrm-scan") as pool:
            futures = {pool.submit(_run_one, session, c, r): (c, r) for c, r in tasks}
            for future in as_completed(futures):
                collector, region = futures[future]
                future.result()
                if progress:
                    progress.done(collector.label, region)
    finally:
        session.close()
    return Collected(resources=session.resources, gaps=session.gaps, calls_by_service=session.counter.by_service,
                     calls_by_api=session.counter.by_api, max_in_flight=session.counter.max_in_flight)


def _run_one(session: ScanSession, collector: Collector, region: str) -> None:
    """Run one collector in one region; an unexpected bug becomes a gap, never a lost scan."""
    ctx = CollectContext(session, collector, region)
    try:
        collector.collect(ctx)
    except Exception as exc:  # a collector bug or an unforeseen response shape
        code, message = error_of(exc)
        ctx.gap("(collector)", f"internal error {code}", message, resource_types=collector.resource_types)
