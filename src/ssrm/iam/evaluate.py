"""``can``: the AWS policy evaluation logic for one request.

Order (AWS IAM user guide, "Policy evaluation logic"), every step in three values (see ``tristate``):

1. an explicit Deny in any applicable policy (SCP, RCP, resource, identity, boundary, session) decides;
2. every SCP level above the principal's account, and every RCP level above the resource's, must allow
   (RCPs only for the services that support them, never for service-linked roles: ``rcp_applies``);
3. same account: identity allow (cut by the boundary and the session policy), or a resource-policy
   allow naming the principal (a grant to a role ARN is cut by the boundary and session policy, one to
   a user or session ARN is not); a resource policy naming only the account delegates to IAM;
   resources whose policy must allow (KMS keys, role trust) need the resource policy in any case;
4. cross account: the identity side (with boundary and session) and the resource policy must both allow.

Written for speed: plain ints for three-valued logic, explicit loops, no per-request dataclasses, and
the reason text built only when someone reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache, partial
from typing import cast

from ssrm.iam.context import ContextValue, RequestContext
from ssrm.iam.decision import Decision
from ssrm.iam.policy import Policy, Statement, StatementRef
from ssrm.iam.principals import PrincipalMatch
from ssrm.iam.request import PolicySet, Principal, ResourceRef
from ssrm.iam.tristate import MAYBE, NO, YES, Tri

ContextInput = RequestContext | Mapping[str, ContextValue] | None
Applied = list[tuple[Statement, Tri]]
_NO_MATCH = PrincipalMatch.NONE
_ACCOUNT_MATCH = PrincipalMatch.ACCOUNT
_SESSION_MATCH = PrincipalMatch.SESSION


def _scan(policy: Policy, action: str, resource: str, context: RequestContext, denies: Applied, allows: Applied) -> Tri:
    """Record the policy's statements that apply to the request; return how surely it allows."""
    allow = NO
    statements = policy.action_cache.get(action)
    if statements is None:
        statements = policy.statements_for(action)
    for statement in statements:
        resources = statement.resources
        if resources is not None and not statement.not_resource and not resources.with_variables:
            if not resources.matches(resource):
                continue
            sure = YES
        else:
            sure = statement.matches_resource(resource, context)
            if sure == NO:
                continue
        if statement.conditions:
            outcome = statement.condition_result(context)
            if outcome < sure:
                sure = outcome
                if sure == NO:
                    continue
        if statement.is_deny:
            denies.append((statement, sure))
        else:
            allows.append((statement, sure))
            if sure > allow:
                allow = sure
    return allow


def _levels(
    levels: tuple[tuple[Policy, ...], ...],
    action: str,
    resource: str,
    context: RequestContext,
    denies: Applied,
    allows: Applied,
) -> tuple[Tri, int | None]:
    """Every organization level must allow: the weakest level's answer, and the first that says no."""
    weakest = YES
    failing = None
    for number, level in enumerate(levels):
        allow = NO
        for policy in level:
            outcome = _scan(policy, action, resource, context, denies, allows)
            if outcome > allow:
                allow = outcome
        if allow < weakest:
            weakest = allow
        if allow == NO and failing is None:
            failing = number
    return weakest, failing


def _scan_resource_policy(
    policy: Policy,
    principal: Principal,
    action: str,
    resource: str,
    context: RequestContext,
    denies: Applied,
    allows: Applied,
) -> tuple[Tri, Tri, Tri]:
    """How surely the resource policy grants (unlimited, limited by boundary/session, to the account).

    Unlimited: names the caller's user or session ARN, or anyone when the caller is not a role.
    Limited: names the caller's role ARN, or anyone when the caller is a role.
    Account: names only the caller's account, which delegates to the account's IAM policies.
    """
    unlimited = limited = account = NO
    is_role = principal.principal_type == "AssumedRole"
    for statement in policy.statements_for(action):
        match = statement.matches_principal(principal.arn, principal.account, principal.session_arn)
        if match is _NO_MATCH:
            continue
        sure = statement.matches_resource(resource, context)
        if sure == NO:
            continue
        if statement.conditions:
            sure = min(sure, statement.condition_result(context))
            if sure == NO:
                continue
        if statement.is_deny:
            denies.append((statement, sure))
            continue
        allows.append((statement, sure))
        if match is _ACCOUNT_MATCH:
            account = max(account, sure)
        elif match is _SESSION_MATCH or not is_role:
            unlimited = max(unlimited, sure)
        else:
            limited = max(limited, sure)
    return unlimited, limited, account


def _context_for(principal: Principal, resource: ResourceRef, context: ContextInput) -> RequestContext:
    absent = principal.known_absent_prefixes + resource.known_absent_prefixes
    layers = (principal.context_keys, resource.context_keys)
    if context is None:
        return RequestContext(layers, absent)
    given = context if isinstance(context, RequestContext) else RequestContext.of(context)
    return RequestContext(given.layers + layers, given.absent_prefixes + absent, given.complete)


