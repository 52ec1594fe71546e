"""Effective access rules: principals that can become administrator, and principals that reach a crown jewel
only by escalating. One rule per principal type (a rule judges one resource type), one check each.

The analysis (``ssrm.access``) is computed once per inventory and shared by every principal's check. It is
imported lazily: ``ssrm.paths`` itself imports rule helpers, and the rules catalog must load without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage, Status
from ssrm.model.resources.identity.iam import IamGroup, IamPrincipal, IamRole, IamUser
from ssrm.rules.base import Rule, Verdict, failed, not_applicable, passed, rule

if TYPE_CHECKING:
    from ssrm.access.analysis import AccessAnalysis, Reach

ESCALATION_ATTACK = ("T1098", "T1098.001", "T1098.003", "T1548.005", "T1078.004")
JEWEL_ATTACK = ("T1098", "T1548.005", "T1530")
MAX_NAMED = 3
_LAST: list[tuple[Inventory, AccessAnalysis]] = []


def access_of(inventory: Inventory) -> AccessAnalysis:
    """The inventory's access analysis, computed on first use and kept for the inventory being judged."""
    if _LAST and _LAST[0][0] is inventory:
        return _LAST[0][1]
    from ssrm.access.analysis import analyze

    analysis = analyze(inventory)
    _LAST[:] = [(inventory, analysis)]
    return analysis


def chain_words(analysis: AccessAnalysis, reach: Reach) -> str:
    """"dev -> ci (sts:AssumeRole) -> admin-role (lambda:CreateFunction+InvokeFunction) -> administrator"."""
    words = [analysis.label(reach.principal)]
    for step in reach.steps:
        how = f" ({step.method})" if step.method and step.method != "*:*" else ""
        words.append(f"{analysis.label(step.target)}{how}")
    return " -> ".join(words)


def _unreadable(analysis: AccessAnalysis, principal: IamPrincipal) -> Verdict | None:
    missing = analysis.unreadable.get(principal.arn)
    if not missing:
        return None
    names = ", ".join(arn.rsplit("/", 1)[-1] for arn in missing)
    return Verdict(Status.ERROR, f"the document of {names} could not be read, so what {principal.label} can reach "
                                 "is unknown")


def _service_linked(principal: IamPrincipal) -> bool:
    return isinstance(principal, IamRole) and principal.service_linked


def check_escalation(principal: IamPrincipal, inv: Inventory) -> Verdict:
    if _service_linked(principal):
        return not_applicable("service-linked roles are written and used by AWS")
    analysis = access_of(inv)
    if analysis.is_admin(principal.arn):
        return not_applicable(f"{principal.label} is already an administrator")
    error = _unreadable(analysis, principal)
    if error is not None:
        return error
    reach = analysis.admin_reach(principal.arn)
    if reach is None:
        return passed(f"no chain of at most {analysis.max_depth} role assumptions and escalation methods leads "
                      f"{principal.label} to administrator access")
    methods = ", ".join(reach.methods) or "its grants"
    if reach.conditional:
        return failed(f"{principal.label} can become administrator if an undecided condition holds, by "
                      f"{methods}: {chain_words(analysis, reach)}")
    return failed(f"{principal.label} can become administrator by {methods}: {chain_words(analysis, reach)}")


def check_jewel_via_escalation(principal: IamPrincipal, inv: Inventory) -> Verdict:
    if _service_linked(principal):
        return not_applicable("service-linked roles are written and used by AWS")
    analysis = access_of(inv)
    if analysis.is_admin(principal.arn):
        return not_applicable(f"{principal.label} is already an administrator")
    error = _unreadable(analysis, principal)
    if error is not None:
        return error
    jewels = [n for n in analysis.stores() if n.is_jewel]
    if not jewels:
        return passed("the account holds no crown-jewel store")
    direct = {r.target for r in analysis.stores_of(principal.arn) if not r.escalates}
    escalated = [r for r in analysis.stores_of(principal.arn) if r.escalates and r.target not in direct
                 and analysis.graph.nodes[r.target].is_jewel]
    admin = analysis.admin_reach(principal.arn)
    if admin is not None:
        via_admin = [j for j in jewels if j.id not in direct]
        if via_admin:
            names = ", ".join(j.label for j in via_admin[:MAX_NAMED]) + (
                f" and {len(via_admin) - MAX_NAMED} more" if len(via_admin) > MAX_NAMED else "")
            maybe = "may reach" if admin.conditional else "reaches"
            return failed(f"{principal.label} {maybe} {names} only by becoming administrator: "
                          f"{chain_words(analysis, admin)}")
    if escalated:
        escalated.sort(key=lambda r: (-analysis.graph.nodes[r.target].value, len(r.steps)))
        first = escalated[0]
        more = f" (and {len(escalated) - 1} more crown jewels)" if len(escalated) > 1 else ""
        maybe = "may reach" if first.conditional else "reaches"
        return failed(f"{principal.label} {maybe} {analysis.label(first.target)} only by escalating: "
                      f"{chain_words(analysis, first)}{more}")
    return passed(f"{principal.label} reaches no crown jewel by escalation"
                  + (f" ({len(direct)} stores through its own grants)" if direct else ""))


