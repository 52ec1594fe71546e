"""Declarative tables (see ``table.py``) for EC2: instances, security groups, VPCs, subnets, route tables,
internet gateways, network ACLs, flow logs and EBS volumes.

Code is left for the joins (security groups and their rules, instance profile, subnet, attachments), values
derived from several properties (public addresses, metadata options, user data and what it reveals), and the
records a declaration creates besides its own (an instance's inline volumes, a VPC's implicit main route
table).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from ssrm.model import Resource
from ssrm.model.resources.compute.ebs import Volume
from ssrm.model.resources.compute.ec2 import Instance, MetadataOptions
from ssrm.model.resources.compute.network import (
    FlowLog,
    InternetGateway,
    NetworkAcl,
    RouteTable,
    SecurityGroup,
    Subnet,
    Vpc,
)
from ssrm.sources.iac.mapping.block_devices import cloudformation_volumes, terraform_volumes
from ssrm.sources.iac.mapping.build import Links, as_list, first_block, sub
from ssrm.sources.iac.mapping.cloudformation import routing as cfn_routing
from ssrm.sources.iac.mapping.cloudformation import security_groups as cfn_groups
from ssrm.sources.iac.mapping.cloudformation.links import ids as cfn_ids
from ssrm.sources.iac.mapping.routing import subnet_doubts
from ssrm.sources.iac.mapping.secrets import user_data_secrets
from ssrm.sources.iac.mapping.software import declared_software
from ssrm.sources.iac.mapping.table import Field, Table, flag
from ssrm.sources.iac.mapping.terraform import routing as tf_routing
from ssrm.sources.iac.mapping.terraform import security_groups as tf_groups
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.synthesize import terraform_arn
from ssrm.sources.iac.unknown import Unknown, find_unknown

TF = "terraform"
PUBLIC_IP_AT_LAUNCH = "(public IP assigned at launch)"

# (Terraform, CloudFormation) names of what an instance's derivation reads
SUBNET_KIND = {TF: "aws_subnet", "cloudformation": "AWS::EC2::Subnet"}
SUBNET_VPC = {TF: "vpc_id", "cloudformation": "VpcId"}
SUBNET_PUBLIC = {TF: "map_public_ip_on_launch", "cloudformation": "MapPublicIpOnLaunch"}
PROFILE_KIND = {TF: "aws_iam_instance_profile", "cloudformation": "AWS::IAM::InstanceProfile"}
ASSOCIATION = {TF: ("aws_route_table_association", "subnet_id"),
               "cloudformation": ("AWS::EC2::SubnetRouteTableAssociation", "SubnetId")}
VPC_KIND = {TF: "aws_vpc", "cloudformation": "AWS::EC2::VPC"}
INTERFACE_ATTACHMENT = {TF: ("aws_network_interface_attachment", "instance_id", "network_interface_id"),
                        "cloudformation": ("AWS::EC2::NetworkInterfaceAttachment", "InstanceId",
                                           "NetworkInterfaceId")}


def _tuple(value: Any) -> Any:
    return tuple(as_list(value))


# --- instances -------------------------------------------------------------------------------------
def _user_data(a: dict[str, Any], fmt: str) -> Any:
    if fmt != TF:
        return a.get("UserData")
    encoded = a.get("user_data_base64")
    if isinstance(encoded, Unknown):
        return encoded
    if encoded:
        try:
            return base64.b64decode(encoded).decode(errors="replace")
        except (binascii.Error, ValueError):
            return Unknown("user_data_base64 is not valid base64")
    return a.get("user_data")


def _associate(a: dict[str, Any], fmt: str) -> Any:
    """The instance's own public-address setting, None when the code leaves it to the subnet."""
    if fmt == TF:
        return a.get("associate_public_ip_address")
    interfaces = a.get("NetworkInterfaces") or []
    if isinstance(interfaces, Unknown):
        return interfaces
    for interface in interfaces:
        if isinstance(interface, dict) and "AssociatePublicIpAddress" in interface:
            return flag(interface["AssociatePublicIpAddress"])
    return None


def _public_ips(a: dict[str, Any], subnet: RawResource | None, fmt: str) -> Any:
    associate = _associate(a, fmt)
    if associate is None and subnet is not None:
        associate = flag(subnet.attrs.get(SUBNET_PUBLIC[fmt])) or False
    if associate is None:
        setting = "associate_public_ip_address" if fmt == TF else "AssociatePublicIpAddress"
        return Unknown(f"{setting} is not set: depends on the subnet's {SUBNET_PUBLIC[fmt]}")
    if isinstance(associate, Unknown):
        return associate
    return (PUBLIC_IP_AT_LAUNCH,) if associate else ()


