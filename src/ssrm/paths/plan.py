"""The kill-chain plan: the cheapest set of fixes that cuts every path found, in the order to apply them.

A weighted minimum cut (networkx) over the union of the paths' edges: an edge some fix removes gets
capacity = the effort of its cheapest fix option (the sum when an option needs several fixes); any other
edge is effectively uncuttable; a super-source feeds the internet and a super-sink drains every crown jewel.
Fixes that cut several edges are counted once per edge, so the cut is a close, not exact, answer to the
underlying set-cover problem. Steps are ordered by earliest kill-chain stage, then paths broken, then severity.

Why here and not in ``ssrm.assess``: the plan needs the graph (and ``assess`` may import only the model).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from ssrm.model import Finding, Severity, Stage
from ssrm.paths.fixes import Fix
from ssrm.paths.graph import AttackGraph, Edge
from ssrm.paths.search import AttackPath

UNCUTTABLE = 10**6
SOURCE, SINK = "__source__", "__sink__"


@dataclass
class PlanStep:
    order: int
    fix: Fix
    stage: Stage
    paths_broken: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.fix.title


def _option_cost(graph: AttackGraph, option: tuple[str, ...]) -> int:
    fixes = [graph.fixes.get(key) for key in option]
    if any(f is None for f in fixes):
        return UNCUTTABLE
    return sum(f.effort for f in fixes if isinstance(f, Fix))


def _cheapest_option(graph: AttackGraph, edge: Edge) -> tuple[int, tuple[str, ...]]:
    options = [(_option_cost(graph, o), o) for o in edge.fix_options]
    return min(options, default=(UNCUTTABLE, ()))


def _breaks(key: str, chosen: set[str], path: AttackPath) -> bool:
    """``key`` breaks a path when it belongs to a fix option of one of the path's edges that the chosen fixes
    fully cover."""
    return any(key in option and set(option) <= chosen for edge in path.edges for option in edge.fix_options)


def minimum_cut(graph: AttackGraph, paths: Iterable[AttackPath]) -> tuple[list[tuple[str, str]], list[str]]:
    """The cut edges, and the ids of paths no known fix can cut."""
    paths = list(paths)
    network = nx.DiGraph()
    for path in paths:
        network.add_edge(SOURCE, path.nodes[0], capacity=UNCUTTABLE * 10)
        network.add_edge(path.nodes[-1], SINK, capacity=UNCUTTABLE * 10)
        for edge in path.edges:
            cost, _ = _cheapest_option(graph, edge)
            network.add_edge(edge.source, edge.target, capacity=cost)
    if not paths:
        return [], []
    _, (reachable, _) = nx.minimum_cut(network, SOURCE, SINK)
    cut = [(a, b) for a, b in network.edges if a in reachable and b not in reachable
           and a != SOURCE and b != SINK]
    uncut = [p.id for p in paths if all(_cheapest_option(graph, e)[0] >= UNCUTTABLE for e in p.edges)]
    return [(a, b) for a, b in cut if network.edges[a, b]["capacity"] < UNCUTTABLE], uncut


def plan_fixes(graph: AttackGraph, paths: Iterable[AttackPath], findings: Iterable[Finding] = ()) -> list[PlanStep]:
    """The fixes of a minimum cut over ``paths``, each with the paths it breaks, ordered for doing."""
    paths = list(paths)
    del findings  # the graph already holds the fixes built from them; kept for the public signature
    cut, _ = minimum_cut(graph, paths)
    chosen: dict[str, Stage] = {}
    for source, target in cut:
        edge = graph.edge(source, target)
        _, option = _cheapest_option(graph, edge)
        for key in option:
            if key not in chosen or edge.stage.order < chosen[key].order:
                chosen[key] = edge.stage
    steps: list[PlanStep] = []
    for key, stage in chosen.items():
        fix = graph.fixes[key]
        assert isinstance(fix, Fix)
        broken = [p.id for p in paths if _breaks(key, set(chosen), p)]
        steps.append(PlanStep(order=0, fix=fix, stage=stage, paths_broken=broken))
    internal = {p.id for p in paths if getattr(p, "internal", False)}
    # Steps that cut internet-facing paths come before those that only cut internal escalation chains.
    steps.sort(key=lambda s: (bool(s.paths_broken) and set(s.paths_broken) <= internal, s.stage.order,
                              -len(s.paths_broken), s.fix.severity.rank, s.fix.effort, s.fix.key))
    for number, step in enumerate(steps, start=1):
        step.order = number
    return steps


def severity_of(step: PlanStep) -> Severity:
    """A fix ssrm derived (no rule) is as severe as the paths it breaks make it: high."""
    return step.fix.severity if step.fix.rule_ids else Severity.HIGH
