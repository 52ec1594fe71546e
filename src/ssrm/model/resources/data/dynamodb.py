"""DynamoDB tables."""

from __future__ import annotations

from pydantic import Field

from ssrm.model.resource import Resource, resource_type


@resource_type
class DynamoDBTable(Resource):
    resource_type = "AWS::DynamoDB::Table"
    service = "dynamodb"

    status: str = "ACTIVE"
    billing_mode: str = "PROVISIONED"
    sse_type: str = "AWS_OWNED"  # AWS_OWNED (default), KMS (AWS-managed or customer key)
    kms_key_arn: str | None = None
    deletion_protection: bool = False
    pitr_enabled: bool = False
    stream_enabled: bool = False
    autoscaled_dimensions: list[str] = Field(default_factory=list)  # e.g. dynamodb:table:ReadCapacityUnits
