"""What every edge maker shares while one graph is built: the inventory, indexes, findings and fixes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ssrm.iam import ResourceRef
from ssrm.model import Finding, Inventory, Resource
from ssrm.model.resources.identity.organizations import policy_levels
from ssrm.paths.crown_jewels import CrownJewels
from ssrm.paths.fixes import Fix, fix_key
from ssrm.paths.graph import AttackGraph, Node, NodeKind
from ssrm.paths.principals import PrincipalIndex
from ssrm.paths.reachability import NetworkView


@dataclass
class BuildContext:
    inventory: Inventory
    graph: AttackGraph
    principals: PrincipalIndex
    network: NetworkView
    jewels: CrownJewels
    failing: dict[tuple[str, str], Finding]
    fixes: dict[str, Fix]
    extra_fixes: dict[str, Fix] = field(default_factory=dict)
    memo: dict[Any, Any] = field(default_factory=dict)  # per-build caches of the edge makers
    all_stores: bool = False  # data edges to every store, not only crown jewels (effective access)

    @property
    def account(self) -> str:
        return self.inventory.account

    @property
    def admin_node(self) -> str:
        return f"admin:{self.account}"

    def finding(self, rule_id: str, resource_arn: str) -> Finding | None:
        return self.failing.get((rule_id, resource_arn))

    def first_finding(self, rule_ids: tuple[str, ...], resource_arn: str) -> Finding | None:
        return next((f for r in rule_ids if (f := self.finding(r, resource_arn)) is not None), None)

    def fix_for(self, rule_id: str, resource_arn: str) -> str | None:
        """The key of the fix that resolves this finding, when the finding fails."""
        found = self.finding(rule_id, resource_arn)
        if found is None:
            return None
        key = fix_key(rule_id, resource_arn, found.account)
        return key if key in self.fixes else None

    def derived_fix(self, fix: Fix) -> str:
        """Register a fix ssrm derives from the graph itself (no rule flags it), e.g. narrowing a policy."""
        known = self.extra_fixes.get(fix.key)
        if known is None:
            self.extra_fixes[fix.key] = fix
        return fix.key

    def resource_node(self, resource: Resource, kind: NodeKind) -> Node:
        value, why = self.jewels.value_of(resource) if kind is NodeKind.DATA else (0, "")
        return self.graph.add_node(Node(id=resource.arn, kind=kind, label=resource.label,
                                        resource_type=resource.resource_type, value=value, why_valuable=why))


def rcp_levels(ctx: BuildContext, account: str) -> list[list[str]]:
    """The resource control policies above ``account`` (none for the management account or outside an
    organization scan), as JSON text so the evaluator parses each document once."""
    key = ("rcp-levels", account)
    if key not in ctx.memo:
        ctx.memo[key] = [[json.dumps(d, sort_keys=True) for d in level]
                         for level in policy_levels(ctx.inventory, account, "RCP")]
    return ctx.memo[key]  # type: ignore[no-any-return]  # the memo holds values of many kinds


def rcps_vary(ctx: BuildContext, account: str) -> bool:
    """Whether the account's RCPs could answer differently for two stores or two callers with the same
    policies (a condition, a variable, a resource pattern): then no answer is shared between them."""
    key = ("rcps-vary", account)
    if key not in ctx.memo:
        levels = ResourceRef("*", rcps=rcp_levels(ctx, account)).rcp_levels
        ctx.memo[key] = any(
            st.conditions or st.not_resource or st.resources is None or not st.resources.match_all
            or st.resources.with_variables
            for level in levels for policy in level for st in policy.statements)
    return bool(ctx.memo[key])
