"""Small builders of compute resource records for rule tests."""

from __future__ import annotations

from typing import Any

from ssrm.model import Inventory, Resource
from ssrm.model.resources.compute.ec2 import Instance, MetadataOptions
from ssrm.model.resources.compute.network import (
    AclEntry,
    NetworkAcl,
    PortRule,
    Route,
    RouteTable,
    SecurityGroup,
    Subnet,
)

ACCOUNT = "123456789012"
REGION = "us-east-1"


def arn(kind: str, ident: str) -> str:
    return f"arn:aws:ec2:{REGION}:{ACCOUNT}:{kind}/{ident}"


def world(port: int, to_port: int | None = None, protocol: str = "tcp", cidr: str = "0.0.0.0/0") -> PortRule:
    ipv6 = cidr.count(":") > 0
    return PortRule(protocol=protocol, from_port=port, to_port=port if to_port is None else to_port,
                    ipv4_ranges=() if ipv6 else (cidr,), ipv6_ranges=(cidr,) if ipv6 else ())


def group(ident: str = "sg-1", *ingress: PortRule, name: str = "app-sg", egress: tuple[PortRule, ...] = (),
          vpc: str = "vpc-1") -> SecurityGroup:
    return SecurityGroup(arn=arn("security-group", ident), id=ident, name=name, group_name=name,
                         account=ACCOUNT, region=REGION, vpc_id=vpc, ingress=ingress, egress=egress)


def entry(number: int, action: str, cidr: str = "0.0.0.0/0", protocol: str = "-1",
          ports: tuple[int, int] | None = None, egress: bool = False) -> AclEntry:
    return AclEntry(rule_number=number, egress=egress, action=action, protocol=protocol, cidr=cidr,
                    from_port=ports[0] if ports else None, to_port=ports[1] if ports else None)


def acl(*entries: AclEntry, ident: str = "acl-1", subnets: tuple[str, ...] = ("subnet-pub",)) -> NetworkAcl:
    return NetworkAcl(arn=arn("network-acl", ident), id=ident, account=ACCOUNT, region=REGION, vpc_id="vpc-1",
                      entries=entries, subnet_ids=subnets)


def subnet(ident: str = "subnet-pub", public_ip: bool = False) -> Subnet:
    return Subnet(arn=arn("subnet", ident), id=ident, account=ACCOUNT, region=REGION, vpc_id="vpc-1",
                  cidr_block="10.0.1.0/24", map_public_ip_on_launch=public_ip)


def table(ident: str, *routes: Route, subnets: tuple[str, ...] = (), main: bool = False) -> RouteTable:
    return RouteTable(arn=arn("route-table", ident), id=ident, account=ACCOUNT, region=REGION, vpc_id="vpc-1",
                      routes=routes, subnet_ids=subnets, is_main=main)


def igw_route() -> Route:
    return Route(destination="0.0.0.0/0", target="igw-1", target_kind="gateway")


def instance(ident: str = "i-1", **fields: Any) -> Instance:
    values: dict[str, Any] = {"state": "running", "vpc_id": "vpc-1", "subnet_id": "subnet-pub",
                              "public_ips": ("54.0.0.1",), "security_group_ids": ("sg-1",),
                              "instance_profile_arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/web",
                              "metadata": MetadataOptions(http_tokens="required")}
    values.update(fields)
    return Instance(arn=arn("instance", ident), id=ident, name=ident, account=ACCOUNT, region=REGION, **values)


def inventory(*resources: Resource) -> Inventory:
    inv = Inventory(account=ACCOUNT, regions=[REGION])
    inv.add(resources)
    return inv
