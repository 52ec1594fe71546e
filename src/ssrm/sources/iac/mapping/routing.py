"""Routes from either format into the Route model, and the main route table a declared VPC starts with."""

from __future__ import annotations

from typing import Any

from ssrm.model import Resource
from ssrm.model.resources.compute.network import AclEntry, Route, RouteTable
from ssrm.sources.iac.mapping.build import build, sub
from ssrm.sources.iac.mapping.ports import port, protocol_name
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown

TARGET_KINDS = (("igw-", "gateway"), ("eigw-", "egress_only_gateway"), ("nat-", "nat_gateway"),
                ("pcx-", "peering"), ("tgw-", "transit_gateway"), ("vgw-", "gateway"), ("eni-", "network_interface"),
                ("i-", "instance"))


def target_kind(target: str, field: str) -> str:
    prefix = next((kind for p, kind in TARGET_KINDS if target.startswith(p)), None)
    if prefix:
        return prefix
    return {"gateway_id": "gateway", "nat_gateway_id": "nat_gateway", "vpc_peering_connection_id": "peering",
            "transit_gateway_id": "transit_gateway", "network_interface_id": "network_interface",
            "egress_only_gateway_id": "egress_only_gateway"}.get(field, "other")


def route(destination: Any, targets: dict[str, Any]) -> Any:
    """One Route, or Unknown when its destination or target is unknown."""
    chosen = next(((field, value) for field, value in targets.items() if value), None)
    if chosen is None:
        return Unknown("route without a target")
    field, target = chosen
    if isinstance(target, Unknown):
        return target
    return sub(Route, destination=destination, target=str(target), target_kind=target_kind(str(target), field))


def implicit_main_table(vpc: RawResource, vpc_id: str, arn: str) -> Resource:
    """A declared VPC comes with a main route table holding only the local route."""
    return build(RouteTable, vpc, id=f"{vpc_id} main route table", arn=f"{arn}/main-route-table",
                 vpc_id=vpc_id, is_main=True, routes=(Route(destination="(vpc cidr)", target="local",
                                                            target_kind="local"),))


def subnet_doubts(subnet_ref: Any, declared: bool, routes_known: bool = True) -> dict[str, str]:
    """Why an instance's subnet (and so its routes) cannot be judged from the code, if it cannot.

    ``routes_known``: the subnet has a declared route table, or its VPC (and so its main table) is declared.
    """
    if subnet_ref is None:
        return {"subnet_id": "not set: the instance lands in a default subnet, whose routes are not in the code"}
    if isinstance(subnet_ref, str) and not declared:
        return {"subnet_id": f"{subnet_ref} is not declared in the code, so its routes are unknown"}
    if isinstance(subnet_ref, str) and not routes_known:
        return {"subnet_id": f"{subnet_ref} has no route table in the code and its VPC is declared elsewhere, "
                             "so its routes are unknown"}
    return {}


def acl_entry(number: Any, egress: bool, action: Any, protocol: Any, cidr: Any, ipv6_cidr: Any,
              from_port: Any, to_port: Any) -> Any:
    """One network ACL entry, protocol names as the model spells them ("tcp", "-1"...)."""
    name = protocol_name(protocol if protocol is not None else "-1")
    low, high = (None, None) if name == "-1" else (port(from_port), port(to_port))
    return sub(AclEntry, rule_number=number, egress=egress,
               action=action.lower() if isinstance(action, str) else action, protocol=name, cidr=cidr or None,
               ipv6_cidr=ipv6_cidr or None, from_port=low, to_port=high)
