"""EFS: file systems (encryption, automatic-backup policy, mount targets) and access points.

File systems and access points come from paginated account-wide listings; the backup policy and the mount
targets are per file system, as EFS has no batch form of either.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.containers.efs import EfsAccessPoint, EfsFileSystem, MountTarget
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.containers._shared import tag_dict
from ssrm.sources.aws.context import CollectContext

FILE_SYSTEM = EfsFileSystem.resource_type
ACCESS_POINT = EfsAccessPoint.resource_type
BACKUP_ON = ("ENABLED", "ENABLING")


def collect(ctx: CollectContext) -> None:
    systems = ctx.pages("describe_file_systems", "FileSystems", resource_types=(FILE_SYSTEM,))
    for system in ctx.parallel(lambda fs: file_system_of(ctx, fs), systems or []):
        ctx.add(system)
    for point in ctx.pages("describe_access_points", "AccessPoints", resource_types=(ACCESS_POINT,)) or []:
        ctx.add(access_point_of(ctx, point))


def file_system_of(ctx: CollectContext, fs: dict[str, Any]) -> EfsFileSystem:
    fs_id = fs["FileSystemId"]
    unknown: dict[str, str] = {}
    backup = ctx.call("describe_backup_policy", FileSystemId=fs_id, absent=("PolicyNotFound",), resource=fs_id)
    if not backup.ok and not backup.absent:
        unknown["backup_policy_enabled"] = backup.reason
    targets = ctx.call("describe_mount_targets", FileSystemId=fs_id, resource=fs_id)
    if not targets.ok:
        unknown["mount_targets"] = targets.reason
    return EfsFileSystem(
        arn=fs.get("FileSystemArn") or ctx.arn("elasticfilesystem", f"file-system/{fs_id}"), id=fs_id,
        name=fs.get("Name") or "", account=ctx.account, region=ctx.region, tags=tag_dict(fs.get("Tags")),
        encrypted=bool(fs.get("Encrypted")), kms_key_id=fs.get("KmsKeyId"),
        backup_policy_enabled=(backup.get("BackupPolicy") or {}).get("Status") in BACKUP_ON,
        mount_targets=tuple(
            MountTarget(id=t.get("MountTargetId", ""), subnet_id=t.get("SubnetId", ""), vpc_id=t.get("VpcId"),
                        ip_address=t.get("IpAddress"))
            for t in targets.get("MountTargets") or []
        ),
        life_cycle_state=fs.get("LifeCycleState", ""), unknown=unknown,
    )


def access_point_of(ctx: CollectContext, point: dict[str, Any]) -> EfsAccessPoint:
    point_id = point["AccessPointId"]
    user = point.get("PosixUser") or {}
    return EfsAccessPoint(
        arn=point.get("AccessPointArn") or ctx.arn("elasticfilesystem", f"access-point/{point_id}"), id=point_id,
        name=point.get("Name") or "", account=ctx.account, region=ctx.region, tags=tag_dict(point.get("Tags")),
        file_system_id=point.get("FileSystemId", ""),
        root_directory=(point.get("RootDirectory") or {}).get("Path") or "/",
        posix_uid=user.get("Uid"), posix_gid=user.get("Gid"),
    )


COLLECTOR = Collector(
    name="efs",
    client="efs",
    scope="regional",
    resource_types=(FILE_SYSTEM, ACCESS_POINT),
    actions=("elasticfilesystem:DescribeFileSystems", "elasticfilesystem:DescribeBackupPolicy",
             "elasticfilesystem:DescribeMountTargets", "elasticfilesystem:DescribeAccessPoints"),
    collect=collect,
    title="EFS",
)
