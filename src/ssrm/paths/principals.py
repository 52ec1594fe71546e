"""IAM users, groups and roles of the inventory as ``ssrm.iam.Principal`` objects, parsed once.

Managed policies are parsed once and shared, so principals with the same attachments share one
``PolicySet`` (and its per-action memo) inside ``ssrm.iam``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from ssrm.iam import Policy, PolicyError, Principal, grants_full_admin, parse_policy
from ssrm.model import Inventory
from ssrm.model.resources.identity.iam import IamGroup, IamManagedPolicy, IamPrincipal, IamRole, IamUser
from ssrm.model.resources.identity.organizations import OrgAccount, Organization, policy_levels


@dataclass
class PrincipalRecord:
    """One principal: its inventory record, its evaluator, and the names of its policies."""

    resource: IamPrincipal
    principal: Principal
    policies: tuple[Policy, ...]
    full_admin_policy: str | None = None  # name of a policy that grants everything, if any

    @property
    def arn(self) -> str:
        return self.resource.arn

    @property
    def label(self) -> str:
        return self.resource.label


@dataclass
class PrincipalIndex:
    records: dict[str, PrincipalRecord] = field(default_factory=dict)
    missing_policies: set[str] = field(default_factory=set)  # attached managed policies with no document
    groups_of_user: dict[str, list[IamGroup]] = field(default_factory=dict)

    def get(self, arn: str) -> PrincipalRecord | None:
        return self.records.get(arn)

    def __iter__(self) -> Iterator[PrincipalRecord]:
        return iter(self.records.values())


def _attached_policy_name(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


class _PolicyCache:
    def __init__(self, inventory: Inventory) -> None:
        self.documents = {p.arn: p for p in inventory.of_type(IamManagedPolicy)}
        self.parsed: dict[str, Policy | None] = {}
        self.missing: set[str] = set()
        self.inventory = inventory
        self._scps: dict[str, list[list[str]]] = {}
        organization = next(iter(inventory.of_type(Organization)), None)
        self._org_id = organization.id if organization else None
        self._org_members = {a.id for a in inventory.of_type(OrgAccount)}

    def scps(self, account: str) -> list[list[str]]:
        """The SCP levels above ``account`` when the inventory holds its organization (ssrm scan --org), as
        JSON text so the evaluator parses each document once."""
        if account not in self._scps:
            self._scps[account] = [[json.dumps(d, sort_keys=True) for d in level]
                                   for level in policy_levels(self.inventory, account, "SCP")]
        return self._scps[account]

    def org_id(self, account: str) -> str | None:
        """The organization of ``account`` when the inventory lists it, so ``aws:PrincipalOrgID`` conditions
        (an RCP or a resource policy that admits only the organization) are decided, not left open."""
        return self._org_id if account in self._org_members else None

    def managed(self, arn: str) -> Policy | None:
        if arn not in self.parsed:
            record = self.documents.get(arn)
            policy = None
            if record is not None and record.document:
                try:
                    policy = parse_policy(record.document, "identity", _attached_policy_name(arn))
                except PolicyError:
                    policy = None
            if policy is None:
                self.missing.add(arn)
            self.parsed[arn] = policy
        return self.parsed[arn]

    def own(self, principal: IamPrincipal) -> list[Policy]:
        found: list[Policy] = []
        for inline in principal.inline_policies:
            try:
                found.append(parse_policy(inline.document, "identity", inline.name))
            except PolicyError:
                continue
        for arn in principal.attached_policy_arns:
            policy = self.managed(arn)
            if policy is not None:
                found.append(policy)
        return found


def _full_admin(policies: list[Policy]) -> str | None:
    return next((p.name for p in policies if grants_full_admin(p)), None)


def index_principals(inventory: Inventory) -> PrincipalIndex:
    cache = _PolicyCache(inventory)
    index = PrincipalIndex()
    groups = inventory.of_type(IamGroup)
    group_policies = {g.name or g.id: (g, cache.own(g)) for g in groups}
    for group, policies in group_policies.values():
        principal = Principal(arn=group.arn, account=group.account or inventory.account, identity_policies=policies)
        index.records[group.arn] = PrincipalRecord(group, principal, tuple(policies), _full_admin(policies))
    for user in inventory.of_type(IamUser):
        policies = cache.own(user)
        member_of = [group_policies[name] for name in user.groups if name in group_policies]
        index.groups_of_user[user.arn] = [group for group, _ in member_of]
        for _, inherited in member_of:
            policies.extend(inherited)
        index.records[user.arn] = _record(user, policies, user.permissions_boundary_arn, cache, inventory)
    for role in inventory.of_type(IamRole):
        if role.service_linked:
            continue
        index.records[role.arn] = _record(role, cache.own(role), role.permissions_boundary_arn, cache, inventory)
    index.missing_policies = cache.missing
    return index


def evaluator_arn(resource: IamUser | IamRole, inventory: Inventory) -> str:
    """The ARN the policy evaluator sees. Records from infrastructure code carry their address
    ("terraform:aws_iam_role.web") until deployed; the evaluator needs an IAM ARN shape, so the code's role or
    user is named as it will be (its account is unknown before deployment: a placeholder)."""
    if resource.arn.startswith("arn:"):
        return resource.arn
    kind = "role" if isinstance(resource, IamRole) else "user"
    account = resource.account or inventory.account or "000000000000"
    return f"arn:{inventory.partition}:iam::{account}:{kind}/{resource.name or resource.id}"


def _record(resource: IamUser | IamRole, policies: list[Policy], boundary_arn: str | None, cache: _PolicyCache,
            inventory: Inventory) -> PrincipalRecord:
    boundary = cache.managed(boundary_arn) if boundary_arn else None
    account = resource.account or inventory.account
    principal = Principal(arn=evaluator_arn(resource, inventory), account=account,
                          identity_policies=tuple(dict.fromkeys(policies)), permissions_boundary=boundary,
                          tags=dict(resource.tags), scps=cache.scps(account), org_id=cache.org_id(account))
    admin = _full_admin(policies) if boundary is None or grants_full_admin(boundary) else None
    return PrincipalRecord(resource, principal, tuple(policies), admin)


def may_allow(record: PrincipalRecord, action: str) -> bool:
    """Cheap pre-filter: some Allow statement of the principal names ``action`` (on some resource)."""
    return any(not st.is_deny for st in record.principal.identity_merged.statements_for(action))
