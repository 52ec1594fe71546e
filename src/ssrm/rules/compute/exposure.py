"""Is this instance reachable from the internet on port P? Pure functions over inventory records.

Reachable means all four hold: the instance has a public IP, its subnet's route table sends 0.0.0.0/0 (or
::/0) to an internet gateway, one of its security groups admits the whole internet on P, and its subnet's
network ACL lets the internet in on P (first matching entry in rule order decides). Each piece is also
usable on its own: the attack-path engine reuses them.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from ssrm.model import Inventory
from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.compute.network import (
    WORLD_IPV4,
    WORLD_IPV6,
    AclEntry,
    NetworkAcl,
    PortRule,
    Route,
    RouteTable,
    SecurityGroup,
    Subnet,
)

ADMIN_PORTS = (22, 3389)


def world_ingress(group: SecurityGroup, port: int, protocol: str = "tcp") -> list[PortRule]:
    """Ingress permissions of ``group`` that admit 0.0.0.0/0 or ::/0 on ``protocol``/``port``."""
    return [p for p in group.ingress if p.world_ranges and p.covers(port, protocol)]


def is_world(cidr: str | None) -> bool:
    return cidr in (WORLD_IPV4, WORLD_IPV6)


def acl_decision(acl: NetworkAcl, port: int, protocol: str = "tcp", *, egress: bool = False,
                 ) -> AclEntry | None:
    """The entry that decides traffic from (or to) the whole internet on ``port``, per address family.

    Entries are walked in rule-number order and the first match wins. An entry for a narrower CIDR does
    not decide for "the internet" (the rest of the world still falls through), so only entries for
    0.0.0.0/0 or ::/0 count. The first allowing decision is returned (IPv4 or IPv6); otherwise the first
    denying one, or None when nothing matched (the implicit deny).
    """
    decisions: list[AclEntry] = []
    for family in ("cidr", "ipv6_cidr"):
        for entry in acl.ordered(egress=egress):
            if is_world(getattr(entry, family)) and entry.matches(port, protocol):
                decisions.append(entry)
                break
    allowing = [e for e in decisions if e.allows]
    return allowing[0] if allowing else (decisions[0] if decisions else None)


def acl_admits_world(acl: NetworkAcl, port: int, protocol: str = "tcp") -> bool:
    entry = acl_decision(acl, port, protocol)
    return entry is not None and entry.allows


def route_table_of(inventory: Inventory, subnet_id: str | None, vpc_id: str | None) -> RouteTable | None:
    """The subnet's explicitly associated route table, else its VPC's main table."""
    tables = inventory.of_type(RouteTable)
    if subnet_id:
        for table in tables:
            if subnet_id in table.subnet_ids:
                return table
    return next((t for t in tables if t.is_main and t.vpc_id == vpc_id), None) if vpc_id else None


def network_acl_of(inventory: Inventory, subnet_id: str | None) -> NetworkAcl | None:
    if not subnet_id:
        return None
    return next((a for a in inventory.of_type(NetworkAcl) if subnet_id in a.subnet_ids), None)


def internet_route(table: RouteTable | None) -> Route | None:
    """An active default route (0.0.0.0/0 or ::/0) to an internet gateway, if the table has one."""
    if table is None:
        return None
    return next((r for r in table.routes if r.is_default_route and r.to_internet_gateway
                 and r.state != "blackhole"), None)


def subnet_is_public(inventory: Inventory, subnet: Subnet) -> bool:
    return internet_route(route_table_of(inventory, subnet.id, subnet.vpc_id)) is not None


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
    route = internet_route(route_table_of(inventory, instance.subnet_id, instance.vpc_id))
    if route is None:
        missing.append(f"subnet {instance.subnet_id} has no default route to an internet gateway")
    open_groups = tuple(g.id for g in groups_of(inventory, instance) if world_ingress(g, port, protocol))
    if not open_groups:
        missing.append("no security group admits the internet")
    acl = network_acl_of(inventory, instance.subnet_id)
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
