"""The demo company, planted in the emulator and scanned for real: the Capital One path and its cut."""

from __future__ import annotations

import pytest

from ssrm.demo.plant import plant_all
from ssrm.demo.server import emulator
from ssrm.demo.world import DemoWorld
from ssrm.paths import build_graph, find_paths, paths_to_dict, plan_fixes, plan_to_dict
from ssrm.pipeline import assess
from ssrm.sources.aws.collectors import ALL_COLLECTORS
from ssrm.sources.aws.runner import scan
from ssrm.sources.aws.session import ConnectOptions


@pytest.fixture(scope="module")
def demo():  # type: ignore[no-untyped-def]
    with emulator() as endpoint:
        plant_all(DemoWorld(endpoint))
        inventory = scan(ConnectOptions(region="us-east-1", endpoint_url=endpoint), ALL_COLLECTORS,
                         regions=["us-east-1"])
    findings = assess(inventory, budget=None).findings
    graph = build_graph(inventory, findings)
    paths = find_paths(graph)
    return graph, paths, plan_fixes(graph, paths, findings)


def _labels(graph, path):  # type: ignore[no-untyped-def]
    return [graph.nodes[n].label for n in path.nodes]


def test_capital_one_path(demo) -> None:  # type: ignore[no-untyped-def]
    graph, paths, _ = demo
    wanted = ["the internet", "web-1", "web-role's credentials on web-1", "web-role", "acme-shop-customer-data"]
    matches = [p for p in paths if _labels(graph, p) == wanted]
    assert len(matches) == 1
    steps = paths_to_dict(matches)[0]["steps"]
    assert [s["technique"] for s in steps] == ["T1190", "T1552.005", "T1078.004", "T1530"]
    assert steps[1]["finding_rule_id"] == "ec2_instance_imdsv1_allowed"
    assert "web-sg" in graph.nodes[matches[0].nodes[1]].label or "sg-" in steps[0]["sentence"]


def test_plan_first_steps_cut_capital_one(demo) -> None:  # type: ignore[no-untyped-def]
    graph, paths, plan = demo
    capital_one = next(p for p in paths if graph.nodes[p.nodes[-1]].label == "acme-shop-customer-data"
                       and "web-1" in _labels(graph, p))
    first = plan_to_dict(plan)[:3]
    assert any(capital_one.id in step["paths_broken"] for step in first)
    imds = next(step for step in first if capital_one.id in step["paths_broken"])
    assert imds["fixes_rule_ids"] == ["ec2_instance_imdsv1_allowed"] and imds["effort"] == "low"
    assert "modify-instance-metadata-options" in imds["cli"]
    every_path = {p.id for p in paths}
    assert every_path >= {pid for step in plan for pid in step.paths_broken}
