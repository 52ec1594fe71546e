"""GuardDuty rules: a detector is enabled in every scanned region."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage, Status
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


def _protection(detector: GuardDutyDetector, feature: str, label: str) -> Verdict:
    if not detector.enabled:
        return failed(f"detector {detector.id} is {detector.status or 'not enabled'}: {label} is off")
    state = detector.features.get(feature)
    if state is None:
        return Verdict(Status.ERROR, f"no {feature} feature is reported for detector {detector.id}")
    if state == "ENABLED":
        return passed(f"{label} ({feature}) is enabled on detector {detector.id}")
    return failed(f"{label} ({feature}) is {state or 'not enabled'} on detector {detector.id}")


@rule(
    id="guardduty_rds_protection", title="GuardDuty RDS Protection is enabled", resource_type=GuardDutyDetector,
    layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.HIGH, stage=Stage.EXFILTRATE,
    attack=("T1078.004", "T1110"), phase=Phase.FOUNDATIONAL, smm="TD2.1",
    needs=("status", "features"),
    remediation=Remediation(
        text="Turn on RDS Protection so GuardDuty profiles Aurora and RDS logins and flags anomalous ones.",
        cli="aws guardduty update-detector --detector-id <DETECTOR> "
            "--features Name=RDS_LOGIN_EVENTS,Status=ENABLED",
        terraform='resource "aws_guardduty_detector_feature" "rds" {\n'
                  '  detector_id = aws_guardduty_detector.main.id\n  name        = "RDS_LOGIN_EVENTS"\n'
                  '  status      = "ENABLED"\n}',
    ),
    references=("FSBP GuardDuty.9",),
)
def guardduty_rds_protection(detector: GuardDutyDetector, inv: Inventory) -> Verdict:
    """Brute-forced or stolen database logins go unnoticed without RDS login monitoring."""
    return _protection(detector, "RDS_LOGIN_EVENTS", "RDS Protection")


@rule(
    id="guardduty_s3_protection", title="GuardDuty S3 Protection is enabled", resource_type=GuardDutyDetector,
    layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.HIGH, stage=Stage.EXFILTRATE,
    attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="TD2.1",
    needs=("status", "features"),
    remediation=Remediation(
        text="Turn on S3 Protection so GuardDuty analyses S3 data events for exfiltration and discovery.",
        cli="aws guardduty update-detector --detector-id <DETECTOR> "
            "--features Name=S3_DATA_EVENTS,Status=ENABLED",
        terraform='resource "aws_guardduty_detector_feature" "s3" {\n'
                  '  detector_id = aws_guardduty_detector.main.id\n  name        = "S3_DATA_EVENTS"\n'
                  '  status      = "ENABLED"\n}',
    ),
    references=("FSBP GuardDuty.10",),
)
def guardduty_s3_protection(detector: GuardDutyDetector, inv: Inventory) -> Verdict:
    """Bulk reads and deletes of bucket objects go unnoticed without S3 data-event analysis."""
    return _protection(detector, "S3_DATA_EVENTS", "S3 Protection")


@rule(
    id="guardduty_threat_intel_sets", title="GuardDuty uses the team's own threat intelligence",
    description=("GuardDuty's built-in feeds know the internet's common bad actors; a threat intelligence set adds "
                 "the addresses the team's own sources (sector ISAC, past incidents, a commercial feed) know, so "
                 "traffic to or from them becomes a finding."),
    resource_type=GuardDutyDetector, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.LOW,
    stage=Stage.CONTROL, attack=("T1078.004", "T1530"), phase=Phase.OPTIMIZED, smm="TD4.1",
    needs=("status", "threat_intel_sets"),
    remediation=Remediation(
        text="Upload a list of known-bad IP addresses or domains to S3 and add it to the detector as a threat "
             "intelligence set (from the administrator account, it applies to every member).",
        cli="aws guardduty create-threat-intel-set --detector-id <DETECTOR> --name feed --format TXT "
            "--location s3://BUCKET/bad-ips.txt --activate",
        terraform='resource "aws_guardduty_threatintelset" "feed" {\n'
                  '  detector_id = aws_guardduty_detector.main.id\n  name        = "feed"\n  format      = "TXT"\n'
                  '  location    = "s3://${aws_s3_bucket.intel.id}/bad-ips.txt"\n  activate    = true\n}',
    ),
    skips="whether the set is active and how fresh its list is (one more call per set)",
)
def guardduty_threat_intel_sets(detector: GuardDutyDetector, inv: Inventory) -> Verdict:
    if not detector.enabled:
        return failed(f"detector {detector.id} is {detector.status or 'not enabled'}")
    if detector.threat_intel_sets:
        return passed(f"{detector.threat_intel_sets} threat intelligence set(s)")
    return failed(f"detector {detector.id} has no threat intelligence set of the team's own")
