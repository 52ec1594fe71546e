"""Kinesis data streams."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class KinesisStream(Resource):
    resource_type = "AWS::Kinesis::Stream"
    service = "kinesis"

    status: str = ""
    encryption_type: str = "NONE"  # NONE or KMS
    kms_key_id: str | None = None
    retention_hours: int = 24
