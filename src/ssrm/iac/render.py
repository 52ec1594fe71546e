"""The three IaC outputs: a terminal listing, JSON with locations, and SARIF."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ssrm import __version__
from ssrm.iac.assess import IacAssessment
from ssrm.model import Finding, Status
from ssrm.report.json_out import assessment_to_dict

SHOWN = (Status.FAIL, Status.ERROR, Status.MUTED)


def _location(assessment: IacAssessment, finding: Finding) -> dict[str, Any]:
    origin = assessment.origin(finding)
    if origin is None:
        return {"file": None, "line": None, "address": None, "source": None}
    return {"file": origin.file, "line": origin.line, "address": origin.address, "source": origin.source}


def render_text(assessment: IacAssessment) -> str:
    lines: list[str] = []
    shown = sorted((f for f in assessment.findings if f.status in SHOWN), key=lambda f: f.sort_key)
    for finding in shown:
        where = _location(assessment, finding)
        place = f"{where['file']}:{where['line']}" if where["file"] else finding.resource_id
        lines.append(f"{finding.status.value:<5} {finding.severity.value:<8} {finding.rule_id}  {place}  "
                     f"{where['address'] or finding.resource_id}")
        detail = finding.muted_reason if finding.status is Status.MUTED else finding.reason
        lines.append(f"      {finding.title}: {detail}")
    if assessment.paths:
        lines.append("")
        lines.append(f"Attack paths this code would open ({len(assessment.paths)}):")
        for number, path in enumerate(assessment.paths[:5], start=1):
            lines.append(f"  {number}. to {path['target']} ({path['length']} steps)")
            lines.extend(f"     [{step['stage']}] {step['sentence']}" for step in path["steps"])
    counts = assessment.counts()
    inventory = assessment.load.inventory
    lines.append("")
    lines.append(f"{len(inventory.resources)} resources, {len(assessment.rules)} rules: "
                 + ", ".join(f"{counts[s.value]} {s.value}" for s in Status))
    for gap in inventory.gaps:
        lines.append(f"gap: {gap.message or gap.describe()}")
    if assessment.load.unmapped:
        kinds = ", ".join(f"{k} ({n})" for k, n in sorted(assessment.load.unmapped.items()))
        lines.append(f"not assessed (no model yet): {kinds}")
    return "\n".join(lines) + "\n"


def render_json(assessment: IacAssessment) -> str:
    """The assessment document every ssrm command reads (``report``, ``compliance``, ``paths``, ``plan``),
    plus where each finding was declared and what the loader could not read or map."""
    document = assessment_to_dict(assessment.assessment)
    located = sorted(assessment.findings, key=lambda f: f.sort_key)
    for entry, finding in zip(document["findings"], located, strict=True):
        entry.update(_location(assessment, finding))
    inventory = assessment.load.inventory
    document.update({
        "source": "iac",
        "summary": {"resources": len(inventory.resources), "rules": len(assessment.rules), **assessment.counts()},
        "errors": list(assessment.load.errors),
        "unmapped_types": dict(sorted(assessment.load.unmapped.items())),
    })
    return json.dumps(document, indent=2)


def render_sarif_report(assessment: IacAssessment) -> str:
    from ssrm.report.sarif import render_sarif

    descriptions = {r.id: r.description for r in assessment.rules if r.description}
    help_uris = {r.id: r.references[0] for r in assessment.rules if r.references
                 and str(r.references[0]).startswith("http")}
    notes = [g.message or g.describe() for g in assessment.load.inventory.gaps]
    return render_sarif(assessment.findings, tool_version=__version__, locate=assessment.origin,
                        base_dir=Path.cwd(), rule_help=help_uris, rule_descriptions=descriptions,
                        notifications=notes)


def render(assessment: IacAssessment, fmt: str) -> str:
    if fmt == "json":
        return render_json(assessment)
    if fmt == "sarif":
        return render_sarif_report(assessment)
    return render_text(assessment)