ESCALATION_REMEDIATION = Remediation(
    text="Take the escalation permission off the principal (the first escalation step of the chain), scope "
         "iam:PassRole to the roles it must pass and the services it passes them to (iam:PassedToService), "
         "or put a permissions boundary on it and on the roles it creates. `ssrm access escalations` lists the "
         "chain of each principal.",
    cli="aws iam simulate-principal-policy --policy-source-arn <PRINCIPAL_ARN> --action-names iam:PassRole "
        "iam:AttachRolePolicy iam:CreatePolicyVersion  # then remove or scope the statements it reports",
    terraform='resource "aws_iam_role" "ci" {\n  permissions_boundary = aws_iam_policy.boundary.arn\n}',
)
JEWEL_REMEDIATION = Remediation(
    text="Cut the escalation step of the chain (see `ssrm access what-can <PRINCIPAL>`); if the principal "
         "needs the data, grant it directly and narrowly instead.",
    cli="aws iam simulate-principal-policy --policy-source-arn <PRINCIPAL_ARN> --action-names iam:PassRole",
    terraform='data "aws_iam_policy_document" "narrow" {\n  statement {\n    actions   = ["iam:PassRole"]\n'
              '    resources = [aws_iam_role.only_this_one.arn]\n    condition {\n      test     = "StringEquals"\n'
              '      variable = "iam:PassedToService"\n      values   = ["lambda.amazonaws.com"]\n    }\n  }\n}',
)


def _escalation_rule(kind: str, resource_type: type[IamPrincipal]) -> Rule:
    return rule(
        id=f"iam_{kind}_privilege_escalation", title=f"IAM {kind}s cannot escalate to administrator access",
        resource_type=resource_type, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.HIGH,
        stage=Stage.DISCOVER_SPREAD, attack=ESCALATION_ATTACK, phase=Phase.EFFICIENT, smm="IA3.1",
        needs=("inline_policies", "attached_policy_arns"), remediation=ESCALATION_REMEDIATION,
        description=f"An IAM {kind} that is not an administrator but can become one, directly or through any "
                    "chain of role assumptions and publicly documented escalation methods (PassRole to a "
                    "service, policy edits, credential creation, code execution on compute with a role). "
                    "The reason names the methods and the chain.",
        skips="administrators themselves and service-linked roles",
    )(check_escalation)


def _jewel_rule(kind: str, resource_type: type[IamPrincipal]) -> Rule:
    return rule(
        id=f"iam_{kind}_crown_jewel_via_escalation",
        title=f"IAM {kind}s reach no crown jewel only by escalating",
        resource_type=resource_type, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.HIGH,
        stage=Stage.EXFILTRATE, attack=JEWEL_ATTACK, phase=Phase.EFFICIENT, smm="IA3.1",
        needs=("inline_policies", "attached_policy_arns"), remediation=JEWEL_REMEDIATION,
        description=f"An IAM {kind} with no grant on a crown-jewel store (sensitive tags or names, secrets, "
                    "databases, keys) that still reaches one by escalating its privileges first.",
        skips="administrators themselves and service-linked roles",
    )(check_jewel_via_escalation)


iam_user_privilege_escalation = _escalation_rule("user", IamUser)
iam_role_privilege_escalation = _escalation_rule("role", IamRole)
iam_group_privilege_escalation = _escalation_rule("group", IamGroup)
iam_user_crown_jewel_via_escalation = _jewel_rule("user", IamUser)
iam_role_crown_jewel_via_escalation = _jewel_rule("role", IamRole)
iam_group_crown_jewel_via_escalation = _jewel_rule("group", IamGroup)
