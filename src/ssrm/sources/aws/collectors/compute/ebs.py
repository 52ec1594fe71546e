"""EBS: volumes, the account's own snapshots with who may restore them, and encryption by default."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.compute.ebs import EbsEncryptionDefaults, Snapshot, Volume
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.compute.shapes import ids, name_of, tags_of
from ssrm.sources.aws.context import CollectContext, Reply

SHARE_FIELDS = ("public", "shared_with_accounts")
GONE_SNAPSHOT = ("InvalidSnapshot.NotFound",)


def volume(ctx: CollectContext, item: dict[str, Any]) -> Volume:
    volume_id = item["VolumeId"]
    return Volume(
        arn=ctx.arn("ec2", f"volume/{volume_id}"), id=volume_id, name=name_of(item), account=ctx.account,
        region=ctx.resource_region, tags=tags_of(item), encrypted=bool(item.get("Encrypted")),
        kms_key_id=item.get("KmsKeyId"), size_gib=int(item.get("Size") or 0), volume_type=item.get("VolumeType", ""),
        state=item.get("State", ""), availability_zone=item.get("AvailabilityZone", ""),
        snapshot_id=item.get("SnapshotId") or None, attached_instance_ids=ids(item.get("Attachments"), "InstanceId"),
    )


def volume_permission_fields(reply: Reply) -> dict[str, Any]:
    if not reply.ok:
        return {"unknown": dict.fromkeys(SHARE_FIELDS, reply.reason)}
    permissions = reply.get("CreateVolumePermissions") or []
    return {"public": any(p.get("Group") == "all" for p in permissions),
            "shared_with_accounts": ids(permissions, "UserId")}


def snapshot(ctx: CollectContext, item: dict[str, Any], shares: dict[str, Any]) -> Snapshot:
    snapshot_id = item["SnapshotId"]
    return Snapshot(
        arn=ctx.arn("ec2", f"snapshot/{snapshot_id}", account=""), id=snapshot_id, name=name_of(item),
        account=ctx.account, region=ctx.resource_region, tags=tags_of(item), volume_id=item.get("VolumeId"),
        owner_id=item.get("OwnerId", ""), encrypted=bool(item.get("Encrypted")), kms_key_id=item.get("KmsKeyId"),
        state=item.get("State", ""), started=item.get("StartTime"), **shares,
    )


def collect_snapshots(ctx: CollectContext) -> None:
    # The owner-id filter repeats OwnerIds for emulators that ignore "self"; the check below is the last word.
    items = ctx.pages("describe_snapshots", "Snapshots", OwnerIds=["self"],
                      Filters=[{"Name": "owner-id", "Values": [ctx.account]}],
                      resource_types=(Snapshot.resource_type,))
    own = [i for i in items or [] if i.get("OwnerId") == ctx.account]

    def read_shares(item: dict[str, Any]) -> dict[str, Any] | None:
        reply = ctx.call("describe_snapshot_attribute", SnapshotId=item["SnapshotId"],
                         Attribute="createVolumePermission", resource=item["SnapshotId"],
                         absent=GONE_SNAPSHOT)
        return None if reply.absent else volume_permission_fields(reply)

    # Who may restore a snapshot is only in its attribute: one call per own snapshot.
    for item, shares in zip(own, ctx.parallel(read_shares, own), strict=True):
        if shares is not None:  # None: deleted between the listing and the detail call
            ctx.add(snapshot(ctx, item, shares))


def collect_default_encryption(ctx: CollectContext) -> None:
    reply = ctx.call("get_ebs_encryption_by_default")
    region = ctx.resource_region
    record: dict[str, Any] = {"arn": ctx.arn("ec2", f"ebs-encryption-by-default/{region}"), "id": region,
              "name": f"EBS defaults {region}", "account": ctx.account, "region": region}
    if reply.ok:
        ctx.add(EbsEncryptionDefaults(enabled=bool(reply.get("EbsEncryptionByDefault")), **record))
    else:
        ctx.add(EbsEncryptionDefaults(unknown={"enabled": reply.reason}, **record))


def collect(ctx: CollectContext) -> None:
    volumes = ctx.pages("describe_volumes", "Volumes", resource_types=(Volume.resource_type,))
    for item in volumes or []:
        ctx.add(volume(ctx, item))
    collect_snapshots(ctx)
    collect_default_encryption(ctx)


COLLECTOR = Collector(
    name="ebs",
    client="ec2",
    scope="regional",
    title="EBS volumes and snapshots",
    resource_types=(Volume.resource_type, Snapshot.resource_type, EbsEncryptionDefaults.resource_type),
    actions=("ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:DescribeSnapshotAttribute",
             "ec2:GetEbsEncryptionByDefault"),
    collect=collect,
)