def _profile_arn(value: Any, links: Links, fmt: str) -> Any:
    if value is None or isinstance(value, Unknown):
        return value
    profile = links.find(PROFILE_KIND[fmt], value)
    if profile is None:
        return f"instance-profile:{value}"
    return terraform_arn(profile.kind, profile.address, profile.attrs) if fmt == TF else cfn_ids(profile)["arn"]


def _metadata(a: dict[str, Any], fmt: str) -> Any:
    """EC2 API InstanceMetadataOptionsRequest defaults: tokens optional, endpoint enabled, hop limit 1,
    instance tags disabled."""
    if fmt == TF:
        meta = first_block(a.get("metadata_options"))
        keys = ("http_tokens", "http_endpoint", "http_put_response_hop_limit", "instance_metadata_tags")
    else:
        meta = a.get("MetadataOptions") or {}
        keys = ("HttpTokens", "HttpEndpoint", "HttpPutResponseHopLimit", "InstanceMetadataTags")
    if isinstance(meta, Unknown):
        return meta
    tokens, endpoint, hops, tags = (meta.get(k) for k in keys)
    return sub(MetadataOptions, http_tokens=tokens or "optional", http_endpoint=endpoint or "enabled",
               hop_limit=hops or 1, instance_tags=tags or "disabled")


def _security_groups(a: dict[str, Any], fmt: str) -> Any:
    by_id, by_name = ("vpc_security_group_ids", "security_groups") if fmt == TF else \
        ("SecurityGroupIds", "SecurityGroups")
    groups = as_list(a.get(by_id))
    if isinstance(groups, Unknown):
        return groups
    named = as_list(a.get(by_name))
    return named if isinstance(named, Unknown) else (*groups, *named)


def _interfaces(raw: RawResource, links: Links, fmt: str) -> Any:
    """The primary interface and the extra ones the code declares (inline at a device index above 0, or
    attached). Without extra ones: () so the ENI rule skips the instance, as for one that reports none."""
    inline = raw.attrs.get("network_interface" if fmt == TF else "NetworkInterfaces") or []
    if isinstance(inline, Unknown):
        return inline
    key, index = ("network_interface_id", "device_index") if fmt == TF else ("NetworkInterfaceId", "DeviceIndex")
    extra = [b.get(key) or f"{raw.address} interface {b.get(index)}" for b in inline
             if isinstance(b, dict) and str(b.get(index, 0)) != "0"]
    kind, attr, interface = INTERFACE_ATTACHMENT[fmt]
    extra += [att.attrs.get(interface) for att in links.referencing(kind, attr, raw)]
    missing = links.unresolved(kind, attr) or find_unknown(extra)
    if missing is not None:
        return missing
    return (f"{raw.address} primary interface", *(str(i) for i in extra)) if extra else ()


def _instance_subnet(raw: RawResource, links: Links, fmt: str) -> RawResource | None:
    return links.find(SUBNET_KIND[fmt], raw.attrs.get("subnet_id" if fmt == TF else "SubnetId"))


def _instance_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    a = raw.attrs
    subnet = _instance_subnet(raw, links, fmt)
    user_data = _user_data(a, fmt)
    image = a.get("ami" if fmt == TF else "ImageId")
    profile = a.get("iam_instance_profile" if fmt == TF else "IamInstanceProfile")
    return {"vpc_id": subnet.attrs.get(SUBNET_VPC[fmt]) if subnet else None,
            "security_group_ids": _security_groups(a, fmt), "public_ips": _public_ips(a, subnet, fmt),
            "instance_profile_arn": _profile_arn(profile, links, fmt), "metadata": _metadata(a, fmt),
            "has_user_data": user_data if isinstance(user_data, Unknown) else bool(user_data),
            "user_data_secrets": user_data_secrets(user_data),
            "declared_software": declared_software(image, user_data, links),
            "network_interface_ids": _interfaces(raw, links, fmt)}


def _instance_doubts(raw: RawResource, links: Links, fmt: str) -> dict[str, str]:
    subnet = _instance_subnet(raw, links, fmt)
    kind, attr = ASSOCIATION[fmt]
    routes_known = subnet is not None and (bool(links.referencing(kind, attr, subnet))
                                           or links.find(VPC_KIND[fmt], subnet.attrs.get(SUBNET_VPC[fmt])) is not None)
    return subnet_doubts(raw.attrs.get("subnet_id" if fmt == TF else "SubnetId"), subnet is not None, routes_known)


