"""GuardDuty (regional): ListDetectors, then GetDetector and ListThreatIntelSets for the (at most one) detector
per region."""

from __future__ import annotations

from ssrm.model.resources.identity.guardduty import GuardDutyDetector
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

DETECTOR = GuardDutyDetector.resource_type


def build_detector(ctx: CollectContext, detector_id: str) -> GuardDutyDetector:
    arn = ctx.arn("guardduty", f"detector/{detector_id}")
    reply = ctx.call("get_detector", resource=arn, DetectorId=detector_id)
    features = {f["Name"]: f.get("Status", "") for f in reply.get("Features") or [] if f.get("Name")}
    unknown = {} if reply.ok else dict.fromkeys(("status", "finding_frequency", "features"), reply.reason)
    intel = ctx.call("list_threat_intel_sets", resource=arn, DetectorId=detector_id)
    if not intel.ok:
        unknown["threat_intel_sets"] = intel.reason
    return GuardDutyDetector(
        arn=arn, id=detector_id, name=detector_id, account=ctx.account, region=ctx.region, unknown=unknown,
        tags=dict(reply.get("Tags") or {}), status=reply.get("Status", ""),
        finding_frequency=reply.get("FindingPublishingFrequency", ""), features=features,
        threat_intel_sets=len(intel.get("ThreatIntelSetIds") or []),
    )


def collect(ctx: CollectContext) -> None:
    detector_ids = ctx.pages("list_detectors", "DetectorIds", resource_types=(DETECTOR,))
    for detector in ctx.parallel(lambda detector_id: build_detector(ctx, detector_id), detector_ids or []):
        ctx.add(detector)


COLLECTOR = Collector(
    name="guardduty",
    client="guardduty",
    scope="regional",
    title="GuardDuty",
    resource_types=(DETECTOR,),
    actions=("guardduty:ListDetectors", "guardduty:GetDetector", "guardduty:ListThreatIntelSets"),
    collect=collect,
)
