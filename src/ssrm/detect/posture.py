"""Link alerts to posture: an alert on a resource that also fails a posture check ranks higher."""

from __future__ import annotations

import json
from pathlib import Path

from ssrm.model import Severity
from ssrm.model.alert import Alert

BOOST = 15.0
IMDSV1_RULE = "ec2_instance_imdsv1_allowed"


class PostureError(ValueError):
    pass


def _keys(value: str) -> set[str]:
    """A resource as an ARN, an id, or the ARN's last segment: all match each other."""
    value = value.strip()
    if not value:
        return set()
    keys = {value}
    if value.startswith("arn:"):
        tail = value.split(":", 5)[-1]
        keys.add(tail)
        keys.add(tail.rsplit("/", 1)[-1])
    return keys


class PostureIndex:
    def __init__(self, failing: dict[str, list[str]]) -> None:
        self._failing = failing

    @classmethod
    def load(cls, path: Path) -> PostureIndex:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            findings = doc["findings"] if isinstance(doc, dict) else doc
            if not isinstance(findings, list):
                raise TypeError("'findings' is not a list")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise PostureError(f"cannot read findings file {path}: {exc}") from exc
        failing: dict[str, list[str]] = {}
        for f in findings:
            if not isinstance(f, dict) or str(f.get("status", "")).upper() != "FAIL":
                continue
            for field in ("resource_arn", "resource_id"):
                for key in _keys(str(f.get(field) or "")):
                    rules = failing.setdefault(key, [])
                    if f.get("rule_id") and f["rule_id"] not in rules:
                        rules.append(str(f["rule_id"]))
        return cls(failing)

    def failing_for(self, resource: str) -> list[str]:
        out: list[str] = []
        for key in _keys(resource):
            for rule in self._failing.get(key, []):
                if rule not in out:
                    out.append(rule)
        return out

    def apply(self, alert: Alert) -> Alert:
        rules = self.failing_for(alert.resource) if alert.resource else []
        if not rules:
            return alert
        sev = list(Severity)[max(0, alert.severity.rank - 1)]
        shown = ", ".join(rules[:5])
        text = f"{alert.explanation} The resource also fails posture check(s) {shown}, so this is ranked higher."
        imds_phrase = "This instance also allows IMDSv1"
        if IMDSV1_RULE in rules and imds_phrase not in alert.explanation:
            text += f" {imds_phrase}: one SSRF away from its role's credentials."
        return alert.model_copy(
            update={"posture": tuple(rules), "score": min(100.0, alert.score + BOOST), "severity": sev,
                    "explanation": text}
        )
