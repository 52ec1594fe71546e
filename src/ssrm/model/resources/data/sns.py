"""SNS topics."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ssrm.model.resource import Resource, resource_type


@resource_type
class SnsTopic(Resource):
    resource_type = "AWS::SNS::Topic"
    service = "sns"

    kms_master_key_id: str | None = None
    policy: dict[str, Any] | None = None
    fifo: bool = False
    delivery_status_logging: list[str] = Field(default_factory=list)  # protocols with a failure-feedback role
