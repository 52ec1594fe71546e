"""GuardDuty rules: a detector is enabled in every scanned region."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.account import Region
from ssrm.model.resources.identity.guardduty import GuardDutyDetector
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.identity.listing import not_scanned


@rule(
    id="guardduty_enabled", title="GuardDuty is enabled in every region", resource_type=Region,
    layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.HIGH, stage=Stage.CONTROL,
    attack=("T1078.004", "T1496.001", "T1535"), phase=Phase.QUICK_WINS, smm="TD1.1",
    uses=(GuardDutyDetector,),
    remediation=Remediation(
        text="Enable GuardDuty in every region, including the ones you do not use (attackers do).",
        cli="aws guardduty create-detector --enable --region <REGION>",
        terraform='resource "aws_guardduty_detector" "main" {\n  enable = true\n}',
    ),
    references=("FSBP GuardDuty.1",),
)
def guardduty_enabled(region: Region, inv: Inventory) -> Verdict:
    """GuardDuty spots stolen credentials, crypto-mining and reconnaissance."""
    skipped = not_scanned(inv, "guardduty", "GuardDuty")
    if skipped:
        return skipped
    detectors = list(inv.in_region(GuardDutyDetector, region.id))
    if not detectors:
        return failed(f"no GuardDuty detector in {region.id}")
    for detector in detectors:
        if detector.enabled:
            return passed(f"GuardDuty detector {detector.id} is enabled in {region.id}")
    for detector in detectors:
        detector.need("status")
    states = ", ".join(f"{d.id} is {d.status or 'not enabled'}" for d in detectors)
    return failed(f"GuardDuty in {region.id}: {states}")
