"""Is this instance reachable from the internet on port P? Pure functions over inventory records.

Reachable means all four hold: the instance has a public IP, its subnet's route table sends 0.0.0.0/0 (or
::/0) to an internet gateway, one of its security groups admits the whole internet on P, and its subnet's
network ACL lets the internet in on P (first matching entry in rule order decides). Each piece is also
usable on its own. Route tables, ACL decisions and "is this subnet public" come from ``ssrm.network``,
which the attack graph uses too.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from ssrm.model import Inventory
from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.compute.network import NetworkAcl, PortRule, Route, RouteTable, SecurityGroup, Subnet
from ssrm.network import SubnetRouting, acl_decision, internet_route, is_world

__all__ = ["ADMIN_PORTS", "Exposure", "acl_admits_world", "acl_decision", "groups_of", "instance_exposure",
           "internet_reachable", "internet_route", "is_world", "network_acl_of", "prefix_length", "route_table_of",
           "subnet_is_public", "world_ingress"]

ADMIN_PORTS = (22, 3389)


def world_ingress(group: SecurityGroup, port: int, protocol: str = "tcp") -> list[PortRule]:
    """Ingress permissions of ``group`` that admit 0.0.0.0/0 or ::/0 on ``protocol``/``port``."""
    return [p for p in group.ingress if p.world_ranges and p.covers(port, protocol)]


def acl_admits_world(acl: NetworkAcl, port: int, protocol: str = "tcp") -> bool:
    entry = acl_decision(acl, port, protocol)
    return entry is not None and entry.allows


def route_table_of(inventory: Inventory, subnet_id: str | None, vpc_id: str | None) -> RouteTable | None:
    """The subnet's explicitly associated route table, else its VPC's main table."""
    return SubnetRouting(inventory).route_table(subnet_id, vpc_id)


def network_acl_of(inventory: Inventory, subnet_id: str | None) -> NetworkAcl | None:
    return SubnetRouting(inventory).network_acl(subnet_id)


def subnet_is_public(inventory: Inventory, subnet: Subnet) -> bool | None:
    """Whether ``subnet`` routes to an internet gateway; None when route tables were not collected."""
    return SubnetRouting(inventory).is_public(subnet.id, subnet.vpc_id)


def groups_of(inventory: Inventory, instance: Instance) -> list[SecurityGroup]:
    found = (inventory.get(SecurityGroup, gid) for gid in instance.security_group_ids)
    return [g for g in found if g is not None]


@dataclass(frozen=True)
class Exposure:
    """Whether an instance is reachable from the internet on one port, and the evidence either way."""

    port: int
    protocol: str
    public_ip: str | None = None
    route: Route | None = None
    open_groups: tuple[str, ...] = ()
    acl_allows: bool = True
    missing: tuple[str, ...] = field(default=())

    @property
    def reachable(self) -> bool:
        return not self.missing

    def describe(self) -> str:
        if self.reachable:
            return (f"{self.protocol}/{self.port} reachable from the internet: public IP {self.public_ip}, "
                    f"route {self.route.destination if self.route else '?'} -> "
                    f"{self.route.target if self.route else '?'}, open in {', '.join(self.open_groups)}")
        return f"{self.protocol}/{self.port} not reachable: " + "; ".join(self.missing)


def instance_exposure(inventory: Inventory, instance: Instance, port: int, protocol: str = "tcp") -> Exposure:
    """Evaluate the four conditions for ``port``; a missing network ACL record counts as allowing."""
    missing: list[str] = []
    public_ip = instance.public_ips[0] if instance.public_ips else None
    if public_ip is None:
        missing.append("no public IP")
    routing = SubnetRouting(inventory)
    route = routing.internet_route(instance.subnet_id, instance.vpc_id)
    if route is None:
        missing.append(f"subnet {instance.subnet_id} has no default route to an internet gateway")
    open_groups = tuple(g.id for g in groups_of(inventory, instance) if world_ingress(g, port, protocol))
    if not open_groups:
        missing.append("no security group admits the internet")
    acl = routing.network_acl(instance.subnet_id)
    acl_allows = acl is None or acl_admits_world(acl, port, protocol)
    if not acl_allows:
        missing.append(f"network ACL {acl.id if acl else ''} denies it")
    return Exposure(port=port, protocol=protocol, public_ip=public_ip, route=route, open_groups=open_groups,
                    acl_allows=acl_allows, missing=tuple(missing))


def internet_reachable(inventory: Inventory, instance: Instance, port: int, protocol: str = "tcp") -> bool:
    """True when ``instance`` accepts ``protocol``/``port`` from anywhere on the internet."""
    return instance_exposure(inventory, instance, port, protocol).reachable


def prefix_length(cidr: str) -> int | None:
    try:
        return ipaddress.ip_network(cidr, strict=False).prefixlen
    except ValueError:
        return None
