"""Read IaC paths into one Inventory (plus where each resource was declared), recording every gap."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ssrm.model import Finding, Inventory, Resource
from ssrm.sources.iac.cloudformation.reader import read_template
from ssrm.sources.iac.cloudformation.template import TemplateError, looks_like_template
from ssrm.sources.iac.discover import InputError, Inputs, discover
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.terraform.declarations import declaration_records, plan_declaration_records
from ssrm.sources.iac.terraform.module import LoadContext, TerraformModule
from ssrm.sources.iac.terraform.plan import PlanError, is_plan, read_plan
from ssrm.sources.iac.terraform.variables import VariableFileError, parse_var_assignment, root_inputs

__all__ = ["IacLoad", "InputError", "VariableFileError", "load_iac"]


@dataclass
class IacLoad:
    """The inventory, the record behind each resource, and the errors to show the user."""

    inventory: Inventory
    records: list[tuple[RawResource, Resource]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unmapped: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_key = {(r.resource_type, r.arn, r.origin.describe()): raw for raw, r in self.records}

    def locate(self, finding: Finding) -> RawResource | None:
        return self._by_key.get((finding.resource_type, finding.resource_arn, finding.origin))


def load_iac(paths: list[Path], var_files: list[Path] | None = None, variables: list[str] | None = None) -> IacLoad:
    """Every resource declared under ``paths``. Raises InputError / VariableFileError on bad input."""
    from ssrm.sources.iac.mapping.cloudformation.catalog import COMPANIONS as CFN_COMPANIONS
    from ssrm.sources.iac.mapping.cloudformation.catalog import MAPPERS as CFN_MAPPERS
    from ssrm.sources.iac.mapping.cloudformation.catalog import map_cloudformation
    from ssrm.sources.iac.mapping.coverage import RUNTIME_ONLY
    from ssrm.sources.iac.mapping.terraform.catalog import COMPANIONS as TF_COMPANIONS
    from ssrm.sources.iac.mapping.terraform.catalog import MAPPERS as TF_MAPPERS
    from ssrm.sources.iac.mapping.terraform.catalog import map_terraform

    inputs = discover(paths)
    var_files = var_files or []
    assignments = variables or []
    overrides = dict(parse_var_assignment(a) for a in assignments)
    context = LoadContext()
    terraform_groups = _terraform(inputs, var_files, assignments, context)
    cfn_raws: list[RawResource] = []
    errors: list[str] = []
    for file in inputs.data_files:
        try:
            kind = _sniff(file)
            if kind == "plan":
                terraform_groups.append(read_plan(file) + plan_declarations(file))
            elif kind == "cloudformation":
                cfn_raws.extend(read_template(file, overrides))
            elif file in inputs.explicit_files:
                raise InputError(f"{file}: neither a Terraform plan JSON nor a CloudFormation template")
        except (PlanError, TemplateError) as exc:
            context.gap("iac:parse", "InvalidTemplate", str(exc), resource=str(file))
    errors.extend(g.message for g in context.gaps if g.error in ("InvalidHCL", "InvalidTemplate"))
    records = [pair for group in terraform_groups for pair in map_terraform(group)]
    records += map_cloudformation(cfn_raws)
    terraform_raws = [raw for group in terraform_groups for raw in group]
    unmapped: dict[str, int] = {}
    for raw in terraform_raws + cfn_raws:
        known = TF_MAPPERS.keys() | CFN_MAPPERS.keys() | TF_COMPANIONS | CFN_COMPANIONS
        if raw.kind not in known:
            unmapped[raw.kind] = unmapped.get(raw.kind, 0) + 1
    inventory = Inventory(account="", regions=[], source="iac", cannot_hold=dict(RUNTIME_ONLY))
    inventory.add(resource for _, resource in records)
    inventory.add_gaps(context.gaps)
    return IacLoad(inventory, records, errors, unmapped)


def _terraform(inputs: Inputs, var_files: list[Path], assignments: list[str], context: LoadContext
               ) -> list[list[RawResource]]:
    """One group of records per root module: references never cross roots."""
    groups: list[list[RawResource]] = []
    loaded_as_module: set[Path] = set()
    for directory in sorted(inputs.terraform_dirs, key=lambda p: len(p.parts)):
        if directory.resolve() in loaded_as_module:  # a local module of a root read earlier
            continue
        module = TerraformModule(directory, root_inputs(directory, var_files, assignments), "", context)
        groups.append(module.raw_resources() + declaration_records(module))
        loaded_as_module.update(_module_dirs(module))
    return groups


def _module_dirs(module: TerraformModule) -> set[Path]:
    found: set[Path] = set()
    for child in module.child_modules():
        found.add(child.directory.resolve())
        found.update(_module_dirs(child))
    return found


def plan_declarations(file: Path) -> list[RawResource]:
    """Outputs and variables of a plan (read again: the plan reader returns resources only)."""
    return plan_declaration_records(json.loads(file.read_text(encoding="utf-8")), str(file))


def _sniff(file: Path) -> str:
    """"plan", "cloudformation" or "other", without failing on unrelated files."""
    text = file.read_text(encoding="utf-8", errors="replace")
    if file.suffix == ".json" or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except ValueError as exc:
            if '"Resources"' in text or '"format_version"' in text:
                line = getattr(exc, "lineno", None)
                raise TemplateError(f"{file}:{line}: invalid JSON: {getattr(exc, 'msg', exc)}") from None
            return "other"
        if is_plan(data):
            return "plan"
        return "cloudformation" if looks_like_template(data) else "other"
    if "Resources" in text and ("AWSTemplateFormatVersion" in text or "AWS::" in text):
        return "cloudformation"
    return "other"
