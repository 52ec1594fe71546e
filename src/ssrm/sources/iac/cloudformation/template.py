"""Read a CloudFormation template into plain data, keeping each resource's line number."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ssrm.model.safe_parse import InputFileError, compose_yaml, construct_yaml, loads_json, read_text

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class TemplateError(Exception):
    """A file that cannot be read as a CloudFormation template: names the file and the line."""


class _TemplateLoader(yaml.SafeLoader):
    """SafeLoader with CloudFormation's short forms (!Ref, !GetAtt, !Sub...) and no date parsing.

    A tag CloudFormation does not define (``!Rain::Embed``, a typo) is kept as ``Fn::<tag>``, which
    resolves to Unknown, and is recorded in ``unknown_tags`` (line, tag) so the user is told."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.unknown_tags: list[tuple[int, str]] = []


_TemplateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


SHORT_FORMS = {"Ref", "Condition", "Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join",
               "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "ToJsonString", "Length",
               "Contains", "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll"}


def _short_form(loader: _TemplateLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if suffix not in SHORT_FORMS:
        loader.unknown_tags.append((node.start_mark.line + 1, suffix))
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]  # a MappingNode here
    if suffix in ("Ref", "Condition"):
        return {suffix: value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_TemplateLoader.add_multi_constructor("!", _short_form)


def looks_like_template(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("Resources"), dict) and (
        "AWSTemplateFormatVersion" in data
        or any(isinstance(r, dict) and str(r.get("Type", "")).startswith(("AWS::", "Custom::"))
               for r in data["Resources"].values()))


def load_template(path: Path, warnings: list[str] | None = None) -> tuple[Any, dict[str, int], list[str]]:
    """The template, the line of each logical id under Resources, and the file's lines (within the size,
    nesting and YAML alias bounds). Tags CloudFormation does not define are described in ``warnings``."""
    try:
        text = read_text(path, "template")
        lines = text.splitlines()
        if path.suffix == ".json":
            data = loads_json(text, str(path))
            return data, _json_resource_lines(lines, data), lines
        node = compose_yaml(text, str(path), _TemplateLoader)
        loader = _TemplateLoader("")
        data = construct_yaml(node, str(path), loader)
    except InputFileError as exc:
        raise TemplateError(str(exc)) from None
    if warnings is not None:
        warnings.extend(f"{path}:{line}: unknown CloudFormation tag !{tag}: its value is unknown"
                        for line, tag in loader.unknown_tags)
    return data, _yaml_resource_lines(node), lines


def _yaml_resource_lines(node: yaml.Node | None) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    for key, value in node.value:
        if key.value == "Resources" and isinstance(value, yaml.MappingNode):
            return {k.value: k.start_mark.line + 1 for k, _ in value.value}
    return {}


def _json_resource_lines(lines: list[str], data: Any) -> dict[str, int]:
    found: dict[str, int] = {}
    if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
        return found
    start = next((i for i, line in enumerate(lines) if re.search(r'"Resources"\s*:', line)), 0)
    for logical_id in data["Resources"]:
        pattern = re.compile(rf'"{re.escape(logical_id)}"\s*:')
        found[logical_id] = next((i + 1 for i in range(start, len(lines)) if pattern.search(lines[i])), 1)
    return found
