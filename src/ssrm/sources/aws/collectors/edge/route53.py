"""Route 53 (global): hosted zones, query logging (one account-wide listing) and DNSSEC per public zone."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.edge.route53 import Route53HostedZone
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

ZONE = Route53HostedZone.resource_type


def collect(ctx: CollectContext) -> None:
    zones = ctx.pages("list_hosted_zones", "HostedZones", resource_types=(ZONE,))
    if zones is None:
        return
    configs = ctx.pages("list_query_logging_configs", "QueryLoggingConfigs")
    log_groups = None if configs is None else {
        c.get("HostedZoneId"): c.get("CloudWatchLogsLogGroupArn") for c in configs}
    for zone in ctx.parallel(lambda z: zone_of(ctx, z, log_groups), zones):
        ctx.add(zone)


def zone_of(ctx: CollectContext, zone: dict[str, Any], log_groups: dict[str, str] | None) -> Route53HostedZone:
    zone_id = zone["Id"].rsplit("/", 1)[-1]
    private = bool((zone.get("Config") or {}).get("PrivateZone"))
    unknown: dict[str, str] = {}
    if log_groups is None:
        unknown["query_log_group"] = "ListQueryLoggingConfigs failed (see gaps)"
    status = "NOT_SIGNING"
    if not private:  # DNSSEC signing exists only for public zones
        reply = ctx.call("get_dnssec", HostedZoneId=zone_id, resource=zone_id)
        status = (reply.get("Status") or {}).get("ServeSignature") or "NOT_SIGNING"
        if not reply.ok:
            unknown["dnssec_status"] = reply.reason
    return Route53HostedZone(
        arn=f"arn:{ctx.partition}:route53:::hostedzone/{zone_id}", id=zone_id, name=zone.get("Name", zone_id),
        account=ctx.account, region=ctx.resource_region, private=private,
        record_count=int(zone.get("ResourceRecordSetCount") or 0),
        query_log_group=(log_groups or {}).get(zone_id), dnssec_status=status, unknown=unknown,
    )


COLLECTOR = Collector(
    name="route53",
    client="route53",
    scope="global",
    resource_types=(ZONE,),
    actions=("route53:ListHostedZones", "route53:ListQueryLoggingConfigs", "route53:GetDNSSEC"),
    collect=collect,
    title="Route 53",
)
