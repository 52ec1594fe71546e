"""Effective access of every principal, computed once: who can become administrator, and which data stores
each principal can read, write or decrypt, each with its easiest chain of steps.

The attack graph (``ssrm.paths``) already holds every move between principals (role assumption, privilege
escalation, credentials taken from compute) and every principal's grants on data stores. Here it is built
with data edges to **every** store, then searched backwards: once from administrator access, and once per
group of stores that share the same grants (stores behind one shared grant hub are searched together).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from ssrm.model import Inventory
from ssrm.model.resources.identity.iam import IamGroup, IamManagedPolicy, IamPrincipal, IamRole, IamUser
from ssrm.paths import build_graph
from ssrm.paths.crown_jewels import DEFAULT_CROWN_JEWELS, CrownJewels
from ssrm.paths.escalation import METHODS_BY_NAME
from ssrm.paths.graph import AttackGraph, Edge, Node, NodeKind
from ssrm.paths.reverse import DEFAULT_MAX_DEPTH, ReverseTree, reverse_search

ACCESS_OF_ACTION = {
    "s3:getobject": "read", "dynamodb:scan": "read", "dynamodb:query": "read", "dynamodb:getitem": "read",
    "secretsmanager:getsecretvalue": "read", "kms:decrypt": "decrypt", "sqs:receivemessage": "read",
    "sns:subscribe": "read",
    "rds:modifydbinstance": "write", "rds:modifydbcluster": "write",
    "s3:putobject": "write", "s3:deleteobject": "write", "dynamodb:putitem": "write", "dynamodb:updateitem": "write",
    "dynamodb:deleteitem": "write", "secretsmanager:putsecretvalue": "write", "secretsmanager:updatesecret": "write",
}
PRINCIPAL_TYPES = ("AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group", "AWS::IAM::RootUser")
FULL_ADMIN_METHOD = "*:*"
# Steps that are intended access, not escalation: using a grant, assuming a role the trust admits.
NOT_ESCALATION = frozenset({"", FULL_ADMIN_METHOD, "sts:AssumeRole"})


def is_escalation_step(edge: Edge) -> bool:
    return edge.method in METHODS_BY_NAME and edge.method not in NOT_ESCALATION


@dataclass(frozen=True)
class Reach:
    """One principal reaching one target (administrator access or a store) by a chain of steps."""

    principal: str
    target: str
    steps: tuple[Edge, ...]

    @property
    def conditional(self) -> bool:
        return any(step.conditional for step in self.steps)

    @property
    def ease(self) -> float:
        return round(math.prod(step.ease for step in self.steps), 4)

    @property
    def methods(self) -> list[str]:
        """The escalation methods and role assumptions used, in order (grants on the target left out)."""
        return list(dict.fromkeys(s.method for s in self.steps
                                  if s.method and s.method != FULL_ADMIN_METHOD
                                  and (s.method in METHODS_BY_NAME)))

    @property
    def escalates(self) -> bool:
        return any(is_escalation_step(step) for step in self.steps)

    @property
    def access(self) -> str:
        """read / write / decrypt for a store reached through its grant, "admin" for administrator access."""
        last = self.steps[-1] if self.steps else None
        if last is None:
            return ""
        grant = next((s.method for s in reversed(self.steps) if s.method.lower() in ACCESS_OF_ACTION), "")
        return ACCESS_OF_ACTION.get(grant.lower(), "admin" if last.target.startswith("admin:") else "")

    @property
    def action(self) -> str:
        return next((s.method for s in reversed(self.steps) if s.method.lower() in ACCESS_OF_ACTION), "")


@dataclass
class AccessAnalysis:
    graph: AttackGraph
    admin_tree: ReverseTree
    store_trees: list[ReverseTree] = field(default_factory=list)
    tree_of_store: dict[str, int] = field(default_factory=dict)
    stores_of_tree: list[list[str]] = field(default_factory=list)
    unreadable: dict[str, list[str]] = field(default_factory=dict)  # principal -> policies with no document
    max_depth: int = DEFAULT_MAX_DEPTH

    @property
    def admin_node(self) -> str:
        return f"admin:{self.graph.account}"

    def principals(self) -> list[Node]:
        return sorted((n for n in self.graph.nodes.values()
                       if n.kind is NodeKind.PRINCIPAL and n.resource_type in PRINCIPAL_TYPES),
                      key=lambda n: n.id)

    def stores(self) -> list[Node]:
        return sorted((n for n in self.graph.nodes.values() if n.kind is NodeKind.DATA), key=lambda n: n.id)

    def node(self, node_id: str) -> Node | None:
        return self.graph.nodes.get(node_id)

    def label(self, node_id: str) -> str:
        node = self.graph.nodes.get(node_id)
        return node.label if node else node_id

    # --- administrator access -------------------------------------------------------------------------

    def admin_reach(self, principal: str) -> Reach | None:
        if principal == self.admin_node or principal not in self.admin_tree:
            return None
        return Reach(principal, self.admin_node, self.admin_tree.chain(principal))

    def is_admin(self, principal: str) -> bool:
        """Administrator by its own policies (or the root user): the first and only step is its grant."""
        reach = self.admin_reach(principal)
        return reach is not None and len(reach.steps) == 1 and reach.steps[0].method in (FULL_ADMIN_METHOD, "")

    def escalations(self) -> list[Reach]:
        """Every principal that is not an administrator but can become one, easiest first."""
        found = [r for p in self.principals() if not self.is_admin(p.id) and (r := self.admin_reach(p.id))]
        return sorted(found, key=lambda r: (r.conditional, len(r.steps), -r.ease, r.principal))

    # --- data stores ----------------------------------------------------------------------------------

    def store_reach(self, principal: str, store: str) -> Reach | None:
        index = self.tree_of_store.get(store)
        if index is None:
            return None
        tree = self.store_trees[index]
        if principal not in tree:
            return None
        steps = tree.chain(principal)
        last = tree.entry_of(principal)
        return Reach(principal, store, (*steps, self.graph.edge(last, store)))

    def stores_of(self, principal: str) -> list[Reach]:
        """Stores ``principal`` reaches through grants, role chains or escalation (not counting the reach
        administrator access gives, which is every store)."""
        found: list[Reach] = []
        for index, tree in enumerate(self.store_trees):
            if principal not in tree.routes:
                continue
            chain = tree.chain(principal)
            entry = tree.entry_of(principal)
            found.extend(Reach(principal, store, (*chain, self.graph.edge(entry, store)))
                         for store in self.stores_of_tree[index])
        return sorted(found, key=lambda r: (r.conditional, len(r.steps), r.target))

    def reaching_store(self, store: str) -> Iterator[Reach]:
        index = self.tree_of_store.get(store)
        if index is None:
            return
        for node_id in self.store_trees[index].routes:
            node = self.graph.nodes.get(node_id)
            if node is not None and node.kind is NodeKind.PRINCIPAL and node.resource_type in PRINCIPAL_TYPES:
                reach = self.store_reach(node_id, store)
                if reach is not None:
                    yield reach


def _store_groups(graph: AttackGraph) -> dict[tuple[tuple[str, float], ...], list[str]]:
    """Stores keyed by their incoming grants: stores with the same grants share one reverse search."""
    groups: dict[tuple[tuple[str, float], ...], list[str]] = defaultdict(list)
    pred = graph.digraph.pred
    for node in graph.nodes.values():
        if node.kind is not NodeKind.DATA:
            continue
        incoming = tuple(sorted((source, round(data["weight"], 9)) for source, data in pred[node.id].items()
                                if graph.nodes[source].kind is not NodeKind.INTERNET))
        if incoming:
            groups[incoming].append(node.id)
    return groups


def _unreadable_policies(inventory: Inventory) -> dict[str, list[str]]:
    """Per principal, the managed policies (its own, its groups', its boundary) whose document was not read."""
    readable = {p.arn for p in inventory.of_type(IamManagedPolicy) if p.document}
    groups = {g.name or g.id: g for g in inventory.of_type(IamGroup)}
    found: dict[str, list[str]] = {}
    principals: list[IamPrincipal] = [*inventory.of_type(IamUser), *inventory.of_type(IamRole), *groups.values()]
    for principal in principals:
        arns = list(principal.attached_policy_arns)
        boundary = getattr(principal, "permissions_boundary_arn", None)
        if boundary:
            arns.append(boundary)
        for name in getattr(principal, "groups", []):
            if name in groups:
                arns.extend(groups[name].attached_policy_arns)
        missing = sorted({arn for arn in arns if arn not in readable})
        if missing:
            found[principal.arn] = missing
    return found


def analyze(inventory: Inventory, *, crown_jewels: CrownJewels = DEFAULT_CROWN_JEWELS,
            max_depth: int = DEFAULT_MAX_DEPTH, graph: AttackGraph | None = None) -> AccessAnalysis:
    """Effective access of every principal of ``inventory``: one reverse search from administrator access and
    one per group of stores with the same grants."""
    if graph is None:
        graph = build_graph(inventory, [], crown_jewels=crown_jewels, all_stores=True)
    admin = f"admin:{graph.account}"
    analysis = AccessAnalysis(graph=graph, admin_tree=reverse_search(graph, {admin: 0.0}, max_depth=max_depth),
                              unreadable=_unreadable_policies(inventory), max_depth=max_depth)
    for incoming, stores in _store_groups(graph).items():
        tree = reverse_search(graph, dict(incoming), max_depth=max_depth - 1)
        analysis.store_trees.append(tree)
        analysis.stores_of_tree.append(stores)
        for store in stores:
            analysis.tree_of_store[store] = len(analysis.store_trees) - 1
    return analysis
