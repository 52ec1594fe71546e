"""Routes and associations of route tables, internet gateway attachments, network ACL entries and the
implicit main table (CloudFormation), derived for the tables in ``tables_ec2.py``."""

from __future__ import annotations

from typing import Any

from ssrm.model import Resource
from ssrm.sources.iac.mapping.build import Links
from ssrm.sources.iac.mapping.cloudformation.links import flag, ids
from ssrm.sources.iac.mapping.ports import rule_list
from ssrm.sources.iac.mapping.routing import acl_entry, implicit_main_table, route
from ssrm.sources.iac.raw import RawResource

TARGET_FIELDS = {"GatewayId": "gateway_id", "NatGatewayId": "nat_gateway_id",
                 "EgressOnlyInternetGatewayId": "egress_only_gateway_id", "TransitGatewayId": "transit_gateway_id",
                 "VpcPeeringConnectionId": "vpc_peering_connection_id", "NetworkInterfaceId": "network_interface_id",
                 "InstanceId": "instance_id", "VpcEndpointId": "vpc_endpoint_id"}


def route_table_values(raw: RawResource, links: Links) -> dict[str, Any]:
    routes = []
    for r in links.referencing("AWS::EC2::Route", "RouteTableId", raw):
        destination = r.attrs.get("DestinationCidrBlock") or r.attrs.get("DestinationIpv6CidrBlock")
        routes.append(route(destination, {TARGET_FIELDS[k]: r.attrs.get(k) for k in TARGET_FIELDS}))
    subnets = [a.attrs.get("SubnetId") for a in
               links.referencing("AWS::EC2::SubnetRouteTableAssociation", "RouteTableId", raw)]
    # a template cannot make a table the VPC's main one
    return {"routes": rule_list(routes), "subnet_ids": tuple(s for s in subnets if isinstance(s, str)),
            "is_main": False}


def internet_gateway_values(raw: RawResource, links: Links) -> dict[str, Any]:
    vpcs = [a.attrs.get("VpcId") for a in links.referencing("AWS::EC2::VPCGatewayAttachment", "InternetGatewayId",
                                                            raw)]
    return {"vpc_ids": tuple(v for v in vpcs if isinstance(v, str))}


def main_tables(raw: RawResource, links: Links) -> list[Resource]:
    identity = ids(raw)
    return [implicit_main_table(raw, identity["id"], identity["arn"])]


def network_acl_values(raw: RawResource, links: Links) -> dict[str, Any]:
    entries = []
    for entry in links.referencing("AWS::EC2::NetworkAclEntry", "NetworkAclId", raw):
        e = entry.attrs
        ports = e.get("PortRange") or {}
        entries.append(acl_entry(e.get("RuleNumber"), flag(e.get("Egress"), False), e.get("RuleAction"),
                                 e.get("Protocol"), e.get("CidrBlock"), e.get("Ipv6CidrBlock"),
                                 ports.get("From") if isinstance(ports, dict) else ports,
                                 ports.get("To") if isinstance(ports, dict) else ports))
    subnets = [a.attrs.get("SubnetId") for a in
               links.referencing("AWS::EC2::SubnetNetworkAclAssociation", "NetworkAclId", raw)]
    # a template cannot adopt the VPC's default network ACL
    return {"entries": rule_list(entries), "subnet_ids": tuple(s for s in subnets if isinstance(s, str)),
            "is_default": False}


COMPANIONS = frozenset({"AWS::EC2::Route", "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::VPCGatewayAttachment",
                        "AWS::EC2::NetworkAclEntry", "AWS::EC2::SubnetNetworkAclAssociation"})
