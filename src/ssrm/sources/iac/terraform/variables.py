"""Root module inputs: terraform.tfvars, *.auto.tfvars, --var-file and --var, in Terraform's precedence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ssrm.model.safe_parse import InputFileError, loads_json, read_text
from ssrm.sources.iac.terraform.expressions import Evaluator
from ssrm.sources.iac.terraform.hcl import parse_hcl
from ssrm.sources.iac.unknown import Unknown


class VariableFileError(Exception):
    """A --var-file or --var that cannot be read."""


def _literal_evaluator() -> Evaluator:
    return Evaluator(lambda root: Unknown(f"{root} cannot be referenced in a variable file"))


def read_var_file(path: Path) -> dict[str, Any]:
    try:
        text = read_text(path, "variable file")
        data = loads_json(text, str(path)) if path.name.endswith(".json") else None
    except InputFileError as exc:
        raise VariableFileError(str(exc)) from None
    if path.name.endswith(".json"):
        if not isinstance(data, dict):
            raise VariableFileError(f"{path}: a variable file must hold an object")
        return data
    try:
        blocks = parse_hcl(f"__vars__ {{\n{text}\n}}", str(path))
    except RecursionError:
        raise VariableFileError(f"{path}: nested too deeply to parse") from None
    except Exception as exc:
        raise VariableFileError(str(exc)) from None
    evaluator = _literal_evaluator()
    return {name: evaluator.value(attr.expr) for name, attr in blocks[0].attributes.items()}


def parse_var_assignment(assignment: str) -> tuple[str, Any]:
    """``k=v`` from --var; v is HCL when it looks like a list, map, number or bool, else a string."""
    name, sep, value = assignment.partition("=")
    if not sep or not name.strip():
        raise VariableFileError(f"--var {assignment!r}: expected NAME=VALUE")
    text = value.strip()
    if text[:1] in ("[", "{", '"') or text in ("true", "false") or text.replace(".", "", 1).isdigit():
        try:
            blocks = parse_hcl(f"__vars__ {{\nv = {text}\n}}", "--var")
            return name.strip(), _literal_evaluator().value(blocks[0].attributes["v"].expr)
        except Exception:
            pass
    return name.strip(), value


def root_inputs(directory: Path, var_files: list[Path], assignments: list[str]) -> dict[str, Any]:
    inputs: dict[str, Any] = {}
    automatic = [directory / "terraform.tfvars", directory / "terraform.tfvars.json"]
    automatic += sorted(directory.glob("*.auto.tfvars")) + sorted(directory.glob("*.auto.tfvars.json"))
    for path in [p for p in automatic if p.is_file()] + list(var_files):
        inputs.update(read_var_file(path))
    for assignment in assignments:
        name, value = parse_var_assignment(assignment)
        inputs[name] = value
    return inputs
