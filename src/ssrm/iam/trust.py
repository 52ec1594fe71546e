"""Whom a role's trust policy lets assume it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ssrm.iam.arn import account_of
from ssrm.iam.policy import PolicyKind, Statement, StatementRef
from ssrm.iam.principals import PrincipalSet
from ssrm.iam.request import PolicyInput, as_policy
from ssrm.iam.scope import restricts_callers

ASSUME_ACTIONS = ("sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity")
TrustKind = Literal["anyone", "account", "aws", "service", "federated", "canonical", "unique-id"]


@dataclass(frozen=True, slots=True)
class TrustedPrincipal:
    """One principal a trust policy lets in.

    ``external_id``: an ``sts:ExternalId`` condition must match (the confused-deputy guard for third
    parties). ``restricted``: some condition pins callers to an org, account, source or id.
    ``cross_account`` is None when the role's own account was not given or the principal has none.
    """

    kind: TrustKind
    value: str
    account: str | None
    actions: tuple[str, ...]
    external_id: bool
    mfa: bool
    restricted: bool
    condition_keys: tuple[str, ...]
    cross_account: bool | None
    statement: StatementRef

    @property
    def conditional(self) -> bool:
        return bool(self.condition_keys)


def _assume_actions(statement: Statement) -> tuple[str, ...]:
    return tuple(action for action in ASSUME_ACTIONS if statement.matches_action(action))


def _entries(principals: PrincipalSet, not_principal: bool) -> list[tuple[TrustKind, str, str | None]]:
    if principals.anyone or not_principal:
        return [("anyone", "*", None)]
    entries: list[tuple[TrustKind, str, str | None]] = []
    entries += [("account", account, account) for account in sorted(principals.accounts)]
    entries += [("aws", arn, account_of(arn)) for arn in sorted(principals.arns)]
    entries += [("service", service, None) for service in sorted(principals.services)]
    entries += [("federated", provider, account_of(provider)) for provider in sorted(principals.federated)]
    entries += [("canonical", user, None) for user in sorted(principals.canonical_users)]
    entries += [("unique-id", other, None) for other in sorted(principals.other_ids)]
    return entries


def _has_positive(statement: Statement, key: str) -> bool:
    return any(
        clause.key.lower() == key and not clause.spec.negated and clause.spec.family != "null"
        for clause in statement.conditions
    )


def _requires_mfa(statement: Statement) -> bool:
    for clause in statement.conditions:
        if clause.key.lower() == "aws:multifactorauthpresent" and clause.spec.family == "bool":
            return not clause.if_exists and ("true" in {v.lower() for v in clause.values})
    return False


def _denied_outright(value: str, denies: list[Statement]) -> bool:
    for deny in denies:
        if deny.conditions or deny.principals is None or deny.not_principal:
            continue
        if deny.principals.anyone or value in deny.principals.arns or value in deny.principals.accounts:
            return True
    return False


def trusts(trust_policy: PolicyInput, account: str | None = None) -> list[TrustedPrincipal]:
    """Every principal that an Allow for ``sts:AssumeRole*`` names, with the guards on it.

    ``account`` is the role's own account, which makes ``cross_account`` known.
    """
    policy = as_policy(trust_policy, PolicyKind.TRUST, "trust policy")
    denies = [st for st in policy.statements if st.is_deny and _assume_actions(st)]
    found: list[TrustedPrincipal] = []
    for statement in policy.statements:
        actions = _assume_actions(statement)
        if statement.is_deny or not actions or statement.principals is None:
            continue
        restricted = any(restricts_callers(clause) for clause in statement.conditions)
        for kind, value, principal_account in _entries(statement.principals, statement.not_principal):
            if _denied_outright(value, denies):
                continue
            cross = None
            if account is not None and principal_account is not None:
                cross = principal_account != account
            elif account is not None and kind == "anyone":
                cross = True
            found.append(
                TrustedPrincipal(
                    kind=kind,
                    value=value,
                    account=principal_account,
                    actions=actions,
                    external_id=_has_positive(statement, "sts:externalid"),
                    mfa=_requires_mfa(statement),
                    restricted=restricted,
                    condition_keys=statement.condition_keys,
                    cross_account=cross,
                    statement=statement.ref,
                )
            )
    return found
