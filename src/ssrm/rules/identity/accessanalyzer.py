"""IAM Access Analyzer rules: an external-access analyzer is active in every scanned region."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.account import Region
from ssrm.model.resources.identity.accessanalyzer import AccessAnalyzer
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.identity.listing import not_scanned


@rule(
    id="accessanalyzer_enabled", title="IAM Access Analyzer watches external access in every region",
    resource_type=Region, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530", "T1537"), phase=Phase.QUICK_WINS, smm="IA1.4",
    uses=(AccessAnalyzer,),
    remediation=Remediation(
        text="Create an account (or organization) analyzer in every region and review its findings.",
        cli="aws accessanalyzer create-analyzer --analyzer-name external-access --type ACCOUNT --region <REGION>",
        terraform='resource "aws_accessanalyzer_analyzer" "external" {\n'
                  '  analyzer_name = "external-access"\n  type          = "ACCOUNT"\n}',
    ),
    references=("CIS 2.18",),
    skips="unused-access analyzers (they do not report external access)",
)
def analyzer_enabled(region: Region, inv: Inventory) -> Verdict:
    """The analyzer reports resources shared outside the account or organization."""
    skipped = not_scanned(inv, "accessanalyzer", "IAM Access Analyzer")
    if skipped:
        return skipped
    analyzers = list(inv.in_region(AccessAnalyzer, region.id))
    active = [a.name for a in analyzers if a.watches_external_access]
    if active:
        return passed(f"access analyzer {active[0]} is active in {region.id}")
    if analyzers:
        states = ", ".join(f"{a.name} ({a.analyzer_type}, {a.status})" for a in analyzers)
        return failed(f"no active external-access analyzer in {region.id}: {states}")
    return failed(f"no IAM Access Analyzer in {region.id}")