_NO_CONTEXT = RequestContext()  # for requests where no policy in play has a condition or a variable

RCP_SERVICES = frozenset({"s3", "sts", "kms", "sqs", "secretsmanager", "ecr", "aoss", "cognito-idp", "logs",
                          "dynamodb"})
"""Services whose resources resource control policies cap (AWS Organizations user guide, "List of AWS
services that support RCPs"); an RCP statement on any other service's action has no effect."""
SERVICE_LINKED = ":role/aws-service-role/"


def rcp_applies(principal_arn: str, action: str, resource_arn: str) -> bool:
    """RCPs cap requests to the supported services' resources, except those made by a service-linked role
    and an AWS service assuming its service-linked role (AWS Organizations user guide, "Resources and
    entities not restricted by RCPs"). The management account's resources are left out by the caller,
    which gives no RCP levels for them."""
    if action.split(":", 1)[0] not in RCP_SERVICES:
        return False
    return SERVICE_LINKED not in principal_arn and SERVICE_LINKED not in resource_arn


@lru_cache(maxsize=65536)
def _resource_from_arn(arn: str) -> ResourceRef:
    return ResourceRef(arn=arn)


Gates = tuple[Tri, int | None, Tri, Tri, Tri, Applied, Applied]
"""What the caller-side policies say: SCP allow, first failing SCP level, identity allow, boundary
allow, session allow, and the statements that applied (denies, allows)."""
_UNSEEN = object()


def _gather(policies: PolicySet, action: str, resource: str, context: RequestContext) -> Gates:
    denies: Applied = []
    allows: Applied = []
    scp_allow, scp_failing = YES, None
    if policies.scp_levels:
        scp_allow, scp_failing = _levels(policies.scp_levels, action, resource, context, denies, allows)
    identity_allow = _scan(policies.identity, action, resource, context, denies, allows)
    boundary = YES if policies.boundary is None else _scan(policies.boundary, action, resource, context, denies, allows)
    session = YES if policies.session is None else _scan(policies.session, action, resource, context, denies, allows)
    return scp_allow, scp_failing, identity_allow, boundary, session, denies, allows


def _independent_of_request(policies: PolicySet, action: str) -> bool:
    """Every statement that could apply is unconditional and on every resource."""
    for policy in policies.policies():
        for statement in policy.statements_for(action):
            resources = statement.resources
            if statement.conditions or statement.not_resource:
                return False
            if resources is not None and not resources.match_all:
                return False
    return True


def _memoized_gates(policies: PolicySet, action: str) -> Gates | None:
    """The caller side's answer for ``action`` when it holds for every resource and request."""
    found = policies.answers.get(action, _UNSEEN)
    if found is _UNSEEN:
        found = _gather(policies, action, "*", _NO_CONTEXT) if _independent_of_request(policies, action) else None
        policies.answers[action] = found
    return cast("Gates | None", found)


def can(principal: Principal, action: str, resource: ResourceRef | str, context: ContextInput = None) -> Decision:
    """May ``principal`` call ``action`` on ``resource``? ``resource`` may be a bare ARN or ``*``.

    ``context`` holds the request's known condition keys (a mapping, or a ``RequestContext``); a key
    set to None is known to be absent. Keys nobody gave leave their conditions undecided and the
    Decision ``conditional``.
    """
    target = resource if isinstance(resource, ResourceRef) else _resource_from_arn(resource)
    folded = action.lower()
    arn = target.arn
    policies = principal.policy_set
    resource_side = target.resource_policy is not None or target.rcp_levels
    gates = None if resource_side else _memoized_gates(policies, folded)
    rcp_allow, rcp_failing = YES, None
    unlimited = limited = account = NO
    if gates is None:
        reads_context = principal.reads_context or target.reads_context
        ctx = _context_for(principal, target, context) if reads_context else _NO_CONTEXT
        gates = _gather(policies, folded, arn, ctx)
        denies, allows = gates[5], gates[6]
        if target.rcp_levels and rcp_applies(principal.arn, folded, arn):
            rcp_allow, rcp_failing = _levels(target.rcp_levels, folded, arn, ctx, denies, allows)
        if target.resource_policy is not None:
            unlimited, limited, account = _scan_resource_policy(
                target.resource_policy, principal, folded, arn, ctx, denies, allows
            )
    scp_allow, scp_failing, identity_allow, boundary, session, denies, allows = gates
    if principal.principal_type == "Account":
        identity_allow = YES  # the root user holds every permission of its own account

    # Kleene logic on ints: min is "and", max is "or"; written out because builtins cost a call each.
    cut = boundary if boundary < session else session
    limited_path = limited if limited < cut else cut
    resource_path = unlimited if unlimited > limited_path else limited_path
    same_account = target.account is None or target.account == principal.account
    if principal.is_service:
        grant = resource_path
    else:
        identity_path = identity_allow if identity_allow < cut else cut
        if not same_account:
            resource_reach = max(unlimited, limited, account)
            grant = identity_path if identity_path < resource_reach else resource_reach
        elif target.policy_required:
            delegated = account if account < identity_path else identity_path
            grant = resource_path if resource_path > delegated else delegated
        else:
            grant = identity_path if identity_path > resource_path else resource_path

    deny = NO
    for _, sure in denies:
        if sure > deny:
            deny = sure
    verdict = min(grant, scp_allow, rcp_allow, YES - deny)
    explain = partial(
        _reason,
        verdict,
        deny,
        denies,
        allows,
        (principal, target, action, same_account, identity_allow, boundary, session),
        (unlimited, limited, account, scp_failing, rcp_failing),
    )

    if deny == YES:
        return Decision(False, False, _refs(denies, YES), explain)
    if verdict == NO:
        return Decision(False, False, (), explain)
    if verdict == YES:
        return Decision(True, False, _refs(allows, MAYBE), explain)
    return Decision(True, True, _refs(allows, MAYBE) + _refs(denies, MAYBE, exact=True), explain)


