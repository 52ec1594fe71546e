"""Read IaC paths into one Inventory (plus where each resource was declared), recording every gap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ssrm.model import Finding, Inventory, Resource
from ssrm.model.safe_parse import InputFileError, decode_utf8, loads_json, read_bytes
from ssrm.sources.iac.cloudformation.reader import read_template
from ssrm.sources.iac.cloudformation.template import TemplateError, looks_like_template
from ssrm.sources.iac.discover import InputError, Inputs, discover
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.terraform.declarations import declaration_records, plan_declaration_records
from ssrm.sources.iac.terraform.module import LoadContext, TerraformModule
from ssrm.sources.iac.terraform.plan import PlanError, is_plan, read_plan
from ssrm.sources.iac.terraform.variables import (
    VariableFileError,
    parse_var_assignment,
    read_var_file,
    root_inputs,
)

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
    """Every resource declared under ``paths``. Raises InputError / VariableFileError on bad input named by
    the user; a bad file, root module or record found on the way is a gap (parse failures also in
    ``errors``) and everything else is still read."""
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
    for var_file in var_files:  # a file the user named: refuse it now, before reading any code
        read_var_file(var_file)
    context = LoadContext()
    terraform_groups = _terraform(inputs, var_files, assignments, context)
    cfn_raws: list[RawResource] = []
    for file in inputs.data_files:
        problems: list[str] = []
        warnings: list[str] = []
        try:
            kind = _sniff(file)
            if kind == "plan":
                terraform_groups.append(read_plan(file, problems) + plan_declarations(file))
            elif kind == "cloudformation":
                cfn_raws.extend(read_template(file, overrides, problems, warnings))
            elif file in inputs.explicit_files:
                raise InputError(f"{file}: neither a Terraform plan JSON nor a CloudFormation template")
        except (PlanError, TemplateError) as exc:
            context.gap("iac:parse", "InvalidTemplate", str(exc), resource=str(file))
        except RecursionError:
            context.gap("iac:parse", "InvalidTemplate", f"{file}: nested too deeply to read", resource=str(file))
        except InputError:
            raise
        except Exception as exc:  # one odd file must not cost the others
            context.gap("iac:parse", "InvalidTemplate", f"{file}: could not be read ({type(exc).__name__}: {exc})",
                        resource=str(file))
        for problem in problems:
            context.gap("iac:parse", "InvalidResource", problem, resource=str(file))
        for warning in warnings:
            context.gap("iac:parse", "PartlyRead", warning, resource=str(file))
    context.bound_gaps()
    records = [pair for group in terraform_groups for pair in _map_safely(group, map_terraform, context)]
    records += _map_safely(cfn_raws, map_cloudformation, context)
    terraform_raws = [raw for group in terraform_groups for raw in group]
    unmapped: dict[str, int] = {}
    known = TF_MAPPERS.keys() | CFN_MAPPERS.keys() | TF_COMPANIONS | CFN_COMPANIONS
    for raw in terraform_raws + cfn_raws:
        if raw.kind not in known:
            unmapped[raw.kind] = unmapped.get(raw.kind, 0) + 1
    errors = [g.message for g in context.gaps if g.error in PARSE_ERRORS or g.error == MAPPING_FAILED]
    inventory = Inventory(account="", regions=[], source="iac", cannot_hold=dict(RUNTIME_ONLY))
    inventory.add(resource for _, resource in records)
    inventory.add_gaps(context.gaps)
    return IacLoad(inventory, records, errors, unmapped)


# Gaps that mean part of the input could not be read at all: shown as errors, and ``ssrm iac`` exits 2.
PARSE_ERRORS = ("InvalidHCL", "InvalidTemplate", "InvalidResource", "InvalidVariables")
# A record ssrm read but could not map onto its model: a bug in ssrm, shown as an error, exit 1.
MAPPING_FAILED = "MappingFailed"
# Read, but only partly understood, or cut at a bound: shown as warnings.
WARNINGS = ("PartlyRead", "BoundExceeded", "ModuleCycle", "InvalidCount", "InvalidForEach", "Cycle")

Mapper = Callable[[list[RawResource]], list[tuple[RawResource, Resource]]]


def _map_safely(raws: list[RawResource], map_all: Mapper, context: LoadContext) -> list[tuple[RawResource, Resource]]:
    """Map records onto the typed models; a record whose mapping fails is a gap, the others are kept."""
    try:
        return map_all(raws)
    except Exception:  # find the records that break it; only then pay for mapping them one by one
        pass
    good: list[RawResource] = []
    for raw in raws:
        try:
            map_all([raw])
            good.append(raw)
        except Exception as exc:
            context.gap("iac:map", MAPPING_FAILED, f"{raw.file}:{raw.line}: {raw.address} could not be mapped "
                        f"({type(exc).__name__}: {exc}); not assessed (a bug in ssrm: please report it)",
                        resource=raw.address)
    try:
        return map_all(good)
    except Exception:  # the links between records broke it: keep each record on its own
        return [pair for raw in good for pair in map_all([raw])]


def _terraform(inputs: Inputs, var_files: list[Path], assignments: list[str], context: LoadContext
               ) -> list[list[RawResource]]:
    """One group of records per root module: references never cross roots; a root that cannot be read
    (its automatic tfvars broken, or evaluation failing) is a gap and the other roots are still read."""
    groups: list[list[RawResource]] = []
    loaded_as_module: set[Path] = set()
    for directory in sorted(inputs.terraform_dirs, key=lambda p: len(p.parts)):
        if directory.resolve() in loaded_as_module:  # a local module of a root read earlier
            continue
        try:
            module = TerraformModule(directory, root_inputs(directory, var_files, assignments), "", context)
            groups.append(module.raw_resources() + declaration_records(module))
            loaded_as_module.update(_module_dirs(module))
        except VariableFileError as exc:
            context.gap("terraform:variables", "InvalidVariables", f"{exc}; the root module {directory} is not "
                        "assessed", resource=str(directory))
        except RecursionError:
            context.gap("terraform:evaluate", "InvalidHCL", f"{directory}: nested too deeply to evaluate",
                        resource=str(directory))
        except Exception as exc:
            context.gap("terraform:evaluate", "InvalidHCL", f"{directory}: could not be evaluated "
                        f"({type(exc).__name__}: {exc})", resource=str(directory))
    return groups


def _module_dirs(module: TerraformModule) -> set[Path]:
    found: set[Path] = set()
    for child in module.child_modules():
        found.add(child.directory.resolve())
        found.update(_module_dirs(child))
    return found


def plan_declarations(file: Path) -> list[RawResource]:
    """Outputs and variables of a plan (read again: the plan reader returns resources only)."""
    try:
        data = loads_json(decode_utf8(read_bytes(file, "plan"), file, "plan"), str(file))
    except InputFileError:
        return []  # the plan reader has already reported the file
    return plan_declaration_records(data, str(file)) if isinstance(data, dict) else []


def _sniff(file: Path) -> str:
    """"plan", "cloudformation" or "other", without failing on unrelated files."""
    try:
        data_bytes = read_bytes(file, "file")
    except InputFileError as exc:
        raise TemplateError(str(exc)) from None
    text = data_bytes.decode("utf-8", errors="replace")
    if file.suffix == ".json" or text.lstrip().startswith("{"):
        try:
            data = loads_json(decode_utf8(data_bytes, file), str(file))
        except InputFileError as exc:
            if '"Resources"' in text or '"format_version"' in text:
                raise TemplateError(str(exc)) from None
            return "other"
        if is_plan(data):
            return "plan"
        declared = isinstance(data, dict) and "AWSTemplateFormatVersion" in data
        return "cloudformation" if declared or looks_like_template(data) else "other"
    if "Resources" in text and ("AWSTemplateFormatVersion" in text or "AWS::" in text):
        return "cloudformation"
    return "other"
