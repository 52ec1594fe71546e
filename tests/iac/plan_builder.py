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
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.terraform.module import LoadContext, TerraformModule
from ssrm.sources.iac.terraform.variables import root_inputs
from ssrm.sources.iac.unknown import Unknown, find_unknown

ALWAYS_COMPUTED = ("id", "arn", "tags_all")


def hcl_records(directory: Path) -> list[RawResource]:
    module = TerraformModule(directory, root_inputs(directory, [], []), "", LoadContext())
    return [raw for raw in module.raw_resources() if raw.kind.startswith("aws_") and "__expansion__" not in raw.attrs]


def _reference(value: Any, addresses: set[str]) -> str | None:
    """The reference a stand-in string stands for: ``aws_x.y`` is ``aws_x.y.id``, ``terraform:aws_x.y`` is
    ``aws_x.y.arn`` (or an IAM name, which takes the same stand-in); None for any other value."""
    if isinstance(value, str):
        if value in addresses:
            return f"{value}.id"
        name = value.removeprefix("terraform:")
        if name != value and name in addresses:
            return f"{name}.arn"
    return None


def _split(value: Any, addresses: set[str]) -> tuple[Any, Any, Any]:
    """(planned value or None when unknown, its after_unknown mark, its configuration expression)."""
    reference = _reference(value, addresses)
    if isinstance(value, Unknown):
        return None, True, {"references": ["data.unknown.value"]}
    if reference is not None:
        return None, True, {"references": [reference, reference.rsplit(".", 1)[0]]}
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        parts = [_object(v, addresses) for v in value]
        return [p[0] for p in parts], [p[1] for p in parts], [p[2] for p in parts]
    if isinstance(value, list) and any(_reference(v, addresses) or isinstance(v, Unknown) for v in value):
        refs = [r for v in value if (r := _reference(v, addresses))]
        return None, True, {"references": refs or ["data.unknown.value"]}
    if isinstance(value, dict) and find_unknown(value) is not None:  # a map with some keys known only at apply
        parts = {k: _split(v, addresses) for k, v in value.items()}
        return ({k: p[0] for k, p in parts.items() if p[1] is not True},
                {k: p[1] for k, p in parts.items() if p[1] is not False},
                {"references": ["data.unknown.value"]})
    if find_unknown(value) is not None:  # a list holding a value known only at apply
        return None, True, {"references": ["data.unknown.value"]}
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
        if isinstance(mark, (list, dict)) and any(mark):  # blocks or a map with values known only at apply
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


INSTANCE_KEY = re.compile(r"\[[^\]]*\]")


def _place(address: str, kind: str) -> tuple[str, str, str]:
    """(module prefix as in the address, the resource's name, its address inside the module without index)."""
    prefix = address[: address.index(kind + ".")]
    name = INSTANCE_KEY.sub("", address[len(prefix) + len(kind) + 1:])
    return prefix, name, f"{kind}.{name}"


def _module_config(root: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The configuration module for a prefix (``module.a["x"].module.b.``), created on first use."""
    module = root
    for call in INSTANCE_KEY.sub("", prefix).split(".")[1::2]:
        calls = module.setdefault("module_calls", {})
        module = calls.setdefault(call, {"source": f"./modules/{call}", "module": {}})["module"]
    return module


def plan_document(records: Iterable[RawResource], computed: dict[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    """Resources of a module live in ``child_modules`` (planned values) and ``module_calls`` (configuration),
    where each configuration entry is the module's, shared by every instance of it."""
    records = list(records)
    addresses = {r.address for r in records}
    planned: dict[str, list[dict[str, Any]]] = {}
    changes: list[dict[str, Any]] = []
    configuration: dict[str, Any] = {}
    for raw in records:
        prefix, name, local = _place(raw.address, raw.kind)
        values, unknown, expressions = _object(raw.attrs, addresses)
        for path in (*ALWAYS_COMPUTED, *(computed or {}).get(raw.kind, ())):
            _mark_computed(values, unknown, path)
        head = {"address": raw.address, "mode": "managed", "type": raw.kind, "name": name}
        planned.setdefault(prefix, []).append({**head, "provider_name": "registry.terraform.io/hashicorp/aws",
                                               "values": values})
        changes.append({**head, "change": {"actions": ["create"], "before": None, "after": values,
                                           "after_unknown": unknown}})
        module = _module_config(configuration, prefix)
        module.setdefault("resources", []).append({**head, "address": local, "expressions": expressions})
    children = [{"address": prefix.rstrip("."), "resources": found} for prefix, found in planned.items() if prefix]
    return {"format_version": "1.2", "terraform_version": "1.9.5",
            "planned_values": {"root_module": {"resources": planned.get("", []), "child_modules": children}},
            "resource_changes": changes,
            "configuration": {"root_module": configuration}}


def write_plan(directory: Path, target: Path, computed: dict[str, tuple[str, ...]] | None = None) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(plan_document(hcl_records(directory), computed), indent=1))
    return target
