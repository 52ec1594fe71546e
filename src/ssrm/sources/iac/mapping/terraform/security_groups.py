"""A security group's rules, inline and from separate rule resources (Terraform), for ``tables_ec2.py``."""

from __future__ import annotations

from typing import Any

from ssrm.sources.iac.mapping.build import Links, as_list
from ssrm.sources.iac.mapping.ports import port_rule, rule_list
from ssrm.sources.iac.mapping.terraform.links import ids
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown


def _inline(block: dict[str, Any], group_id: str) -> Any:
    groups = as_list(block.get("security_groups"))
    if block.get("self") is True and not isinstance(groups, Unknown):
        groups = [*groups, group_id]
    return port_rule(block.get("protocol"), block.get("from_port"), block.get("to_port"), block.get("cidr_blocks"),
                     block.get("ipv6_cidr_blocks"), groups, block.get("prefix_list_ids"))


def _separate_rules(links: Links, group: RawResource, direction: str, group_id: str) -> list[Any]:
    rules: list[Any] = []
    for raw in links.referencing("aws_security_group_rule", "security_group_id", group):
        a = raw.attrs
        if a.get("type") != direction:
            continue
        source = [a["source_security_group_id"]] if a.get("source_security_group_id") else []
        if a.get("self") is True:
            source.append(group_id)
        rules.append(port_rule(a.get("protocol"), a.get("from_port"), a.get("to_port"), a.get("cidr_blocks"),
                               a.get("ipv6_cidr_blocks"), source, a.get("prefix_list_ids")))
    kind = f"aws_vpc_security_group_{direction}_rule"
    for raw in links.referencing(kind, "security_group_id", group):
        a = raw.attrs
        rules.append(port_rule(a.get("ip_protocol"), a.get("from_port"), a.get("to_port"), a.get("cidr_ipv4"),
                               a.get("cidr_ipv6"), a.get("referenced_security_group_id"), a.get("prefix_list_id")))
    for kind_name in ("aws_security_group_rule", kind):
        unresolved = links.unresolved(kind_name, "security_group_id")
        if unresolved is not None:
            rules.append(unresolved)
    return rules


def group_values(raw: RawResource, links: Links) -> dict[str, Any]:
    """A group's name, description and rules (inline and separate rule resources), for the EC2 table."""
    a = raw.attrs
    identity = ids(raw)
    directions: dict[str, Any] = {}
    for direction in ("ingress", "egress"):
        inline = a.get(direction) or []
        rules = [inline] if isinstance(inline, Unknown) else [_inline(b, identity["id"]) for b in inline]
        directions[direction] = rule_list(rules + _separate_rules(links, raw, direction, identity["id"]))
    name = a.get("name") if a.get("name") is not None else a.get("name_prefix")
    if raw.kind == "aws_default_security_group":
        name = "default"  # Terraform adopts the VPC's default group; AWS forbids that name elsewhere
    # AWS provider aws_security_group: description defaults to "Managed by Terraform"
    return {"name": name, "group_name": name or "", "description": a.get("description") or "Managed by Terraform",
            **directions}
