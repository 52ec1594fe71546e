"""Security Hub rules: the account is subscribed in every scanned region."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.account import Region
from ssrm.model.resources.identity.securityhub import SecurityHub
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.identity.listing import not_scanned


@rule(
    id="securityhub_enabled", title="Security Hub is enabled in every region", resource_type=Region,
    layer=Layer.CLOUD, domain=Domain.ASSURANCE, severity=Severity.MEDIUM, stage=Stage.CONTROL,
    attack=("T1562.001",), phase=Phase.QUICK_WINS, smm="SA1.1", uses=(SecurityHub,),
    remediation=Remediation(
        text="Enable Security Hub with the AWS Foundational Security Best Practices standard.",
        cli="aws securityhub enable-security-hub --enable-default-standards --region <REGION>",
        terraform='resource "aws_securityhub_account" "main" {\n  enable_default_standards = true\n}',
    ),
    references=("CIS 5.16",),
)
def securityhub_enabled(region: Region, inv: Inventory) -> Verdict:
    """Security Hub gathers findings and runs the FSBP checks continuously."""
    skipped = not_scanned(inv, "securityhub", "Security Hub")
    if skipped:
        return skipped
    hubs = list(inv.in_region(SecurityHub, region.id))
    if hubs:
        return passed(f"Security Hub is enabled in {region.id}")
    return failed(f"Security Hub is not enabled in {region.id}")
