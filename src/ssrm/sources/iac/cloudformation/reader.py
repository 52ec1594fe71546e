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


def read_template(path: Path, overrides: dict[str, Any], problems: list[str] | None = None,
                  warnings: list[str] | None = None) -> list[RawResource]:
    """The template's resources. A malformed resource (not a mapping, no string Type, Properties that are
    not a mapping) is skipped and described in ``problems``; what is read but only partly understood
    (unknown tags, ``Fn::ForEach`` not expanded) is described in ``warnings``; the others are read."""
    problems = problems if problems is not None else []
    warnings = warnings if warnings is not None else []
    template, lines_of, lines = load_template(path, warnings)
    if not looks_like_template(template):
        raise TemplateError(f"{path}: not a CloudFormation template (no Resources with AWS:: types)")
    for section in ("Parameters", "Mappings", "Conditions"):
        if template.get(section) is not None and not isinstance(template[section], dict):
            problems.append(f"{path}: {section} must be a mapping, not a {type(template[section]).__name__}; "
                            "references to it are unknown")
            template = {**template, section: {}}
    context = TemplateContext(template, overrides)
    records: list[RawResource] = []
    for key, resource in template["Resources"].items():
        logical_id = str(key)
        line = lines_of.get(logical_id, 1)
        if logical_id.startswith("Fn::ForEach::"):
            warnings.append(f"{path}:{line}: {logical_id} (AWS::LanguageExtensions) is not expanded; the "
                            "resources it makes are not assessed")
            continue
        problem = _malformed(resource)
        if problem is not None:
            problems.append(f"{path}:{line}: resource {logical_id}: {problem}; not assessed")
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
        resolved = {name: _resolved(context, name, value) for name, value in properties.items()}
        attrs.update({name: value for name, value in resolved.items() if value is not NO_VALUE})
        attrs["__physical_id__"] = _safely(context.physical_id, logical_id)
        attrs["__arn__"] = _safely(context.arn, logical_id)
        suppressions = suppressions_at(lines, line, str(path)) + _metadata_suppressions(resource, str(path), line)
        records.append(RawResource(kind=resource["Type"], address=str(logical_id), attrs=attrs,
                                   source="cloudformation", file=str(path), line=line,
                                   suppressions=suppressions))
    return records + declaration_records(template, context, lines, str(path))


def _malformed(resource: Any) -> str | None:
    if not isinstance(resource, dict):
        return f"a resource must be a mapping, not a {type(resource).__name__}"
    if not isinstance(resource.get("Type"), str):
        return "Type must be a string such as AWS::S3::Bucket"
    properties = resource.get("Properties")
    if properties is not None and not isinstance(properties, dict):
        return f"Properties must be a mapping, not a {type(properties).__name__}"
    return None


def _resolved(context: TemplateContext, name: str, value: Any) -> Any:
    """One property with its intrinsics resolved; a malformed one is Unknown, not a crash."""
    try:
        return context.resolve(value)
    except RecursionError:
        return Unknown(f"{name} is nested too deeply to evaluate")
    except Exception as exc:
        return Unknown(f"{name} could not be evaluated ({type(exc).__name__}: {exc})")


def _safely(function: Any, logical_id: str) -> Any:
    """A name or ARN the template makes impossible (a bucket named after itself) is Unknown, not a crash."""
    try:
        return function(logical_id)
    except RecursionError:
        return Unknown(f"the name of {logical_id} refers to itself")
    except Exception as exc:
        return Unknown(f"the name of {logical_id} could not be evaluated ({type(exc).__name__}: {exc})")


def _metadata_suppressions(resource: dict[str, Any], file: str, line: int) -> list[Suppression]:
    """``Metadata: {ssrm: {ignore: [{rule: ID, reason: why}]}}``, the form JSON templates can carry."""
    metadata = resource.get("Metadata")
    ssrm = metadata.get("ssrm") if isinstance(metadata, dict) else None
    entries = ssrm.get("ignore") if isinstance(ssrm, dict) else None
    return [Suppression(str(e.get("rule", "")), str(e.get("reason", "")), file, line)
            for e in entries or [] if isinstance(e, dict)] if isinstance(entries, list) else []
