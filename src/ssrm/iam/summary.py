"""Whole-policy questions: does it grant everything, which actions of a service does it allow."""

from __future__ import annotations

from collections.abc import Iterable

from ssrm.iam.actions import canonical_action, service_actions
from ssrm.iam.policy import Policy, PolicyKind, Statement
from ssrm.iam.request import PolicyInput, as_policy
from ssrm.iam.scope import covers_all_actions, covers_all_resources


def _policies(policy_docs: PolicyInput | Iterable[PolicyInput]) -> list[Policy]:
    if isinstance(policy_docs, Policy | dict | str):
        policy_docs = [policy_docs]
    return [as_policy(doc, PolicyKind.IDENTITY, f"policy #{i}") for i, doc in enumerate(policy_docs)]


def _denies_everywhere(statement: Statement) -> bool:
    """An unconditional Deny that applies whatever the resource."""
    return statement.is_deny and not statement.conditions and covers_all_resources(statement)


def grants_full_admin(policy_doc: PolicyInput) -> bool:
    """An unconditional Allow of every action on every resource, with no unconditional Deny that
    applies on every resource (a Deny scoped to some resources, or with a condition, leaves it admin)."""
    policy = as_policy(policy_doc, PolicyKind.IDENTITY, "policy")
    grants = any(
        not st.is_deny and not st.conditions and covers_all_actions(st) and covers_all_resources(st)
        for st in policy.statements
    )
    if not grants:
        return False
    return not any(_denies_everywhere(st) and not (st.not_action and st.actions.match_all) for st in policy.statements)


def _literal_actions(statements: Iterable[Statement], service: str) -> set[str]:
    """Actions named exactly in the policies, so ones newer than the catalog still count."""
    named: set[str] = set()
    for statement in statements:
        if statement.not_action:
            continue
        for pattern in statement.actions.patterns:
            prefix, _, name = pattern.lower().partition(":")
            if prefix == service and name and "*" not in name and "?" not in name:
                named.add(pattern.lower())
    return named


def actions_allowed(
    policy_docs: PolicyInput | Iterable[PolicyInput], service_prefix: str, include_conditional: bool = True
) -> set[str]:
    """Actions of one service that the policies together allow on at least some resource.

    Denies count only where unconditional and applying on every resource. Conditional Allows count
    unless ``include_conditional`` is False. Names are AWS's spelling (``iam:PassRole``).
    """
    service = service_prefix.lower()
    statements = [st for policy in _policies(policy_docs) for st in policy.statements]
    candidates = {action.lower() for action in service_actions(service)} | _literal_actions(statements, service)
    allowed: set[str] = set()
    for statement in statements:
        if statement.is_deny or (statement.conditions and not include_conditional):
            continue
        allowed.update(action for action in candidates if statement.matches_action(action))
    for statement in statements:
        if _denies_everywhere(statement):
            allowed = {action for action in allowed if not statement.matches_action(action)}
    return {canonical_action(action) for action in allowed}
