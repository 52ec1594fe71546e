"""Read a CloudFormation template into plain data, keeping each resource's line number."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class TemplateError(Exception):
    """A file that cannot be read as a CloudFormation template: names the file and the line."""


class _TemplateLoader(yaml.SafeLoader):
    """SafeLoader with CloudFormation's short forms (!Ref, !GetAtt, !Sub...) and no date parsing."""


_TemplateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _short_form(loader: _TemplateLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
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


def load_template(path: Path) -> tuple[Any, dict[str, int], list[str]]:
    """The template, the line of each logical id under Resources, and the file's lines."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if path.suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TemplateError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
        return data, _json_resource_lines(lines, data), lines
    try:
        node = yaml.compose(text, Loader=_TemplateLoader)
        loader = _TemplateLoader(text)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise TemplateError(f"{path}:{line}: invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise TemplateError(f"{path}: invalid YAML: {exc}") from None
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
