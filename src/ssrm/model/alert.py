"""Alerts: something happening in the logs that looks like an attack, by a known rule or by behaviour."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ssrm.model.enums import Severity, Stage


class Evidence(BaseModel):
    """One log record behind an alert: its id and a one-line summary."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: str
    summary: str


class Alert(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    title: str
    severity: Severity
    stage: Stage
    kind: Literal["rule", "anomaly"]
    attack: tuple[str, ...] = ()
    principal: str = ""
    resource: str = ""
    account: str = ""
    region: str = ""
    first_seen: datetime
    last_seen: datetime
    count: int = 1
    score: float = Field(ge=0, le=100)
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    posture: tuple[str, ...] = ()
    """Failing posture findings (rule ids) on the same resource; they raise the score."""
    source: str = "cloudtrail"

    @property
    def sort_key(self) -> tuple[float, int, str, str]:
        return (-self.score, self.severity.rank, self.rule_id, self.principal)
