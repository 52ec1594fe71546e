"""Small readings of policy documents shared by rules of every service.

The questions "is it open to anyone" and "does it grant everything" are answered by the policy evaluator
(``ssrm.iam``), so rules and attack paths agree; this module adapts its answers to what rules print.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ssrm.iam import grants_full_admin, is_public

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
        folded = operator.lower()
        if folded.startswith("null") or "not" in folded or folded.endswith("ifexists"):
            continue  # negated or optional comparisons open a statement up rather than pin its callers
        for key, values in block.items():
            if key.lower() in RESTRICTING_KEYS and "*" not in as_list(values):
                return True
    return False


def public_statements(document: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Allow statements that any principal in the world can use (per ``ssrm.iam.is_public``)."""
    if not document:
        return []
    raw = list(statements(document)) if isinstance(document.get("Statement"), list) else [document["Statement"]]
    return [raw[ref.index] for ref in is_public(document).statements if ref.index < len(raw)]


def actions_of(statement: dict[str, Any]) -> list[str]:
    return [str(a) for a in as_list(statement.get("Action"))]


def grants_everything(document: dict[str, Any] | None) -> bool:
    """An Allow of action "*" on resource "*" (what CIS calls full administrative privileges)."""
    return document is not None and bool(document) and grants_full_admin(document)
