"""Amazon EFS file systems (with their mount targets) and access points."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ssrm.model.resource import Resource, resource_type


class MountTarget(BaseModel):
    """Where a file system is reachable over NFS: one network interface in one subnet."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    subnet_id: str
    vpc_id: str | None = None
    ip_address: str | None = None


@resource_type
class EfsFileSystem(Resource):
    resource_type = "AWS::EFS::FileSystem"
    service = "efs"

    encrypted: bool = False
    kms_key_id: str | None = None
    backup_policy_enabled: bool = False  # the automatic-backup policy (the AWS Backup default plan)
    mount_targets: tuple[MountTarget, ...] = ()
    life_cycle_state: str = ""


@resource_type
class EfsAccessPoint(Resource):
    resource_type = "AWS::EFS::AccessPoint"
    service = "efs"

    file_system_id: str = ""
    root_directory: str = "/"  # "/" means the file system's root: nothing is enforced
    posix_uid: int | None = None  # None when the access point enforces no user identity
    posix_gid: int | None = None
