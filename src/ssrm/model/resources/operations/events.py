"""EventBridge event buses and archives."""

from __future__ import annotations

from typing import Any

from ssrm.model.resource import Resource, resource_type

# Event sources whose events are security findings: routing them to people or to automation is what the
# maturity model's incident-response controls ask for.
FINDING_SOURCES = frozenset({"aws.guardduty", "aws.securityhub", "aws.inspector2", "aws.macie",
                             "aws.access-analyzer", "aws.detective", "aws.health"})


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


@resource_type
class EventRule(Resource):
    """An EventBridge rule. ``targets`` (target ARNs) are read only for rules on security findings: the
    others keep the reason in ``unknown``."""

    resource_type = "AWS::Events::Rule"
    service = "events"

    bus_name: str = "default"
    state: str = ""
    event_pattern: dict[str, Any] | None = None
    schedule: str = ""
    targets: tuple[str, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return self.sources_of(self.event_pattern)

    @staticmethod
    def sources_of(pattern: dict[str, Any] | None) -> tuple[str, ...]:
        """The ``source`` values a pattern matches (empty: any source, or no pattern)."""
        source = (pattern or {}).get("source")
        values = source if isinstance(source, list) else [source] if source else []
        return tuple(v for v in values if isinstance(v, str))
