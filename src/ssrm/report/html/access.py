"""The report's "Access" section: who can become administrator and who reaches a crown jewel only by
escalating, from the effective-access rules' findings, with the internal escalation chains' steps."""

from __future__ import annotations

from html import escape
from typing import Any

ESCALATION_SUFFIX = "_privilege_escalation"
JEWEL_SUFFIX = "_crown_jewel_via_escalation"


def _rows(findings: list[dict[str, Any]], suffix: str) -> list[dict[str, Any]]:
    return sorted((f for f in findings if str(f.get("rule_id", "")).endswith(suffix)
                   and f.get("status") in ("FAIL", "ERROR")),
                  key=lambda f: (f.get("status") != "FAIL", str(f.get("resource_name") or f.get("resource_id"))))


def _table(caption: str, rows: list[dict[str, Any]], steps_of: dict[str, list[str]]) -> str:
    body = []
    for f in rows:
        principal = str(f.get("resource_name") or f.get("resource_id") or "")
        kind = str(f.get("resource_type", "")).rsplit("::", 1)[-1].lower()
        steps = steps_of.get(str(f.get("resource_arn")), [])
        detail = ("<details><summary>steps</summary><ol>" + "".join(f"<li>{escape(s)}</li>" for s in steps)
                  + "</ol></details>") if steps else ""
        body.append(f'<tr><td>{escape(principal)}</td><td>{escape(kind)}</td><td>{escape(str(f.get("status")))}'
                    f'</td><td>{escape(str(f.get("reason", "")))}{detail}</td></tr>')
    return (f'<div class="scroll"><table class="access"><caption>{escape(caption)}</caption><thead><tr>'
            f'<th scope="col">principal</th><th scope="col">type</th><th scope="col">status</th>'
            f'<th scope="col">method and chain</th></tr></thead><tbody>{"".join(body)}</tbody></table></div>')


def access(doc: dict[str, Any]) -> str:
    findings = doc.get("findings") or []
    escalations = _rows(findings, ESCALATION_SUFFIX)
    jewels = _rows(findings, JEWEL_SUFFIX)
    judged = [f for f in findings if str(f.get("rule_id", "")).endswith(ESCALATION_SUFFIX)]
    if not judged:
        return '<p class="note">Not computed in this assessment.</p>'
    steps_of: dict[str, list[str]] = {}
    for path in doc.get("paths") or []:
        if path.get("origin") == "internal" and path.get("steps"):
            steps_of.setdefault(str(path["steps"][0].get("from")), [str(s.get("sentence", "")) for s in path["steps"]])
    parts = [f'<p>{len([f for f in escalations if f.get("status") == "FAIL"])} of {len(judged)} users, roles and '
             "groups can become administrator without being one; "
             f'{len([f for f in jewels if f.get("status") == "FAIL"])} reach a crown jewel only by escalating. '
             "<code>ssrm access who-can | what-can | escalations</code> answers the same questions on a saved "
             "inventory.</p>"]
    if escalations:
        parts.append(_table("Principals that can become administrator", escalations, steps_of))
    if jewels:
        parts.append(_table("Principals that reach a crown jewel only by escalating", jewels, {}))
    return "".join(parts)
