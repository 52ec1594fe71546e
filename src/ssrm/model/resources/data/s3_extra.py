"""S3 settings read only on request (the opt-in ``s3-extra`` collector) and S3 access points.

Replication, event notifications and Object Lock each cost one more call per bucket, beyond the default S3
scan's budget, so they live in their own record, one per bucket, next to the bucket's own.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ssrm.model.resource import Resource, resource_type
from ssrm.model.resources.data.s3 import PublicAccessBlock


class ReplicationRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = ""
    enabled: bool = False
    destination_bucket: str = ""  # the destination bucket's ARN, as GetBucketReplication gives it


@resource_type
class S3BucketDetails(Resource):
    """What the s3-extra collector read about one bucket (``id`` is the bucket name)."""

    resource_type = "AWS::S3::BucketDetails"
    service = "s3"

    replication_rules: list[ReplicationRule] = Field(default_factory=list)
    notification_targets: list[str] = Field(default_factory=list)  # "topic ARN", "queue ARN", "EventBridge"...
    object_lock: bool = False
    object_lock_mode: str | None = None  # default retention mode (GOVERNANCE, COMPLIANCE), when set


@resource_type
class S3AccessPoint(Resource):
    resource_type = "AWS::S3::AccessPoint"
    service = "s3"

    bucket: str = ""
    network_origin: str = ""  # Internet or VPC
    block: PublicAccessBlock = Field(default_factory=PublicAccessBlock)
