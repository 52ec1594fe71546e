"""Who asks and what is asked about: the caller (``Principal``) and the target (``ResourceRef``).

Both accept raw policy documents for convenience and parse them once at construction; callers that
share one managed policy across thousands of principals should parse it once with ``parse_policy`` and
pass the ``Policy`` object.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from ssrm.iam.arn import account_of, split_arn
from ssrm.iam.context import Values
from ssrm.iam.policy import Policy, PolicyDocument, PolicyKind, parse_policy

PolicyInput = Policy | PolicyDocument | str
ScpLevel = PolicyInput | Sequence[PolicyInput]
"""One level of the organization (root, an OU, the account): one SCP, or every SCP attached there."""


def as_policy(policy: PolicyInput, kind: PolicyKind, name: str) -> Policy:
    """The parsed policy. Parsing compiles every pattern, and rules and the attack graph ask about the same
    documents again and again (a shared managed policy, the same bucket policy judged by several rules): parse
    each distinct document once."""
    if isinstance(policy, Policy):
        return policy
    try:
        key = policy if isinstance(policy, str | bytes) else json.dumps(policy, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return parse_policy(policy, kind, name)
    return _parse_cached(key, kind, name)


@lru_cache(maxsize=8192)
def _parse_cached(document: str | bytes, kind: PolicyKind, name: str) -> Policy:
    return parse_policy(document, kind, name)


def _levels(levels: Sequence[ScpLevel], kind: PolicyKind, owner: str) -> tuple[tuple[Policy, ...], ...]:
    parsed: list[tuple[Policy, ...]] = []
    for number, level in enumerate(levels):
        members = [level] if isinstance(level, Policy | Mapping | str) else list(level)
        parsed.append(
            tuple(
                as_policy(policy, kind, f"{owner} {kind} level {number} #{position}")
                for position, policy in enumerate(members)
            )
        )
    return tuple(parsed)


_MERGED: weakref.WeakValueDictionary[tuple[Policy, ...], Policy] = weakref.WeakValueDictionary()


def merged_policy(policies: tuple[Policy, ...]) -> Policy:
    """All statements of several policies as one, so evaluation scans one per-action cache, not N.

    Principals with the same set of policies share one merged object (and its cache); statements
    keep their own policy's name in their refs.
    """
    if len(policies) == 1:
        return policies[0]
    merged = _MERGED.get(policies)
    if merged is None:
        statements = tuple(statement for policy in policies for statement in policy.statements)
        merged = Policy(name="(merged)", kind=PolicyKind.IDENTITY, statements=statements, document={})
        _MERGED[policies] = merged
    return merged


@dataclass(frozen=True, eq=False)
class PolicySet:
    """The caller-side policies of a principal, shared by every principal that has the same ones.

    ``answers`` memoizes, per action, what those policies say when that does not depend on the
    resource or the request (every applicable statement unconditional and on ``*``): the evaluator
    then skips matching altogether. AWS managed policies are mostly of that kind.
    """

    identity: Policy
    boundary: Policy | None
    session: Policy | None
    scp_levels: tuple[tuple[Policy, ...], ...]
    answers: dict[str, object] = field(default_factory=dict, repr=False)

    def policies(self) -> list[Policy]:
        found = [self.identity, *(policy for level in self.scp_levels for policy in level)]
        return found + [policy for policy in (self.boundary, self.session) if policy is not None]


_POLICY_SETS: weakref.WeakValueDictionary[tuple[object, ...], PolicySet] = weakref.WeakValueDictionary()


def shared_policy_set(
    identity: Policy, boundary: Policy | None, session: Policy | None, scp_levels: tuple[tuple[Policy, ...], ...]
) -> PolicySet:
    key = (identity, boundary, session, scp_levels)
    found = _POLICY_SETS.get(key)
    if found is None:
        found = PolicySet(identity, boundary, session, scp_levels)
        _POLICY_SETS[key] = found
    return found


def principal_type(arn: str) -> str:
    """AWS's ``aws:PrincipalType``: User, AssumedRole, Account, FederatedUser, or Service."""
    parts = split_arn(arn)
    if parts is None:
        return "Service" if arn.endswith(".amazonaws.com") or "." in arn else "Unknown"
    resource = parts[5]
    if resource == "root":
        return "Account"
    if resource.startswith("user/"):
        return "User"
    if resource.startswith(("role/", "assumed-role/")):
        return "AssumedRole"
    if resource.startswith("federated-user/"):
        return "FederatedUser"
    return "Unknown"


