"""The assessment as one JSON document: the contract later features and other tools read.

See docs/json-output.md for the fields. ``schema_version`` changes only when a field changes meaning or
disappears; new fields may be added.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any, TextIO

import orjson

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
        **({"history": a.history} if a.history is not None else {}),
        "findings": [finding_to_dict(f, a.controls_of_rule.get(f.rule_id)) for f in a.findings],
        **({"organization": a.organization} if a.organization is not None else {}),
        **({"integrations": a.integrations} if a.integrations is not None else {}),
    }


def write_array(items: Iterable[Any], out: TextIO, indent: str = "") -> None:
    """A JSON array written one item at a time, one compact item per line, nothing accumulated."""
    first = True
    for item in items:
        out.write(("[\n" if first else ",\n") + indent + "  " + encode_item(item))
        first = False
    out.write("[]" if first else "\n" + indent + "]")


_FALLBACK = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def encode_item(item: Any) -> str:
    """One item as compact JSON: orjson (about five times the standard encoder's speed on large reports),
    the standard encoder for what orjson refuses (integers beyond 64 bits, non-string keys, NaN)."""
    try:
        return orjson.dumps(item).decode()
    except (TypeError, orjson.JSONEncodeError):
        return _FALLBACK(item)


def write_json(doc: dict[str, Any], out: TextIO) -> None:
    """The document with ``indent=2`` for everything but the findings, which follow one per line.

    With 50 000 findings ``json.dumps(indent=2)`` ran the pure-Python encoder over all of them and held the
    whole text; this writes the same JSON value a finding at a time."""
    head = {k: v for k, v in doc.items() if k != "findings"}
    text = json.dumps(head, indent=2, ensure_ascii=False)
    if "findings" not in doc:
        out.write(text)
        return
    out.write(text[:-2] + ',\n  "findings": ' if head else '{\n  "findings": ')
    write_array(doc["findings"], out, indent="  ")
    out.write("\n}")


def render_json(doc: dict[str, Any]) -> str:
    buffer = io.StringIO()
    write_json(doc, buffer)
    return buffer.getvalue()