def _refs(applied: Applied, at_least: Tri, exact: bool = False) -> tuple[StatementRef, ...]:
    if exact:
        return tuple([statement.ref for statement, sure in applied if sure == at_least])
    return tuple([statement.ref for statement, sure in applied if sure >= at_least])


class _Facts:
    """What ``_reason`` needs to tell a person why; only built when the reason is read."""

    def __init__(
        self,
        request: tuple[Principal, ResourceRef, str, bool, Tri, Tri, Tri],
        sides: tuple[Tri, Tri, Tri, int | None, int | None],
    ) -> None:
        (
            self.principal,
            self.target,
            self.action,
            self.same_account,
            self.identity_allow,
            self.boundary,
            self.session,
        ) = request
        self.resource_side = sides[:3]
        self.org_failing = sides[3:]


def _describe(applied: Applied) -> str:
    parts = []
    for statement, sure in applied:
        text = str(statement.ref)
        if sure == MAYBE:
            keys = ", ".join(statement.condition_keys) or "a policy variable"
            text += f" (if {keys} allow)"
        parts.append(text)
    return "; ".join(parts)


def _reason(
    verdict: Tri,
    deny: Tri,
    denies: Applied,
    allows: Applied,
    request_facts: tuple[Principal, ResourceRef, str, bool, Tri, Tri, Tri],
    sides: tuple[Tri, Tri, Tri, int | None, int | None],
) -> str:
    facts = _Facts(request_facts, sides)
    request = f"{facts.principal.arn} -> {facts.action} on {facts.target.arn}"
    if facts.target.account is None and facts.target.arn != "*":
        request += " (resource account unknown: taken as the caller's)"
    if deny == YES:
        return f"{request}: explicitly denied by {_describe([p for p in denies if p[1] == YES])}"
    if verdict == NO:
        return f"{request}: implicitly denied, {_why_not(facts)}"
    applied = [pair for pair in allows if pair[1] != NO]
    if not applied:
        return f"{request}: allowed, the root user holds every permission of its own account"
    if verdict == YES:
        return f"{request}: allowed by {_describe(applied)}"
    text = f"{request}: allowed only if conditions hold: {_describe(applied)}"
    undecided = [pair for pair in denies if pair[1] == MAYBE]
    if undecided:
        text += f"; unless denied by {_describe(undecided)}"
    return text


def _why_not(facts: _Facts) -> str:
    scp_failing, rcp_failing = facts.org_failing
    if scp_failing is not None:
        return f"no service control policy at organization level {scp_failing} allows it"
    if rcp_failing is not None:
        return f"no resource control policy at organization level {rcp_failing} allows it"
    unlimited, limited, account = facts.resource_side
    if facts.principal.is_service:
        return "no resource policy statement names this service"
    if not facts.same_account:
        if facts.target.resource_policy is None:
            return "cross-account access needs a resource policy and the resource has none"
        if max(unlimited, limited, account) == NO:
            return "cross-account access needs the resource policy to allow it, and it does not"
    if facts.target.policy_required and max(unlimited, limited, account) == NO:
        return "this resource's own policy must allow the caller, and it does not"
    if facts.identity_allow == NO and max(unlimited, limited) == NO:
        return "no identity or resource policy allows it"
    if facts.boundary == NO:
        return "the permissions boundary does not allow it"
    if facts.session == NO:
        return "the session policy does not allow it"
    return "no policy allows it"
