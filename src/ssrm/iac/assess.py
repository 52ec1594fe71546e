"""Assess infrastructure code through the one pipeline: load, evaluate every rule (runtime-only ones
NOT_APPLICABLE; the engine turns verdicts on unknown values into ERROR), apply inline suppressions, search
attack paths, and keep each finding's location."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ssrm.assess.assessment import Assessment
from ssrm.model import Finding, Origin, Severity, Status
from ssrm.pipeline import IAC_BUDGET, PathBudget, assess
from ssrm.rules.base import Rule
from ssrm.sources.iac.loader import IacLoad, load_iac
from ssrm.sources.iac.suppress import Suppression, apply_suppressions


@dataclass
class InlineSuppressions:
    """The ``# ssrm:ignore RULE reason`` markers of the loaded files, as a pipeline suppressor."""

    load: IacLoad
    rule_ids: set[str]

    def _markers(self, finding: Finding) -> list[Suppression]:
        raw = self.load.locate(finding)
        return raw.suppressions if raw is not None else []

    def apply(self, findings: list[Finding]) -> tuple[list[Finding], None]:
        return apply_suppressions(findings, self._markers, self.rule_ids), None


@dataclass
class IacAssessment:
    load: IacLoad
    assessment: Assessment
    rules: list[Rule] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return self.assessment.findings

    @property
    def paths(self) -> list[dict[str, Any]]:
        """Attack paths the code would open, before anything is deployed."""
        return self.assessment.paths or []

    @property
    def plan(self) -> list[dict[str, Any]]:
        return self.assessment.plan or []

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
               rules: Sequence[Rule] | None = None, budget: PathBudget | None = IAC_BUDGET) -> IacAssessment:
    if rules is None:
        from ssrm.rules.catalog import builtin_rules

        rules = builtin_rules()
    load = load_iac(paths, var_files, variables)
    suppressor = InlineSuppressions(load, {r.id for r in rules})
    assessment = assess(load.inventory, rules, runtime=False, suppress=suppressor, budget=budget)
    return IacAssessment(load, assessment, list(rules))
