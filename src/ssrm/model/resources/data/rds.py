"""RDS DB instances, Aurora/Multi-AZ clusters, their manual snapshots, and event notification subscriptions."""

from __future__ import annotations

from pydantic import Field, field_validator

from ssrm.model.resource import Resource, resource_type


def _engine_name(value: object) -> object:
    """AWS treats engine names case-insensitively (``MySQL`` in CloudFormation examples is ``mysql``)."""
    return value.lower() if isinstance(value, str) else value


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
    monitoring_interval: int = 0  # seconds between enhanced-monitoring samples; 0 = off
    log_exports: list[str] = Field(default_factory=list)  # log types published to CloudWatch Logs
    copy_tags_to_snapshot: bool = False
    master_username: str | None = None
    parameter_group: str = ""  # the DB parameter group applied to the instance
    # Whether the group makes the server refuse unencrypted connections (rds.force_ssl for PostgreSQL,
    # require_secure_transport for MySQL); None for engines without such a parameter.
    tls_required: bool | None = None
    tls_setting: str = ""  # where that answer comes from, for the reason

    _engine = field_validator("engine", mode="before")(_engine_name)


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
    port: int | None = None
    log_exports: list[str] = Field(default_factory=list)
    copy_tags_to_snapshot: bool = False
    master_username: str | None = None
    auto_minor_version_upgrade: bool | None = None  # None: not reported for this cluster
    backtrack_window: int = 0  # seconds Aurora MySQL can rewind; 0 = backtracking off

    _engine = field_validator("engine", mode="before")(_engine_name)


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

    _engine = field_validator("engine", mode="before")(_engine_name)


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

    _engine = field_validator("engine", mode="before")(_engine_name)


@resource_type
class RdsEventSubscription(Resource):
    resource_type = "AWS::RDS::EventSubscription"
    service = "rds"

    source_type: str | None = None  # db-instance, db-cluster, db-parameter-group, ...; None: every source type
    event_categories: list[str] = Field(default_factory=list)  # empty: every category
    source_ids: list[str] = Field(default_factory=list)  # empty: every source of the type
    enabled: bool = False
    sns_topic_arn: str = ""
