"""Attack paths: the graph from the internet through compute, credentials and identities to the data and
administrator access, privilege escalation and network reachability inside it, bounded path search, and
the cheapest set of fixes that cuts every path (the kill-chain plan). See docs/paths.md.

    graph = build_graph(inventory, findings, crown_jewels=load_crown_jewels("jewels.yml"))
    paths = find_paths(graph, max_paths=50, max_depth=8, time_budget_s=10)
    plan = plan_fixes(graph, paths, findings)
    paths_to_dict(paths), plan_to_dict(plan)
"""

from ssrm.paths.build import build_graph
from ssrm.paths.crown_jewels import (
    DEFAULT_CROWN_JEWELS,
    CrownJewelError,
    CrownJewels,
    crown_jewels_from_dict,
    load_crown_jewels,
)
from ssrm.paths.graph import INTERNET, AttackGraph, Edge, Node, NodeKind
from ssrm.paths.plan import PlanStep, plan_fixes
from ssrm.paths.render import render_paths, render_plan
from ssrm.paths.search import AttackPath, find_paths
from ssrm.paths.serialize import paths_to_dict, plan_to_dict

__all__ = [
    "DEFAULT_CROWN_JEWELS",
    "INTERNET",
    "AttackGraph",
    "AttackPath",
    "CrownJewelError",
    "CrownJewels",
    "Edge",
    "Node",
    "NodeKind",
    "PlanStep",
    "build_graph",
    "crown_jewels_from_dict",
    "find_paths",
    "load_crown_jewels",
    "paths_to_dict",
    "plan_fixes",
    "plan_to_dict",
    "render_paths",
    "render_plan",
]
