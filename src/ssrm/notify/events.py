"""What is worth telling people: new or regressed failures at or above a severity, new attack paths,
detection alerts; and how each channel shows them (one message per event, or one digest)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ssrm.report.teams import severity_rank

SEVERITY_EMOJI = {"critical": ":red_circle:", "high": ":large_orange_circle:", "medium": ":large_yellow_circle:"}


@dataclass(frozen=True)
class Event:
    kind: str  # finding.new | finding.regressed | path.new | alert | test
    severity: str
    title: str
    subject: str  # the resource, path target or principal
    detail: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        what = {"finding.new": "New", "finding.regressed": "Regressed", "path.new": "New attack path",
                "alert": "Alert", "test": "Test"}.get(self.kind, self.kind)
        return f"[{self.severity.upper()}] {what}: {self.title} — {self.subject}"

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "severity": self.severity, "title": self.title, "subject": self.subject,
                "detail": self.detail, **({"data": dict(self.data)} if self.data else {})}


def at_or_above(severity: str, minimum: str) -> bool:
    return severity_rank(severity) <= severity_rank(minimum)


def events_from_diff(diff: Any, minimum: str = "high") -> list[Event]:
    """Events of a ``ssrm.drift.RunDiff``: new and regressed failures, attack paths that appeared."""
    out = []
    for kind in ("new", "regressed"):
        for e in diff.findings[kind]:
            if at_or_above(e["severity"], minimum):
                out.append(Event(f"finding.{kind}", e["severity"], e["title"], e["resource_id"] or e["resource_arn"],
                                 f"rule {e['rule_id']} in {e['region']}, run {diff.head.id}",
                                 {"fingerprint": e["fingerprint"], "rule_id": e["rule_id"],
                                  "resource_arn": e["resource_arn"], "team": e.get("team", ""),
                                  "account": diff.head.account, "run": diff.head.id}))
    for p in diff.paths_appeared:
        out.append(Event("path.new", "critical" if p.get("target_kind") == "admin" else "high",
                         f"{p.get('length')}-step path to {p.get('target')}", str(p.get("target")),
                         " → ".join(s for s in p.get("steps") or [] if s)[:1500],
                         {"key": p.get("key"), "account": diff.head.account, "run": diff.head.id}))
    return out


def events_from_alerts(alerts: Iterable[Mapping[str, Any]], minimum: str = "high") -> list[Event]:
    return [Event("alert", str(a.get("severity")), str(a.get("title")), str(a.get("principal") or a.get("resource")),
                  str(a.get("explanation") or ""), {"rule_id": a.get("rule_id"), "id": a.get("id"),
                                                      "account": a.get("account"), "count": a.get("count")})
            for a in alerts if at_or_above(str(a.get("severity")), minimum)]


def messages(events: Sequence[Event], *, digest: bool) -> list[dict[str, Any]]:
    """The messages to send: one per event, or one digest of them all (worst first)."""
    ordered = sorted(events, key=lambda e: severity_rank(e.severity))
    groups = [ordered] if digest and ordered else [[e] for e in ordered]
    return [_message(group) for group in groups]


def _message(group: Sequence[Event]) -> dict[str, Any]:
    sent = datetime.now(UTC).isoformat()
    if len(group) == 1:
        subject = f"ssrm: {group[0].line()}"
    else:
        counts: dict[str, int] = {}
        for e in group:
            counts[e.severity] = counts.get(e.severity, 0) + 1
        subject = f"ssrm: {len(group)} changes (" + ", ".join(f"{n} {s}" for s, n in counts.items()) + ")"
    text = "\n".join(f"- {e.line()}" + (f"\n  {e.detail}" if e.detail else "") for e in group)
    slack_lines = [f"{SEVERITY_EMOJI.get(e.severity, ':white_circle:')} *{e.line()}*" + (f"\n{e.detail}"
                   if e.detail else "") for e in group[:40]]
    if len(group) > 40:
        slack_lines.append(f"… and {len(group) - 40} more")
    return {
        "subject": subject[:200],
        "text": text,
        "json": {"source": "ssrm", "sent_at": sent, "subject": subject, "events": [e.as_dict() for e in group]},
        "slack": {"text": subject, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": line[:2900]}}
                                              for line in slack_lines]},
    }
