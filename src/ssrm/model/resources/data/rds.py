"""RDS DB instances, Aurora/Multi-AZ clusters, and their manual snapshots."""

from __future__ import annotations

from pydantic import Field

from ssrm.model.resource import Resource, resource_type


@resource_type
class RdsDbInstance(Resource):
    resource_type = "AWS::RDS::DBInstance"
    service = "rds"

    engine: str = ""
    engine_version: str = ""
    instance_class: str = ""
    status: str = ""
    publicly_accessible: bool = False
    storage_encrypted: bool = False
    kms_key_id: str | None = None
    backup_retention_days: int = 0
    deletion_protection: bool = False
    multi_az: bool = False
    auto_minor_version_upgrade: bool = False
    iam_auth: bool = False
    cluster_id: str | None = None  # set for Aurora/Multi-AZ cluster members: the cluster governs backups
    vpc_id: str | None = None
    subnet_ids: list[str] = Field(default_factory=list)
    security_group_ids: list[str] = Field(default_factory=list)
    endpoint: str | None = None
    port: int | None = None


@resource_type
class RdsDbCluster(Resource):
    resource_type = "AWS::RDS::DBCluster"
    service = "rds"

    engine: str = ""
    engine_version: str = ""
    status: str = ""
    storage_encrypted: bool = False
    kms_key_id: str | None = None
    backup_retention_days: int = 0
    deletion_protection: bool = False
    multi_az: bool = False
    publicly_accessible: bool | None = None
    iam_auth: bool = False
    members: list[str] = Field(default_factory=list)
    security_group_ids: list[str] = Field(default_factory=list)


@resource_type
class RdsDbSnapshot(Resource):
    resource_type = "AWS::RDS::DBSnapshot"
    service = "rds"

    instance_id: str = ""
    snapshot_type: str = "manual"
    engine: str = ""
    encrypted: bool = False
    kms_key_id: str | None = None
    created: str | None = None
    shared_with: list[str] = Field(default_factory=list)  # account ids, or "all" for public

    @property
    def public(self) -> bool:
        return "all" in self.shared_with


@resource_type
class RdsDbClusterSnapshot(Resource):
    resource_type = "AWS::RDS::DBClusterSnapshot"
    service = "rds"

    cluster_id: str = ""
    snapshot_type: str = "manual"
    engine: str = ""
    encrypted: bool = False
    kms_key_id: str | None = None
    created: str | None = None
    shared_with: list[str] = Field(default_factory=list)

    @property
    def public(self) -> bool:
        return "all" in self.shared_with
