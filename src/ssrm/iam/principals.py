"""The Principal / NotPrincipal element of resource and trust policies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from ssrm.iam.arn import is_account_root
from ssrm.iam.errors import PolicyError

PRINCIPAL_TYPES = ("AWS", "Service", "Federated", "CanonicalUser")


class PrincipalMatch(IntEnum):
    """How a resource policy statement names the caller; it changes what else must allow the call."""

    NONE = 0
    ACCOUNT = 1  # the caller's account: delegates to the account's own IAM policies
    IDENTITY = 2  # the caller's user or role ARN
    SESSION = 3  # the caller's role-session ARN
    ANYONE = 4  # "*" or NotPrincipal without the caller


@dataclass(frozen=True, slots=True)
class PrincipalSet:
    """Parsed Principal element. ``anyone`` covers ``"*"`` and ``{"AWS": "*"}``."""

    anyone: bool = False
    accounts: frozenset[str] = frozenset()
    arns: frozenset[str] = frozenset()
    services: frozenset[str] = frozenset()
    federated: frozenset[str] = frozenset()
    canonical_users: frozenset[str] = frozenset()
    other_ids: frozenset[str] = frozenset()  # unique ids (AIDA...) left when a named principal was deleted

    @classmethod
    def parse(cls, element: Any) -> PrincipalSet:
        if element == "*":
            return cls(anyone=True)
        if not isinstance(element, Mapping) or not element:
            raise PolicyError('Principal must be "*" or an object such as {"AWS": [...]}')
        found: dict[str, set[str]] = {name: set() for name in PRINCIPAL_TYPES}
        for kind, raw in element.items():
            if kind not in found:
                raise PolicyError(f"unknown principal type {kind!r} (expected one of {', '.join(PRINCIPAL_TYPES)})")
            values = raw if isinstance(raw, list) else [raw]
            if not values:
                raise PolicyError(f"Principal {kind} is an empty list")
            for value in values:
                if not isinstance(value, str) or not value:
                    raise PolicyError(f"Principal {kind} holds a value that is not a string: {value!r}")
                found[kind].add(value)
        accounts: set[str] = set()
        arns: set[str] = set()
        other: set[str] = set()
        anyone = False
        for value in found["AWS"]:
            account = is_account_root(value)
            if value == "*":
                anyone = True
            elif account:
                accounts.add(account)
            elif value.startswith("arn:"):
                arns.add(value)
            else:
                other.add(value)
        return cls(
            anyone=anyone,
            accounts=frozenset(accounts),
            arns=frozenset(arns),
            services=frozenset(value.lower() for value in found["Service"]),
            federated=frozenset(found["Federated"]),
            canonical_users=frozenset(found["CanonicalUser"]),
            other_ids=frozenset(other),
        )

    def match(self, arn: str, account: str | None, session_arn: str | None = None) -> PrincipalMatch:
        """How this element names a caller (``arn`` is a user/role/root ARN, or a service name)."""
        if self.anyone:
            return PrincipalMatch.ANYONE
        if session_arn is not None and session_arn in self.arns:
            return PrincipalMatch.SESSION
        if arn in self.arns or arn.lower() in self.services or arn in self.federated:
            return PrincipalMatch.IDENTITY
        if account is not None and account in self.accounts:
            if arn == f"arn:aws:iam::{account}:root":
                return PrincipalMatch.IDENTITY
            return PrincipalMatch.ACCOUNT
        return PrincipalMatch.NONE

    def excludes(self, arn: str, account: str | None, session_arn: str | None = None) -> bool:
        """For NotPrincipal: is the caller one of the listed principals?

        A listed account stands for its root user only, as in AWS: it does not exclude the
        account's users and roles.
        """
        if self.anyone:
            return True
        if arn in self.arns or (session_arn is not None and session_arn in self.arns):
            return True
        if arn.lower() in self.services or arn in self.federated:
            return True
        return account is not None and account in self.accounts and arn == f"arn:aws:iam::{account}:root"
