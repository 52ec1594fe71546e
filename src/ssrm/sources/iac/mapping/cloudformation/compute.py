"""Security groups (+ separate ingress/egress resources), VPCs, subnets, flow logs, instances, Lambda."""

from __future__ import annotations

from typing import Any

from ssrm.model import Resource
from ssrm.model.resources.compute.ec2 import Instance, MetadataOptions
from ssrm.model.resources.compute.network import WORLD_IPV4, SecurityGroup, Vpc
from ssrm.sources.iac.mapping.block_devices import cloudformation_volumes
from ssrm.sources.iac.mapping.build import Links, as_list, build, sub
from ssrm.sources.iac.mapping.cloudformation.links import flag, ids
from ssrm.sources.iac.mapping.cloudformation.routing import main_tables
from ssrm.sources.iac.mapping.ports import port_rule, rule_list
from ssrm.sources.iac.mapping.routing import subnet_doubts
from ssrm.sources.iac.mapping.secrets import user_data_secrets
from ssrm.sources.iac.mapping.software import declared_software
from ssrm.sources.iac.mapping.terraform.compute import PUBLIC_IP_AT_LAUNCH
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown

DEFAULT_EGRESS = port_rule("-1", None, None, [WORLD_IPV4])


def _permission(p: dict[str, Any], peer: str) -> Any:
    return port_rule(p.get("IpProtocol"), p.get("FromPort"), p.get("ToPort"), p.get("CidrIp"), p.get("CidrIpv6"),
                     p.get(peer), p.get("SourcePrefixListId") or p.get("DestinationPrefixListId"))


def map_security_group(raw: RawResource, links: Links) -> list[Resource]:
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
    return [build(SecurityGroup, raw, **ids(raw), name=name, tags=a.get("Tags"), group_name=name,
                  description=a.get("GroupDescription") or "", vpc_id=a.get("VpcId"),
                  ingress=directions["ingress"], egress=directions["egress"])]


def map_vpc(raw: RawResource, links: Links) -> list[Resource]:
    cidr = raw.attrs.get("CidrBlock")
    return [build(Vpc, raw, **ids(raw), tags=raw.attrs.get("Tags"), state="available",
                  cidr_blocks=(cidr,) if isinstance(cidr, str) else cidr), *main_tables(raw, links)]




def _public_ips(a: dict[str, Any], links: Links) -> Any:
    interfaces = a.get("NetworkInterfaces") or []
    if isinstance(interfaces, Unknown):
        return interfaces
    for interface in interfaces:
        if "AssociatePublicIpAddress" in interface:
            value = flag(interface["AssociatePublicIpAddress"], False)
            return value if isinstance(value, Unknown) else ((PUBLIC_IP_AT_LAUNCH,) if value else ())
    subnet = links.find("AWS::EC2::Subnet", a.get("SubnetId"))
    if subnet is not None:
        mapped = flag(subnet.attrs.get("MapPublicIpOnLaunch"), False)
        return mapped if isinstance(mapped, Unknown) else ((PUBLIC_IP_AT_LAUNCH,) if mapped else ())
    return Unknown("no AssociatePublicIpAddress: depends on the subnet's MapPublicIpOnLaunch")


def map_instance(raw: RawResource, links: Links) -> list[Resource]:
    a = raw.attrs
    meta = a.get("MetadataOptions") or {}
    metadata = meta if isinstance(meta, Unknown) else sub(
        MetadataOptions, http_tokens=meta.get("HttpTokens") or "optional",
        http_endpoint=meta.get("HttpEndpoint") or "enabled", hop_limit=meta.get("HttpPutResponseHopLimit") or 1,
        instance_tags=meta.get("InstanceMetadataTags") or "disabled")
    groups = as_list(a.get("SecurityGroupIds"))
    if not isinstance(groups, Unknown):
        named = as_list(a.get("SecurityGroups"))
        groups = named if isinstance(named, Unknown) else [*groups, *named]
    profile_ref = a.get("IamInstanceProfile")
    profile = links.find("AWS::IAM::InstanceProfile", profile_ref)
    profile_arn = profile_ref if profile_ref is None or isinstance(profile_ref, Unknown) else (
        ids(profile)["arn"] if profile else f"instance-profile:{profile_ref}")
    user_data = a.get("UserData")
    subnet = links.find("AWS::EC2::Subnet", a.get("SubnetId"))
    identity = ids(raw)
    return [build(Instance, raw, **identity, tags=a.get("Tags"), state="running",
                  instance_type=a.get("InstanceType") or "", image_id=a.get("ImageId") or "",
                  subnet_id=a.get("SubnetId"), vpc_id=subnet.attrs.get("VpcId") if subnet else None,
                  security_group_ids=tuple(groups) if isinstance(groups, list) else groups,
                  public_ips=_public_ips(a, links), private_ip=a.get("PrivateIpAddress"),
                  instance_profile_arn=profile_arn, key_name=a.get("KeyName"), metadata=metadata,
                  has_user_data=bool(user_data) if not isinstance(user_data, Unknown) else user_data,
                  user_data_secrets=user_data_secrets(user_data),
                  declared_software=declared_software(a.get("ImageId"), user_data, links),
                  doubts=subnet_doubts(a.get("SubnetId"), subnet is not None, _routes_known(subnet, links))),
            *cloudformation_volumes(raw, identity["id"], identity["arn"])]


def _routes_known(subnet: RawResource | None, links: Links) -> bool:
    if subnet is None:
        return False
    return bool(links.referencing("AWS::EC2::SubnetRouteTableAssociation", "SubnetId", subnet)) \
        or links.find("AWS::EC2::VPC", subnet.attrs.get("VpcId")) is not None



MAPPERS = {
    "AWS::EC2::SecurityGroup": map_security_group,
    "AWS::EC2::VPC": map_vpc,
    "AWS::EC2::Instance": map_instance,
}
