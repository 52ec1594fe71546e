"""Data perimeters (SMM IA4.1): organization policies that keep the organization's data among its own
identities and its identities on its own resources.

A resource perimeter is an RCP that denies access to principals outside the organization
(``aws:PrincipalOrgID``); an identity perimeter is an SCP that denies the organization's principals access
to resources outside it (``aws:ResourceOrgID``). Either stops the most common exfiltration path: data copied
to, or read by, an account the attacker owns.
"""

from __future__ import annotations

from typing import Any

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.identity.organizations import OrgAccount, OrgPolicy, OrgUnit
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule

# Condition keys that draw the line around the organization, per policy kind.
PERIMETER_KEYS = {
    "RCP": ("aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount"),
    "SCP": ("aws:resourceorgid", "aws:resourceorgpaths", "aws:resourceaccount"),
}
RCP_EXAMPLE = ('{"Version": "2012-10-17", "Statement": [{"Sid": "OnlyOurOrg", "Effect": "Deny", "Principal": "*", '
               '"Action": ["s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:AssumeRole"], "Resource": "*", '
               '"Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-EXAMPLE"}, '
               '"BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}]}')


def policies_on(account: OrgAccount, inv: Inventory) -> list[OrgPolicy]:
    """The SCPs and RCPs attached anywhere on the account's path (root, OUs, the account itself)."""
    units = {u.id: u for u in inv.of_type(OrgUnit)}
    attached = {i for p in account.parents if p in units for i in units[p].policy_ids} | set(account.policy_ids)
    found = [p for p in inv.of_type(OrgPolicy) if p.id in attached]
    for policy in found:
        policy.need("document")
    return found


def statements(document: dict[str, Any]) -> list[dict[str, Any]]:
    found = document.get("Statement") or []
    return [s for s in (found if isinstance(found, list) else [found]) if isinstance(s, dict)]


def draws_perimeter(policy: OrgPolicy) -> bool:
    """Does a Deny statement of the policy condition on the organization's boundary?"""
    keys = PERIMETER_KEYS.get(policy.kind, ())
    for statement in statements(policy.document):
        if statement.get("Effect") != "Deny":
            continue
        conditions = statement.get("Condition") or {}
        used = {k.lower() for block in conditions.values() if isinstance(block, dict) for k in block}
        if used & set(keys):
            return True
    return False


@rule(
    id="organizations_data_perimeter", title="Organization policies draw a data perimeter around member accounts",
    description=("A resource control policy that refuses principals from outside the organization (or an SCP that "
                 "keeps the organization's identities on its own resources) stops data leaving through a "
                 "misconfigured bucket or key policy, or through credentials used against an attacker's bucket."),
    resource_type=OrgAccount, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1537", "T1530"), phase=Phase.OPTIMIZED, smm="IA4.1",
    needs=("assessed",), uses=(OrgPolicy, OrgUnit),
    remediation=Remediation(
        text="Attach at the root a resource control policy that denies S3, SQS, KMS, Secrets Manager and STS access "
             "to principals whose aws:PrincipalOrgID is not yours (AWS services exempted), and an SCP that denies "
             "access to resources whose aws:ResourceOrgID is not yours; exempt known partners explicitly.",
        cli=f"aws organizations create-policy --type RESOURCE_CONTROL_POLICY --name data-perimeter --content "
            f"'{RCP_EXAMPLE}' && aws organizations attach-policy --policy-id <POLICY_ID> --target-id <ROOT_ID>",
        terraform=('resource "aws_organizations_policy" "perimeter" {\n  name    = "data-perimeter"\n'
                   '  type    = "RESOURCE_CONTROL_POLICY"\n  content = file("rcp-perimeter.json")\n}'),
    ),
    skips="VPC endpoint policies and network perimeters (aws:SourceVpc); whether every service is covered",
)
def data_perimeter(account: OrgAccount, inv: Inventory) -> Verdict:
    if account.management:
        return not_applicable("SCPs and RCPs do not apply to the management account")
    drawn = [p for p in policies_on(account, inv) if draws_perimeter(p)]
    if drawn:
        kinds = sorted({"resource perimeter (RCP)" if p.kind == "RCP" else "identity perimeter (SCP)" for p in drawn})
        return passed(f"{', '.join(kinds)} on {account.id}: {drawn[0].name}")
    return failed(f"no RCP or SCP above {account.id} ({account.ou_path or 'root'}) conditions on the organization "
                  "boundary (aws:PrincipalOrgID / aws:ResourceOrgID)")
