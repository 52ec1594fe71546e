"""IAM rules on policy documents that grant everything ("Action": "*" on "Resource": "*")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.identity.iam import IamGroup, IamManagedPolicy, IamPrincipal, IamRole, IamUser
from ssrm.rules.base import Check, Rule, Verdict, failed, not_applicable, passed, rule
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


TOTAL = ("*", "*:*")


def _grant_of(pattern: str) -> str | None:
    """What a wildcard action grants, in words; None when it names exactly one action (``s3:GetObjec?``)."""
    if pattern in TOTAL:
        return "* (every action of every service)"
    from ssrm.iam import access_levels, expand_action  # the action catalog loads only when a wildcard is seen

    expanded = expand_action(pattern)
    if len(expanded) == 1:
        return None
    if not expanded:
        return f"{pattern} (no action today; any the service adds later)"
    levels = sorted({level for action in expanded for level in access_levels(action)})
    kinds = f": {', '.join(levels)}" if levels else ""
    service_wide = pattern.endswith(":*") and "*" not in pattern[:-1]
    scope = "every action of the service" if service_wide else f"{len(expanded)} actions"
    return f"{pattern} ({scope}{kinds})"


def wildcard_actions(document: dict[str, Any] | None) -> list[str]:
    """Wildcard actions of Allow statements (``s3:*``, ``lambda:Get*``, ``s3:*Object``) and what each grants.

    Service and verb wildcards alike are expanded with the IAM action catalog: a pattern that matches
    several actions grants actions nobody listed, including ones the service adds later.
    """
    found: list[str] = []
    seen: set[str] = set()
    for statement in statements(document):
        if statement.get("Effect") != "Allow":
            continue
        for action in actions_of(statement):
            if ("*" not in action and "?" not in action) or action in seen:
                continue
            seen.add(action)
            grant = _grant_of(action)
            if grant is not None:
                found.append(grant)
    return found


WILDCARD_TEXT = ("List the actions the workload needs instead of \"<service>:*\" or \"<service>:Get*\" (IAM "
                 "Access Analyzer policy generation helps).")


@rule(
    id="iam_managed_policy_service_wildcard",
    title="Customer-managed policies do not allow wildcard actions (service:* or verb wildcards)",
    resource_type=IamManagedPolicy, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.LOW,
    stage=Stage.DISCOVER_SPREAD, attack=("T1078.004",), phase=Phase.EFFICIENT, smm="IA3.1",
    needs=("document",),
    remediation=Remediation(
        text=WILDCARD_TEXT,
        cli="aws iam create-policy-version --policy-arn <POLICY_ARN> --policy-document file://scoped.json "
            "--set-as-default",
        terraform='resource "aws_iam_policy" "scoped" {\n  name   = "<NAME>"\n'
                  '  policy = data.aws_iam_policy_document.scoped.json\n}',
    ),
    references=("FSBP IAM.21",),
    skips="AWS-managed policies, NotAction statements, and wildcards that match exactly one action.",
)
def managed_policy_service_wildcard(policy: IamManagedPolicy, inv: Inventory) -> Verdict:
    """A wildcard grants actions nobody reviewed, including ones the service adds later."""
    if policy.aws_managed:
        return not_applicable(f"{policy.name} is AWS-managed")
    wildcards = wildcard_actions(policy.document)
    if wildcards:
        return failed(f"policy {policy.label} allows {'; '.join(wildcards[:4])}")
    return passed(f"policy {policy.label} names its actions")


def _inline_wildcards(principal: IamPrincipal, kind: str) -> Verdict:
    found = [(p.name, wildcard_actions(p.document)) for p in principal.inline_policies]
    found = [(name, grants) for name, grants in found if grants]
    if found:
        name, grants = found[0]
        more = f" (and {len(found) - 1} more inline policies)" if len(found) > 1 else ""
        return failed(f"{kind} {principal.label} inline policy {name or '(unnamed)'} allows "
                      f"{'; '.join(grants[:4])}{more}")
    return passed(f"no inline policy of {kind} {principal.label} uses a wildcard action")


def _inline_wildcard_rule(kind: str, model: type[IamPrincipal], command: str, block: str) -> Callable[[Check], Rule]:
    return rule(
        id=f"iam_{kind}_inline_wildcard_actions",
        title=f"{kind.capitalize()} inline policies do not allow wildcard actions (service:* or verb wildcards)",
        resource_type=model, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.LOW,
        stage=Stage.DISCOVER_SPREAD, attack=("T1078.004",), phase=Phase.EFFICIENT, smm="IA3.1",
        needs=("inline_policies",),
        remediation=Remediation(
            text=WILDCARD_TEXT, cli=f"aws iam {command} --{kind}-name <{kind.upper()}> --policy-name <POLICY> "
                                    "--policy-document file://scoped.json",
            terraform=f'resource "aws_iam_{kind}_policy" "scoped" {{\n  {block} = "<{kind.upper()}>"\n'
                      '  policy = data.aws_iam_policy_document.scoped.json\n}'),
        skips="NotAction statements, and wildcards that match exactly one action.",
    )


@_inline_wildcard_rule("user", IamUser, "put-user-policy", "user  ")
def user_inline_wildcards(user: IamUser, inv: Inventory) -> Verdict:
    """Inline wildcards on a user grant actions nobody reviewed, hidden from policy listings."""
    return _inline_wildcards(user, "user")


@_inline_wildcard_rule("group", IamGroup, "put-group-policy", "group ")
def group_inline_wildcards(group: IamGroup, inv: Inventory) -> Verdict:
    """Inline wildcards on a group grant every member actions nobody reviewed."""
    return _inline_wildcards(group, "group")


@_inline_wildcard_rule("role", IamRole, "put-role-policy", "role  ")
def role_inline_wildcards(role: IamRole, inv: Inventory) -> Verdict:
    """Inline wildcards on a role grant whoever assumes it actions nobody reviewed."""
    if role.service_linked:
        return not_applicable(f"{role.label} is a service-linked role")
    return _inline_wildcards(role, "role")
