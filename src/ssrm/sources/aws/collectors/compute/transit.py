"""Transit gateways and Site-to-Site VPN: DescribeTransitGateways and DescribeVpnConnections (options and tunnel
telemetry are in the listings)."""

from __future__ import annotations

from ssrm.model.resources.compute.transit import TransitGateway, VpnConnection
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

GATEWAY = TransitGateway.resource_type
VPN = VpnConnection.resource_type


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
    reply = ctx.call("describe_vpn_connections", resource_types=(VPN,))
    for item in reply.get("VpnConnections") or []:
        if item.get("State") in ("deleted", "deleting"):
            continue
        vpn_id = item["VpnConnectionId"]
        ctx.add(VpnConnection(
            arn=ctx.arn("ec2", f"vpn-connection/{vpn_id}"), id=vpn_id,
            name=next((t.get("Value", "") for t in item.get("Tags") or [] if t.get("Key") == "Name"), vpn_id),
            account=ctx.account, region=ctx.region, state=item.get("State", ""),
            tunnel_status=tuple(str(t.get("Status", "")) for t in item.get("VgwTelemetry") or []),
        ))


COLLECTOR = Collector(
    name="transitgateway", client="ec2", scope="regional", title="Transit gateways and VPN",
    resource_types=(GATEWAY, VPN), actions=("ec2:DescribeTransitGateways", "ec2:DescribeVpnConnections"),
    collect=collect,
)
