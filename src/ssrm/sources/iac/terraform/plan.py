"""``terraform show -json`` plan files: the most exact input, with values the provider already resolved.

Values still unknown at plan time (``after_unknown``) become Unknown, except references to another
resource's id/ARN, which take the same stand-ins as in HCL so that links between resources survive.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.synthesize import computed_attribute
from ssrm.sources.iac.unknown import Unknown

REFERENCE = re.compile(r"^(?P<target>(?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\[[^\]]+\])?)\.(?P<attr>[a-z_]+)$")

NOT_RESOURCES = ("data.", "var.", "local.", "module.", "each.", "count.", "path.", "self.")


class PlanError(Exception):
    """A file that is not a Terraform plan in JSON form."""


def is_plan(data: Any) -> bool:
    return isinstance(data, dict) and ("planned_values" in data or "resource_changes" in data) \
        and "format_version" in data


def read_plan(path: Path) -> list[RawResource]:
    text = path.read_text(encoding="utf-8")
    try:
        plan = json.loads(text)
    except ValueError as exc:
        raise PlanError(f"{path}: invalid JSON: {exc}") from None
    if not is_plan(plan):
        raise PlanError(f"{path}: not a Terraform plan (expected 'terraform show -json' output)")
    changes = {c["address"]: c.get("change", {}) for c in plan.get("resource_changes", [])}
    configs = _configurations(plan.get("configuration", {}).get("root_module", {}), "")
    lines = _address_lines(text)
    records: list[RawResource] = []
    for resource in _planned(plan.get("planned_values", {}).get("root_module", {})):
        if resource.get("mode", "managed") != "managed":
            continue
        address = resource["address"]
        change = changes.get(address, {})
        if "delete" in change.get("actions", []) and change.get("after") is None:
            continue
        values = _with_unknowns(resource.get("values") or {}, change.get("after_unknown") or {}, address)
        module_prefix = address[: address.index(resource["type"] + ".")] if resource["type"] + "." in address else ""
        config = configs.get(module_prefix + f'{resource["type"]}.{resource["name"]}', {})
        _resolve_references(values, config.get("expressions", {}), module_prefix, changes)
        _unset_rule_lists(resource["type"], values, config.get("expressions", {}))
        records.append(RawResource(kind=resource["type"], address=address, attrs=values, source="terraform-plan",
                                   file=str(path), line=_line_of(lines, address)))
    return records


def _planned(module: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(module.get("resources", []))
    for child in module.get("child_modules", []):
        found.extend(_planned(child))
    return found


def _configurations(module: dict[str, Any], prefix: str) -> dict[str, dict[str, Any]]:
    found = {prefix + r["address"]: r for r in module.get("resources", []) if "address" in r}
    for name, call in (module.get("module_calls") or {}).items():
        found.update(_configurations(call.get("module", {}), f"{prefix}module.{name}."))
    return found


def _with_unknowns(values: Any, unknown: Any, path: str) -> Any:
    if unknown is True:
        return Unknown(f"{path} is known only after apply")
    if isinstance(values, dict):
        marks = unknown if isinstance(unknown, dict) else {}
        merged = {k: _with_unknowns(v, marks.get(k), f"{path}.{k}") for k, v in values.items()}
        for key, mark in marks.items():
            if key not in merged and mark is True:
                merged[key] = Unknown(f"{path}.{key} is known only after apply")
        return merged
    if isinstance(values, list):
        items = unknown if isinstance(unknown, list) else []
        return [_with_unknowns(v, items[i] if i < len(items) else None, f"{path}[{i}]")
                for i, v in enumerate(values)]
    return values


def _resolve_references(values: dict[str, Any], expressions: dict[str, Any], prefix: str,
                        changes: dict[str, Any]) -> None:
    """Unknown top-level attributes that only name other resources' ids/ARNs get their stand-ins."""
    for name, expression in expressions.items():
        if not isinstance(values.get(name), Unknown) or not isinstance(expression, dict):
            continue
        refs = [m for m in (REFERENCE.match(r) for r in expression.get("references", [])) if m]
        if not refs or any(m.group("target").startswith(NOT_RESOURCES) for m in refs):
            continue
        stand_ins = []
        for match in refs:
            target = prefix + match.group("target")
            kind = match.group("target").split(".")[0]
            after = (changes.get(target) or {}).get("after") or {}
            stand_ins.append(computed_attribute(kind, target, after, match.group("attr")))
        if any(isinstance(s, Unknown) for s in stand_ins):
            continue
        is_list = len(stand_ins) > 1 or name.endswith(("_ids", "_arns")) or name == "security_groups"
        values[name] = stand_ins if is_list else stand_ins[0]


def _unset_rule_lists(kind: str, values: dict[str, Any], expressions: dict[str, Any]) -> None:
    """A security group's ingress/egress not written in the code is computed from the separate rule
    resources (mapped from their own records), and Terraform removes AWS's default egress rule."""
    if kind != "aws_security_group":
        return
    for name in ("ingress", "egress"):
        if isinstance(values.get(name), Unknown) and name not in expressions:
            values[name] = []


ADDRESS_KEY = re.compile(r'"address":\s*("(?:[^"\\]|\\.)*")')


def _address_lines(text: str) -> dict[str, int]:
    """The first line on which each ``"address"`` value appears (the plan has no source lines)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = ADDRESS_KEY.search(line)
        if match:
            lines.setdefault(json.loads(match.group(1)), number)
    return lines


def _line_of(lines: dict[str, int], address: str) -> int:
    return lines.get(address, 1)
