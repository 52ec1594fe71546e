"""aws_instance (security groups, instance profile, metadata options, user data, block devices)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from ssrm.model import Resource
from ssrm.model.resources.compute.ec2 import Instance, MetadataOptions
from ssrm.sources.iac.mapping.block_devices import terraform_volumes
from ssrm.sources.iac.mapping.build import Links, as_list, build, first_block, sub
from ssrm.sources.iac.mapping.routing import subnet_doubts
from ssrm.sources.iac.mapping.secrets import user_data_secrets
from ssrm.sources.iac.mapping.software import declared_software
from ssrm.sources.iac.mapping.terraform.links import ids
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.synthesize import terraform_arn
from ssrm.sources.iac.unknown import Unknown

PUBLIC_IP_AT_LAUNCH = "(public IP assigned at launch)"


def _user_data(a: dict[str, Any]) -> Any:
    if a.get("user_data_base64") and not isinstance(a["user_data_base64"], Unknown):
        try:
            return base64.b64decode(a["user_data_base64"]).decode(errors="replace")
        except (binascii.Error, ValueError):
            return Unknown("user_data_base64 is not valid base64")
    return a.get("user_data_base64") if isinstance(a.get("user_data_base64"), Unknown) else a.get("user_data")


def _public_ips(a: dict[str, Any], links: Links) -> Any:
    associate = a.get("associate_public_ip_address")
    if isinstance(associate, Unknown):
        return associate
    if associate is not None:
        return (PUBLIC_IP_AT_LAUNCH,) if associate else ()
    subnet = links.find("aws_subnet", a.get("subnet_id"))
    if subnet is not None:
        mapped = subnet.attrs.get("map_public_ip_on_launch")
        return mapped if isinstance(mapped, Unknown) else ((PUBLIC_IP_AT_LAUNCH,) if mapped else ())
    return Unknown("associate_public_ip_address is not set: depends on the subnet's map_public_ip_on_launch")


def _profile_arn(value: Any, links: Links) -> Any:
    if value is None or isinstance(value, Unknown):
        return value
    profile = links.find("aws_iam_instance_profile", value)
    return terraform_arn(profile.kind, profile.address, profile.attrs) if profile else f"instance-profile:{value}"


def map_instance(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    meta = first_block(a.get("metadata_options"))
    metadata = meta if isinstance(meta, Unknown) else sub(
        MetadataOptions, http_tokens=meta.get("http_tokens") or "optional",
        http_endpoint=meta.get("http_endpoint") or "enabled", hop_limit=meta.get("http_put_response_hop_limit") or 1,
        instance_tags=meta.get("instance_metadata_tags") or "disabled")
    groups = as_list(a.get("vpc_security_group_ids"))
    if not isinstance(groups, Unknown):
        named = as_list(a.get("security_groups"))
        groups = named if isinstance(named, Unknown) else [*groups, *named]
    user_data = _user_data(a)
    subnet = links.find("aws_subnet", a.get("subnet_id"))
    identity = ids(raw)
    return [build(Instance, raw, **identity, tags=a.get("tags"), state="running",
                  instance_type=a.get("instance_type") or "", image_id=a.get("ami") or "",
                  subnet_id=a.get("subnet_id"), vpc_id=subnet.attrs.get("vpc_id") if subnet else None,
                  security_group_ids=tuple(groups) if isinstance(groups, list) else groups,
                  public_ips=_public_ips(a, links), private_ip=a.get("private_ip"),
                  instance_profile_arn=_profile_arn(a.get("iam_instance_profile"), links),
                  key_name=a.get("key_name"), metadata=metadata,
                  has_user_data=bool(user_data) if not isinstance(user_data, Unknown) else user_data,
                  user_data_secrets=user_data_secrets(user_data),
                  declared_software=declared_software(a.get("ami"), user_data, links),
                  doubts=subnet_doubts(a.get("subnet_id"), subnet is not None, _routes_known(subnet, links))),
            *terraform_volumes(raw, identity["id"], identity["arn"])]


def _routes_known(subnet: RawResource | None, links: Links) -> bool:
    if subnet is None:
        return False
    return bool(links.referencing("aws_route_table_association", "subnet_id", subnet)) \
        or links.find("aws_vpc", subnet.attrs.get("vpc_id")) is not None


MAPPERS = {"aws_instance": map_instance}
