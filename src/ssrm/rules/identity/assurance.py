"""Evidence gathered by machines (SMM SA4.1): AWS Audit Manager collecting evidence for an active assessment,
so an audit reads a continuous record instead of screenshots taken the week before."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.account import Account
from ssrm.model.resources.identity.auditmanager import AuditManagerStatus
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.identity.listing import not_scanned, require_listed


@rule(
    id="auditmanager_evidence_collection", title="Audit evidence is gathered automatically",
    description=("AWS Audit Manager with an active assessment collects configuration, user activity and compliance "
                 "evidence continuously against a framework (CIS, PCI DSS, SOC 2...), ready when an auditor asks."),
    resource_type=Account, layer=Layer.CLOUD, domain=Domain.ASSURANCE, severity=Severity.LOW,
    stage=Stage.CONTROL, attack=("T1562.008",), phase=Phase.OPTIMIZED, smm="SA4.1", uses=(AuditManagerStatus,),
    remediation=Remediation(
        text="Register Audit Manager (from the delegated administrator for an organization) and create an "
             "assessment from the framework the business is audited against, scoped to the accounts in question.",
        cli="aws auditmanager register-account --region <REGION> && aws auditmanager create-assessment "
            "--name cis --framework-id FRAMEWORK_ID --scope file://scope.json --roles file://roles.json "
            "--assessment-reports-destination destinationType=S3,destination=s3://REPORTS_BUCKET",
        terraform='resource "aws_auditmanager_account_registration" "this" {}\n\n'
                  'resource "aws_auditmanager_assessment" "cis" {\n  name = "cis"\n'
                  '  framework_id = data.aws_auditmanager_framework.cis.id\n  # roles, scope, reports destination\n}',
    ),
    skips="evidence gathered by tools outside AWS (a GRC platform reading the same APIs)",
)
def evidence_collection(account: Account, inv: Inventory) -> Verdict:
    skipped = not_scanned(inv, "auditmanager", "Audit Manager")
    if skipped:
        return skipped
    statuses = list(inv.of_type(AuditManagerStatus))
    for status in statuses:
        if status.status == "ACTIVE" and "active_assessments" not in status.unknown and status.active_assessments:
            return passed(f"Audit Manager collects evidence for {status.active_assessments} active assessment(s) "
                          f"in {status.region}")
    require_listed(inv, AuditManagerStatus.resource_type)
    for status in statuses:
        status.need("status", "active_assessments")
    active = [s.region for s in statuses if s.status == "ACTIVE"]
    if active:
        return failed(f"Audit Manager is active in {', '.join(active)} but runs no active assessment")
    return failed("Audit Manager is not active in any scanned region: evidence is gathered by hand, if at all")
