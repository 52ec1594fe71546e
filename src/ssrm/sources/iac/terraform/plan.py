"""``terraform show -json`` plan files: the most exact input, with values the provider already resolved.

Values still unknown at plan time (``after_unknown``) become Unknown, except references to another
resource's id/ARN, which take the same stand-ins as in HCL so that links between resources survive, and
attributes the configuration does not write: the provider marks an optional attribute it computes as
"known after apply" when the code leaves it out, and what AWS applies then is the mapping's documented
default (or its own unknown), exactly as for the same code in HCL.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ssrm.model.safe_parse import InputFileError, loads_json, read_text
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.synthesize import computed_attribute
from ssrm.sources.iac.unknown import Unknown

REFERENCE = re.compile(r"^(?P<target>(?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\[[^\]]+\])?)\.(?P<attr>[a-z_]+)$")

INSTANCE_KEY = re.compile(r"\[[^\]]*\]")
NOT_RESOURCES = ("data.", "var.", "local.", "module.", "each.", "count.", "path.", "self.")


class PlanError(Exception):
    """A file that is not a Terraform plan in JSON form."""


def is_plan(data: Any) -> bool:
    return isinstance(data, dict) and ("planned_values" in data or "resource_changes" in data) \
        and "format_version" in data


def read_plan(path: Path, problems: list[str] | None = None) -> list[RawResource]:
    """The managed resources a plan would leave in place. A malformed resource entry is skipped and
    described in ``problems``; a plan whose structure is wrong is a PlanError."""
    problems = problems if problems is not None else []
    try:
        text = read_text(path, "plan")
        plan = loads_json(text, str(path))
    except InputFileError as exc:
        raise PlanError(str(exc)) from None
    if not is_plan(plan):
        raise PlanError(f"{path}: not a Terraform plan (expected 'terraform show -json' output)")
    planned = _object(plan, "planned_values", path)
    changes: dict[str, dict[str, Any]] = {
        c["address"]: c["change"] if isinstance(c.get("change"), dict) else {}
        for c in _list(plan, "resource_changes", path) if isinstance(c, dict) and isinstance(c.get("address"), str)}
    configs = _configurations(_object(_object(plan, "configuration", path), "root_module", path), "")
    lines = _address_lines(text)
    records: list[RawResource] = []
    malformed: list[str] = []
    for index, resource in enumerate(_planned(_object(planned, "root_module", path), path)):
        try:
            record = _record(resource, changes, configs, path, lines)
        except (TypeError, KeyError, ValueError, AttributeError) as exc:
            malformed.append(f"#{index + 1}: {type(exc).__name__}: {exc}")
            continue
        if record is not None:
            records.append(record)
    if malformed:  # one line per file, however many entries are broken
        shown = "; ".join(malformed[:3]) + (f"; and {len(malformed) - 3} more" if len(malformed) > 3 else "")
        problems.append(f"{path}: {len(malformed)} planned resource(s) malformed and not assessed ({shown})")
    return records


def _record(resource: Any, changes: dict[str, Any], configs: dict[str, dict[str, Any]], path: Path,
            lines: dict[str, int]) -> RawResource | None:
    if not isinstance(resource, dict):
        raise TypeError(f"expected an object, found {type(resource).__name__}")
    if resource.get("mode", "managed") != "managed":
        return None
    address, kind, name = resource["address"], resource["type"], resource["name"]
    if not all(isinstance(v, str) for v in (address, kind, name)):
        raise TypeError("address, type and name must be strings")
    change = changes.get(address, {})
    actions = change.get("actions") or []
    if isinstance(actions, list) and "delete" in actions and change.get("after") is None:
        return None
    raw_values = resource.get("values") or {}
    if not isinstance(raw_values, dict):
        raise TypeError(f"values must be an object, found {type(raw_values).__name__}")
    values = _with_unknowns(raw_values, change.get("after_unknown") or {}, address)
    module_prefix = address[: address.index(kind + ".")] if kind + "." in address else ""
    # the configuration is per module call, not per instance: module.team["a"]. reads module.team.
    config = configs.get(INSTANCE_KEY.sub("", module_prefix) + f"{kind}.{name}", {})
    expressions: dict[str, Any] = config["expressions"] if isinstance(config.get("expressions"), dict) else {}
    _resolve_references(values, expressions, module_prefix, changes)
    if config:
        _drop_unwritten(values, expressions)
    _unset_rule_lists(kind, values, expressions)
    return RawResource(kind=kind, address=address, attrs=values, source="terraform-plan", file=str(path),
                       line=_line_of(lines, address))


def _object(data: Any, key: str, path: Path) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PlanError(f"{path}: '{key}' must be an object, not a {type(value).__name__}")
    return value


def _list(data: dict[str, Any], key: str, path: Path) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise PlanError(f"{path}: '{key}' must be a list, not a {type(value).__name__}")
    return value


def _planned(module: dict[str, Any], path: Path) -> list[Any]:
    found = list(_list(module, "resources", path))
    for child in _list(module, "child_modules", path):
        if isinstance(child, dict):
            found.extend(_planned(child, path))
    return found


def _configurations(module: dict[str, Any], prefix: str) -> dict[str, dict[str, Any]]:
    resources: list[Any] = module["resources"] if isinstance(module.get("resources"), list) else []
    found = {prefix + r["address"]: r for r in resources if isinstance(r, dict) and isinstance(r.get("address"), str)}
    calls: dict[str, Any] = module["module_calls"] if isinstance(module.get("module_calls"), dict) else {}
    for name, call in calls.items():
        if isinstance(call, dict) and isinstance(call.get("module"), dict):
            found.update(_configurations(call["module"], f"{prefix}module.{name}."))
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
        references = expression.get("references")
        refs = [m for m in (REFERENCE.match(r) for r in references or [] if isinstance(r, str)) if m]
        if not refs or any(m.group("target").startswith(NOT_RESOURCES) for m in refs):
            continue
        stand_ins = []
        for match in refs:
            target = prefix + match.group("target")
            kind = match.group("target").split(".")[0]
            after = (changes.get(target) or {}).get("after")
            after = after if isinstance(after, dict) else {}
            stand_ins.append(computed_attribute(kind, target, after, match.group("attr")))
        if any(isinstance(s, Unknown) for s in stand_ins):
            continue
        is_list = len(stand_ins) > 1 or name.endswith(("_ids", "_arns")) or name == "security_groups"
        values[name] = stand_ins if is_list else stand_ins[0]


def _drop_unwritten(values: dict[str, Any], expressions: dict[str, Any]) -> None:
    """Unknown attributes that the configuration does not write are absent, as in the code (nested blocks
    too, each with its own expressions). Without a configuration entry nothing is dropped."""
    for name in list(values):
        value, written = values[name], expressions.get(name)
        if isinstance(value, Unknown) and name not in expressions:
            del values[name]
        elif isinstance(value, list) and isinstance(written, list):
            for item, block in zip(value, written, strict=False):
                if isinstance(item, dict) and isinstance(block, dict):
                    _drop_unwritten(item, block)


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
            try:
                lines.setdefault(json.loads(match.group(1)), number)
            except ValueError:
                continue
    return lines


def _line_of(lines: dict[str, int], address: str) -> int:
    return lines.get(address, 1)
