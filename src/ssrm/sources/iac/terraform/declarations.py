"""Terraform ``output`` and ``variable`` blocks as records, so rules can judge what they expose."""

from __future__ import annotations

from typing import Any

from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.suppress import suppressions_at
from ssrm.sources.iac.terraform.expressions import Evaluator
from ssrm.sources.iac.terraform.module import TerraformModule, evaluate_body
from ssrm.sources.iac.terraform.values import materialize
from ssrm.sources.iac.unknown import Unknown

OUTPUT, VARIABLE, AMI = "terraform_output", "terraform_variable", "data.aws_ami"


def declaration_records(module: TerraformModule, root: bool = True) -> list[RawResource]:
    """Outputs of the root module (what ``terraform output`` prints) and variables of every module."""
    records: list[RawResource] = []
    lines = module.context.lines
    for block in module.blocks:
        if block.type == "data" and block.labels[:1] == ["aws_ami"] and len(block.labels) > 1:
            address = f"{module.prefix}data.aws_ami.{block.labels[1]}"  # its name filters tell which image
            records.append(RawResource(kind=AMI, address=address, attrs=evaluate_body(block, module.evaluator),
                                       source="terraform", file=block.file, line=block.line))
        if not block.labels or block.type not in ("output", "variable"):
            continue
        name = block.labels[0]
        attrs: dict[str, Any] = {"name": name, "sensitive": _flag(module, block.attributes.get("sensitive"))}
        if block.type == "output":
            if not root:
                continue
            kind, address = OUTPUT, f"{module.prefix}output.{name}"
            attrs["value"] = materialize(module.output(name))
        else:
            kind, address = VARIABLE, f"{module.prefix}var.{name}"
            if "default" in block.attributes:
                attrs["default"] = Evaluator(lambda root_name: Unknown(f"{root_name} in a variable default")).value(
                    block.attributes["default"].expr)
        records.append(RawResource(kind=kind, address=address, attrs=attrs, source="terraform", file=block.file,
                                   line=block.line,
                                   suppressions=suppressions_at(lines.get(block.file, []), block.line, block.file)))
    for child in module.child_modules():
        records.extend(declaration_records(child, root=False))
    return records


def _flag(module: TerraformModule, attribute: Any) -> bool:
    if attribute is None:
        return False
    return module.evaluator.value(attribute.expr) is True


def plan_declaration_records(plan: dict[str, Any], file: str) -> list[RawResource]:
    """Root outputs and variables of a plan JSON (``configuration`` holds defaults and output references)."""
    config = (plan.get("configuration") or {}).get("root_module") or {}
    declared = config.get("variables") or {}
    records: list[RawResource] = []
    for name in sorted({*(plan.get("variables") or {}), *declared}):
        spec = declared.get(name)
        attrs: dict[str, Any] = {"name": name, "sensitive": bool((spec or {}).get("sensitive"))}
        if spec is None:
            attrs["default"] = Unknown(f"the plan does not say whether var.{name} has a default")
        elif "default" in spec:
            attrs["default"] = spec["default"]
        records.append(RawResource(kind=VARIABLE, address=f"var.{name}", attrs=attrs, source="terraform-plan",
                                   file=file, line=1))
    planned = (plan.get("planned_values") or {}).get("outputs") or {}
    for name, spec in (config.get("outputs") or {}).items():
        value: Any = (planned.get(name) or {}).get("value")
        references = [r for r in ((spec.get("expression") or {}).get("references") or []) if r.count(".") >= 2]
        if value is None and references:
            owner, _, attribute = references[0].rpartition(".")
            value = Unknown(f"{owner}.{attribute} is known only after apply")
        records.append(RawResource(kind=OUTPUT, address=f"output.{name}", source="terraform-plan", file=file, line=1,
                                   attrs={"name": name, "value": value, "sensitive": bool(spec.get("sensitive"))}))
    return records
