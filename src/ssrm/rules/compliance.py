"""A compliance view: each control's status from the findings of the rules mapped to it.

A control PASSes only when every mapped rule passed on every resource it judged. FAIL when any failed;
ERROR when none failed but some could not be judged; MUTED when
the only failures are accepted risks; MANUAL when the control cannot be decided from the
API; NOT_COVERED when ssrm has no rule for it; NOT_APPLICABLE when no resource was in scope.
A MANUAL or NOT_COVERED control that a person attested (``ssrm.rules.attest``) is ATTESTED until the
attestation expires, then ATTESTATION_EXPIRED; rules always win over an attestation.
Score = passed / (passed + failed) controls, where ATTESTED counts as passed and ATTESTATION_EXPIRED as failed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from ssrm.model import Status
from ssrm.rules.attest import ATTESTED, EXPIRED, Attestation
from ssrm.rules.frameworks import Framework

MET = ("PASS", ATTESTED)
NOT_MET = ("FAIL", EXPIRED)


@dataclass(frozen=True)
class ControlResult:
    id: str
    title: str
    status: str
    rules: tuple[str, ...]
    failing: int
    section: str = ""
    attestation: dict[str, str] | None = None

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "title": self.title, "status": self.status, "rule_ids": list(self.rules),
                "failing": self.failing, "section": self.section,
                **({"attestation": self.attestation} if self.attestation else {})}


@dataclass(frozen=True)
class ComplianceView:
    key: str
    name: str
    version: str
    controls: tuple[ControlResult, ...]
    ignored_attestations: tuple[str, ...] = ()  # attested controls that rules judge: "smm IA1.1"

    @property
    def score(self) -> float | None:
        passed = sum(c.status in MET for c in self.controls)
        failed = sum(c.status in NOT_MET for c in self.controls)
        return round(100.0 * passed / (passed + failed), 1) if passed + failed else None

    def counts(self) -> dict[str, int]:
        result: dict[str, int] = defaultdict(int)
        for c in self.controls:
            result[c.status] += 1
        return dict(result)

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name, "version": self.version, "score": self.score, "counts": self.counts(),
            "controls": [c.as_dict() for c in self.controls],
            **({"ignored_attestations": list(self.ignored_attestations)} if self.ignored_attestations else {}),
        }


def evaluate_framework(framework: Framework, results: Iterable[tuple[str, Status]], *,
                       attestations: Mapping[str, Attestation] | None = None,
                       today: date | None = None) -> ComplianceView:
    """``results``: (rule id, status) of every finding, from Finding objects or an assessment JSON.
    ``attestations``: control id -> a person's attestation, for controls no rule can judge."""
    attestations = attestations or {}
    today = today or date.today()
    ignored: list[str] = []
    by_rule: dict[str, list[Status]] = defaultdict(list)
    for rule_id, rule_status in results:
        by_rule[rule_id].append(rule_status)
    controls: list[ControlResult] = []
    for control in framework.controls:
        statuses = [s for rule_id in control.rules for s in by_rule.get(rule_id, [])]
        failing = sum(s is Status.FAIL for s in statuses)
        status: str
        attested = attestations.get(control.id)
        if attested is not None and control.rules and not control.manual:
            ignored.append(f"{framework.key} {control.id}")
            attested = None
        if attested is not None:
            status = attested.status(today)
        elif control.manual:
            status = "MANUAL"
        elif not control.rules:
            status = "NOT_COVERED"
        elif failing:
            status = "FAIL"
        elif any(s is Status.ERROR for s in statuses):
            status = "ERROR"
        elif any(s is Status.MUTED for s in statuses):
            status = "MUTED"  # failing, but accepted: neither compliant nor counted as a failure
        elif any(s is Status.PASS for s in statuses):
            status = "PASS"
        else:
            status = "NOT_APPLICABLE"
        controls.append(ControlResult(id=control.id, title=control.title, status=status, rules=control.rules,
                                     failing=failing, section=control.section,
                                     attestation=attested.as_dict() if attested else None))
    return ComplianceView(key=framework.key, name=framework.name, version=framework.version,
                          controls=tuple(controls), ignored_attestations=tuple(ignored))
