"""Where an RDS instance lives: its DB subnet group, the group's subnets and their VPC.

EC2-Classic was retired in August 2022, so every new DB instance is in a VPC: one without a DB subnet
group goes to the default VPC's default group. The VPC id is exact when the subnets are declared in the
code, and a stand-in naming the group otherwise (enough for "is it in a VPC").
"""

from __future__ import annotations

from typing import Any

from ssrm.sources.iac.mapping.build import Links, as_list
from ssrm.sources.iac.unknown import Unknown, find_unknown

DEFAULT_VPC = "(the default VPC: no DB subnet group declared)"


def placement(group_ref: Any, links: Links, *, group_kind: str, subnets_attr: str, subnet_kind: str,
              vpc_attr: str) -> tuple[Any, Any]:
    """(vpc_id, subnet_ids) of an instance whose subnet group is named by ``group_ref``."""
    if group_ref is None or group_ref == "":
        return DEFAULT_VPC, []
    if isinstance(group_ref, Unknown):  # some group, so some VPC; which one is known at apply
        return f"(VPC of a DB subnet group: {group_ref.reason})", group_ref
    group = links.find(group_kind, group_ref)
    if group is None:
        return f"(VPC of DB subnet group {group_ref})", Unknown(f"DB subnet group {group_ref} is not declared "
                                                                 "in the code")
    subnet_ids = as_list(group.attrs.get(subnets_attr))
    if find_unknown(subnet_ids):
        return f"(VPC of {group.address})", find_unknown(subnet_ids)
    vpcs = {subnet.attrs.get(vpc_attr) for ref in subnet_ids if (subnet := links.find(subnet_kind, ref))}
    known = [v for v in vpcs if isinstance(v, str) and v]
    return (known[0] if known else f"(VPC of {group.address})"), [str(s) for s in subnet_ids]
