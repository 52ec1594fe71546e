"""Amazon Redshift provisioned clusters, with audit logging status and their parameter groups' SSL setting."""

from __future__ import annotations

from pydantic import Field

from ssrm.model.resource import Resource, resource_type


@resource_type
class RedshiftCluster(Resource):
    resource_type = "AWS::Redshift::Cluster"
    service = "redshift"

    status: str = ""
    publicly_accessible: bool = False
    encrypted: bool = False
    kms_key_id: str | None = None
    enhanced_vpc_routing: bool = False
    automated_snapshot_retention_days: int = 0
    master_username: str = ""
    db_name: str = ""
    allow_version_upgrade: bool = True
    parameter_groups: list[str] = Field(default_factory=list)
    require_ssl: bool = False  # from the cluster's parameter group(s)
    audit_logging: bool = False
    log_destination: str | None = None  # "s3" or "cloudwatch"
    vpc_id: str | None = None
    endpoint: str | None = None
