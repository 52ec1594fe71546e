"""``build_graph``: the inventory and its findings as one attack graph."""

from __future__ import annotations

from collections.abc import Iterable

from ssrm.model import Finding, Inventory
from ssrm.model.resources.identity.iam import IamGroup
from ssrm.paths import credentials, data_access, entry, escalation
from ssrm.paths.context import BuildContext
from ssrm.paths.crown_jewels import DEFAULT_CROWN_JEWELS, CrownJewels
from ssrm.paths.fixes import ACCOUNT_WIDE, failing_by_resource, fixes_from_findings
from ssrm.paths.graph import INTERNET, AttackGraph, Node, NodeKind
from ssrm.paths.principals import index_principals
from ssrm.paths.reachability import NetworkView


def _name_fixes(ctx: BuildContext) -> None:
    """Findings name resources by id; where the graph knows a friendlier name, titles use it."""
    for fix in ctx.fixes.values():
        if fix.key.split(":", 1)[0] in ACCOUNT_WIDE:
            continue
        for arn in fix.resources:
            node = ctx.graph.nodes.get(arn)
            resource_id = arn.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
            if node is not None and node.label != resource_id and resource_id in fix.title:
                fix.title = fix.title.replace(resource_id, f"{node.label} ({resource_id})")


def build_graph(inventory: Inventory, findings: Iterable[Finding],
                crown_jewels: CrownJewels = DEFAULT_CROWN_JEWELS, *, all_stores: bool = False) -> AttackGraph:
    """Nodes for the internet, endpoints, compute, credentials, principals, data stores and admin access;
    edges for every move between them, each with its stage, technique, sentence and enabling finding.

    ``all_stores`` draws data edges to every store, not only to crown jewels (effective access needs them;
    attack paths do not)."""
    findings = list(findings)
    graph = AttackGraph(account=inventory.account)
    ctx = BuildContext(inventory=inventory, graph=graph, principals=index_principals(inventory),
                       network=NetworkView(inventory), jewels=crown_jewels, failing=failing_by_resource(findings),
                       fixes=fixes_from_findings(findings), all_stores=all_stores)
    graph.add_node(Node(id=INTERNET, kind=NodeKind.INTERNET, label="the internet"))
    graph.add_node(Node(id=ctx.admin_node, kind=NodeKind.ADMIN, label=f"administrator access to {inventory.account}",
                        value=crown_jewels.admin, why_valuable="full control of the account"))
    for record in ctx.principals:
        kind = NodeKind.PRINCIPAL
        label = ("group " if isinstance(record.resource, IamGroup) else "") + record.label
        graph.add_node(Node(id=record.arn, kind=kind, label=label, resource_type=record.resource.resource_type))
    data_access.add_data_nodes(ctx)
    credentials.add_compute(ctx)
    entry.add_entry_edges(ctx)
    data_access.add_access_edges(ctx)
    escalation.add_escalation_edges(ctx)
    _name_fixes(ctx)
    graph.fixes.update(ctx.fixes)
    graph.fixes.update(ctx.extra_fixes)
    if ctx.principals.missing_policies:
        graph.notes.append(f"{len(ctx.principals.missing_policies)} attached managed policies had no document; "
                           "their permissions are left out")
    return graph
