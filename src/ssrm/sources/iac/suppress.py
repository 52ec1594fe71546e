"""Inline suppressions: ``# ssrm:ignore RULE_ID reason`` on or just above a resource declaration."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase

from ssrm.model import Domain, Finding, Layer, Remediation, Severity, Stage, Status

MARKER = re.compile(r"(?:#|//)\s*ssrm:ignore\b[ \t]*(?P<rule>[A-Za-z0-9_*-]*)[ \t]*(?P<reason>.*)$")
COMMENT_ONLY = re.compile(r"^\s*(#|//)")
MISSING_REASON_RULE = "iac_suppression_reason"


@dataclass(frozen=True)
class Suppression:
    rule_id: str
    reason: str
    file: str
    line: int


def suppressions_at(lines: list[str], line: int, file: str) -> list[Suppression]:
    """Markers on the declaration line ``line`` (1-based) and on the comment lines right above it."""
    found: list[Suppression] = []
    candidates = [line]
    above = line - 1
    while above >= 1 and COMMENT_ONLY.match(lines[above - 1]):
        candidates.append(above)
        above -= 1
    for number in candidates:
        if number > len(lines):
            continue
        match = MARKER.search(lines[number - 1])
        if match:
            reason = match.group("reason").strip().strip("\"'").strip()
            found.append(Suppression(match.group("rule"), reason, file, number))
    return found


def apply_suppressions(findings: list[Finding], suppressions_of: Callable[[Finding], list[Suppression]],
                       rule_ids: set[str] | None = None) -> list[Finding]:
    """Mute FAILs whose resource carries a matching marker with a reason; report markers without a reason,
    without a rule id, or (when ``rule_ids`` is given) naming no known rule."""
    result: list[Finding] = []
    reported: set[tuple[str, int]] = set()
    for finding in findings:
        markers = [s for s in suppressions_of(finding) if s.rule_id and fnmatchcase(finding.rule_id, s.rule_id)]
        for marker in suppressions_of(finding):
            problem = _problem(marker, rule_ids)
            if problem and (marker.file, marker.line) not in reported:
                reported.add((marker.file, marker.line))
                result.append(_bad_marker(finding, marker, problem))
        accepted = next((m for m in markers if m.reason), None)
        if accepted is not None and finding.status is Status.FAIL:
            finding = finding.model_copy(update={"status": Status.MUTED, "muted_reason": accepted.reason})
        result.append(finding)
    return result


def _problem(marker: Suppression, rule_ids: set[str] | None) -> str | None:
    if not marker.rule_id:
        return "has no rule id; nothing is muted"
    if not marker.reason:
        return "has no reason; nothing is muted"
    if rule_ids is not None and not any(fnmatchcase(r, marker.rule_id) for r in rule_ids):
        return "names no known rule"
    return None


def _bad_marker(finding: Finding, marker: Suppression, problem: str) -> Finding:
    return Finding(
        rule_id=MISSING_REASON_RULE, title="Inline suppressions name a rule and give a reason",
        status=Status.FAIL, severity=Severity.LOW, layer=Layer.CLOUD, domain=Domain.GOVERNANCE, stage=Stage.RECON,
        resource_arn=finding.resource_arn, resource_id=finding.resource_id, resource_type=finding.resource_type,
        region=finding.region, account=finding.account, origin=finding.origin,
        reason=f"ssrm:ignore {marker.rule_id or '?'} at {marker.file}:{marker.line} {problem}",
        remediation=Remediation(text="Write '# ssrm:ignore RULE_ID why this risk is accepted'."),
    )
