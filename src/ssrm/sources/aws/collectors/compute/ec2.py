"""EC2 instances (with metadata options, profile, network placement, and secrets found in user data) and
the account's own machine images with their launch permissions."""

from __future__ import annotations

import base64
import binascii
import contextlib
import gzip
import re
from datetime import UTC, datetime
from typing import Any

from ssrm.model.resources.compute.ec2 import Image, Instance, MetadataOptions, SecretFound
from ssrm.model.secrets import find_secrets
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.compute.shapes import ids, name_of, tags_of
from ssrm.sources.aws.context import CollectContext, Reply

# "User initiated (2024-01-31 12:00:00 GMT)": the only place EC2 says when an instance stopped.
TRANSITION_TIME = re.compile(r"\((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (?:GMT|UTC)\)")
USER_DATA_FIELDS = ("has_user_data", "user_data_secrets")
SHARE_FIELDS = ("shared_with_accounts", "shared_with_organizations")
# Errors that mean the resource went away between the listing and the detail call.
GONE_INSTANCE = ("InvalidInstanceID.NotFound",)
GONE_IMAGE = ("InvalidAMIID.NotFound", "InvalidAMIID.Unavailable")


def stopped_since(item: dict[str, Any]) -> datetime | None:
    if (item.get("State") or {}).get("Name") != "stopped":
        return None
    match = TRANSITION_TIME.search(item.get("StateTransitionReason") or "")
    if not match:
        return None
    return datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def metadata_options(item: dict[str, Any]) -> MetadataOptions:
    raw = item.get("MetadataOptions") or {}
    return MetadataOptions(
        http_tokens=raw.get("HttpTokens", "optional"), http_endpoint=raw.get("HttpEndpoint", "enabled"),
        hop_limit=int(raw.get("HttpPutResponseHopLimit") or 1),
        instance_tags=raw.get("InstanceMetadataTags", "disabled"),
    )


def security_group_ids(item: dict[str, Any]) -> tuple[str, ...]:
    """Groups on the instance and on every interface: multi-ENI instances list them only per interface."""
    interfaces = item.get("NetworkInterfaces") or []
    groups = [*(item.get("SecurityGroups") or []), *(g for eni in interfaces for g in eni.get("Groups") or [])]
    return ids(groups, "GroupId")


def public_ips(item: dict[str, Any]) -> tuple[str, ...]:
    found = [item.get("PublicIpAddress")]
    for eni in item.get("NetworkInterfaces") or []:
        found.append((eni.get("Association") or {}).get("PublicIp"))
    return tuple(dict.fromkeys(ip for ip in found if ip))


def decode_user_data(encoded: str) -> str:
    """User data as text; cloud-init also accepts it gzip-compressed."""
    try:
        raw = base64.b64decode(encoded)
    except (binascii.Error, ValueError):
        return encoded
    if raw[:2] == b"\x1f\x8b":
        with contextlib.suppress(OSError, EOFError):
            raw = gzip.decompress(raw)
    return raw.decode("utf-8", errors="replace")


def user_data_fields(reply: Reply) -> dict[str, Any]:
    """has_user_data and redacted secret hints from a DescribeInstanceAttribute(userData) reply.

    The decoded text never leaves this function.
    """
    if not reply.ok:
        return {"unknown": dict.fromkeys(USER_DATA_FIELDS, reply.reason)}
    encoded = (reply.get("UserData") or {}).get("Value") or ""
    if not encoded:
        return {"has_user_data": False}
    hints = find_secrets(decode_user_data(encoded), "user data")
    return {"has_user_data": True,
            "user_data_secrets": tuple(SecretFound(kind=h.kind, where=h.where, hint=h.hint) for h in hints)}


def instance(ctx: CollectContext, item: dict[str, Any], user_data: dict[str, Any]) -> Instance:
    instance_id = item["InstanceId"]
    profile = item.get("IamInstanceProfile") or {}
    return Instance(
        arn=ctx.arn("ec2", f"instance/{instance_id}"), id=instance_id, name=name_of(item), account=ctx.account,
        region=ctx.resource_region, tags=tags_of(item), state=(item.get("State") or {}).get("Name", ""),
        instance_type=item.get("InstanceType", ""), image_id=item.get("ImageId", ""),
        platform=item.get("PlatformDetails") or item.get("Platform") or "", launch_time=item.get("LaunchTime"),
        virtualization_type=item.get("VirtualizationType", ""),
        stopped_since=stopped_since(item), vpc_id=item.get("VpcId"), subnet_id=item.get("SubnetId"),
        private_ip=item.get("PrivateIpAddress"), public_ips=public_ips(item),
        security_group_ids=security_group_ids(item),
        network_interface_ids=ids(item.get("NetworkInterfaces"), "NetworkInterfaceId"),
        instance_profile_arn=profile.get("Arn"), key_name=item.get("KeyName"),
        metadata=metadata_options(item), **user_data,
    )


