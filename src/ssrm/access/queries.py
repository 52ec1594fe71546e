"""The three questions users ask, as rows: who can do this action on this resource, what can this principal
reach, and who can escalate. Each row carries its chain of explained steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ssrm.access.analysis import AccessAnalysis, Reach
from ssrm.iam import PolicyError, Principal, ResourceRef, can, parse_policy
from ssrm.model import Inventory, Resource, Stage
from ssrm.model.resources.identity.iam import IamRole
from ssrm.paths.attacker import attacker_context
from ssrm.paths.graph import Edge, step_weight
from ssrm.paths.principals import index_principals
from ssrm.paths.reverse import reverse_search

CONDITIONAL_EASE = 0.6


class QueryError(Exception):
    """A question ssrm cannot answer as asked (unknown principal, malformed action): one line."""


@dataclass
class AccessRow:
    principal: str
    principal_label: str
    target: str
    target_label: str
    access: str  # an action, read / write / decrypt, or "admin"
    via: str  # direct, role-chain, escalation, administrator
    conditional: bool
    methods: list[str] = field(default_factory=list)
    steps: list[Edge] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "principal": self.principal, "principal_label": self.principal_label, "target": self.target,
            "target_label": self.target_label, "access": self.access, "via": self.via,
            "conditional": self.conditional, "methods": self.methods,
            "chain": [{"from": s.source, "to": s.target, "technique": s.technique, "method": s.method,
                       "conditional": s.conditional, "sentence": s.sentence} for s in self.steps],
        }


def _via(reach: Reach) -> str:
    if reach.escalates:
        return "escalation"
    if any(s.target.startswith("admin:") for s in reach.steps[:-1]):
        return "administrator"
    if any(s.method == "sts:AssumeRole" for s in reach.steps):
        return "role-chain"
    return "direct"


def row_of(analysis: AccessAnalysis, reach: Reach, access: str | None = None) -> AccessRow:
    return AccessRow(reach.principal, analysis.label(reach.principal), reach.target, analysis.label(reach.target),
                     access or reach.access, _via(reach), reach.conditional, reach.methods, list(reach.steps))


# --- escalations ------------------------------------------------------------------------------------------


def escalations(analysis: AccessAnalysis) -> list[AccessRow]:
    return [row_of(analysis, reach, "admin") for reach in analysis.escalations()]


# --- what-can ---------------------------------------------------------------------------------------------


def resolve_principal(analysis: AccessAnalysis, text: str) -> str:
    """A principal by ARN, by ``user/name`` / ``role/name`` / ``group/name``, or by its bare name."""
    principals = analysis.principals()
    exact = [p.id for p in principals if p.id == text]
    if exact:
        return exact[0]
    suffix = [p.id for p in principals if p.id.endswith(f":{text}") or p.id.endswith(f"/{text}")
              or p.id.endswith(f".{text}")]
    if len(suffix) == 1:
        return suffix[0]
    if len(suffix) > 1:
        raise QueryError(f"{text!r} names {len(suffix)} principals ({', '.join(sorted(suffix)[:3])}...): "
                         "give its ARN")
    raise QueryError(f"no user, role or group {text!r} in the inventory")


@dataclass
class WhatCan:
    principal: str
    label: str
    admin: AccessRow | None
    is_admin: bool
    stores: list[AccessRow]
    store_count: int  # every store of the inventory (an administrator reaches them all)

    def as_dict(self) -> dict[str, Any]:
        return {"principal": self.principal, "label": self.label, "is_admin": self.is_admin,
                "can_become_admin": self.admin is not None,
                "admin_chain": self.admin.as_dict() if self.admin else None,
                "stores_reached_as_admin": self.store_count if self.admin else 0,
                "stores": [row.as_dict() for row in self.stores]}


def what_can(analysis: AccessAnalysis, text: str, inventory: Inventory | None = None) -> WhatCan:
    """Administrator or not, and every store reached: read / decrypt from the analysis, and, when the
    inventory is given, write (put objects, items, secret values) from a forward search of this principal."""
    principal = resolve_principal(analysis, text)
    admin = analysis.admin_reach(principal)
    stores = [row_of(analysis, reach) for reach in analysis.stores_of(principal)]
    if inventory is not None:
        from ssrm.access.writes import writable

        stores.extend(row_of(analysis, reach) for reach in writable(analysis, inventory, principal))
    return WhatCan(principal, analysis.label(principal), row_of(analysis, admin, "admin") if admin else None,
                   analysis.is_admin(principal), stores, len(analysis.stores()))


# --- who-can ----------------------------------------------------------------------------------------------


def _bucket_of(arn: str) -> str | None:
    if arn.startswith("arn:aws:s3:::") and "/" in arn:
        return arn.split("/", 1)[0]
    return None


def find_resource(inventory: Inventory, arn: str) -> Resource | None:
    """The inventory record ``arn`` names: exact, or the bucket of an object ARN."""
    wanted = {arn}
    bucket = _bucket_of(arn)
    if bucket:
        wanted.add(bucket)
    return next((r for r in inventory.resources if r.arn in wanted), None)


def _resource_ref(resource: Resource | None, arn: str, account: str) -> ResourceRef:
    if resource is None:
        return ResourceRef(arn, account=account)
    policy = resource.trust_policy if isinstance(resource, IamRole) else getattr(resource, "policy", None)
    return ResourceRef(arn, account=resource.account or account, policy=policy or None, tags=dict(resource.tags))


def _administrator_allowed(action: str, ref: ResourceRef, account: str) -> bool:
    """Would an administrator of the account be allowed? (A resource policy's Deny can stop even admins.)"""
    admin = Principal(arn=f"arn:aws:iam::{account}:role/ssrm-administrator", account=account,
                      identity_policies=(parse_policy({"Version": "2012-10-17", "Statement": [
                          {"Effect": "Allow", "Action": "*", "Resource": "*"}]}, "identity", "administrator"),))
    return can(admin, action, ref).allowed


def who_can(analysis: AccessAnalysis, inventory: Inventory, action: str, resource_arn: str) -> list[AccessRow]:
    """Every principal that can call ``action`` on ``resource_arn``: by its own policies or the resource's
    policy, through role chains, by escalating, or as an administrator; the easiest chain for each."""
    if ":" not in action or action.count(":") != 1:
        raise QueryError(f"not an action: {action!r} (expected service:Action, e.g. s3:GetObject)")
    account = inventory.account or analysis.graph.account
    resource = find_resource(inventory, resource_arn)
    try:
        ref = _resource_ref(resource, resource_arn, account)
    except PolicyError as exc:
        raise QueryError(f"the policy of {resource_arn} cannot be read: {exc}") from None
    target_label = resource.label if resource is not None else resource_arn
    grants: dict[str, Edge] = {}
    for record in index_principals(inventory):
        if record.arn not in analysis.graph.nodes:
            continue
        try:
            decision = can(record.principal, action, ref, attacker_context(action))
        except PolicyError:
            continue
        if decision.allowed:
            grants[record.arn] = Edge(record.arn, resource_arn, Stage.EXFILTRATE, "", (
                f"{record.label} is allowed {action} on {target_label}: {decision.reason}"),
                CONDITIONAL_EASE if decision.conditional else 1.0, conditional=decision.conditional, method=action)
    entries = {arn: step_weight(edge.ease) for arn, edge in grants.items()}
    if _administrator_allowed(action, ref, account):
        entries[analysis.admin_node] = step_weight(1.0)
    tree = reverse_search(analysis.graph, entries, max_depth=analysis.max_depth)
    rows: list[AccessRow] = []
    for node in analysis.principals():
        if node.id not in tree:
            continue
        chain = tree.chain(node.id)
        end = tree.entry_of(node.id)
        if end == analysis.admin_node:
            last = Edge(end, resource_arn, Stage.EXFILTRATE, "", f"As an administrator the attacker calls {action} "
                        f"on {target_label}.", method=action)
        else:
            last = grants[end]
        reach = Reach(node.id, resource_arn, (*chain, last))
        row = row_of(analysis, reach, action)
        row.target_label = target_label
        rows.append(row)
    order = {"direct": 0, "role-chain": 1, "administrator": 2, "escalation": 3}
    rows.sort(key=lambda r: (r.conditional, order.get(r.via, 9), len(r.steps), r.principal))
    return rows