def _instance_volumes(raw: RawResource, links: Links, fmt: str, ids: dict[str, str]) -> list[Resource]:
    volumes = terraform_volumes if fmt == TF else cloudformation_volumes
    return volumes(raw, ids["id"], ids["arn"])


INSTANCE = Table(
    Instance, ("aws_instance",), ("AWS::EC2::Instance",),
    fields=(
        Field("instance_type", "instance_type", "InstanceType", why_unknown="it comes from a launch template"),
        Field("image_id", "ami", "ImageId", why_unknown="it comes from a launch template"),
        Field("subnet_id", "subnet_id", "SubnetId", None, "EC2 RunInstances: a default subnet of the default VPC"),
        Field("private_ip", "private_ip", "PrivateIpAddress", None, "EC2 assigns one from the subnet at launch"),
        Field("key_name", "key_name", "KeyName", None, "EC2 RunInstances: no key pair unless named"),
    ),
    constants={"state": ("running", "an instance in code is launched running"),
               "stopped_since": (None, "a new instance is running"),
               "platform": ("", "the AMI decides it; rules that need it skip instances that do not report it"),
               "virtualization_type": ("", "the AMI decides it; the paravirtual rule skips instances that do not "
                                           "report it"),
               "launch_time": (None, "launched at apply: no age yet")},
    derived=("vpc_id", "security_group_ids", "public_ips", "instance_profile_arn", "metadata", "has_user_data",
             "user_data_secrets", "declared_software", "network_interface_ids"),
    derive=_instance_derive, doubts=_instance_doubts, extras=_instance_volumes)


# --- security groups -------------------------------------------------------------------------------
def _group_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    return tf_groups.group_values(raw, links) if fmt == TF else cfn_groups.group_values(raw, links)


SECURITY_GROUP = Table(
    SecurityGroup, ("aws_security_group", "aws_default_security_group"), ("AWS::EC2::SecurityGroup",),
    fields=(Field("vpc_id", "vpc_id", "VpcId", None, "EC2 CreateSecurityGroup: the default VPC"),),
    live_only={"owner_id": "the account the code is deployed to"},
    derived=("group_name", "description", "ingress", "egress"), derive=_group_derive)


# --- VPCs ------------------------------------------------------------------------------------------
def _vpc_main_table(raw: RawResource, links: Links, fmt: str, ids: dict[str, str]) -> list[Resource]:
    return tf_routing.main_tables(raw, links) if fmt == TF else cfn_routing.main_tables(raw, links)


VPC = Table(
    Vpc, ("aws_vpc",), ("AWS::EC2::VPC",),
    fields=(
        Field("cidr_blocks", "cidr_block", "CidrBlock", convert=_tuple, why_unknown="allocated from an IPAM pool"),
        Field("ipv6_cidr_blocks", "ipv6_cidr_block", "Ipv6CidrBlocks", (), "no IPv6 range unless requested",
              _tuple),
    ),
    constants={"state": ("available", "a VPC in code is created available"),
               "is_default": (False, "a VPC created in code is never the default VPC")},
    live_only={"owner_id": "the account it is deployed to"},
    extras=_vpc_main_table)


# --- route tables, internet gateways, network ACLs ------------------------------------------------
def _route_table_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    return tf_routing.route_table_values(raw, links) if fmt == TF else cfn_routing.route_table_values(raw, links)


def _gateway_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    return tf_routing.internet_gateway_values(raw, links) if fmt == TF else \
        cfn_routing.internet_gateway_values(raw, links)


def _acl_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    return tf_routing.network_acl_values(raw, links) if fmt == TF else cfn_routing.network_acl_values(raw, links)


ROUTE_TABLE = Table(
    RouteTable, ("aws_route_table",), ("AWS::EC2::RouteTable",),
    fields=(Field("vpc_id", "vpc_id", "VpcId"),),
    derived=("routes", "subnet_ids", "is_main"), derive=_route_table_derive)

INTERNET_GATEWAY = Table(
    InternetGateway, ("aws_internet_gateway",), ("AWS::EC2::InternetGateway",), fields=(),
    derived=("vpc_ids",), derive=_gateway_derive)

NETWORK_ACL = Table(
    NetworkAcl, ("aws_network_acl", "aws_default_network_acl"), ("AWS::EC2::NetworkAcl",),
    fields=(Field("vpc_id", "vpc_id", "VpcId", why_unknown="a default network ACL is the VPC's own"),),
    derived=("entries", "subnet_ids", "is_default"), derive=_acl_derive)