def collect_instances(ctx: CollectContext) -> None:
    reservations = ctx.pages("describe_instances", "Reservations", resource_types=(Instance.resource_type,))
    items = [i for r in reservations or [] for i in r.get("Instances") or []
             if (i.get("State") or {}).get("Name") != "terminated"]

    def read_user_data(item: dict[str, Any]) -> dict[str, Any] | None:
        reply = ctx.call("describe_instance_attribute", InstanceId=item["InstanceId"], Attribute="userData",
                         resource=item["InstanceId"], absent=GONE_INSTANCE)
        return None if reply.absent else user_data_fields(reply)

    # DescribeInstances never returns user data, and no batch call does: one call per instance.
    for item, user_data in zip(items, ctx.parallel(read_user_data, items), strict=True):
        if user_data is not None:  # None: terminated between the listing and the detail call
            ctx.add(instance(ctx, item, user_data))


def launch_permission_fields(reply: Reply) -> dict[str, Any]:
    if not reply.ok:
        return {"unknown": dict.fromkeys(SHARE_FIELDS, reply.reason)}
    permissions = reply.get("LaunchPermissions") or []
    organizations = [*ids(permissions, "OrganizationArn"), *ids(permissions, "OrganizationalUnitArn")]
    return {"shared_with_accounts": ids(permissions, "UserId"),
            "shared_with_organizations": tuple(organizations),
            "public": any(p.get("Group") == "all" for p in permissions)}


def image(ctx: CollectContext, item: dict[str, Any], shares: dict[str, Any]) -> Image:
    image_id = item["ImageId"]
    mappings = [m.get("Ebs") or {} for m in item.get("BlockDeviceMappings") or []]
    encrypted = [m["Encrypted"] for m in mappings if "Encrypted" in m]
    fields = dict(shares)
    fields["public"] = bool(item.get("Public")) or bool(fields.get("public"))
    return Image(
        arn=ctx.arn("ec2", f"image/{image_id}", account=""), id=image_id, name=item.get("Name", ""),
        account=ctx.account, region=ctx.resource_region, tags=tags_of(item), owner_id=item.get("OwnerId", ""),
        state=item.get("State", ""), creation_date=item.get("CreationDate", ""),
        snapshot_ids=ids(mappings, "SnapshotId"), encrypted_snapshots=all(encrypted) if encrypted else None,
        **fields,
    )


def collect_images(ctx: CollectContext) -> None:
    items = ctx.pages("describe_images", "Images", Owners=["self"], resource_types=(Image.resource_type,))
    own = [i for i in items or [] if i.get("OwnerId") in (None, ctx.account)]

    def read_shares(item: dict[str, Any]) -> dict[str, Any] | None:
        reply = ctx.call("describe_image_attribute", ImageId=item["ImageId"], Attribute="launchPermission",
                         resource=item["ImageId"], absent=GONE_IMAGE)
        return None if reply.absent else launch_permission_fields(reply)

    for item, shares in zip(own, ctx.parallel(read_shares, own), strict=True):
        if shares is not None:  # None: deregistered while the scan ran
            ctx.add(image(ctx, item, shares))


def collect(ctx: CollectContext) -> None:
    collect_instances(ctx)
    collect_images(ctx)


COLLECTOR = Collector(
    name="ec2",
    client="ec2",
    scope="regional",
    title="EC2 instances and images",
    resource_types=(Instance.resource_type, Image.resource_type),
    actions=("ec2:DescribeInstances", "ec2:DescribeInstanceAttribute", "ec2:DescribeImages",
             "ec2:DescribeImageAttribute"),
    collect=collect,
)


def collect_instance(ctx: CollectContext, instance_id: str, previous: Any = None) -> bool:
    """One instance by id with its user data (``ssrm watch --trail``); False when it could not be read,
    True when read or gone (terminated: nothing is added, as a scan skips terminated instances)."""
    reply = ctx.call("describe_instances", InstanceIds=[instance_id], resource=instance_id,
                     absent=(*GONE_INSTANCE, "InvalidInstanceID.Malformed"))
    if reply.absent:
        return True
    if not reply.ok:
        return False
    items = [i for r in reply.get("Reservations") or [] for i in r.get("Instances") or []
             if (i.get("State") or {}).get("Name") != "terminated"]
    for item in items:
        user_data = ctx.call("describe_instance_attribute", InstanceId=item["InstanceId"], Attribute="userData",
                             resource=item["InstanceId"], absent=GONE_INSTANCE)
        if not user_data.absent:
            ctx.add(instance(ctx, item, user_data_fields(user_data)))
    return True
