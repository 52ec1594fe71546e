"""The JSON contract of paths and plan (rendered by the report package)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ssrm.paths.plan import PlanStep, severity_of
from ssrm.paths.search import AttackPath


def path_to_dict(path: AttackPath) -> dict[str, Any]:
    return {
        "id": path.id,
        "target": path.target.id,
        "target_kind": path.target.kind.value,
        "target_label": path.target.label,
        "value": path.value,
        "length": path.length,
        "ease": path.ease,
        "steps": [
            {"from": edge.source, "to": edge.target, "stage": edge.stage.value, "technique": edge.technique,
             "sentence": edge.sentence, "finding_rule_id": edge.finding_rule_id}
            for edge in path.edges
        ],
    }


def paths_to_dict(paths: Iterable[AttackPath]) -> list[dict[str, Any]]:
    return [path_to_dict(p) for p in paths]


def plan_to_dict(plan: Iterable[PlanStep]) -> list[dict[str, Any]]:
    return [
        {
            "order": step.order,
            "title": step.title,
            "stage": step.stage.value,
            "effort": step.fix.effort_label,
            "fixes_rule_ids": list(step.fix.rule_ids),
            "resources": list(step.fix.resources),
            "paths_broken": list(step.paths_broken),
            "severity": severity_of(step).value,
            "cli": "\n".join(step.fix.cli),
            "terraform": "\n\n".join(step.fix.terraform),
        }
        for step in plan
    ]
