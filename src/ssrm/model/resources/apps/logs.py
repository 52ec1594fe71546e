"""CloudWatch Logs: log groups and the metric filters defined on them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ssrm.model.resource import Resource, resource_type


@resource_type
class LogGroup(Resource):
    resource_type = "AWS::Logs::LogGroup"
    service = "logs"

    retention_days: int | None = None  # None: events never expire
    kms_key_id: str | None = None
    stored_bytes: int = 0
    log_group_class: str = "STANDARD"


class MetricTransformation(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    namespace: str
    name: str
    value: str = ""


@resource_type
class MetricFilter(Resource):
    """A metric filter (CIS monitoring controls pair these with alarms). ``name`` is the filter name."""

    resource_type = "AWS::Logs::MetricFilter"
    service = "logs"

    log_group_name: str
    pattern: str = ""
    metrics: tuple[MetricTransformation, ...] = ()
