"""Assess infrastructure code: load, evaluate every rule (runtime-only ones NOT_APPLICABLE; the engine
turns verdicts on unknown values into ERROR), apply inline suppressions, keep each finding's location."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ssrm.engine import evaluate
from ssrm.model import Finding, Origin, Severity, Status
from ssrm.rules.base import Rule
from ssrm.sources.iac.loader import IacLoad, load_iac
from ssrm.sources.iac.suppress import Suppression, apply_suppressions


@dataclass
class IacAssessment:
    load: IacLoad
    findings: list[Finding]
    rules: list[Rule] = field(default_factory=list)

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
    return IacAssessment(load, findings, rules)
