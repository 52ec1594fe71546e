"""Small, conservative readings of policy documents shared by rules of every service.

The full evaluator (``ssrm.iam``) answers "can X do Y on Z"; these helpers answer the narrower questions
posture rules ask of one document: is it open to anyone, does it grant everything, whom does it trust.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# Condition keys that pin an otherwise public statement to known callers.
RESTRICTING_KEYS = {
    "aws:sourceaccount", "aws:sourceowner", "aws:sourcearn", "aws:sourcevpc", "aws:sourcevpce",
    "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
    "aws:sourceip", "aws:resourceorgid", "aws:userid", "aws:username", "kms:calleraccount",
    "kms:viaservice", "sts:externalid", "aws:sourceorgid", "aws:sourceorgpaths", "lambda:functionurlauthtype",
}


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def statements(document: dict[str, Any] | None) -> Iterator[dict[str, Any]]:
    if not document:
        return
    for statement in as_list(document.get("Statement")):
        if isinstance(statement, dict):
            yield statement


def principal_is_anyone(statement: dict[str, Any]) -> bool:
    """True when Principal names every AWS principal ("*" or {"AWS": "*"})."""
    if "NotPrincipal" in statement:
        return True  # Allow + NotPrincipal grants everyone except the named ones
    principal = statement.get("Principal")
    if principal == "*":
        return True
    if isinstance(principal, dict):
        return "*" in as_list(principal.get("AWS"))
    return False


def restricting_condition(statement: dict[str, Any]) -> bool:
    """True when a condition limits who can use the statement (org, account, VPC endpoint, source IP...)."""
    for operator, block in (statement.get("Condition") or {}).items():
        if not isinstance(block, dict):
            continue
        if operator.lower().startswith("null"):
            continue
        for key, values in block.items():
            if key.lower() in RESTRICTING_KEYS and "*" not in as_list(values):
                return True
    return False


def public_statements(document: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Allow statements that any principal in the world can use."""
    return [
        s for s in statements(document)
        if s.get("Effect") == "Allow" and principal_is_anyone(s) and not restricting_condition(s)
    ]


def actions_of(statement: dict[str, Any]) -> list[str]:
    return [str(a) for a in as_list(statement.get("Action"))]


def grants_everything(document: dict[str, Any] | None) -> bool:
    """An Allow of action "*" on resource "*" (what CIS calls full administrative privileges)."""
    for s in statements(document):
        if s.get("Effect") != "Allow" or "NotAction" in s or s.get("Condition"):
            continue
        if "*" in actions_of(s) and "*" in as_list(s.get("Resource")):
            return True
    return False
