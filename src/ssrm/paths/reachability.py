"""Network reachability: from the internet to instances, network interfaces, load balancers and databases,
per protocol and port, and between security groups inside a VPC.

Internet to a target needs all of: a public address (public IP, internet-facing scheme, publicly
accessible database), a default route from its subnet to an internet gateway, a network ACL that lets the
internet in on the port *and* lets the replies out on ephemeral ports (rules in number order, first match
wins, both directions), and a security group that admits 0.0.0.0/0 or ::/0 on the port. Load balancers
without security groups (network load balancers) are judged by their listeners alone. The per-piece helpers
come from ``ssrm.network``, the view the rules use too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ssrm.model import Inventory
from ssrm.model.resources.compute.network import ALL_PROTOCOLS, NetworkAcl, PortRule, SecurityGroup
from ssrm.network import SubnetRouting, acl_decision

# Ports worth naming when a rule opens a range or all traffic.
NOTABLE_PORTS = (22, 80, 443, 3389, 3306, 5432, 1433, 1521, 6379, 9200, 27017, 8080, 8443)
ADMIN_PORTS = frozenset({22, 3389})
DATABASE_PORTS = frozenset({3306, 5432, 1433, 1521, 6379, 9200, 27017, 5439, 11211})
EPHEMERAL_PROBES = (32768, 49152, 1024)  # Linux, Windows and the low end of ephemeral ranges


@dataclass(frozen=True, slots=True, order=True)
class Service:
    protocol: str  # "tcp", "udp", "-1" (all)
    port: int | None

    def __str__(self) -> str:
        if self.protocol == ALL_PROTOCOLS:
            return "all traffic"
        return f"{self.protocol}/{self.port}"


@dataclass(frozen=True)
class Reach:
    """The services of one target open to the internet, with the evidence, or why none is."""

    services: tuple[Service, ...] = ()
    groups: tuple[str, ...] = ()
    route: str = ""
    address: str = ""
    blocked: tuple[str, ...] = field(default=())
    group_names: tuple[str, ...] = ()

    @property
    def reachable(self) -> bool:
        return bool(self.services)

    @property
    def admin_or_database_only(self) -> bool:
        """Every open service is an administration or database port (never meant for the internet)."""
        return self.reachable and all(
            s.port is not None and (s.port in ADMIN_PORTS or s.port in DATABASE_PORTS) for s in self.services
        )

    def describe(self) -> str:
        opened = ", ".join(str(s) for s in self.services)
        groups = ", ".join(self.group_names or self.groups) or "no security group (listeners only)"
        return f"{opened} via {self.address or 'a public address'}, route {self.route}, open in {groups}"


def _candidate_services(rule: PortRule, wanted: Iterable[int] = ()) -> list[Service]:
    if rule.all_traffic:
        return [Service("tcp", p) for p in (*wanted, *NOTABLE_PORTS)]
    if rule.from_port is None or rule.to_port is None or rule.from_port < 0:
        return [Service(rule.protocol, None)]
    low, high = rule.from_port, rule.to_port
    named = [p for p in (*wanted, *NOTABLE_PORTS) if low <= p <= high]
    return [Service(rule.protocol, p) for p in dict.fromkeys([low, *named])]


def _acl_allows(acl: NetworkAcl | None, service: Service, *, egress: bool) -> bool:
    if acl is None:
        return True  # no record: the default ACL, which allows everything
    protocol = "tcp" if service.protocol == ALL_PROTOCOLS else service.protocol
    if egress:  # replies leave for the client's ephemeral port
        return any((e := acl_decision(acl, port, protocol, egress=True)) is not None and e.allows
                   for port in EPHEMERAL_PROBES)
    entry = acl_decision(acl, service.port if service.port is not None else 0, protocol)
    return entry is not None and entry.allows


class NetworkView:
    """Lookups over one inventory's network records, indexed once."""

    def __init__(self, inventory: Inventory) -> None:
        self.inventory = inventory
        self.groups = {g.id: g for g in inventory.of_type(SecurityGroup)}
        self.routing = SubnetRouting(inventory)

    def acl(self, subnet_id: str | None) -> NetworkAcl | None:
        return self.routing.network_acl(subnet_id)

    def internet_route(self, subnet_id: str | None, vpc_id: str | None) -> str:
        route = self.routing.internet_route(subnet_id, vpc_id)
        return f"{route.destination} -> {route.target}" if route else ""

    @cached_property
    def peers(self) -> dict[str, list[tuple[str, Service]]]:
        """Security group -> the groups it admits (by group id reference) and on which service."""
        found: dict[str, list[tuple[str, Service]]] = {}
        for group in self.groups.values():
            for rule in group.ingress:
                for source in rule.group_ids:
                    for service in _candidate_services(rule)[:1]:
                        found.setdefault(group.id, []).append((source, service))
        return found

    def internet_reach(self, *, public_address: str, subnet_ids: Iterable[str], vpc_id: str | None,
                       group_ids: Iterable[str], only_ports: Iterable[tuple[str, int]] | None = None) -> Reach:
        """What the internet can open on a target with these network attributes.

        ``only_ports`` limits the answer to given (protocol, port) pairs (a database's port, listeners).
        ``group_ids`` empty means no security group filters (a network load balancer).
        """
        subnets = list(subnet_ids)
        if not public_address:
            return Reach(blocked=("no public address",))
        routed = [(s, r) for s in subnets if (r := self.internet_route(s, vpc_id))]
        if not subnets:  # placement not collected: judge by the address and the groups, and say so
            routed = [("", "unknown (subnets not collected)")]
        if not routed:
            return Reach(blocked=("no route to an internet gateway",))
        groups = [self.groups[g] for g in group_ids if g in self.groups]
        wanted = list(only_ports) if only_ports is not None else None
        candidates: list[Service] = []
        opened_by: set[str] = set()
        if not list(group_ids):
            candidates = [Service(p.lower(), port) for p, port in (wanted or [])]
        for group in groups:
            for rule in group.ingress:
                if not rule.world_ranges:
                    continue
                for service in _candidate_services(rule, [port for _, port in wanted or []]):
                    if wanted is not None and not any(
                            rule.covers(port, proto) for proto, port in wanted if port == service.port):
                        continue
                    candidates.append(service)
                    opened_by.add(group.id)
        if not candidates:
            return Reach(blocked=("no security group admits the internet",))
        services: set[Service] = set()
        for subnet, _ in routed:
            acl = self.acl(subnet)
            services.update(s for s in candidates if _acl_allows(acl, s, egress=False) and
                            _acl_allows(acl, s, egress=True))
        if not services:
            return Reach(blocked=("the network ACL denies it in one direction",))
        return Reach(services=tuple(sorted(services, key=lambda s: (s.protocol, s.port or 0))),
                     groups=tuple(sorted(opened_by)), route=routed[0][1], address=public_address,
                     group_names=tuple(f"{self.groups[g].group_name or g} ({g})" for g in sorted(opened_by)))

    def admitted_from_groups(self, target_groups: Iterable[str]) -> dict[str, Service]:
        """Source security group -> one service it may open on a target in ``target_groups``."""
        found: dict[str, Service] = {}
        for group_id in target_groups:
            for source, service in self.peers.get(group_id, []):
                found.setdefault(source, service)
        return found
