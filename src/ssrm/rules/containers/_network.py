"""Is a subnet public? Read from the route tables the vpc collector gathered (shared by containers rules)."""

from __future__ import annotations

from collections.abc import Iterable

from ssrm.model import Inventory
from ssrm.model.resources.compute.network import RouteTable


def _table_of(tables: list[RouteTable], subnet_id: str, vpc_id: str | None) -> RouteTable | None:
    """The subnet's explicitly associated table, else its VPC's main table."""
    explicit = next((t for t in tables if subnet_id in t.subnet_ids), None)
    if explicit is not None or vpc_id is None:
        return explicit
    return next((t for t in tables if t.is_main and t.vpc_id == vpc_id), None)


def public_subnets(inv: Inventory, subnets: Iterable[tuple[str, str | None]]) -> list[str] | None:
    """Subnet ids (of ``(subnet_id, vpc_id)`` pairs) whose default route goes to an internet gateway.

    None when route tables were not collected, so the caller can say so instead of passing.
    """
    if not inv.scanned("vpc"):
        return None
    tables = inv.of_type(RouteTable)
    public: list[str] = []
    for subnet_id, vpc_id in subnets:
        table = _table_of(tables, subnet_id, vpc_id)
        if table and any(r.is_default_route and r.to_internet_gateway and r.state != "blackhole"
                         for r in table.routes):
            public.append(subnet_id)
    return sorted(set(public))
