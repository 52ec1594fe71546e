"""Reverse reachability over the attack graph: one bounded Dijkstra pass from a target backwards gives every
node that reaches it, with the easiest (then shortest) chain, instead of one forward search per principal.

Weights are the graph's (``-log(ease)`` plus a small per-step constant), so the chain kept is the one whose
step eases multiply highest and, among equally easy ones, the one with fewer steps. The search never walks
out of the internet (it is not a principal) nor through administrator access (a prize, not a stepping stone
towards another target: reaching admin is reported as such) and stops ``max_depth`` steps from the target.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass

from ssrm.paths.graph import INTERNET, AttackGraph, Edge, NodeKind

DEFAULT_MAX_DEPTH = 10


@dataclass(frozen=True, slots=True)
class Route:
    """How one node reaches a target: total weight, the next node on the way and the steps left."""

    weight: float
    next: str  # "" when this node is itself an entry of the search
    depth: int


class ReverseTree:
    """Every node that reaches the search's entries, each with its best next step towards them."""

    __slots__ = ("entries", "graph", "routes")

    def __init__(self, graph: AttackGraph, entries: Mapping[str, float], routes: dict[str, Route]) -> None:
        self.graph = graph
        self.entries = dict(entries)
        self.routes = routes

    def __contains__(self, node: str) -> bool:
        return node in self.routes

    def chain(self, node: str) -> tuple[Edge, ...]:
        """The edges from ``node`` to the entry its best route ends at (empty when ``node`` is an entry)."""
        edges: list[Edge] = []
        route = self.routes.get(node)
        while route is not None and route.next:
            edges.append(self.graph.edge(node, route.next))
            node = route.next
            route = self.routes.get(node)
        return tuple(edges)

    def entry_of(self, node: str) -> str:
        """The entry the best route of ``node`` ends at."""
        route = self.routes.get(node)
        while route is not None and route.next:
            node = route.next
            route = self.routes.get(node)
        return node


def reverse_search(graph: AttackGraph, entries: Mapping[str, float], *,
                   max_depth: int = DEFAULT_MAX_DEPTH) -> ReverseTree:
    """Dijkstra over reversed edges from ``entries`` (node -> starting weight, e.g. the weight of the last
    step into a store shared by every entry)."""
    pred = graph.digraph.pred
    nodes = graph.nodes
    routes: dict[str, Route] = {}
    heap: list[tuple[float, int, str, str]] = []
    for node, weight in entries.items():
        if node in nodes:
            heapq.heappush(heap, (weight, 0, node, ""))
    while heap:
        weight, depth, node, nxt = heapq.heappop(heap)
        if node in routes:
            continue
        routes[node] = Route(weight, nxt, depth)
        if depth >= max_depth or node == INTERNET:
            continue
        for source, data in pred[node].items():
            if source in routes or source == INTERNET or nodes[source].kind is NodeKind.ADMIN:
                continue
            heapq.heappush(heap, (weight + data["weight"], depth + 1, source, node))
    return ReverseTree(graph, entries, routes)
