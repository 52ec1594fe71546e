"""Write a Terraform HCL fixture as the plan JSON ``terraform show -json`` would give for it.

The HCL is evaluated by ssrm's own front end (the values a provider would plan for literal code), then laid
out as Terraform lays out a plan: ``planned_values.root_module.resources[].values`` without the values known
only after apply, ``resource_changes[].change.after_unknown`` marking those, and
``configuration.root_module.resources[].expressions`` with what the code writes (constants, or references to
other resources). A reference to another resource's id or ARN is unknown at plan, as in a real plan.

``computed`` lists attribute paths (dotted, blocks entered at their first element) that the provider computes
when the code leaves them out: where the code does not write them, they are marked unknown, as Terraform
shows an optional+computed attribute ("known after apply").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.terraform.module import LoadContext, TerraformModule
from ssrm.sources.iac.terraform.variables import root_inputs
from ssrm.sources.iac.unknown import Unknown

ALWAYS_COMPUTED = ("id", "arn", "tags_all")


def hcl_records(directory: Path) -> list[RawResource]:
    module = TerraformModule(directory, root_inputs(directory, [], []), "", LoadContext())
    return [raw for raw in module.raw_resources() if raw.kind.startswith("aws_")]


def _stand_in_target(value: Any, addresses: set[str]) -> str | None:
    """The address a stand-in string (``aws_x.y`` or ``terraform:aws_x.y``) names, if it is one."""
    if isinstance(value, str):
        name = value.removeprefix("terraform:")
        if name in addresses:
            return name
    return None


def _split(value: Any, addresses: set[str]) -> tuple[Any, Any, Any]:
    """(planned value or None when unknown, its after_unknown mark, its configuration expression)."""
    target = _stand_in_target(value, addresses)
    if isinstance(value, Unknown):
        return None, True, {"references": ["data.unknown.value"]}
    if target is not None:
        return None, True, {"references": [f"{target}.id", target]}
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        parts = [_object(v, addresses) for v in value]
        return [p[0] for p in parts], [p[1] for p in parts], [p[2] for p in parts]
    if isinstance(value, list) and any(_stand_in_target(v, addresses) or isinstance(v, Unknown) for v in value):
        refs = [f"{t}.id" for v in value if (t := _stand_in_target(v, addresses))]
        return None, True, {"references": refs or ["data.unknown.value"]}
    return value, False, {"constant_value": value}


def _object(attrs: dict[str, Any], addresses: set[str]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    values: dict[str, Any] = {}
    unknown: dict[str, Any] = {}
    expressions: dict[str, Any] = {}
    for name, value in attrs.items():
        if name.startswith("__"):
            continue
        planned, mark, expression = _split(value, addresses)
        expressions[name] = expression
        if mark is True:
            unknown[name] = True
            continue
        values[name] = planned
        if isinstance(mark, list) and any(mark):
            unknown[name] = mark
    return values, unknown, expressions


def _mark_computed(values: dict[str, Any], unknown: dict[str, Any], path: str) -> None:
    head, _, rest = path.partition(".")
    if head in values and values[head] is not None and rest:
        block = values[head]
        if isinstance(block, list) and block and isinstance(block[0], dict):
            marks = unknown.setdefault(head, [{} for _ in block])
            if isinstance(marks, list):
                _mark_computed(block[0], marks[0], rest)
        return
    if head not in values or values[head] is None:
        values.pop(head, None)
        unknown[head] = True


def plan_document(records: Iterable[RawResource], computed: dict[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    records = list(records)
    addresses = {r.address for r in records}
    planned: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    configuration: list[dict[str, Any]] = []
    for raw in records:
        name = raw.address.split(".", 1)[1]
        values, unknown, expressions = _object(raw.attrs, addresses)
        for path in (*ALWAYS_COMPUTED, *(computed or {}).get(raw.kind, ())):
            _mark_computed(values, unknown, path)
        head = {"address": raw.address, "mode": "managed", "type": raw.kind, "name": name}
        planned.append({**head, "provider_name": "registry.terraform.io/hashicorp/aws", "values": values})
        changes.append({**head, "change": {"actions": ["create"], "before": None, "after": values,
                                           "after_unknown": unknown}})
        configuration.append({**head, "expressions": expressions})
    return {"format_version": "1.2", "terraform_version": "1.9.5",
            "planned_values": {"root_module": {"resources": planned}},
            "resource_changes": changes,
            "configuration": {"root_module": {"resources": configuration}}}


def write_plan(directory: Path, target: Path, computed: dict[str, tuple[str, ...]] | None = None) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(plan_document(hcl_records(directory), computed), indent=1))
    return target
