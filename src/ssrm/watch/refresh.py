"""Refresh the last run's inventory with what trail changes touched: the named resources one by one where
a resource-level read exists (and succeeded), else their services in their regions."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ssrm.model import Inventory
from ssrm.sources.aws.single import SingleReads, Target, collect_resources, matches, readable
from ssrm.watch.trail import Change, group_changes, merge_inventory

if TYPE_CHECKING:
    from ssrm.sources.aws.session import ConnectOptions

log = logging.getLogger("ssrm.watch")


def merge_resources(base: Inventory, reads: SingleReads) -> Inventory:
    """``base`` with each target read replaced by its fresh record (or dropped: the resource is gone)."""
    def stale(resource: Any) -> bool:
        return any(matches(resource, t) for t in reads.read)

    refs = {t.ref for t in reads.read}
    merged = Inventory(account=base.account, regions=list(base.regions), partition=base.partition,
                       source=base.source, started_at=base.started_at, finished_at=base.finished_at,
                       skipped_regions=list(base.skipped_regions), services=base.services)
    merged.add(r for r in base.resources if not stale(r))
    merged.add(reads.resources)
    merged.add_gaps(g for g in base.gaps if not (g.resource and g.resource in refs))
    merged.add_gaps(reads.gaps)
    merged.stats = reads.stats
    return merged


def split(changes: Sequence[Change]) -> tuple[list[Target], list[Change]]:
    """(resources to read one by one, changes whose service must be re-collected)."""
    targets: list[Target] = []
    whole: list[Change] = []
    for change in changes:
        if change.targets is None or not all(readable(t.resource_type) for t in change.targets):
            whole.append(change)
        else:
            targets.extend(change.targets)
    return targets, whole


def recollect(options: ConnectOptions, base: Inventory, changes: Sequence[Change],
              collectors: Sequence[Any] | None = None) -> Inventory:
    from ssrm.sources.aws.collectors import ALL_COLLECTORS
    from ssrm.sources.aws.runner import scan as run_scan
    from ssrm.sources.aws.runner import select_collectors

    # the collectors the stored scan ran (opt-in ones only when it selected them)
    every = list(collectors or select_collectors(ALL_COLLECTORS, base.services))
    targets, whole = split(changes)
    merged = base
    if targets:
        previous = {(r.resource_type, r.id): r for r in base.resources}
        reads = collect_resources(options, targets, every, previous)
        merged = merge_resources(base, reads)
        failed = set(reads.failed)
        whole += [c for c in changes if c.targets and failed.intersection(c.targets)]
        log.info("trail: re-read %d resource(s) in %d call(s)%s", len(reads.read), reads.stats.total_calls,
                 f"; {len(failed)} unreadable, their services re-collected" if failed else "")
    for names, regions in group_changes(whole, every).items():
        chosen = [c for c in every if c.name in names]
        scan_regions = sorted(regions - {"global"}) or list(base.regions)
        log.info("trail: re-collecting %s in %s", ", ".join(names), ", ".join(sorted(regions)))
        fresh = run_scan(options, chosen, regions=scan_regions)
        merged = merge_inventory(merged, fresh, chosen, regions)
    return merged
