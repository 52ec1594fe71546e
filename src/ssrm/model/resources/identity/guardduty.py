"""GuardDuty detectors (at most one per region)."""

from __future__ import annotations

from pydantic import Field

from ssrm.model.resource import Resource, resource_type


@resource_type
class GuardDutyDetector(Resource):
    resource_type = "AWS::GuardDuty::Detector"
    service = "guardduty"

    status: str = ""
    finding_frequency: str = ""
    features: dict[str, str] = Field(default_factory=dict)
    threat_intel_sets: int = 0  # ListThreatIntelSets: the team's own lists of known-bad addresses

    @property
    def enabled(self) -> bool:
        return self.status == "ENABLED"
