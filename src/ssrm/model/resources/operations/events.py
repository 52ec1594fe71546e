"""EventBridge event buses and archives."""

from __future__ import annotations

from typing import Any

from ssrm.model.resource import Resource, resource_type


@resource_type
class EventBus(Resource):
    resource_type = "AWS::Events::EventBus"
    service = "events"

    policy: dict[str, Any] | None = None

    @property
    def is_default(self) -> bool:
        return self.name == "default"

    @property
    def is_partner(self) -> bool:
        return self.name.startswith("aws.partner/")


@resource_type
class EventArchive(Resource):
    resource_type = "AWS::Events::Archive"
    service = "events"

    event_source_arn: str = ""
    state: str = ""
    retention_days: int = 0  # 0: kept indefinitely
