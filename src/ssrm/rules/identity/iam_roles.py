"""IAM rules on role trust policies: who may assume the role."""

from __future__ import annotations

import re
from typing import Any

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.identity.iam import IamRole
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule
from ssrm.rules.policy import as_list, principal_is_anyone, restricting_condition, statements

ACCOUNT_IN_ARN = re.compile(r"^arn:[^:]+:(?:iam|sts)::(\d{12}):")
ACCOUNT_ID = re.compile(r"^\d{12}$")
EXTERNAL_ID_KEY = "sts:externalid"
# A condition on the caller's organization keeps the trust inside your own organization.
SAME_ORG_KEYS = {"aws:principalorgid", "aws:principalorgpaths"}
SERVICE_LINKED_SKIP = "service-linked roles (path /aws-service-role/): AWS writes their trust policies"


def _assume_statements(role: IamRole) -> list[dict[str, Any]]:
    return [s for s in statements(role.trust_policy)
            if s.get("Effect") == "Allow" and any(a == "*" or a.lower().startswith("sts:assumerole")
                                                  for a in as_list(s.get("Action")))]


def _condition_keys(statement: dict[str, Any]) -> set[str]:
    keys: set[str] = set()
    for block in (statement.get("Condition") or {}).values():
        if isinstance(block, dict):
            keys.update(k.lower() for k in block)
    return keys


def _without_external_id(statement: dict[str, Any]) -> dict[str, Any]:
    """The statement minus its sts:ExternalId conditions: an external id is not a secret."""
    conditions = {
        operator: {k: v for k, v in block.items() if k.lower() != EXTERNAL_ID_KEY}
        for operator, block in (statement.get("Condition") or {}).items() if isinstance(block, dict)
    }
    return {**statement, "Condition": conditions}


def _aws_principal_accounts(statement: dict[str, Any]) -> list[str]:
    principal = statement.get("Principal")
    if not isinstance(principal, dict):
        return []
    accounts: list[str] = []
    for value in as_list(principal.get("AWS")):
        text = str(value)
        match = ACCOUNT_IN_ARN.match(text)
        if match:
            accounts.append(match.group(1))
        elif ACCOUNT_ID.match(text):
            accounts.append(text)
    return accounts


@rule(
    id="iam_role_trust_any_principal", title="Role trust policies do not let anyone assume the role",
    resource_type=IamRole, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.CRITICAL,
    stage=Stage.INITIAL_ACCESS, attack=("T1199", "T1078.004"), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("trust_policy",),
    remediation=Remediation(
        text="Name the exact accounts or roles that may assume the role instead of \"*\", or pin \"*\" "
             "with aws:PrincipalOrgID / aws:PrincipalArn conditions.",
        cli="aws iam update-assume-role-policy --role-name <ROLE> --policy-document file://trust.json",
        terraform='data "aws_iam_policy_document" "trust" {\n  statement {\n'
                  '    actions = ["sts:AssumeRole"]\n    principals {\n      type        = "AWS"\n'
                  '      identifiers = ["arn:aws:iam::<ACCOUNT_ID>:root"]\n    }\n  }\n}',
    ),
    references=("CIS 2.21",),
    skips=SERVICE_LINKED_SKIP,
)
def role_trust_any_principal(role: IamRole, inv: Inventory) -> Verdict:
    """Principal "*" lets any AWS account assume the role; an external id alone does not limit it."""
    if role.service_linked:
        return not_applicable(f"{role.name} is a service-linked role")
    open_to_all = [s for s in _assume_statements(role)
                   if principal_is_anyone(s) and not restricting_condition(_without_external_id(s))]
    if open_to_all:
        return failed(f"role {role.name} trusts Principal \"*\": any AWS account can assume it")
    return passed(f"role {role.name} trusts named principals only")


@rule(
    id="iam_role_cross_account_external_id", title="Roles trusted by other accounts require an external id",
    resource_type=IamRole, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1199",), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("trust_policy",),
    remediation=Remediation(
        text="Add a Condition StringEquals sts:ExternalId with the value the third party gave you "
             "(prevents the confused-deputy problem).",
        cli="aws iam update-assume-role-policy --role-name <ROLE> --policy-document file://trust-with-external-id.json",
        terraform='condition {\n  test     = "StringEquals"\n  variable = "sts:ExternalId"\n'
                  '  values   = ["<EXTERNAL_ID>"]\n}',
    ),
    skips=SERVICE_LINKED_SKIP + "; service principals and same-account trust; trust limited to your "
          "organization (aws:PrincipalOrgID)",
)
def role_cross_account_external_id(role: IamRole, inv: Inventory) -> Verdict:
    """A third party's role without sts:ExternalId is open to the confused-deputy problem."""
    if role.service_linked:
        return not_applicable(f"{role.name} is a service-linked role")
    unguarded: list[str] = []
    for statement in _assume_statements(role):
        keys = _condition_keys(statement)
        if EXTERNAL_ID_KEY in keys or keys & SAME_ORG_KEYS:
            continue
        unguarded += [a for a in _aws_principal_accounts(statement) if a != role.account]
    if unguarded:
        return failed(f"role {role.name} trusts account {', '.join(sorted(set(unguarded)))} "
                      "without an sts:ExternalId condition")
    return passed(f"role {role.name} has no unguarded cross-account trust")
