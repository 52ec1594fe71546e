"""Assemble the self-contained HTML report from the assessment document."""

from __future__ import annotations

import re
from functools import cache
from html import escape
from importlib.resources import files
from typing import Any

from ssrm.report.html import org_sections, sections
from ssrm.report.html.access import access
from ssrm.report.html.diagram import phase_legend, ssrm_diagram
from ssrm.report.html.payload import encode_payload, findings_columns

_TOKEN = re.compile(r"__SSRM_([A-Z_]+)__")
# The page script, in load order. The files share one function scope (one IIFE), so each stays small and
# about one thing while the page still carries a single inline <script>.
JS_FILES = ("core.js", "data.js", "filters.js", "table.js", "resource.js", "graph.js", "main.js", "org.js")


@cache
def _asset(*parts: str) -> str:
    path = files("ssrm.report.html") / "assets"
    for part in parts:
        path = path / part
    return path.read_text(encoding="utf-8")


def page_script() -> str:
    body = "\n".join(_asset("js", name) for name in JS_FILES)
    return f"(function () {{\n'use strict';\n{body}}})();\n"


def _controls(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Compliance controls flattened for the findings filter (``rule_ids`` when the mapping gives them)."""
    out: list[dict[str, Any]] = []
    for framework, fw in (doc.get("compliance") or {}).items():
        for c in fw.get("controls") or []:
            out.append({"key": f"{framework}:{c.get('id')}", "title": str(c.get("title") or ""),
                        "status": c.get("status"), "rule_ids": list(c.get("rule_ids") or c.get("rules") or [])})
    return out


def page_payload(doc: dict[str, Any]) -> dict[str, Any]:
    """What the page's script needs: the findings in columns, the paths and the control mapping."""
    return {"findings": findings_columns(doc.get("findings") or []), "paths": doc.get("paths"),
            "controls": _controls(doc)}


def render_html(doc: dict[str, Any]) -> str:
    """One self-contained HTML file (no network) for the assessment document ``doc``."""
    version = str((doc.get("tool") or {}).get("version") or "")
    title = f"ssrm assessment — account {doc.get('account') or 'unknown'}"
    values = {
        "TITLE": escape(title),
        "VERSION": escape(version),
        "ASSESSED": escape(str(doc.get("assessed_at") or "")),
        "CSS": _asset("report.css"),
        "JS": page_script(),
        "GAPS": sections.gaps(doc),
        "DIAGRAM": ssrm_diagram(doc.get("layers") or {}),
        "LEGEND": phase_legend(),
        "OVERVIEW": sections.overview(doc),
        "MATURITY": sections.maturity(doc),
        "ORGANIZATION": org_sections.organization(doc),
        "INTEGRATIONS": org_sections.integrations(doc),
        "PLAN": sections.plan(doc),
        "PATHS_NOTE": sections.NOT_COMPUTED if doc.get("paths") is None else '<p class="note">Loading…</p>',
        "ACCESS": access(doc),
        "COMPLIANCE": sections.compliance(doc),
        "HISTORY": sections.history(doc),
        "PAYLOAD": encode_payload(page_payload(doc)),
    }
    # one pass, so text inserted for one token is never scanned for another
    return _TOKEN.sub(lambda m: values.get(m.group(1), m.group(0)), _asset("report.html"))
