"""A security group's rules, inline and from SecurityGroupIngress/Egress (CloudFormation), for ``tables_ec2.py``."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.compute.network import WORLD_IPV4
from ssrm.sources.iac.mapping.build import Links
from ssrm.sources.iac.mapping.ports import port_rule, rule_list
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown

DEFAULT_EGRESS = port_rule("-1", None, None, [WORLD_IPV4])


def _permission(p: dict[str, Any], peer: str) -> Any:
    return port_rule(p.get("IpProtocol"), p.get("FromPort"), p.get("ToPort"), p.get("CidrIp"), p.get("CidrIpv6"),
                     p.get(peer), p.get("SourcePrefixListId") or p.get("DestinationPrefixListId"))


def group_values(raw: RawResource, links: Links) -> dict[str, Any]:
    """A group's name, description and rules (inline and SecurityGroupIngress/Egress), for the EC2 table."""
    a = raw.attrs
    directions: dict[str, Any] = {}
    for direction, prop, peer, kind in (
        ("ingress", "SecurityGroupIngress", "SourceSecurityGroupId", "AWS::EC2::SecurityGroupIngress"),
        ("egress", "SecurityGroupEgress", "DestinationSecurityGroupId", "AWS::EC2::SecurityGroupEgress"),
    ):
        inline = a.get(prop)
        rules = [inline] if isinstance(inline, Unknown) else [_permission(p, peer) for p in inline or []]
        rules += [_permission(r.attrs, peer) for r in links.referencing(kind, "GroupId", raw)]
        unresolved = links.unresolved(kind, "GroupId")
        if unresolved is not None:
            rules.append(unresolved)
        if direction == "egress" and inline is None and not rules:
            rules = [DEFAULT_EGRESS]  # AWS adds allow-all egress when the template declares none
        directions[direction] = rule_list(rules)
    name = a.get("GroupName") or raw.address
    return {"name": name, "group_name": name, "description": a.get("GroupDescription") or "", **directions}
