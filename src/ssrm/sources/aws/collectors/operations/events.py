"""EventBridge: event buses with their resource policy (ListEventBuses returns it) and archives."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.operations.events import EventArchive, EventBus
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.operations._calls import listing, parse_policy
from ssrm.sources.aws.context import CollectContext

BUS = EventBus.resource_type
ARCHIVE = EventArchive.resource_type


def collect(ctx: CollectContext) -> None:
    buses, _ = listing(ctx, "list_event_buses", "EventBuses", resource_types=(BUS,))
    for bus in buses or []:
        ctx.add(to_bus(ctx, bus))
    archives, _ = listing(ctx, "list_archives", "Archives", resource_types=(ARCHIVE,))
    for archive in archives or []:
        name = str(archive.get("ArchiveName", ""))
        ctx.add(EventArchive(
            arn=ctx.arn("events", f"archive/{name}"), id=name, name=name, account=ctx.account,
            region=ctx.region, event_source_arn=archive.get("EventSourceArn", ""),
            state=archive.get("State", ""), retention_days=int(archive.get("RetentionDays") or 0),
        ))


def to_bus(ctx: CollectContext, item: dict[str, Any]) -> EventBus:
    name = str(item.get("Name", ""))
    policy, why = parse_policy(item.get("Policy"))
    return EventBus(arn=item.get("Arn") or ctx.arn("events", f"event-bus/{name}"), id=name, name=name,
                    account=ctx.account, region=ctx.region, policy=policy, unknown={"policy": why} if why else {})


COLLECTOR = Collector(
    name="events",
    client="events",
    scope="regional",
    resource_types=(BUS, ARCHIVE),
    actions=("events:ListEventBuses", "events:ListArchives"),
    collect=collect,
    title="EventBridge",
)
