"""A CloudFormation template into raw resource records with resolved properties and line numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ssrm.sources.iac.cloudformation.intrinsics import TemplateContext
from ssrm.sources.iac.cloudformation.template import TemplateError, load_template, looks_like_template
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.suppress import Suppression, suppressions_at
from ssrm.sources.iac.unknown import Unknown


def read_template(path: Path, overrides: dict[str, Any]) -> list[RawResource]:
    template, lines_of, lines = load_template(path)
    if not looks_like_template(template):
        raise TemplateError(f"{path}: not a CloudFormation template (no Resources with AWS:: types)")
    context = TemplateContext(template, overrides)
    records: list[RawResource] = []
    for logical_id, resource in template["Resources"].items():
        if not isinstance(resource, dict):
            continue
        attrs: dict[str, Any] = {}
        condition = resource.get("Condition")
        if condition:
            active = context.condition(condition)
            if active is False:
                continue
            if isinstance(active, Unknown):
                attrs["__expansion__"] = Unknown(f"whether {logical_id} exists depends on condition {condition}: "
                                                 f"{active.reason}")
        properties = context.resolve(resource.get("Properties") or {})
        attrs.update(properties if isinstance(properties, dict) else {})
        attrs["__physical_id__"] = context.physical_id(logical_id)
        attrs["__arn__"] = context.arn(logical_id)
        line = lines_of.get(logical_id, 1)
        suppressions = suppressions_at(lines, line, str(path)) + _metadata_suppressions(resource, str(path), line)
        records.append(RawResource(kind=str(resource.get("Type", "")), address=logical_id, attrs=attrs,
                                   source="cloudformation", file=str(path), line=line,
                                   suppressions=suppressions))
    return records


def _metadata_suppressions(resource: dict[str, Any], file: str, line: int) -> list[Suppression]:
    """``Metadata: {ssrm: {ignore: [{rule: ID, reason: why}]}}``, the form JSON templates can carry."""
    entries = ((resource.get("Metadata") or {}).get("ssrm") or {}).get("ignore") or []
    return [Suppression(str(e.get("rule", "")), str(e.get("reason", "")), file, line)
            for e in entries if isinstance(e, dict)]
