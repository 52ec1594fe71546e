"""The one network view: which route table and network ACL govern a subnet, whether it routes to an
internet gateway (is it public), and which ACL entry decides traffic from the internet.

Rules (``rules/compute``, ``rules/containers``) and the attack graph (``paths.reachability``) all ask
here, so "is this subnet public" has one answer and one guard: when route tables were not collected the
answer is unknown (None), never "private".
"""

from __future__ import annotations

from collections.abc import Iterable

from ssrm.model import Inventory
from ssrm.model.resources.compute.network import WORLD_IPV4, WORLD_IPV6, AclEntry, NetworkAcl, Route, RouteTable


def is_world(cidr: str | None) -> bool:
    return cidr in (WORLD_IPV4, WORLD_IPV6)


def internet_route(table: RouteTable | None) -> Route | None:
    """An active default route (0.0.0.0/0 or ::/0) to an internet gateway, if the table has one."""
    if table is None:
        return None
    return next((r for r in table.routes if r.is_default_route and r.to_internet_gateway
                 and r.state != "blackhole"), None)


def acl_decision(acl: NetworkAcl, port: int, protocol: str = "tcp", *, egress: bool = False) -> AclEntry | None:
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


class SubnetRouting:
    """Route tables and network ACLs of one inventory, indexed once per subnet and VPC."""

    def __init__(self, inventory: Inventory) -> None:
        self.collected = inventory.scanned("vpc")
        tables = inventory.of_type(RouteTable)
        self._table_by_subnet: dict[str, RouteTable] = {}
        for table in tables:
            for subnet in table.subnet_ids:
                self._table_by_subnet.setdefault(subnet, table)
        self._main_table: dict[str, RouteTable] = {}
        for table in tables:
            if table.is_main and table.vpc_id:
                self._main_table.setdefault(table.vpc_id, table)
        self._acl_by_subnet: dict[str, NetworkAcl] = {}
        for acl in inventory.of_type(NetworkAcl):
            for subnet in acl.subnet_ids:
                self._acl_by_subnet.setdefault(subnet, acl)

    def route_table(self, subnet_id: str | None, vpc_id: str | None) -> RouteTable | None:
        """The subnet's explicitly associated route table, else its VPC's main table."""
        explicit = self._table_by_subnet.get(subnet_id) if subnet_id else None
        if explicit is not None:
            return explicit
        return self._main_table.get(vpc_id) if vpc_id else None

    def network_acl(self, subnet_id: str | None) -> NetworkAcl | None:
        return self._acl_by_subnet.get(subnet_id) if subnet_id else None

    def internet_route(self, subnet_id: str | None, vpc_id: str | None) -> Route | None:
        return internet_route(self.route_table(subnet_id, vpc_id))

    def is_public(self, subnet_id: str | None, vpc_id: str | None) -> bool | None:
        """True when the subnet routes to an internet gateway; None when route tables were not collected."""
        if not self.collected:
            return None
        return self.internet_route(subnet_id, vpc_id) is not None


def public_subnets(inventory: Inventory, subnets: Iterable[tuple[str, str | None]]) -> list[str] | None:
    """The public ones among ``(subnet_id, vpc_id)`` pairs, sorted; None when route tables were not
    collected, so the caller can say so instead of passing."""
    routing = SubnetRouting(inventory)
    if not routing.collected:
        return None
    return sorted({subnet for subnet, vpc in subnets if routing.is_public(subnet, vpc)})
