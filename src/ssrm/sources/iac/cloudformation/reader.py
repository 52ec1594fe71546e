"""A CloudFormation template into raw resource records with resolved properties and line numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ssrm.sources.iac.cloudformation.declarations import declaration_records
from ssrm.sources.iac.cloudformation.intrinsics import NO_VALUE, TemplateContext
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
            active = _resolved(context, "Condition", {"Condition": condition})
            if active is False:
                continue
            if isinstance(active, Unknown):
                attrs["__expansion__"] = Unknown(f"whether {logical_id} exists depends on condition {condition}: "
                                                 f"{active.reason}")
        properties = resource.get("Properties") or {}
        if isinstance(properties, dict):
            resolved = {name: _resolved(context, name, value) for name, value in properties.items()}
            attrs.update({name: value for name, value in resolved.items() if value is not NO_VALUE})
        attrs["__physical_id__"] = context.physical_id(logical_id)
        attrs["__arn__"] = context.arn(logical_id)
        line = lines_of.get(logical_id, 1)
        suppressions = suppressions_at(lines, line, str(path)) + _metadata_suppressions(resource, str(path), line)
        records.append(RawResource(kind=str(resource.get("Type", "")), address=logical_id, attrs=attrs,
                                   source="cloudformation", file=str(path), line=line,
                                   suppressions=suppressions))
    return records + declaration_records(template, context, lines, str(path))


def _resolved(context: TemplateContext, name: str, value: Any) -> Any:
    """One property with its intrinsics resolved; a malformed one is Unknown, not a crash."""
    try:
        return context.resolve(value)
    except RecursionError:
        return Unknown(f"{name} is nested too deeply to evaluate")
    except Exception as exc:
        return Unknown(f"{name} could not be evaluated ({type(exc).__name__}: {exc})")


def _metadata_suppressions(resource: dict[str, Any], file: str, line: int) -> list[Suppression]:
    """``Metadata: {ssrm: {ignore: [{rule: ID, reason: why}]}}``, the form JSON templates can carry."""
    entries = ((resource.get("Metadata") or {}).get("ssrm") or {}).get("ignore") or []
    return [Suppression(str(e.get("rule", "")), str(e.get("reason", "")), file, line)
            for e in entries if isinstance(e, dict)]
