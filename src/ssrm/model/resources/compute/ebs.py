"""EBS resource types: volumes, snapshots and the per-region encryption-by-default setting."""

from __future__ import annotations

from datetime import datetime

from ssrm.model.resource import Resource, resource_type


@resource_type
class Volume(Resource):
    resource_type = "AWS::EC2::Volume"
    service = "ec2"

    encrypted: bool = False
    kms_key_id: str | None = None
    size_gib: int = 0
    volume_type: str = ""
    state: str = ""
    availability_zone: str = ""
    snapshot_id: str | None = None
    attached_instance_ids: tuple[str, ...] = ()


@resource_type
class Snapshot(Resource):
    """An EBS snapshot the scanned account owns; ``public`` means anyone may create a volume from it."""

    resource_type = "AWS::EC2::Snapshot"
    service = "ec2"

    volume_id: str | None = None
    owner_id: str = ""
    encrypted: bool = False
    kms_key_id: str | None = None
    state: str = ""
    started: datetime | None = None
    public: bool = False
    shared_with_accounts: tuple[str, ...] = ()


@resource_type
class EbsEncryptionDefaults(Resource):
    """One per region: whether new EBS volumes are encrypted by default, and with which key."""

    resource_type = "AWS::EC2::EBSEncryptionDefaults"
    service = "ec2"

    enabled: bool = False
    kms_key_id: str | None = None
