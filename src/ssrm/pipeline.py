"""The one assessment pipeline: inventory -> findings -> suppressions -> maturity, compliance, attack paths.

Every front end calls :func:`assess`: ``ssrm scan``, ``ssrm assess``, ``ssrm demo``, ``ssrm iac`` and any
program that uses ssrm as a library (see docs/library.md). It reads no files and prints nothing; callers
load mutelists and crown jewels themselves and pass the loaded objects.

    from ssrm.pipeline import assess
    assessment = assess(load_inventory("inv.json"))
    doc = assessment_to_dict(assessment)  # ssrm.report.json_out
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ssrm.assess.assessment import Assessment, build_assessment
from ssrm.engine import evaluate
from ssrm.model import Finding, Inventory
from ssrm.rules.base import Rule
from ssrm.rules.compliance import evaluate_framework
from ssrm.rules.frameworks import all_frameworks, controls_of_rule

if TYPE_CHECKING:
    from ssrm.paths import AttackPath, CrownJewels, PlanStep

__all__ = ["DEFAULT_BUDGET", "IAC_BUDGET", "AttackView", "PathBudget", "Suppressor", "add_attack_paths",
           "assess"]


class SuppressionReport(Protocol):
    def as_dict(self) -> dict[str, object]: ...


class Suppressor(Protocol):
    """Anything that mutes findings: a mutelist (``ssrm.engine.suppress``) or inline IaC markers.

    ``apply`` returns the findings (muted ones with status MUTED) and a report for the assessment's
    ``suppressions`` field, or None when there is nothing to report.
    """

    def apply(self, findings: list[Finding]) -> tuple[list[Finding], SuppressionReport | None]: ...


@dataclass(frozen=True)
class PathBudget:
    """How far the attack-path search may go. ``None`` as a budget means: no path search at all."""

    max_paths: int = 50
    max_depth: int = 8
    seconds: float = 10.0


DEFAULT_BUDGET = PathBudget()
# Infrastructure code is assessed in CI and pre-commit hooks, where a shorter wait matters more.
IAC_BUDGET = PathBudget(max_paths=20, max_depth=8, seconds=5.0)


@dataclass
class AttackView:
    """The attack graph's own objects, for renderers that can use more than the JSON form."""

    paths: list[AttackPath] = field(default_factory=list)
    plan: list[PlanStep] = field(default_factory=list)


def assess(inventory: Inventory, rules: Sequence[Rule] | None = None, *, runtime: bool | None = None,
           suppress: Suppressor | None = None, crown_jewels: CrownJewels | None = None,
           budget: PathBudget | None = DEFAULT_BUDGET, rule_problems: Sequence[str] = ()) -> Assessment:
    """Judge ``inventory`` with ``rules`` (default: the built-in catalogue) and return the assessment.

    ``runtime`` says whether runtime-only rules apply; by default they do for a live AWS inventory and
    not for infrastructure code. ``budget=None`` skips the attack-path search.
    """
    if rules is None:
        from ssrm.rules.catalog import builtin_rules

        rules = builtin_rules()
    if runtime is None:
        runtime = inventory.source == "aws"
    findings = evaluate(inventory, rules, runtime=runtime)
    suppressions = None
    if suppress is not None:
        findings, report = suppress.apply(findings)
        suppressions = report.as_dict() if report is not None else None
    assessment = build_assessment(inventory, findings, {r.id: r.phase for r in rules}, len(rules),
                                  suppressions=suppressions, rule_problems=list(rule_problems))
    results = [(f.rule_id, f.status) for f in assessment.findings]
    assessment.compliance = {key: evaluate_framework(fw, results).as_dict() for key, fw in all_frameworks().items()}
    assessment.controls_of_rule = controls_of_rule()
    if budget is not None:
        add_attack_paths(assessment, crown_jewels, budget)
    return assessment


def add_attack_paths(assessment: Assessment, crown_jewels: CrownJewels | None = None,
                     budget: PathBudget = DEFAULT_BUDGET) -> None:
    """Attack paths to the crown jewels and the cheapest fixes that cut them (bounded in time)."""
    from ssrm.paths import DEFAULT_CROWN_JEWELS, build_graph, find_paths, paths_to_dict, plan_fixes, plan_to_dict

    graph = build_graph(assessment.inventory, assessment.findings, crown_jewels=crown_jewels or DEFAULT_CROWN_JEWELS)
    found = find_paths(graph, max_paths=budget.max_paths, max_depth=budget.max_depth, time_budget_s=budget.seconds)
    plan = plan_fixes(graph, found, assessment.findings)
    assessment.paths = paths_to_dict(found)
    assessment.plan = plan_to_dict(plan)
    assessment.path_notes = list(graph.notes)
    assessment.attack = AttackView(found, plan)

