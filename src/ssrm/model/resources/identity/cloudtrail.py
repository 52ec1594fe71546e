"""CloudTrail trails, one record per trail ARN in its home region (multi-region trails are not repeated)."""

from __future__ import annotations

from datetime import datetime

from ssrm.model.resource import Resource, resource_type


@resource_type
class CloudTrailTrail(Resource):
    resource_type = "AWS::CloudTrail::Trail"
    service = "cloudtrail"

    home_region: str = ""
    multi_region: bool = False
    organization_trail: bool = False
    include_global_events: bool = False
    log_file_validation: bool = False
    kms_key_id: str | None = None
    s3_bucket: str | None = None
    s3_key_prefix: str | None = None
    cloudwatch_log_group_arn: str | None = None
    # GetTrailStatus
    logging: bool = False
    latest_delivery_error: str | None = None
    latest_delivery: datetime | None = None
    # GetEventSelectors: does the trail record management events, and which (All / ReadOnly / WriteOnly)
    management_events: bool = False
    management_read_write: str = ""
    # S3 object-level (data) events recorded for every bucket: "All", "ReadOnly", "WriteOnly" or "" (none)
    s3_data_events: str = ""
