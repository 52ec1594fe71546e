"""EventBridge: event buses with their resource policy (ListEventBuses returns it), archives, and rules.

Rules are listed per bus (one ListRules per bus); their targets are read (ListTargetsByRule) only for rules
whose pattern matches security findings, the ones the incident-response rules judge.
"""

from __future__ import annotations

import json
from typing import Any

from ssrm.model.resources.operations.events import FINDING_SOURCES, EventArchive, EventBus, EventRule
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.operations._calls import listing, parse_policy
from ssrm.sources.aws.context import CollectContext

BUS = EventBus.resource_type
ARCHIVE = EventArchive.resource_type
RULE = EventRule.resource_type


def collect(ctx: CollectContext) -> None:
    buses, _ = listing(ctx, "list_event_buses", "EventBuses", resource_types=(BUS,))
    for bus in buses or []:
        ctx.add(to_bus(ctx, bus))
        collect_rules(ctx, str(bus.get("Name", "")))
    archives, _ = listing(ctx, "list_archives", "Archives", resource_types=(ARCHIVE,))
    for archive in archives or []:
        name = str(archive.get("ArchiveName", ""))
        ctx.add(EventArchive(
            arn=ctx.arn("events", f"archive/{name}"), id=name, name=name, account=ctx.account,
            region=ctx.region, event_source_arn=archive.get("EventSourceArn", ""),
            state=archive.get("State", ""), retention_days=int(archive.get("RetentionDays") or 0),
        ))


def collect_rules(ctx: CollectContext, bus: str) -> None:
    rules, _ = listing(ctx, "list_rules", "Rules", resource_types=(RULE,), EventBusName=bus)
    for item in rules or []:
        ctx.add(to_rule(ctx, bus, item))


def to_rule(ctx: CollectContext, bus: str, item: dict[str, Any]) -> EventRule:
    name = str(item.get("Name", ""))
    arn = item.get("Arn") or ctx.arn("events", f"rule/{name}" if bus == "default" else f"rule/{bus}/{name}")
    unknown: dict[str, str] = {}
    pattern = parse_pattern(item.get("EventPattern"))
    if pattern is None and item.get("EventPattern"):
        unknown["event_pattern"] = "the event pattern is not a JSON object"
    targets: list[dict[str, Any]] | None = []
    if FINDING_SOURCES & set(EventRule.sources_of(pattern)):
        targets, why = listing(ctx, "list_targets_by_rule", "Targets", resource=arn, Rule=name, EventBusName=bus)
        if targets is None:
            unknown["targets"] = why
    else:
        unknown["targets"] = "targets are read only for rules on security findings"
    return EventRule(arn=arn, id=name, name=name, account=ctx.account, region=ctx.region, bus_name=bus,
                     state=str(item.get("State", "")), event_pattern=pattern,
                     schedule=str(item.get("ScheduleExpression") or ""),
                     targets=tuple(str(t.get("Arn", "")) for t in targets or []), unknown=unknown)


def parse_pattern(text: Any) -> dict[str, Any] | None:
    if isinstance(text, dict):
        return text
    try:
        value = json.loads(text) if isinstance(text, str) and text else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def to_bus(ctx: CollectContext, item: dict[str, Any]) -> EventBus:
    name = str(item.get("Name", ""))
    policy, why = parse_policy(item.get("Policy"))
    return EventBus(arn=item.get("Arn") or ctx.arn("events", f"event-bus/{name}"), id=name, name=name,
                    account=ctx.account, region=ctx.region, policy=policy, unknown={"policy": why} if why else {})


COLLECTOR = Collector(
    name="events",
    client="events",
    scope="regional",
    resource_types=(BUS, ARCHIVE, RULE),
    actions=("events:ListEventBuses", "events:ListArchives", "events:ListRules", "events:ListTargetsByRule"),
    collect=collect,
    title="EventBridge",
)
