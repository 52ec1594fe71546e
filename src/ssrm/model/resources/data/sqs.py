"""SQS queues."""

from __future__ import annotations

from typing import Any

from ssrm.model.resource import Resource, resource_type


@resource_type
class SqsQueue(Resource):
    resource_type = "AWS::SQS::Queue"
    service = "sqs"

    url: str = ""
    kms_master_key_id: str | None = None
    sqs_managed_sse: bool = False
    policy: dict[str, Any] | None = None
    fifo: bool = False
    dead_letter_target_arn: str | None = None

    @property
    def encrypted(self) -> bool:
        return self.sqs_managed_sse or bool(self.kms_master_key_id)
