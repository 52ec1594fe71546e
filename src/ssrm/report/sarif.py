"""SARIF 2.1.0: findings for code scanning (GitHub, GitLab, Azure DevOps), with rule metadata.

FAIL findings are results at a level derived from severity; MUTED ones are results carrying a
suppression with its justification; ERROR ones (could not be determined) are ``kind: review`` notes.
PASS and NOT_APPLICABLE are not results. Each result has a stable fingerprint built from the rule, the
resource address and the file, never the line, so moving a block does not make a finding "new".
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from ssrm.model import Finding, Origin, Severity, Status

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note",
          Severity.INFO: "note"}
SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5", Severity.LOW: "3.0",
                     Severity.INFO: "1.0"}
FINGERPRINT_KEY = "ssrmFinding/v1"
ORIGIN_TEXT = re.compile(r"^(?P<file>.+?):(?P<line>\d+)(?: \((?P<address>.+)\))?$")

Locator = Callable[[Finding], Origin | None]


def origin_from_text(text: str) -> Origin | None:
    """Read back ``Origin.describe()`` ("file:line (address)") when no locator is given."""
    match = ORIGIN_TEXT.match(text)
    if not match:
        return None
    return Origin(source="iac", file=match.group("file"), line=int(match.group("line")),
                  address=match.group("address"))


def _uri(file: str, base: Path | None) -> str:
    path = Path(file)
    if base is not None:
        with contextlib.suppress(ValueError):
            path = path.resolve().relative_to(base.resolve())
    return PurePosixPath(*path.parts).as_posix() if not path.is_absolute() else path.as_uri()


def fingerprint(finding: Finding, origin: Origin | None, uri: str | None) -> str:
    parts = [finding.rule_id, (origin.address if origin else None) or finding.resource_arn, uri or ""]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _rule_descriptor(finding: Finding, help_uri: str | None, description: str | None) -> dict[str, Any]:
    remediation = finding.remediation
    help_lines = [remediation.text] if remediation.text else []
    if remediation.terraform:
        help_lines.append(f"Terraform:\n{remediation.terraform}")
    if remediation.cli:
        help_lines.append(f"AWS CLI:\n{remediation.cli}")
    descriptor: dict[str, Any] = {
        "id": finding.rule_id,
        "name": "".join(p.capitalize() for p in finding.rule_id.split("_")),
        "shortDescription": {"text": finding.title},
        "fullDescription": {"text": description or finding.title},
        "help": {"text": "\n\n".join(help_lines) or finding.title},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {
            "tags": ["security", f"layer:{finding.layer.value}", f"stage:{finding.stage.value}",
                     finding.domain.value, *finding.attack],
            "security-severity": SECURITY_SEVERITY[finding.severity],
            "precision": "high",
            "problem.severity": "error" if LEVELS[finding.severity] == "error" else "warning",
        },
    }
    if help_uri:
        descriptor["helpUri"] = help_uri
    return descriptor


def _location(finding: Finding, origin: Origin | None, uri: str | None) -> dict[str, Any]:
    logical = {"name": (origin.address if origin else None) or finding.resource_id,
               "fullyQualifiedName": finding.resource_arn, "kind": "resource"}
    location: dict[str, Any] = {"logicalLocations": [logical]}
    if uri is not None:
        physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
        if origin is not None and origin.line:
            physical["region"] = {"startLine": origin.line}
        location["physicalLocation"] = physical
    return location


def _result(finding: Finding, rule_index: int, origin: Origin | None, uri: str | None) -> dict[str, Any]:
    where = f" ({origin.address})" if origin and origin.address else ""
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "message": {"text": f"{finding.title}{where}: {finding.reason}"},
        "locations": [_location(finding, origin, uri)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding, origin, uri)},
        "properties": {"status": finding.status.value, "severity": finding.severity.value,
                       "resourceType": finding.resource_type, "resourceArn": finding.resource_arn},
    }
    if finding.status is Status.ERROR:
        result["kind"] = "review"
        result["level"] = "none"
        result["message"]["text"] = f"{finding.title}{where}: could not be determined: {finding.reason}"
    else:
        result["kind"] = "fail"
        result["level"] = LEVELS[finding.severity]
    if finding.status is Status.MUTED:
        result["suppressions"] = [{"kind": "inSource", "status": "accepted",
                                   "justification": finding.muted_reason or ""}]
    return result


def render_sarif(findings: Iterable[Finding], *, tool_version: str, locate: Locator | None = None,
                 base_dir: Path | None = None, rule_help: dict[str, str] | None = None,
                 rule_descriptions: dict[str, str] | None = None, notifications: Iterable[str] = ()) -> str:
    """The SARIF log (one run) as JSON text. ``base_dir`` makes artifact URIs relative (repository root)."""
    reported = [f for f in findings if f.status in (Status.FAIL, Status.MUTED, Status.ERROR)]
    reported.sort(key=lambda f: (f.rule_id, f.origin, f.resource_arn))
    rule_index: dict[str, int] = {}
    descriptors: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for finding in reported:
        if finding.rule_id not in rule_index:
            rule_index[finding.rule_id] = len(descriptors)
            descriptors.append(_rule_descriptor(finding, (rule_help or {}).get(finding.rule_id),
                                                (rule_descriptions or {}).get(finding.rule_id)))
        origin = locate(finding) if locate else origin_from_text(finding.origin)
        uri = _uri(origin.file, base_dir) if origin and origin.file else None
        results.append(_result(finding, rule_index[finding.rule_id], origin, uri))
    invocation: dict[str, Any] = {"executionSuccessful": True}
    messages = [{"level": "warning", "message": {"text": text}} for text in notifications]
    if messages:
        invocation["toolExecutionNotifications"] = messages
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "ssrm", "version": tool_version, "semanticVersion": tool_version,
                                "rules": descriptors}},
            "invocations": [invocation],
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(log, indent=2)
