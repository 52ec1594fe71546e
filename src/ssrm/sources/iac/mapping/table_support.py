"""Small helpers the declarative tables share: repeated blocks, references, zones of declared subnets.

Terraform writes repeated nested blocks as lists of dicts and CloudFormation writes lists of mappings, so
both read the same way here; a value that is Unknown stays Unknown so the field it feeds is unknown too.
"""

from __future__ import annotations

import re
from typing import Any

from ssrm.sources.iac.mapping.build import Links, as_list
from ssrm.sources.iac.mapping.table import flag
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown, find_unknown

TF, CFN = "terraform", "cloudformation"

# "<logical id or address>.<attribute> is known only after deployment|apply": the reference behind a value.
AFTER = re.compile(r"^(?P<ref>[\w\-\[\]\".]+?)\.(?P<attr>\w+) is known only after (?:apply|deployment)$")


def blocks(value: Any) -> Any:
    """The dicts of a repeated block or list property ([] when absent); Unknown when the list is."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, dict):
        return [value]
    return [item for item in as_list(value) if isinstance(item, dict)]


def strings(value: Any) -> Any:
    """A list of strings as a tuple; Unknown when any item is unknown."""
    missing = find_unknown(value)
    if missing is not None:
        return missing
    return tuple(str(v) for v in as_list(value) if v is not None)


def boolean(value: Any) -> Any:
    return flag(value)


def reference(value: Any) -> Any:
    """What a reference names: the string itself, or the resource behind an attribute known only later
    (``!GetAtt Eip.AllocationId`` names ``Eip``)."""
    if isinstance(value, Unknown):
        match = AFTER.match(value.reason)
        return match.group("ref") if match else value
    return value


def referencing(links: Links, kind: str, attr: str, target: RawResource) -> list[RawResource]:
    """Records of ``kind`` naming ``target`` in ``attr``, also through an attribute known only later."""
    found = list(links.referencing(kind, attr, target))
    keys = links.keys(target)
    for raw in links.of_kind(kind):
        named = reference(raw.attrs.get(attr))
        if raw not in found and isinstance(named, str) and named in keys:
            found.append(raw)
    return found


def unresolved(links: Links, kind: str, attr: str) -> Unknown | None:
    """An Unknown when a record of ``kind`` names its target through a value that is no reference."""
    for raw in links.of_kind(kind):
        named = reference(raw.attrs.get(attr))
        if isinstance(named, Unknown):
            return Unknown(f"{raw.address} may apply to it: its {attr} {named.reason}")
    return None


def subnet_facts(subnets: Any, links: Links, fmt: str) -> tuple[Any, Any]:
    """(VPC id, availability zones) of declared subnets; Unknown when a subnet or its zone is not in the code."""
    if find_unknown(subnets) is not None:
        missing = find_unknown(subnets)
        return missing, missing
    kind, vpc_attr, zone_attr = ("aws_subnet", "vpc_id", "availability_zone") if fmt == TF else \
        ("AWS::EC2::Subnet", "VpcId", "AvailabilityZone")
    vpc: Any = None
    zones: list[str] = []
    for ref in as_list(subnets):
        subnet = links.find(kind, ref)
        if subnet is None:
            undeclared = Unknown(f"subnet {ref} is not declared in the code, so its zone is not known")
            return undeclared, undeclared
        zone = subnet.attrs.get(zone_attr)
        if not isinstance(zone, str) or not zone:
            why = find_unknown(zone) or Unknown(f"{subnet.address} sets no availability zone: AWS picks one")
            return subnet.attrs.get(vpc_attr), why
        vpc = subnet.attrs.get(vpc_attr)
        zones.append(zone)
    return vpc, tuple(sorted(set(zones)))


def option_settings(raw: RawResource, fmt: str) -> Any:
    """Elastic Beanstalk-style option settings as ``{(namespace, name): value}``; Unknown when any is."""
    items = blocks(raw.attrs.get("setting" if fmt == TF else "OptionSettings"))
    if isinstance(items, Unknown):
        return items
    keys = ("namespace", "name", "value") if fmt == TF else ("Namespace", "OptionName", "Value")
    found: dict[tuple[str, str], Any] = {}
    for item in items:
        namespace, name = item.get(keys[0]), item.get(keys[1])
        if not isinstance(namespace, str) or not isinstance(name, str):
            return Unknown(f"an option setting's namespace or name is not known: {namespace}/{name}")
        found[(namespace, name)] = item.get(keys[2])
    return found


def read_block(attrs: dict[str, Any], path: str) -> Any:
    """The nested block (or mapping) at ``path``: a Terraform block list is entered at its first element."""
    from ssrm.sources.iac.mapping.table import read_path

    value = read_path(attrs, path)
    if isinstance(value, list):
        return value[0] if value and isinstance(value[0], dict) else None
    return value
