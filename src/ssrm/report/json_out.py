"""The assessment as one JSON document: the contract later features and other tools read.

See docs/json-output.md for the fields. ``schema_version`` changes only when a field changes meaning or
disappears; new fields may be added.
"""

from __future__ import annotations

import json
from typing import Any

from ssrm import __version__
from ssrm.assess.assessment import Assessment
from ssrm.model import Finding

ASSESSMENT_SCHEMA_VERSION = 1


def finding_to_dict(f: Finding, controls: list[str] | None = None) -> dict[str, Any]:
    return {
        "rule_id": f.rule_id,
        "title": f.title,
        "status": f.status.value,
        "severity": f.severity.value,
        "layer": f.layer.value,
        "domain": f.domain.value,
        "stage": f.stage.value,
        "attack": list(f.attack),
        "resource_arn": f.resource_arn,
        "resource_id": f.resource_id,
        "resource_name": f.resource_name,
        "resource_type": f.resource_type,
        "region": f.region,
        "account": f.account,
        "reason": f.reason,
        "remediation": f.remediation.model_dump(),
        "tags": f.tags,
        "origin": f.origin,
        "muted_reason": f.muted_reason,
        "compliance": controls or [],
    }


def assessment_to_dict(a: Assessment) -> dict[str, Any]:
    inv = a.inventory
    maturity = a.maturity.as_dict()
    return {
        "schema_version": ASSESSMENT_SCHEMA_VERSION,
        "tool": {"name": "ssrm", "version": __version__},
        "account": inv.account,
        "partition": inv.partition,
        "source": inv.source,
        "regions": list(inv.regions),
        "skipped_regions": list(inv.skipped_regions),
        "started_at": inv.started_at.isoformat() if inv.started_at else None,
        "finished_at": inv.finished_at.isoformat() if inv.finished_at else None,
        "assessed_at": a.assessed_at.isoformat(),
        "stats": {
            "calls_by_service": dict(inv.stats.calls_by_service),
            "total_calls": inv.stats.total_calls,
            "wall_seconds": inv.stats.wall_seconds,
            "max_in_flight": inv.stats.max_in_flight,
            "resources": len(inv.resources),
            "rules_evaluated": a.rules_evaluated,
        },
        "gaps": [g.model_dump(mode="json") for g in inv.gaps],
        "complete": not inv.gaps,
        "emulated": inv.emulated,
        "suppressions": a.suppressions,
        "rule_problems": a.rule_problems,
        "layers": maturity["layers"],
        "overall": maturity["overall"],
        "compliance": a.compliance,
        "paths": a.paths,
        "plan": a.plan,
        "path_notes": a.path_notes,
        "findings": [finding_to_dict(f, a.controls_of_rule.get(f.rule_id)) for f in a.findings],
    }


def render_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2)
