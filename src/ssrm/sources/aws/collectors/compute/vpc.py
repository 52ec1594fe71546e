"""VPC networking: VPCs, subnets, security groups, network ACLs, routes, gateways, flow logs, endpoints,
peering connections, network interfaces and Elastic IPs. Every read is one listing per region."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ssrm.model.resources.compute.network import (
    AclEntry,
    ElasticIp,
    FlowLog,
    InternetGateway,
    NatGateway,
    NetworkAcl,
    NetworkInterface,
    PeeringSide,
    PortRule,
    Route,
    RouteTable,
    SecurityGroup,
    Subnet,
    Vpc,
    VpcEndpoint,
    VpcPeeringConnection,
)
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.compute.shapes import ids, name_of, protocol_name, tags_of
from ssrm.sources.aws.context import CollectContext

ROUTE_TARGETS = (
    ("GatewayId", "gateway"),
    ("NatGatewayId", "nat_gateway"),
    ("VpcPeeringConnectionId", "peering"),
    ("TransitGatewayId", "transit_gateway"),
    ("EgressOnlyInternetGatewayId", "egress_only_gateway"),
    ("InstanceId", "instance"),
    ("NetworkInterfaceId", "network_interface"),
    ("CarrierGatewayId", "carrier_gateway"),
    ("LocalGatewayId", "local_gateway"),
    ("CoreNetworkArn", "core_network"),
)


def port_rule(perm: dict[str, Any]) -> PortRule:
    return PortRule(
        protocol=protocol_name(perm.get("IpProtocol")),
        from_port=perm.get("FromPort"),
        to_port=perm.get("ToPort"),
        ipv4_ranges=ids(perm.get("IpRanges"), "CidrIp"),
        ipv6_ranges=ids(perm.get("Ipv6Ranges"), "CidrIpv6"),
        group_ids=ids(perm.get("UserIdGroupPairs"), "GroupId"),
        prefix_list_ids=ids(perm.get("PrefixListIds"), "PrefixListId"),
    )


def security_group(ctx: CollectContext, item: dict[str, Any]) -> SecurityGroup:
    group_id = item["GroupId"]
    return SecurityGroup(
        arn=item.get("SecurityGroupArn") or ctx.arn("ec2", f"security-group/{group_id}"),
        id=group_id, name=item.get("GroupName", ""), account=ctx.account, region=ctx.resource_region,
        tags=tags_of(item), vpc_id=item.get("VpcId"), group_name=item.get("GroupName", ""),
        description=item.get("Description", ""), owner_id=item.get("OwnerId", ""),
        ingress=tuple(port_rule(p) for p in item.get("IpPermissions") or []),
        egress=tuple(port_rule(p) for p in item.get("IpPermissionsEgress") or []),
    )


def acl_entry(entry: dict[str, Any]) -> AclEntry:
    ports = entry.get("PortRange") or {}
    return AclEntry(
        rule_number=int(entry.get("RuleNumber", 32767)), egress=bool(entry.get("Egress")),
        action=str(entry.get("RuleAction", "deny")).lower(), protocol=protocol_name(entry.get("Protocol")),
        cidr=entry.get("CidrBlock"), ipv6_cidr=entry.get("Ipv6CidrBlock"),
        from_port=ports.get("From"), to_port=ports.get("To"),
    )


def network_acl(ctx: CollectContext, item: dict[str, Any]) -> NetworkAcl:
    acl_id = item["NetworkAclId"]
    return NetworkAcl(
        arn=ctx.arn("ec2", f"network-acl/{acl_id}"), id=acl_id, name=name_of(item), account=ctx.account,
        region=ctx.resource_region, tags=tags_of(item), vpc_id=item.get("VpcId"),
        is_default=bool(item.get("IsDefault")), entries=tuple(acl_entry(e) for e in item.get("Entries") or []),
        subnet_ids=ids(item.get("Associations"), "SubnetId"),
    )


def vpc(ctx: CollectContext, item: dict[str, Any]) -> Vpc:
    vpc_id = item["VpcId"]
    cidrs = ids(item.get("CidrBlockAssociationSet"), "CidrBlock") or ((item["CidrBlock"],) if item.get("CidrBlock")
                                                                      else ())
    return Vpc(
        arn=ctx.arn("ec2", f"vpc/{vpc_id}"), id=vpc_id, name=name_of(item), account=ctx.account,
        region=ctx.resource_region, tags=tags_of(item), cidr_blocks=cidrs,
        ipv6_cidr_blocks=ids(item.get("Ipv6CidrBlockAssociationSet"), "Ipv6CidrBlock"),
        is_default=bool(item.get("IsDefault")), state=item.get("State", ""), owner_id=item.get("OwnerId", ""),
    )


def subnet(ctx: CollectContext, item: dict[str, Any]) -> Subnet:
    subnet_id = item["SubnetId"]
    return Subnet(
        arn=item.get("SubnetArn") or ctx.arn("ec2", f"subnet/{subnet_id}"), id=subnet_id, name=name_of(item),
        account=ctx.account, region=ctx.resource_region, tags=tags_of(item), vpc_id=item.get("VpcId"),
        cidr_block=item.get("CidrBlock", ""),
        ipv6_cidr_blocks=ids(item.get("Ipv6CidrBlockAssociationSet"), "Ipv6CidrBlock"),
        availability_zone=item.get("AvailabilityZone", ""),
        map_public_ip_on_launch=bool(item.get("MapPublicIpOnLaunch")),
        assign_ipv6_on_creation=bool(item.get("AssignIpv6AddressOnCreation")),
        default_for_az=bool(item.get("DefaultForAz")),
    )


def route(item: dict[str, Any]) -> Route:
    destination = (item.get("DestinationCidrBlock") or item.get("DestinationIpv6CidrBlock")
                   or item.get("DestinationPrefixListId") or "")
    target, kind = "", "unknown"
    for key, label in ROUTE_TARGETS:
        if item.get(key):
            target, kind = str(item[key]), label
            break
    return Route(destination=destination, target=target, target_kind=kind, state=item.get("State", "active"))


def route_table(ctx: CollectContext, item: dict[str, Any]) -> RouteTable:
    table_id = item["RouteTableId"]
    associations = item.get("Associations") or []
    return RouteTable(
        arn=ctx.arn("ec2", f"route-table/{table_id}"), id=table_id, name=name_of(item), account=ctx.account,
        region=ctx.resource_region, tags=tags_of(item), vpc_id=item.get("VpcId"),
        routes=tuple(route(r) for r in item.get("Routes") or []),
        subnet_ids=ids(associations, "SubnetId"), is_main=any(a.get("Main") for a in associations),
    )


def internet_gateway(ctx: CollectContext, item: dict[str, Any]) -> InternetGateway:
    gateway_id = item["InternetGatewayId"]
    attached = [a for a in item.get("Attachments") or [] if a.get("State") in (None, "available", "attached")]
    return InternetGateway(
        arn=ctx.arn("ec2", f"internet-gateway/{gateway_id}"), id=gateway_id, name=name_of(item),
        account=ctx.account, region=ctx.resource_region, tags=tags_of(item), vpc_ids=ids(attached, "VpcId"),
    )


def nat_gateway(ctx: CollectContext, item: dict[str, Any]) -> NatGateway:
    gateway_id = item["NatGatewayId"]
    return NatGateway(
        arn=ctx.arn("ec2", f"natgateway/{gateway_id}"), id=gateway_id, name=name_of(item), account=ctx.account,
        region=ctx.resource_region, tags=tags_of(item), vpc_id=item.get("VpcId"), subnet_id=item.get("SubnetId"),
        state=item.get("State", ""), connectivity=item.get("ConnectivityType", "public"),
        public_ips=ids(item.get("NatGatewayAddresses"), "PublicIp"),
    )


def flow_log(ctx: CollectContext, item: dict[str, Any]) -> FlowLog:
    log_id = item["FlowLogId"]
    return FlowLog(
        arn=ctx.arn("ec2", f"vpc-flow-log/{log_id}"), id=log_id, name=name_of(item), account=ctx.account,
        region=ctx.resource_region, tags=tags_of(item), target_id=item.get("ResourceId", ""),
        traffic_type=item.get("TrafficType", ""), destination_type=item.get("LogDestinationType", ""),
        destination=item.get("LogDestination") or item.get("LogGroupName") or "",
        status=item.get("FlowLogStatus", ""), delivery_status=item.get("DeliverLogsStatus", ""),
    )


def parse_policy(text: Any) -> dict[str, Any] | None:
    if isinstance(text, dict):
        return text
    if not text:
        return None
    try:
        parsed = json.loads(text)
    except (TypeError, ValueError):
        return None
    return parsed if isinstance(parsed, dict) else None


def vpc_endpoint(ctx: CollectContext, item: dict[str, Any]) -> VpcEndpoint:
    endpoint_id = item["VpcEndpointId"]
    return VpcEndpoint(
        arn=ctx.arn("ec2", f"vpc-endpoint/{endpoint_id}"), id=endpoint_id, name=name_of(item),
        account=ctx.account, region=ctx.resource_region, tags=tags_of(item), vpc_id=item.get("VpcId"),
        service_name=item.get("ServiceName", ""), endpoint_type=item.get("VpcEndpointType", ""),
        state=item.get("State", ""), policy=parse_policy(item.get("PolicyDocument")),
        route_table_ids=tuple(item.get("RouteTableIds") or ()), subnet_ids=tuple(item.get("SubnetIds") or ()),
        security_group_ids=ids(item.get("Groups"), "GroupId"),
        private_dns_enabled=bool(item.get("PrivateDnsEnabled")),
    )


def peering_side(info: dict[str, Any] | None) -> PeeringSide:
    info = info or {}
    cidrs = ids(info.get("CidrBlockSet"), "CidrBlock") or ((info["CidrBlock"],) if info.get("CidrBlock") else ())
    return PeeringSide(vpc_id=info.get("VpcId", ""), account=info.get("OwnerId", ""),
                       region=info.get("Region", ""), cidr_blocks=cidrs)


def peering(ctx: CollectContext, item: dict[str, Any]) -> VpcPeeringConnection:
    peering_id = item["VpcPeeringConnectionId"]
    return VpcPeeringConnection(
        arn=ctx.arn("ec2", f"vpc-peering-connection/{peering_id}"), id=peering_id, name=name_of(item),
        account=ctx.account, region=ctx.resource_region, tags=tags_of(item),
        requester=peering_side(item.get("RequesterVpcInfo")), accepter=peering_side(item.get("AccepterVpcInfo")),
        status=(item.get("Status") or {}).get("Code", ""),
    )


def network_interface(ctx: CollectContext, item: dict[str, Any]) -> NetworkInterface:
    eni_id = item["NetworkInterfaceId"]
    addresses = item.get("PrivateIpAddresses") or []
    public = [a.get("Association", {}).get("PublicIp") for a in [item, *addresses]]
    return NetworkInterface(
        arn=ctx.arn("ec2", f"network-interface/{eni_id}"), id=eni_id, name=name_of(item), account=ctx.account,
        region=ctx.resource_region, tags=tags_of(item), vpc_id=item.get("VpcId"), subnet_id=item.get("SubnetId"),
        interface_type=item.get("InterfaceType", "interface"), description=item.get("Description", ""),
        status=item.get("Status", ""), security_group_ids=ids(item.get("Groups"), "GroupId"),
        private_ips=ids(addresses, "PrivateIpAddress"), public_ips=tuple(dict.fromkeys(p for p in public if p)),
        attached_instance_id=(item.get("Attachment") or {}).get("InstanceId"),
        requester_managed=bool(item.get("RequesterManaged")), requester_id=item.get("RequesterId"),
    )


def elastic_ip(ctx: CollectContext, item: dict[str, Any]) -> ElasticIp:
    ident = item.get("AllocationId") or item.get("PublicIp", "")
    return ElasticIp(
        arn=ctx.arn("ec2", f"elastic-ip/{ident}"), id=ident, name=name_of(item), account=ctx.account,
        region=ctx.resource_region, tags=tags_of(item), public_ip=item.get("PublicIp", ""),
        domain=item.get("Domain", "vpc"), instance_id=item.get("InstanceId") or None,
        network_interface_id=item.get("NetworkInterfaceId") or None,
        association_id=item.get("AssociationId") or None,
    )


Builder = Callable[[CollectContext, dict[str, Any]], Any]

# (API method, result key, resource type, builder): one listing each.
LISTINGS: tuple[tuple[str, str, str, Builder], ...] = (
    ("describe_vpcs", "Vpcs", Vpc.resource_type, vpc),
    ("describe_subnets", "Subnets", Subnet.resource_type, subnet),
    ("describe_security_groups", "SecurityGroups", SecurityGroup.resource_type, security_group),
    ("describe_network_acls", "NetworkAcls", NetworkAcl.resource_type, network_acl),
    ("describe_route_tables", "RouteTables", RouteTable.resource_type, route_table),
    ("describe_internet_gateways", "InternetGateways", InternetGateway.resource_type, internet_gateway),
    ("describe_nat_gateways", "NatGateways", NatGateway.resource_type, nat_gateway),
    ("describe_flow_logs", "FlowLogs", FlowLog.resource_type, flow_log),
    ("describe_vpc_endpoints", "VpcEndpoints", VpcEndpoint.resource_type, vpc_endpoint),
    ("describe_vpc_peering_connections", "VpcPeeringConnections", VpcPeeringConnection.resource_type, peering),
    ("describe_network_interfaces", "NetworkInterfaces", NetworkInterface.resource_type, network_interface),
    ("describe_addresses", "Addresses", ElasticIp.resource_type, elastic_ip),
)

SKIPPED_STATES = {"deleted", "deleting", "failed", "rejected", "expired"}


def is_gone(item: dict[str, Any]) -> bool:
    """Deleted NAT gateways and rejected or expired peerings linger in listings for a while."""
    status = item.get("Status")
    code = status.get("Code") if isinstance(status, dict) else None
    return any(isinstance(s, str) and s.lower() in SKIPPED_STATES for s in (item.get("State"), code))


def collect(ctx: CollectContext) -> None:
    def one_listing(listing: tuple[str, str, str, Builder]) -> None:
        operation, key, type_name, build = listing
        items = ctx.pages(operation, key, resource_types=(type_name,))
        for item in items or []:
            if not is_gone(item):
                ctx.add(build(ctx, item))

    # Twelve independent listings: run them side by side rather than one after another.
    ctx.parallel(one_listing, LISTINGS)


COLLECTOR = Collector(
    name="vpc",
    client="ec2",
    scope="regional",
    title="VPC networking",
    resource_types=tuple(t for _, _, t, _ in LISTINGS),
    actions=(
        "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeNetworkAcls",
        "ec2:DescribeRouteTables", "ec2:DescribeInternetGateways", "ec2:DescribeNatGateways",
        "ec2:DescribeFlowLogs", "ec2:DescribeVpcEndpoints", "ec2:DescribeVpcPeeringConnections",
        "ec2:DescribeNetworkInterfaces", "ec2:DescribeAddresses",
    ),
    collect=collect,
)


def collect_security_group(ctx: CollectContext, group_id: str, previous: Any = None) -> bool:
    """One security group by id (``ssrm watch --trail``); False when it could not be read, True when read or
    deleted (then nothing is added)."""
    reply = ctx.call("describe_security_groups", GroupIds=[group_id], resource=group_id,
                     absent=("InvalidGroup.NotFound", "InvalidGroupId.NotFound", "InvalidGroupId.Malformed"))
    if reply.absent:
        return True
    if not reply.ok:
        return False
    for item in reply.get("SecurityGroups") or []:
        ctx.add(security_group(ctx, item))
    return True
