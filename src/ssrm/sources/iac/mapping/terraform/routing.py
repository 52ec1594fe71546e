"""Routes and associations of route tables (inline, aws_route), internet gateway attachments, network ACL
entries and each VPC's main table (Terraform), derived for the tables in ``tables_ec2.py``."""

from __future__ import annotations

from typing import Any

from ssrm.model import Resource
from ssrm.sources.iac.mapping.build import Links, as_list
from ssrm.sources.iac.mapping.ports import rule_list
from ssrm.sources.iac.mapping.routing import acl_entry, implicit_main_table, route
from ssrm.sources.iac.mapping.terraform.links import ids
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown

TARGET_FIELDS = ("gateway_id", "nat_gateway_id", "egress_only_gateway_id", "transit_gateway_id",
                 "vpc_peering_connection_id", "network_interface_id", "vpc_endpoint_id")


def _route(block: dict[str, Any], destination_keys: tuple[str, ...]) -> Any:
    destination = next((block[k] for k in destination_keys if block.get(k)), None)
    return route(destination, {f: block.get(f) for f in TARGET_FIELDS})


def route_table_values(raw: RawResource, links: Links) -> dict[str, Any]:
    a = raw.attrs
    inline = a.get("route") or []
    routes = [inline] if not isinstance(inline, list) else [
        _route(b, ("cidr_block", "ipv6_cidr_block", "destination_prefix_list_id")) for b in inline]
    routes += [_route(r.attrs, ("destination_cidr_block", "destination_ipv6_cidr_block"))
               for r in links.referencing("aws_route", "route_table_id", raw)]
    subnets = [r.attrs.get("subnet_id") for r in links.referencing("aws_route_table_association", "route_table_id",
                                                                     raw)]
    is_main = bool(links.referencing("aws_main_route_table_association", "route_table_id", raw))
    return {"routes": rule_list(routes), "subnet_ids": tuple(s for s in subnets if isinstance(s, str)),
            "is_main": is_main}


def internet_gateway_values(raw: RawResource, links: Links) -> dict[str, Any]:
    attachments = links.referencing("aws_internet_gateway_attachment", "internet_gateway_id", raw)
    vpcs = [raw.attrs.get("vpc_id")] + [a.attrs.get("vpc_id") for a in attachments]
    return {"vpc_ids": tuple(v for v in vpcs if isinstance(v, str))}


def main_tables(raw: RawResource, links: Links) -> list[Resource]:
    """The VPC's implicit main table, unless the code replaces it (main association or default table)."""
    if links.referencing("aws_main_route_table_association", "vpc_id", raw) or links.of_kind("aws_default_route_table"):
        return []
    identity = ids(raw)
    return [implicit_main_table(raw, identity["id"], identity["arn"])]


def network_acl_values(raw: RawResource, links: Links) -> dict[str, Any]:
    a = raw.attrs
    entries: list[Any] = []
    for direction in ("ingress", "egress"):
        blocks = a.get(direction) or []
        entries += [blocks] if not isinstance(blocks, list) else [
            acl_entry(b.get("rule_no"), direction == "egress", b.get("action"), b.get("protocol"),
                      b.get("cidr_block"), b.get("ipv6_cidr_block"), b.get("from_port"), b.get("to_port"))
            for b in blocks]
    for rule in links.referencing("aws_network_acl_rule", "network_acl_id", raw):
        r = rule.attrs
        entries.append(acl_entry(r.get("rule_number"), bool(r.get("egress")), r.get("rule_action"),
                                 r.get("protocol"), r.get("cidr_block"), r.get("ipv6_cidr_block"),
                                 r.get("from_port"), r.get("to_port")))
    subnets = as_list(a.get("subnet_ids"))
    if not isinstance(subnets, Unknown):
        subnets = [*subnets, *(s.attrs.get("subnet_id") for s in
                               links.referencing("aws_network_acl_association", "network_acl_id", raw))]
    return {"is_default": raw.kind == "aws_default_network_acl", "entries": rule_list(entries),
            "subnet_ids": subnets if isinstance(subnets, Unknown) else tuple(s for s in subnets if isinstance(s, str))}


COMPANIONS = frozenset({"aws_route", "aws_route_table_association", "aws_main_route_table_association",
                        "aws_internet_gateway_attachment", "aws_network_acl_rule", "aws_network_acl_association"})
