"""Bounded path search from the internet to the crown jewels, ranked by value, length and ease.

Per jewel, the easiest few loop-free paths (Yen's algorithm over -log(ease), so the easiest path is the one
whose step eases multiply highest), stopping at ``max_depth`` steps, ``max_paths`` paths overall and a
wall-clock budget, so a huge graph returns what it found instead of hanging.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import time
from dataclasses import dataclass

import networkx as nx

from ssrm.paths.graph import INTERNET, AttackGraph, Edge, Node

PER_TARGET = 3


@dataclass(frozen=True)
class AttackPath:
    id: str
    nodes: tuple[str, ...]
    edges: tuple[Edge, ...]
    target: Node
    ease: float
    origin: str = INTERNET  # INTERNET, or "internal": an escalation chain from a principal holding credentials

    @property
    def internal(self) -> bool:
        return self.origin != INTERNET

    @property
    def length(self) -> int:
        return len(self.edges)

    @property
    def value(self) -> int:
        return self.target.value

    @property
    def rank_key(self) -> tuple[bool, int, int, float, str]:
        """Internet-facing paths first, then by value, length and ease."""
        return (self.internal, -self.value, self.length, -self.ease, self.id)


def _path_id(nodes: tuple[str, ...]) -> str:
    return "path-" + hashlib.sha1("\n".join(nodes).encode()).hexdigest()[:10]


def _make_path(graph: AttackGraph, nodes: list[str], origin: str = INTERNET) -> AttackPath:
    edges = tuple(graph.edge(a, b) for a, b in itertools.pairwise(nodes))
    ease = math.prod(edge.ease for edge in edges)
    return AttackPath(_path_id(tuple(nodes)), tuple(nodes), edges, graph.nodes[nodes[-1]], round(ease, 4), origin)


CREDENTIAL_HOLDERS = ("AWS::IAM::User", "AWS::IAM::Role")
NOT_ESCALATION = ("", "*:*", "sts:AssumeRole")


def find_internal_paths(graph: AttackGraph, *, max_paths: int = 25, max_depth: int = 8) -> list[AttackPath]:
    """Escalation chains to administrator access from users and roles that are not administrators (an
    insider, a CI role, a workload whose credentials leak): one reverse search from admin gives every
    principal's easiest chain; chains made only of role assumptions and grants are intended access, not kept.
    """
    from ssrm.paths.reverse import reverse_search  # the search module is shared with ssrm.access

    admin = next((n.id for n in graph.nodes.values() if n.kind.value == "admin"), None)
    if admin is None:
        return []
    tree = reverse_search(graph, {admin: 0.0}, max_depth=max_depth)
    found: list[AttackPath] = []
    for node in graph.nodes.values():
        if node.kind.value != "principal" or node.resource_type not in CREDENTIAL_HOLDERS or node.id not in tree:
            continue
        chain = tree.chain(node.id)
        if not any(edge.method not in NOT_ESCALATION for edge in chain):
            continue
        found.append(_make_path(graph, [node.id, *(edge.target for edge in chain)], origin="internal"))
    found.sort(key=lambda p: (p.length, -p.ease, p.id))
    return found[:max_paths]


def _through_other_jewel(graph: AttackGraph, nodes: list[str]) -> bool:
    """A path that passes through administrator access on the way is that admin path plus "then anything"."""
    return any(graph.nodes[n].kind.value == "admin" for n in nodes[1:-1])


def find_paths(graph: AttackGraph, *, max_paths: int = 50, max_depth: int = 8, time_budget_s: float = 10.0,
               per_target: int = PER_TARGET, internal: int = 25) -> list[AttackPath]:
    """Easiest paths from the internet to every reachable crown jewel, best first, then up to ``internal``
    escalation chains from principals holding credentials to administrator access (ranked after them).

    One Dijkstra pass gives every jewel its easiest path; the rest of the budget goes to alternatives
    (Yen), most valuable jewels first.
    """
    outside = _internet_paths(graph, max_paths=max_paths, max_depth=max_depth, time_budget_s=time_budget_s,
                              per_target=per_target)
    inside = find_internal_paths(graph, max_paths=internal, max_depth=max_depth) if internal > 0 else []
    return outside + inside


def _internet_paths(graph: AttackGraph, *, max_paths: int, max_depth: int, time_budget_s: float,
                    per_target: int) -> list[AttackPath]:
    deadline = time.monotonic() + time_budget_s
    digraph = graph.digraph
    if INTERNET not in digraph:
        return []
    distances, best = nx.single_source_dijkstra(digraph, INTERNET, weight="weight")
    jewels = [n for n in graph.jewels() if n.id in distances and n.id != INTERNET]
    jewels.sort(key=lambda n: (-n.value, distances[n.id], n.id))
    found: dict[tuple[str, ...], AttackPath] = {}
    for jewel in jewels:
        nodes = best[jewel.id]
        if len(nodes) - 1 <= max_depth and not _through_other_jewel(graph, nodes):
            found[tuple(nodes)] = _make_path(graph, nodes)
    for jewel in jewels[:max_paths]:
        if per_target <= 1:
            break
        if time.monotonic() > deadline:
            graph.notes.append(f"path search stopped at its {time_budget_s:g} s budget; alternatives were cut short")
            break
        alternatives = nx.shortest_simple_paths(digraph, INTERNET, jewel.id, weight="weight")
        for taken, nodes in enumerate(alternatives):
            if len(nodes) - 1 > max_depth or taken >= per_target or time.monotonic() > deadline:
                break
            if tuple(nodes) not in found and not _through_other_jewel(graph, nodes):
                found[tuple(nodes)] = _make_path(graph, nodes)
    ranked = sorted(found.values(), key=lambda p: p.rank_key)
    return ranked[:max_paths]