# --- subnets and flow logs -------------------------------------------------------------------------
SUBNET = Table(
    Subnet, ("aws_subnet",), ("AWS::EC2::Subnet",),
    fields=(
        Field("vpc_id", "vpc_id", "VpcId"),
        Field("cidr_block", "cidr_block", "CidrBlock", why_unknown="allocated from an IPAM pool"),
        Field("availability_zone", "availability_zone", "AvailabilityZone",
              why_unknown="EC2 picks a zone when none is given"),
        Field("map_public_ip_on_launch", "map_public_ip_on_launch", "MapPublicIpOnLaunch", False,
              "EC2: MapPublicIpOnLaunch is false for a subnet that is not a default subnet", flag),
        Field("ipv6_cidr_blocks", "ipv6_cidr_block", "Ipv6CidrBlock", (), "no IPv6 range unless given", _tuple),
        Field("assign_ipv6_on_creation", "assign_ipv6_address_on_creation", "AssignIpv6AddressOnCreation", False,
              "EC2: AssignIpv6AddressOnCreation false", flag),
    ),
    constants={"default_for_az": (False, "a subnet created in code is never a default subnet")})


FLOW_LOG_TARGETS = ("vpc_id", "subnet_id", "eni_id", "transit_gateway_id", "transit_gateway_attachment_id")


def _flow_log_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    a = raw.attrs
    if fmt == TF:
        target = next((a[k] for k in FLOW_LOG_TARGETS if a.get(k)), "")
        destination = a.get("log_destination") or a.get("log_group_name") or ""
    else:
        target = a.get("ResourceId") or ""
        destination = a.get("LogDestination") or a.get("LogGroupName") or ""
    return {"target_id": target, "destination": destination}


FLOW_LOG = Table(
    FlowLog, ("aws_flow_log",), ("AWS::EC2::FlowLog",),
    fields=(
        Field("traffic_type", "traffic_type", "TrafficType", "ALL",
              "EC2 API CreateFlowLogs: TrafficType is required except for transit gateways, whose logs hold all "
              "traffic"),
        Field("destination_type", "log_destination_type", "LogDestinationType", "cloud-watch-logs",
              "EC2 API CreateFlowLogs: LogDestinationType cloud-watch-logs"),
    ),
    constants={"status": ("ACTIVE", "a flow log in code is created active"),
               "delivery_status": ("", "nothing is delivered before the flow log exists (failures are runtime)")},
    derived=("target_id", "destination"), derive=_flow_log_derive)


# --- EBS volumes -----------------------------------------------------------------------------------
def _volume_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    kind, attr, instance = ("aws_volume_attachment", "volume_id", "instance_id") if fmt == TF else \
        ("AWS::EC2::VolumeAttachment", "VolumeId", "InstanceId")
    attached = [a.attrs.get(instance) for a in links.referencing(kind, attr, raw)]
    missing = links.unresolved(kind, attr) or find_unknown(attached)
    return {"attached_instance_ids": missing or tuple(i for i in attached if isinstance(i, str))}


VOLUME = Table(
    Volume, ("aws_ebs_volume",), ("AWS::EC2::Volume",),
    fields=(
        Field("encrypted", "encrypted", "Encrypted", convert=flag,
              why_unknown="depends on the region's EBS encryption-by-default setting"),
        Field("kms_key_id", "kms_key_id", "KmsKeyId", None, "the aws/ebs key when encrypted"),
        Field("size_gib", "size", "Size", why_unknown="the size of the snapshot it is created from", convert=int),
        Field("volume_type", "type", "VolumeType", "gp2", "EC2 API CreateVolume: VolumeType gp2"),
        Field("availability_zone", "availability_zone", "AvailabilityZone"),
        Field("snapshot_id", "snapshot_id", "SnapshotId", None, "an empty volume"),
    ),
    constants={"state": ("available", "a volume in code is created available")},
    derived=("attached_instance_ids",), derive=_volume_derive)


TABLES: list[Table] = [INSTANCE, SECURITY_GROUP, VPC, SUBNET, ROUTE_TABLE, INTERNET_GATEWAY, NETWORK_ACL, FLOW_LOG,
                       VOLUME]
TERRAFORM_COMPANIONS = frozenset({"aws_volume_attachment", "aws_network_interface_attachment"})
CLOUDFORMATION_COMPANIONS = frozenset({"AWS::EC2::VolumeAttachment", "AWS::EC2::NetworkInterfaceAttachment"})
