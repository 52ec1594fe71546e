"""Findings: one rule judged on one resource."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ssrm.model.enums import Domain, Layer, Severity, Stage, Status


class Remediation(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = ""
    cli: str = ""
    terraform: str = ""


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    title: str
    status: Status
    severity: Severity
    layer: Layer
    domain: Domain
    stage: Stage
    attack: tuple[str, ...] = ()
    resource_arn: str
    resource_id: str
    resource_name: str = ""
    resource_type: str
    region: str
    account: str
    reason: str
    remediation: Remediation = Field(default_factory=Remediation)
    tags: dict[str, str] = Field(default_factory=dict)
    origin: str = "aws"
    muted_reason: str | None = None

    @property
    def sort_key(self) -> tuple[int, int, str, str]:
        status_rank = {Status.FAIL: 0, Status.ERROR: 1, Status.MUTED: 2}.get(self.status, 3)
        return (status_rank, self.severity.rank, self.rule_id, self.resource_arn)
