"""The attack graph: typed nodes, edges that each carry a kill-chain stage, a technique and what enables them."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

import networkx as nx

from ssrm.model import Stage

INTERNET = "internet"


class NodeKind(StrEnum):
    INTERNET = "internet"
    ENDPOINT = "endpoint"  # something the internet can talk to that is not compute itself (load balancer, ENI)
    COMPUTE = "compute"  # instances, Lambda functions
    CREDENTIAL = "credential"  # credentials held by compute (instance profile, function role, keys in config)
    PRINCIPAL = "principal"  # IAM users, roles, groups, the root user
    DATA = "data"  # S3, RDS, DynamoDB, Secrets Manager, KMS keys
    ADMIN = "admin"  # administrator access to an account


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    kind: NodeKind
    label: str
    resource_type: str = ""
    value: int = 0  # crown-jewel value, 0 when the node is not one
    why_valuable: str = ""

    @property
    def is_jewel(self) -> bool:
        return self.value > 0


@dataclass(frozen=True, slots=True)
class Edge:
    """One attacker move. ``ease`` is in (0, 1]: 1 is a permission simply used, lower needs luck or work.

    ``fix_options`` lists alternative sets of fix keys; applying every fix of any one set removes the edge.
    An empty tuple means no known fix removes it (a design choice, or nothing ssrm flags).
    """

    source: str
    target: str
    stage: Stage
    technique: str
    sentence: str
    ease: float = 1.0
    finding_rule_id: str | None = None
    fix_options: tuple[tuple[str, ...], ...] = ()


def step_weight(ease: float) -> float:
    """Search weight of a step: -log(ease), so the easiest path multiplies the highest eases; the small
    constant prefers fewer steps among equally easy ones."""
    return -math.log(max(ease, 1e-6)) + 1e-3


@dataclass
class AttackGraph:
    """A directed graph of nodes and the single easiest edge between any two nodes."""

    account: str = ""
    nodes: dict[str, Node] = field(default_factory=dict)
    digraph: nx.DiGraph = field(default_factory=nx.DiGraph)
    sources: set[str] = field(default_factory=lambda: {INTERNET})
    fixes: dict[str, object] = field(default_factory=dict)  # fix key -> paths.fixes.Fix
    notes: list[str] = field(default_factory=list)  # what could not be modelled, for the report

    def add_node(self, node: Node) -> Node:
        known = self.nodes.get(node.id)
        if known is not None:
            if node.value > known.value:
                self.nodes[node.id] = node
                self.digraph.add_node(node.id)
                return node
            return known
        self.nodes[node.id] = node
        self.digraph.add_node(node.id)
        return node

    def add_edge(self, edge: Edge) -> None:
        """Keep one edge per pair: the easier one, merging the fix options of both only when equally easy."""
        if edge.source == edge.target or edge.source not in self.nodes or edge.target not in self.nodes:
            return
        data = self.digraph.get_edge_data(edge.source, edge.target)
        if data is not None:
            known: Edge = data["edge"]
            if known.ease >= edge.ease:
                return
        self.digraph.add_edge(edge.source, edge.target, edge=edge, weight=step_weight(edge.ease))

    def edge(self, source: str, target: str) -> Edge:
        return self.digraph.edges[source, target]["edge"]  # type: ignore[no-any-return]  # networkx is untyped

    def edges(self) -> Iterator[Edge]:
        for _, _, data in self.digraph.edges(data=True):
            yield data["edge"]

    def jewels(self) -> list[Node]:
        return [node for node in self.nodes.values() if node.is_jewel]

    def __len__(self) -> int:
        return len(self.nodes)
