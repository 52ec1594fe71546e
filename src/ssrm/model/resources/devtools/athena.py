"""Athena workgroups."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class AthenaWorkGroup(Resource):
    resource_type = "AWS::Athena::WorkGroup"
    service = "athena"

    state: str = "ENABLED"
    encryption_option: str | None = None  # SSE_S3, SSE_KMS, CSE_KMS, or None when results are not encrypted
    kms_key: str | None = None
    enforce_configuration: bool = False
    output_location: str | None = None
