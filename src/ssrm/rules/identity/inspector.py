"""Amazon Inspector: is each kind of resource scanned for vulnerabilities in every region."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.account import Region
from ssrm.model.resources.compute.vulnerability import InspectorStatus
from ssrm.rules.base import Check, Rule, Verdict, failed, passed, rule
from ssrm.rules.identity.listing import not_scanned, require_listed
from ssrm.rules.inspector_checks import SCAN_LABELS, STATUS_FIELDS, inspector_in


def _scanning_check(scan_type: str) -> Check:
    label = SCAN_LABELS[scan_type]

    def check(region: Region, inv: Inventory) -> Verdict:
        skipped = not_scanned(inv, "inspector2", "Inspector")
        if skipped:
            return skipped
        status = inspector_in(inv, region.id)
        if status is None:
            require_listed(inv, InspectorStatus.resource_type)
            return failed(f"Inspector has no status in {region.id}: {label} scanning is off")
        status.need(STATUS_FIELDS[scan_type])
        state = status.status_of(scan_type)
        if state == "ENABLED":
            return passed(f"Inspector {label} scanning is enabled in {region.id}")
        return failed(f"Inspector {label} scanning is {state or 'DISABLED'} in {region.id}")

    check.__doc__ = (f"Without Inspector {label} scanning nobody is told which {label.lower()}s carry "
                     "exploitable vulnerabilities.")
    return check


def _scanning_rule(scan_type: str, severity: Severity, phase: Phase, feature: str) -> Rule:
    label = SCAN_LABELS[scan_type]
    return rule(
        id=f"inspector_{scan_type}_scanning_enabled",
        title=f"Amazon Inspector scans {label.lower()}s for vulnerabilities in every region",
        resource_type=Region, layer=Layer.HOSTS, domain=Domain.VULNERABILITY, severity=severity,
        stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=phase, smm="VM2.1" if phase is Phase.FOUNDATIONAL
        else "VM3.2",
        uses=(InspectorStatus,),
        remediation=Remediation(
            text=f"Activate Amazon Inspector {label} scanning in every region (from the delegated administrator "
                 "for the whole organization).",
            cli=f"aws inspector2 enable --resource-types {feature} --region <REGION>",
            terraform=f'resource "aws_inspector2_enabler" "this" {{\n  account_ids    = [<account>]\n'
                      f'  resource_types = ["{feature}"]\n}}',
        ),
        skips="Regions the scan left out.",
    )(_scanning_check(scan_type))


inspector_ec2_scanning_enabled = _scanning_rule("ec2", Severity.HIGH, Phase.FOUNDATIONAL, "EC2")
inspector_ecr_scanning_enabled = _scanning_rule("ecr", Severity.HIGH, Phase.FOUNDATIONAL, "ECR")
inspector_lambda_scanning_enabled = _scanning_rule("lambda", Severity.MEDIUM, Phase.EFFICIENT, "LAMBDA")
inspector_lambda_code_scanning_enabled = _scanning_rule("lambda_code", Severity.MEDIUM, Phase.EFFICIENT,
                                                        "LAMBDA_CODE")