@dataclass(frozen=True, eq=False)
class Principal:
    """The caller: an IAM user or role (``arn``), the root user, or a service principal name.

    ``scps`` lists the organization levels above the account, each one a policy or a list of the
    policies attached at that level; every level must allow. Leave it empty for the management account
    or an account outside an organization. ``session_arn`` is the role session's ARN when the
    caller is a session, which resource policies may name. ``tags`` and ``org_id`` make
    ``aws:PrincipalTag/*`` and ``aws:PrincipalOrgID`` conditions decidable.
    """

    arn: str
    account: str | None = None
    identity_policies: Sequence[PolicyInput] = ()
    permissions_boundary: PolicyInput | None = None
    scps: Sequence[ScpLevel] = ()
    session_policy: PolicyInput | None = None
    session_arn: str | None = None
    org_id: str | None = None
    tags: Mapping[str, str] | None = None
    identity: tuple[Policy, ...] = field(init=False, repr=False)
    identity_merged: Policy = field(init=False, repr=False)
    boundary: Policy | None = field(init=False, repr=False)
    scp_levels: tuple[tuple[Policy, ...], ...] = field(init=False, repr=False)
    session: Policy | None = field(init=False, repr=False)
    policy_set: PolicySet = field(init=False, repr=False)

    def __post_init__(self) -> None:
        name = self.arn.rsplit("/", 1)[-1]
        set_ = object.__setattr__
        if isinstance(self.identity_policies, Policy | Mapping | str):
            set_(self, "identity_policies", (self.identity_policies,))  # one policy given bare
        if self.account is None:
            set_(self, "account", account_of(self.arn))
        set_(
            self,
            "identity",
            tuple(
                as_policy(p, PolicyKind.IDENTITY, f"{name} identity #{i}") for i, p in enumerate(self.identity_policies)
            ),
        )
        set_(self, "identity_merged", merged_policy(self.identity))
        boundary = self.permissions_boundary
        set_(
            self, "boundary", None if boundary is None else as_policy(boundary, PolicyKind.BOUNDARY, f"{name} boundary")
        )
        set_(self, "scp_levels", _levels(self.scps, PolicyKind.SCP, name))
        session = self.session_policy
        set_(self, "session", None if session is None else as_policy(session, PolicyKind.SESSION, f"{name} session"))
        set_(self, "policy_set", shared_policy_set(self.identity_merged, self.boundary, self.session, self.scp_levels))

    @cached_property
    def principal_type(self) -> str:
        return principal_type(self.arn)

    @cached_property
    def is_service(self) -> bool:
        return self.principal_type == "Service"

    @cached_property
    def context_keys(self) -> dict[str, Values]:
        """What the request context says about any request from this principal."""
        keys: dict[str, Values] = {
            "aws:principalarn": (self.arn,),
            "aws:principaltype": (self.principal_type,),
            "aws:principalisawsservice": ("true" if self.is_service else "false",),
        }
        if self.is_service:
            keys["aws:principalservicename"] = (self.arn,)
            return keys
        if self.account:
            keys["aws:principalaccount"] = (self.account,)
        if self.org_id:
            keys["aws:principalorgid"] = (self.org_id,)
        if self.principal_type == "User":
            keys["aws:username"] = (self.arn.rsplit("/", 1)[-1],)
        elif self.principal_type in ("AssumedRole", "Account"):
            keys["aws:username"] = None
        for tag, value in (self.tags or {}).items():
            keys[f"aws:principaltag/{tag.lower()}"] = (value,)
        return keys

    @cached_property
    def known_absent_prefixes(self) -> tuple[str, ...]:
        return ("aws:principaltag/",) if self.tags is not None else ()

    @cached_property
    def reads_context(self) -> bool:
        """Whether any of the principal's policies has a condition or a policy variable."""
        policies = [*self.identity, self.boundary, self.session, *(p for level in self.scp_levels for p in level)]
        return any(policy.reads_context for policy in policies if policy is not None)


def _default_policy_required(arn: str, policy: Policy | None) -> bool:
    """KMS keys and role trust: the resource policy must allow; an identity policy alone is not enough."""
    if policy is None:
        return False
    parts = split_arn(arn)
    if parts is None:
        return False
    service, resource = parts[2], parts[5]
    return (service == "kms" and resource.startswith("key/")) or policy.kind is PolicyKind.TRUST


@dataclass(frozen=True, eq=False)
class ResourceRef:
    """The target of a request: its ARN (or ``*``), its account, and its resource policy if any.

    ``account`` defaults to the ARN's; give it for S3 buckets, whose ARNs carry none (when it stays
    unknown the resource is taken to be in the caller's account, and the Decision says so).
    ``rcps`` are the resource control policy levels of the resource's organization.
    """

    arn: str
    account: str | None = None
    policy: PolicyInput | None = None
    rcps: Sequence[ScpLevel] = ()
    tags: Mapping[str, str] | None = None
    org_id: str | None = None
    policy_required: bool | None = None
    resource_policy: Policy | None = field(init=False, repr=False)
    rcp_levels: tuple[tuple[Policy, ...], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        if self.account is None:
            set_(self, "account", account_of(self.arn))
        name = self.arn.rsplit("/", 1)[-1].rsplit(":", 1)[-1] or self.arn
        parts = split_arn(self.arn)
        is_role = parts is not None and parts[2] == "iam" and parts[5].startswith("role/")
        kind = PolicyKind.TRUST if is_role else PolicyKind.RESOURCE
        policy = None if self.policy is None else as_policy(self.policy, kind, f"{name} {kind} policy")
        set_(self, "resource_policy", policy)
        set_(self, "rcp_levels", _levels(self.rcps, PolicyKind.RCP, name))
        if self.policy_required is None:
            set_(self, "policy_required", _default_policy_required(self.arn, policy))

    @cached_property
    def context_keys(self) -> dict[str, Values]:
        keys: dict[str, Values] = {}
        if self.account:
            keys["aws:resourceaccount"] = (self.account,)
        if self.org_id:
            keys["aws:resourceorgid"] = (self.org_id,)
        for tag, value in (self.tags or {}).items():
            keys[f"aws:resourcetag/{tag.lower()}"] = (value,)
        return keys

    @cached_property
    def known_absent_prefixes(self) -> tuple[str, ...]:
        return ("aws:resourcetag/",) if self.tags is not None else ()

    @cached_property
    def reads_context(self) -> bool:
        policies = [self.resource_policy, *(p for level in self.rcp_levels for p in level)]
        return any(policy.reads_context for policy in policies if policy is not None)
