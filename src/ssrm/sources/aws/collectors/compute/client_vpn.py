"""EC2 Client VPN endpoints (``DescribeClientVpnEndpoints``, one paged call per region) with their connection
log options. The emulator does not implement this API: scans against it record a gap (ERROR, never PASS),
and the tests feed recorded botocore-shaped replies instead (tests/compute/test_client_vpn.py)."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.compute.client_vpn import ClientVpnEndpoint
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.data._shared import tag_dict
from ssrm.sources.aws.context import CollectContext

ENDPOINT = ClientVpnEndpoint.resource_type
GONE = ("deleted", "deleting")


def collect(ctx: CollectContext) -> None:
    for item in ctx.pages("describe_client_vpn_endpoints", "ClientVpnEndpoints", resource_types=(ENDPOINT,)) or []:
        endpoint = endpoint_of(ctx, item)
        if endpoint.status not in GONE:
            ctx.add(endpoint)


def endpoint_of(ctx: CollectContext, item: dict[str, Any]) -> ClientVpnEndpoint:
    endpoint_id = item["ClientVpnEndpointId"]
    logs = item.get("ConnectionLogOptions") or {}
    tags = tag_dict(item.get("Tags"))
    return ClientVpnEndpoint(
        arn=ctx.arn("ec2", f"client-vpn-endpoint/{endpoint_id}"), id=endpoint_id,
        name=tags.get("Name") or item.get("Description", ""), account=ctx.account, region=ctx.region, tags=tags,
        status=str((item.get("Status") or {}).get("Code", "")), connection_logging=bool(logs.get("Enabled")),
        log_group=logs.get("CloudwatchLogGroup"),
    )


COLLECTOR = Collector(
    name="client-vpn",
    client="ec2",
    scope="regional",
    resource_types=(ENDPOINT,),
    actions=("ec2:DescribeClientVpnEndpoints",),
    collect=collect,
    title="EC2 Client VPN",
)
