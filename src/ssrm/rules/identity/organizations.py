"""Organizations rules: the account sits in an organization, where SCPs can act as guardrails."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.account import Account
from ssrm.model.resources.identity.organizations import Organization
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.identity.listing import not_scanned, require_listed


@rule(
    id="organizations_account_in_organization", title="The account belongs to an AWS Organization",
    resource_type=Account, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.LOW,
    stage=Stage.DISCOVER_SPREAD, attack=("T1535",), phase=Phase.FOUNDATIONAL, smm="IA2.1",
    uses=(Organization,),
    remediation=Remediation(
        text="Manage the account from an organization (e.g. with Control Tower) so SCPs can deny what no "
             "one in it should do.",
        cli="aws organizations create-organization --feature-set ALL  # from the management account",
        terraform='resource "aws_organizations_organization" "main" {\n  feature_set = "ALL"\n}',
    ),
    references=("CIS 2.19",),
)
def account_in_organization(account: Account, inv: Inventory) -> Verdict:
    """Outside an organization no SCP can forbid what nobody should do."""
    skipped = not_scanned(inv, "organizations", "Organizations")
    if skipped:
        return skipped
    require_listed(inv, Organization.resource_type)
    organizations = inv.of_type(Organization)
    if not organizations:
        return failed(f"account {account.id} is not in an AWS Organization: no SCP guardrails")
    organization = organizations[0]
    if not organization.all_features:
        return failed(f"organization {organization.id} has only consolidated billing: no SCP guardrails")
    return passed(f"account {account.id} is in organization {organization.id} with all features")
