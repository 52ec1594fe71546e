"""Run every collector over every region concurrently and assemble the Inventory."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import UTC, datetime
from typing import Protocol

from ssrm.model import Gap, Inventory, ScanStats
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
        return list(all_collectors)
    by_name = {c.name: c for c in all_collectors}
    unknown = [s for s in services if s not in by_name]
    if unknown:
        known = ", ".join(sorted(by_name))
        raise UsageError(f"unknown service {unknown[0]!r}; known services: {known}")
    return [by_name[s] for s in dict.fromkeys(services)]


def scan(
    options: ConnectOptions,
    collectors: Sequence[Collector],
    *,
    regions: Sequence[str] | None = None,
    progress: ScanProgress | None = None,
    workers: int = 24,
    on_session: Callable[[ScanSession], None] | None = None,
) -> Inventory:
    """Collect the account. Raises ScanSetupError before any collection if credentials or arguments are bad."""
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    boto_session, account, partition = open_session(options)
    setup_gaps: list[Gap] = []
    scan_regions, skipped = discover_regions(boto_session, partition, options, list(regions or []) or None,
                                             setup_gaps)
    if not scan_regions:
        raise UsageError("none of the requested regions is enabled for this account: " + ", ".join(skipped))
    session = ScanSession(boto_session, account, partition, options)
    session.scan_regions = list(scan_regions)
    for gap in setup_gaps:
        session.add_gap(gap)
    if on_session:
        on_session(session)
    home = HOME_REGION.get(partition, "us-east-1")
    tasks: list[tuple[Collector, str]] = []
    for collector in collectors:
        if collector.scope == "global":
            tasks.append((collector, home if home in scan_regions or not scan_regions else scan_regions[0]))
        else:
            tasks.extend((collector, region) for region in scan_regions)
    if progress:
        counts: dict[str, int] = {}
        for collector, _ in tasks:
            counts[collector.label] = counts.get(collector.label, 0) + 1
        progress.planned(counts)
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
    inventory = Inventory(account=account, regions=list(scan_regions), partition=partition, source="aws",
                          started_at=started, skipped_regions=list(skipped),
                          services=[c.name for c in collectors], emulated=options.endpoint_overridden())
    inventory.add([Account(arn=f"arn:{partition}:iam::{account}:root", id=account, account=account)])
    inventory.add(
        Region(arn=f"arn:{partition}:ec2:{r}:{account}:region/{r}", id=r, name=r, account=account, region=r)
        for r in scan_regions
    )
    inventory.add(sorted(session.resources, key=lambda r: (r.resource_type, r.region, r.arn)))
    inventory.add_gaps(sorted(session.gaps, key=lambda g: (g.service, g.region, g.api, g.resource or "")))
    inventory.finished_at = datetime.now(UTC)
    inventory.stats = ScanStats(
        calls_by_service=dict(sorted(session.counter.by_service.items())),
        calls_by_api=dict(sorted(session.counter.by_api.items())),
        wall_seconds=round(time.perf_counter() - t0, 3),
        max_in_flight=session.counter.max_in_flight,
    )
    return inventory


def _run_one(session: ScanSession, collector: Collector, region: str) -> None:
    """Run one collector in one region; an unexpected bug becomes a gap, never a lost scan."""
    ctx = CollectContext(session, collector, region)
    try:
        collector.collect(ctx)
    except Exception as exc:  # a collector bug or an unforeseen response shape
        code, message = error_of(exc)
        ctx.gap("(collector)", f"internal error {code}", message, resource_types=collector.resource_types)
