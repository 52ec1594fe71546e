"""An assessment: the inventory judged by the rules, with maturity. What every report renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ssrm.assess.maturity import Maturity, assess_maturity
from ssrm.model import Finding, Inventory, Phase, Status


@dataclass
class Assessment:
    inventory: Inventory
    findings: list[Finding]
    maturity: Maturity
    rules_evaluated: int
    assessed_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    suppressions: dict[str, object] | None = None  # muted count, expired and unused entries
    rule_problems: list[str] = field(default_factory=list)  # custom rules that could not be loaded
    compliance: dict[str, dict[str, object]] = field(default_factory=dict)  # framework key -> view
    controls_of_rule: dict[str, list[str]] = field(default_factory=dict)  # rule id -> ["CIS 2.4", ...]
    paths: list[dict[str, Any]] | None = None  # attack paths (JSON form); None when not computed
    plan: list[dict[str, Any]] | None = None  # the kill-chain plan (JSON form)
    path_notes: list[str] = field(default_factory=list)  # what the attack graph could not model
    attack: Any = None  # the attack graph's own objects, for renderers that can use them
    organization: dict[str, Any] | None = None  # per-account breakdown of an organization scan (ssrm.org)
    integrations: dict[str, Any] | None = None  # outside parties that can get in (ssrm.org.integrations)
    history: dict[str, Any] | None = None  # changes since the previous stored run (ssrm.drift), when kept

    def with_status(self, *statuses: Status) -> list[Finding]:
        return sorted((f for f in self.findings if f.status in statuses), key=lambda f: f.sort_key)

    @property
    def top_failures(self) -> list[Finding]:
        return self.with_status(Status.FAIL)


def build_assessment(inventory: Inventory, findings: list[Finding], phase_of_rule: dict[str, Phase],
                     rules_evaluated: int, *, suppressions: dict[str, object] | None = None,
                     rule_problems: list[str] | None = None) -> Assessment:
    return Assessment(
        inventory=inventory,
        findings=sorted(findings, key=lambda f: f.sort_key),
        maturity=assess_maturity(findings, phase_of_rule),
        rules_evaluated=rules_evaluated,
        suppressions=suppressions,
        rule_problems=list(rule_problems or []),
    )
