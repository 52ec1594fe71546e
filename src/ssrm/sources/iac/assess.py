"""Assess infrastructure code: load, evaluate every rule (runtime-only ones NOT_APPLICABLE; the engine
turns verdicts on unknown values into ERROR), apply inline suppressions, keep each finding's location."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ssrm.engine import evaluate
from ssrm.model import Finding, Inventory, Origin, Severity, Status
from ssrm.rules.base import Rule
from ssrm.sources.iac.loader import IacLoad, load_iac
from ssrm.sources.iac.suppress import Suppression, apply_suppressions


@dataclass
class IacAssessment:
    load: IacLoad
    findings: list[Finding]
    rules: list[Rule] = field(default_factory=list)
    paths: list[dict[str, Any]] = field(default_factory=list)  # attack paths the code would open, before deploy
    plan: list[dict[str, Any]] = field(default_factory=list)

    def origin(self, finding: Finding) -> Origin | None:
        raw = self.load.locate(finding)
        if raw is None:
            return None
        return Origin(source=raw.source, file=raw.file, line=raw.line, address=raw.address)

    def failures_at_or_above(self, threshold: Severity) -> list[Finding]:
        return [f for f in self.findings if f.status is Status.FAIL and f.severity.rank <= threshold.rank]

    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Status}
        for finding in self.findings:
            counts[finding.status.value] += 1
        return counts


def assess_iac(paths: list[Path], *, var_files: list[Path] | None = None, variables: list[str] | None = None,
               rules: list[Rule] | None = None) -> IacAssessment:
    if rules is None:
        from ssrm.rules.catalog import builtin_rules

        rules = builtin_rules()
    load = load_iac(paths, var_files, variables)
    findings = evaluate(load.inventory, rules, runtime=False)

    def suppressions_of(finding: Finding) -> list[Suppression]:
        raw = load.locate(finding)
        return raw.suppressions if raw is not None else []

    findings = apply_suppressions(findings, suppressions_of, {r.id for r in rules})
    paths, plan = attack_paths(load.inventory, findings)
    return IacAssessment(load, findings, rules, paths, plan)


def attack_paths(inventory: Inventory, findings: list[Finding]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The same attack-path search as for a live account: a public instance with IMDSv1 and a role allowing
    s3:* in one plan is a path before anything is deployed."""
    from ssrm.paths import build_graph, find_paths, paths_to_dict, plan_fixes, plan_to_dict

    graph = build_graph(inventory, findings)
    found = find_paths(graph, max_paths=20, max_depth=8, time_budget_s=5.0)
    return paths_to_dict(found), plan_to_dict(plan_fixes(graph, found, findings))
