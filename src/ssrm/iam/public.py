"""Is a resource policy open to anyone?"""

from __future__ import annotations

from dataclasses import dataclass

from ssrm.iam.policy import PolicyKind, Statement, StatementRef
from ssrm.iam.request import PolicyInput, as_policy
from ssrm.iam.scope import deny_covers, excludes_outsiders, restricts_callers


@dataclass(frozen=True, slots=True)
class PublicAccess:
    """``public``: some Allow names any principal or any AWS account without pinning the callers.
    ``conditional``: every such statement carries other conditions (``aws:SecureTransport``, a prefix),
    which narrow the requests but not who can make them."""

    public: bool
    conditional: bool
    statements: tuple[StatementRef, ...]
    reason: str

    def __bool__(self) -> bool:
        return self.public


def _open_to_anyone(statement: Statement) -> bool:
    principals = statement.principals
    if principals is None:
        return False
    if statement.not_principal:
        return True  # Allow + NotPrincipal: everyone except the few named
    return principals.anyone


def _neutralized(allow: Statement, denies: list[Statement]) -> bool:
    """A Deny to anyone outside an org/account/endpoint, covering what ``allow`` grants."""
    for deny in denies:
        if deny.principals is None or not (deny.principals.anyone or deny.not_principal):
            continue
        if deny.conditions and not all(excludes_outsiders(clause) for clause in deny.conditions):
            continue
        if deny_covers(deny, allow):
            return True
    return False


def is_public(resource_policy: PolicyInput | None) -> PublicAccess:
    """Which Allow statements open the resource to any principal or any AWS account.

    Statements whose conditions restrict the caller to an organization, account, VPC endpoint, VPC,
    source IP, source ARN or external id are not public, nor are those undone by a Deny to everyone
    outside such a boundary.
    """
    if resource_policy is None:
        return PublicAccess(False, False, (), "no resource policy")
    policy = as_policy(resource_policy, PolicyKind.RESOURCE, "resource policy")
    denies = [st for st in policy.statements if st.is_deny]
    open_statements: list[Statement] = []
    for statement in policy.statements:
        if statement.is_deny or not _open_to_anyone(statement):
            continue
        if any(restricts_callers(clause) for clause in statement.conditions):
            continue
        if _neutralized(statement, denies):
            continue
        open_statements.append(statement)
    if not open_statements:
        return PublicAccess(False, False, (), "no statement allows anyone")
    conditional = all(statement.conditions for statement in open_statements)
    refs = tuple(statement.ref for statement in open_statements)
    described = "; ".join(
        str(st.ref) + (f" when {', '.join(st.condition_keys)} allow" if st.conditions else "") for st in open_statements
    )
    return PublicAccess(True, conditional, refs, f"open to anyone: {described}")
