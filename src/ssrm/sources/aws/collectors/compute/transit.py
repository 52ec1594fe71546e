"""Transit gateways: DescribeTransitGateways (paginated; options are in the listing)."""

from __future__ import annotations

from ssrm.model.resources.compute.transit import TransitGateway
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

GATEWAY = TransitGateway.resource_type


def collect(ctx: CollectContext) -> None:
    for item in ctx.pages("describe_transit_gateways", "TransitGateways", resource_types=(GATEWAY,)) or []:
        gateway_id = item["TransitGatewayId"]
        options = item.get("Options") or {}
        ctx.add(TransitGateway(
            arn=item.get("TransitGatewayArn") or ctx.arn("ec2", f"transit-gateway/{gateway_id}"), id=gateway_id,
            name=next((t.get("Value", "") for t in item.get("Tags") or [] if t.get("Key") == "Name"), gateway_id),
            account=ctx.account, region=ctx.region, state=item.get("State", ""), owner_id=item.get("OwnerId", ""),
            auto_accept_shared_attachments=options.get("AutoAcceptSharedAttachments") == "enable",
        ))


COLLECTOR = Collector(
    name="transitgateway", client="ec2", scope="regional", title="Transit gateways", resource_types=(GATEWAY,),
    actions=("ec2:DescribeTransitGateways",), collect=collect,
)
