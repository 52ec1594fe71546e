"""IAM rules on policy documents that grant everything ("Action": "*" on "Resource": "*")."""

from __future__ import annotations

from typing import Any

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.identity.iam import IamGroup, IamManagedPolicy, IamPrincipal, IamRole, IamUser
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule
from ssrm.rules.policy import actions_of, grants_everything, statements

FULL_ADMIN_ATTACK = ("T1078.004", "T1098.003")
FULL_ADMIN_REFERENCES = ("CIS 2.14", "FSBP IAM.1")
SCOPE_DOWN = ("Replace \"Action\": \"*\" / \"Resource\": \"*\" with the actions and resources the "
              "workload uses (IAM Access Analyzer policy generation helps).")


def _inline_verdict(principal: IamPrincipal, kind: str) -> Verdict:
    names = [p.name for p in principal.inline_policies if grants_everything(p.document)]
    if names:
        return failed(f"{kind} {principal.name} inline policy {', '.join(names)} allows *:*")
    return passed(f"no inline policy of {kind} {principal.name} allows *:*")


@rule(
    id="iam_managed_policy_full_admin", title="Customer-managed policies do not allow *:*",
    resource_type=IamManagedPolicy, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.DISCOVER_SPREAD, attack=FULL_ADMIN_ATTACK, phase=Phase.EFFICIENT, smm="IA3.1",
    needs=("document",),
    remediation=Remediation(
        text=SCOPE_DOWN,
        cli="aws iam create-policy-version --policy-arn <POLICY_ARN> --policy-document file://scoped.json "
            "--set-as-default",
        terraform='resource "aws_iam_policy" "scoped" {\n  name   = "<NAME>"\n'
                  '  policy = data.aws_iam_policy_document.scoped.json\n}',
    ),
    references=FULL_ADMIN_REFERENCES,
    skips="AWS-managed policies (AdministratorAccess exists in every account; it is judged where attached)",
)
def managed_policy_full_admin(policy: IamManagedPolicy, inv: Inventory) -> Verdict:
    """A customer-managed policy with Allow *:* makes every holder an administrator."""
    if policy.aws_managed:
        return not_applicable(f"{policy.name} is AWS-managed")
    if grants_everything(policy.document):
        return failed(f"policy {policy.name} allows *:* (attached {policy.attachment_count} times)")
    return passed(f"policy {policy.name} does not allow *:*")


@rule(
    id="iam_user_inline_full_admin", title="User inline policies do not allow *:*", resource_type=IamUser,
    layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.HIGH, stage=Stage.DISCOVER_SPREAD,
    attack=FULL_ADMIN_ATTACK, phase=Phase.EFFICIENT, smm="IA3.1",
    remediation=Remediation(
        text=SCOPE_DOWN,
        cli="aws iam delete-user-policy --user-name <USER> --policy-name <POLICY>",
        terraform='resource "aws_iam_user_policy" "scoped" {\n  user   = "<USER>"\n'
                  '  policy = data.aws_iam_policy_document.scoped.json\n}',
    ),
    references=FULL_ADMIN_REFERENCES,
)
def user_inline_full_admin(user: IamUser, inv: Inventory) -> Verdict:
    """An inline *:* on a user is full admin hidden from policy listings."""
    return _inline_verdict(user, "user")


@rule(
    id="iam_group_inline_full_admin", title="Group inline policies do not allow *:*", resource_type=IamGroup,
    layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.HIGH, stage=Stage.DISCOVER_SPREAD,
    attack=FULL_ADMIN_ATTACK, phase=Phase.EFFICIENT, smm="IA3.1",
    remediation=Remediation(
        text=SCOPE_DOWN,
        cli="aws iam delete-group-policy --group-name <GROUP> --policy-name <POLICY>",
        terraform='resource "aws_iam_group_policy" "scoped" {\n  group  = "<GROUP>"\n'
                  '  policy = data.aws_iam_policy_document.scoped.json\n}',
    ),
    references=FULL_ADMIN_REFERENCES,
)
def group_inline_full_admin(group: IamGroup, inv: Inventory) -> Verdict:
    """An inline *:* on a group makes every member a hidden administrator."""
    return _inline_verdict(group, "group")


@rule(
    id="iam_role_inline_full_admin", title="Role inline policies do not allow *:*", resource_type=IamRole,
    layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.HIGH, stage=Stage.DISCOVER_SPREAD,
    attack=FULL_ADMIN_ATTACK, phase=Phase.EFFICIENT, smm="IA3.1",
    remediation=Remediation(
        text=SCOPE_DOWN,
        cli="aws iam delete-role-policy --role-name <ROLE> --policy-name <POLICY>",
        terraform='resource "aws_iam_role_policy" "scoped" {\n  role   = "<ROLE>"\n'
                  '  policy = data.aws_iam_policy_document.scoped.json\n}',
    ),
    references=FULL_ADMIN_REFERENCES,
    skips="service-linked roles (path /aws-service-role/): AWS owns their policies",
)
def role_inline_full_admin(role: IamRole, inv: Inventory) -> Verdict:
    """Whoever can assume (or steal credentials of) the role gets full admin."""
    if role.service_linked:
        return not_applicable(f"{role.name} is a service-linked role")
    return _inline_verdict(role, "role")


def service_wildcards(document: dict[str, Any] | None) -> list[str]:
    """Actions of Allow statements that grant a whole service ("s3:*") or everything ("*")."""
    found: list[str] = []
    for statement in statements(document):
        if statement.get("Effect") != "Allow":
            continue
        for action in actions_of(statement):
            if (action == "*" or action.endswith(":*")) and action not in found:
                found.append(action)
    return found


@rule(
    id="iam_managed_policy_service_wildcard", title="Customer-managed policies do not allow service:* actions",
    resource_type=IamManagedPolicy, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.LOW,
    stage=Stage.DISCOVER_SPREAD, attack=("T1078.004",), phase=Phase.EFFICIENT, smm="IA3.1",
    needs=("document",),
    remediation=Remediation(
        text="List the actions the workload needs instead of \"<service>:*\" (IAM Access Analyzer policy "
             "generation helps).",
        cli="aws iam create-policy-version --policy-arn <POLICY_ARN> --policy-document file://scoped.json "
            "--set-as-default",
        terraform='resource "aws_iam_policy" "scoped" {\n  name   = "<NAME>"\n'
                  '  policy = data.aws_iam_policy_document.scoped.json\n}',
    ),
    references=("FSBP IAM.21",),
    skips="AWS-managed policies, and NotAction statements.",
)
def managed_policy_service_wildcard(policy: IamManagedPolicy, inv: Inventory) -> Verdict:
    """A service wildcard grants actions nobody reviewed, including ones the service adds later."""
    if policy.aws_managed:
        return not_applicable(f"{policy.name} is AWS-managed")
    wildcards = service_wildcards(policy.document)
    if wildcards:
        return failed(f"policy {policy.name} allows {', '.join(wildcards[:6])}")
    return passed(f"policy {policy.name} names its actions")
