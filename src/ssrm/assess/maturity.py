"""Maturity per SSRM layer and domain.

Score = severity-weighted passed / evaluated, where evaluated = PASS + FAIL. ERROR (could not read),
MUTED (accepted risk) and NOT_APPLICABLE stay out of the ratio and are shown beside it, so missing data
never counts as passed. The phase is the last AWS Security Maturity Model phase whose every control in
that layer passed on every resource; an ERROR blocks the phase, since unknown is not passed.
See docs/maturity.md.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ssrm.model import Finding, Layer, Phase, Status


@dataclass
class Score:
    counts: Counter[Status] = field(default_factory=Counter)
    weight_passed: int = 0
    weight_evaluated: int = 0

    def add(self, finding: Finding) -> None:
        self.counts[finding.status] += 1
        if finding.status in (Status.PASS, Status.FAIL):
            weight = max(finding.severity.weight, 1)
            self.weight_evaluated += weight
            if finding.status is Status.PASS:
                self.weight_passed += weight

    @property
    def score(self) -> float | None:
        if not self.weight_evaluated:
            return None
        return round(100.0 * self.weight_passed / self.weight_evaluated, 1)

    def as_dict(self) -> dict[str, object]:
        return {
            "score": self.score,
            "pass": self.counts[Status.PASS],
            "fail": self.counts[Status.FAIL],
            "error": self.counts[Status.ERROR],
            "muted": self.counts[Status.MUTED],
            "not_applicable": self.counts[Status.NOT_APPLICABLE],
        }


@dataclass
class LayerMaturity:
    layer: Layer
    total: Score
    phase: Phase | None
    blocked_by: list[str]  # rule ids that keep the next phase out of reach
    domains: dict[str, Score]

    def as_dict(self) -> dict[str, object]:
        return {
            **self.total.as_dict(),
            "phase": self.phase.value if self.phase else None,
            "next_phase_blocked_by": self.blocked_by,
            "domains": {d: s.as_dict() for d, s in sorted(self.domains.items())},
        }


@dataclass
class Maturity:
    layers: dict[Layer, LayerMaturity]
    overall: Score

    def as_dict(self) -> dict[str, object]:
        return {
            "layers": {layer.value: m.as_dict() for layer, m in self.layers.items()},
            "overall": self.overall.as_dict(),
        }


def assess_maturity(findings: Iterable[Finding], phase_of_rule: Mapping[str, Phase]) -> Maturity:
    by_layer: dict[Layer, list[Finding]] = defaultdict(list)
    overall = Score()
    for f in findings:
        by_layer[f.layer].append(f)
        overall.add(f)
    layers = {layer: _layer(layer, by_layer.get(layer, []), phase_of_rule) for layer in Layer}
    return Maturity(layers=layers, overall=overall)


def _layer(layer: Layer, findings: list[Finding], phase_of_rule: Mapping[str, Phase]) -> LayerMaturity:
    total = Score()
    domains: dict[str, Score] = defaultdict(Score)
    unmet: dict[Phase, set[str]] = defaultdict(set)
    seen_phases: set[Phase] = set()
    for f in findings:
        total.add(f)
        domains[f.domain.value].add(f)
        phase = phase_of_rule.get(f.rule_id, Phase.FOUNDATIONAL)
        if f.status is Status.NOT_APPLICABLE:
            continue
        seen_phases.add(phase)
        if f.status in (Status.FAIL, Status.ERROR):
            unmet[phase].add(f.rule_id)
    reached: Phase | None = None
    blocked: list[str] = []
    if seen_phases:
        for phase in Phase:
            if unmet.get(phase):
                blocked = sorted(unmet[phase])
                break
            if phase in seen_phases:  # a phase with no control in this layer does not raise the level
                reached = phase
    return LayerMaturity(layer=layer, total=total, phase=reached, blocked_by=blocked, domains=dict(domains))
