"""Alert renderers: terminal table, JSON, and OCSF 1.1 Detection Finding (class 2004)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from ssrm.model import LOCKHEED_PHASES, Severity
from ssrm.model.alert import Alert

_COLOR = {Severity.CRITICAL: "bold red", Severity.HIGH: "red", Severity.MEDIUM: "yellow", Severity.LOW: "cyan",
          Severity.INFO: "dim"}
_OCSF_SEVERITY = {Severity.INFO: 1, Severity.LOW: 2, Severity.MEDIUM: 3, Severity.HIGH: 4, Severity.CRITICAL: 5}
_KILL_CHAIN_ID = {"reconnaissance": 1, "weaponization": 2, "delivery": 3, "exploitation": 4, "installation": 5,
                  "command and control": 6, "actions on objectives": 7}


def render_terminal(alerts: Sequence[Alert], console: Console, stats: dict[str, Any]) -> None:
    if not alerts:
        console.print("[green]No alerts.[/green]")
    else:
        table = Table(title=f"{len(alerts)} alert(s)", show_lines=False)
        for col in ("score", "severity", "stage", "rule", "principal / resource", "explanation"):
            table.add_column(col, overflow="fold")
        for a in alerts:
            who = a.principal + (f"\n{a.resource}" if a.resource else "")
            table.add_row(f"{a.score:.0f}", f"[{_COLOR[a.severity]}]{a.severity}[/]", str(a.stage), a.rule_id, who,
                          a.explanation)
        console.print(table)
    line = ", ".join(f"{k}={v}" for k, v in stats.items() if not isinstance(v, list | dict))
    console.print(f"[dim]{line}[/dim]")
    for problem in stats.get("problems", [])[:20]:
        console.print(f"[yellow]skipped[/yellow] {problem}")
    for reason, n in (stats.get("skipped_events") or {}).items():
        console.print(f"[yellow]skipped[/yellow] {n} event(s): {reason}")


def to_json(alerts: Sequence[Alert], stats: dict[str, Any]) -> str:
    return json.dumps({"alerts": [a.model_dump(mode="json") for a in alerts], "stats": stats}, indent=2)


def _ms(t: datetime) -> int:
    return int(t.timestamp() * 1000)


def to_ocsf(alert: Alert) -> dict[str, Any]:
    phases = LOCKHEED_PHASES[alert.stage]
    return {
        "class_uid": 2004,
        "class_name": "Detection Finding",
        "category_uid": 2,
        "category_name": "Findings",
        "activity_id": 1,
        "activity_name": "Create",
        "type_uid": 200401,
        "severity_id": _OCSF_SEVERITY[alert.severity],
        "severity": alert.severity.value.capitalize(),
        "status_id": 1,
        "status": "New",
        "time": _ms(alert.last_seen),
        "message": alert.explanation,
        "risk_score": round(alert.score),
        "confidence_score": round(alert.score),
        "metadata": {"version": "1.1.0", "product": {"name": "ssrm", "vendor_name": "ssrm"},
                     "labels": [alert.kind, alert.source]},
        "finding_info": {
            "uid": f"{alert.rule_id}:{alert.principal}:{alert.resource}:{_ms(alert.first_seen)}",
            "title": alert.title,
            "desc": alert.explanation,
            "first_seen_time": _ms(alert.first_seen),
            "last_seen_time": _ms(alert.last_seen),
            "analytic": {"uid": alert.rule_id, "name": alert.title,
                         "type_id": 1 if alert.kind == "rule" else 2,
                         "type": "Rule" if alert.kind == "rule" else "Behavioral"},
            "attacks": [{"technique": {"uid": t}, "version": "18.1"} for t in alert.attack],
            "kill_chain": [{"phase": p.title(), "phase_id": _KILL_CHAIN_ID[p]} for p in phases],
            "related_events": [{"uid": e.event_id, "message": e.summary} for e in alert.evidence],
        },
        "evidences": [{"data": {"event_id": e.event_id, "summary": e.summary}} for e in alert.evidence],
        "resources": [{"uid": alert.resource, "cloud_partition": "aws", "region": alert.region}]
        if alert.resource else [],
        "cloud": {"provider": "AWS", "account": {"uid": alert.account}, "region": alert.region},
        "actor": {"user": {"uid": alert.principal, "name": alert.principal}} if alert.principal else {},
        "unmapped": {"ssrm_stage": str(alert.stage), "count": alert.count, "posture_findings": list(alert.posture)},
    }


def to_ocsf_json(alerts: Sequence[Alert]) -> str:
    return json.dumps([to_ocsf(a) for a in alerts], indent=2)
