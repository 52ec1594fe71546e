"""Policy documents parsed into compiled statements.

Parsing validates what AWS itself validates and turns every pattern into a matcher once, so that
evaluation (called millions of times by the attack-path engine) only matches.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

from ssrm.iam.conditions import ConditionClause, conditions_result, parse_conditions
from ssrm.iam.context import RequestContext
from ssrm.iam.errors import PolicyError
from ssrm.iam.principals import PrincipalMatch, PrincipalSet
from ssrm.iam.tristate import YES, Tri, negate, tri
from ssrm.iam.wildcard import PatternSet

PolicyDocument = Mapping[str, Any]
VERSIONS = ("2012-10-17", "2008-10-17")
STATEMENT_KEYS = frozenset(
    {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"}
)


class PolicyKind(StrEnum):
    IDENTITY = "identity"
    RESOURCE = "resource"
    TRUST = "trust"
    BOUNDARY = "boundary"
    SCP = "scp"
    RCP = "rcp"
    SESSION = "session"

    @property
    def names_principals(self) -> bool:
        """Resource-side policies say whom they apply to; the others apply to their holder."""
        return self in (PolicyKind.RESOURCE, PolicyKind.TRUST, PolicyKind.RCP)


@dataclass(frozen=True, slots=True)
class StatementRef:
    """Which statement of which policy: what a Decision reports."""

    policy_name: str
    policy_kind: PolicyKind
    index: int
    sid: str | None
    effect: str

    def __str__(self) -> str:
        label = f"Sid {self.sid!r}" if self.sid else f"statement {self.index}"
        return f"{self.policy_kind} policy {self.policy_name!r} {label} ({self.effect})"


@dataclass(frozen=True, slots=True, eq=False)
class Statement:
    ref: StatementRef
    is_deny: bool
    actions: PatternSet
    not_action: bool
    resources: PatternSet | None  # None: no Resource element (trust policies), applies to the resource itself
    not_resource: bool
    principals: PrincipalSet | None  # None: the policy's holder
    not_principal: bool
    conditions: tuple[ConditionClause, ...]
    raw: PolicyDocument

    def matches_action(self, action: str) -> bool:
        return self.actions.matches(action) != self.not_action

    def matches_resource(self, resource: str, context: RequestContext) -> Tri:
        if self.resources is None:
            return YES
        if self.resources.with_variables:
            found = self.resources.matches_with(resource, context.single)
        else:
            found = tri(self.resources.matches(resource))
        if self.not_resource:
            return negate(found)
        return found

    def matches_principal(self, arn: str, account: str | None, session_arn: str | None) -> PrincipalMatch:
        if self.principals is None:
            return PrincipalMatch.IDENTITY
        if self.not_principal:
            excluded = self.principals.excludes(arn, account, session_arn)
            return PrincipalMatch.NONE if excluded else PrincipalMatch.ANYONE
        return self.principals.match(arn, account, session_arn)

    def condition_result(self, context: RequestContext) -> Tri:
        if not self.conditions:
            return YES
        return conditions_result(self.conditions, context)

    @property
    def condition_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(clause.key for clause in self.conditions))


@dataclass(frozen=True, eq=False)
class Policy:
    """A parsed policy. Compared by identity; safe to share between many principals."""

    name: str
    kind: PolicyKind
    statements: tuple[Statement, ...]
    document: PolicyDocument = field(repr=False)
    # Memo of statements_for, read directly by the evaluator's hot loop.
    action_cache: dict[str, tuple[Statement, ...]] = field(default_factory=dict, repr=False)

    def statements_for(self, action: str) -> tuple[Statement, ...]:
        """Statements whose Action/NotAction covers ``action`` (any case), memoized per action."""
        folded = action.lower()
        cached = self.action_cache.get(folded)
        if cached is None:
            cached = tuple(st for st in self.statements if st.matches_action(folded))
            self.action_cache[folded] = cached
        return cached

    @property
    def has_deny(self) -> bool:
        return any(st.is_deny for st in self.statements)

    @cached_property
    def reads_context(self) -> bool:
        """Whether any statement has conditions or policy variables (so needs the request context)."""
        return any(
            st.conditions or (st.resources is not None and st.resources.with_variables) for st in self.statements
        )


def load_document(document: PolicyDocument | str | bytes, name: str = "policy") -> PolicyDocument:
    """A policy as a dict: accepts the dict itself, JSON text, or URL-encoded JSON as IAM returns it."""
    if isinstance(document, Mapping):
        return document
    if isinstance(document, bytes):
        document = document.decode("utf-8", errors="replace")
    if not isinstance(document, str):
        raise PolicyError(f"policy document must be an object, got {type(document).__name__}", policy=name)
    text = document.strip()
    if text.startswith("%7B") or text.startswith("%7b"):
        text = urllib.parse.unquote(text)
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as error:
        raise PolicyError(f"not valid JSON ({error.msg} at line {error.lineno})", policy=name) from None
    if not isinstance(loaded, Mapping):
        raise PolicyError("policy document must be a JSON object", policy=name)
    return loaded


def parse_policy(
    document: PolicyDocument | str | bytes, kind: PolicyKind | str = PolicyKind.IDENTITY, name: str = "policy"
) -> Policy:
    """Parse and validate one policy document; raises ``PolicyError`` with a one-line message."""
    kind = PolicyKind(kind)
    doc = load_document(document, name)
    unknown = set(doc) - {"Version", "Id", "Statement"}
    if unknown:
        raise PolicyError(f"unknown top-level element {sorted(map(str, unknown))[0]!r}", policy=name)
    version = doc.get("Version")
    if version is not None and version not in VERSIONS:
        raise PolicyError(f"Version must be one of {', '.join(VERSIONS)}, got {version!r}", policy=name)
    if "Statement" not in doc:
        raise PolicyError("missing Statement", policy=name)
    raw_statements = doc["Statement"]
    if isinstance(raw_statements, Mapping):
        raw_statements = [raw_statements]
    if not isinstance(raw_statements, list):
        raise PolicyError("Statement must be an object or a list of objects", policy=name)
    statements = []
    for index, raw in enumerate(raw_statements):
        try:
            statements.append(_parse_statement(raw, index, kind, name))
        except PolicyError as error:
            if error.policy is not None:
                raise
            sid = raw.get("Sid") if isinstance(raw, Mapping) else None
            where = f"statement {index}" + (f" (Sid {sid!r})" if isinstance(sid, str) and sid else "")
            raise PolicyError(f"{where}: {error}", policy=name) from None
    return Policy(name=name, kind=kind, statements=tuple(statements), document=doc)


def _string_list(value: Any, element: str) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise PolicyError(f"{element} is an empty list")
    for item in items:
        if not isinstance(item, str) or not item:
            raise PolicyError(f"{element} must hold non-empty strings, got {item!r}")
    return tuple(items)


def _one_of(raw: Mapping[str, Any], positive: str, negative: str, required: bool) -> tuple[Any, bool] | None:
    if positive in raw and negative in raw:
        raise PolicyError(f"a statement cannot have both {positive} and {negative}")
    if positive in raw:
        return raw[positive], False
    if negative in raw:
        return raw[negative], True
    if required:
        raise PolicyError(f"missing {positive} (or {negative})")
    return None


def _check_action(action: str) -> None:
    if action == "*":
        return
    service, colon, name = action.partition(":")
    if not colon or not service or not name or any(c.isspace() for c in action):
        raise PolicyError(f'action {action!r} is not "service:Action"')


def _parse_statement(raw: Any, index: int, kind: PolicyKind, name: str) -> Statement:
    if not isinstance(raw, Mapping):
        raise PolicyError("must be an object")
    unknown = set(raw) - STATEMENT_KEYS
    if unknown:
        raise PolicyError(f"unknown element {sorted(map(str, unknown))[0]!r}")
    sid = raw.get("Sid")
    if sid is not None and not isinstance(sid, str):
        raise PolicyError("Sid must be a string")
    effect = raw.get("Effect")
    if effect not in ("Allow", "Deny"):
        raise PolicyError(f'Effect must be "Allow" or "Deny", got {effect!r}')

    action_value, not_action = _one_of(raw, "Action", "NotAction", required=True) or ((), False)
    actions = _string_list(action_value, "NotAction" if not_action else "Action")
    for action in actions:
        _check_action(action)

    resource_required = kind in (PolicyKind.IDENTITY, PolicyKind.BOUNDARY, PolicyKind.SESSION)
    resource_found = _one_of(raw, "Resource", "NotResource", required=resource_required)
    resources = None
    not_resource = False
    if resource_found is not None:
        resource_value, not_resource = resource_found
        element = "NotResource" if not_resource else "Resource"
        resources = PatternSet.build(_string_list(resource_value, element))

    principal_found = _one_of(raw, "Principal", "NotPrincipal", required=kind.names_principals)
    principals = None
    not_principal = False
    if principal_found is not None:
        if not kind.names_principals:
            element = "NotPrincipal" if principal_found[1] else "Principal"
            raise PolicyError(f"{element} is not allowed in a {kind} policy")
        principal_value, not_principal = principal_found
        principals = PrincipalSet.parse(principal_value)

    return Statement(
        ref=StatementRef(name, kind, index, sid or None, effect),
        is_deny=effect == "Deny",
        actions=PatternSet.build(actions, ignore_case=True),
        not_action=not_action,
        resources=resources,
        not_resource=not_resource,
        principals=principals,
        not_principal=not_principal,
        conditions=parse_conditions(raw.get("Condition")),
        raw=raw,
    )
