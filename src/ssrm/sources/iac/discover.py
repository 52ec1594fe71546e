"""Which inputs a path holds: Terraform root directories, plan JSON files, CloudFormation templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SKIPPED_DIRS = {".terraform", ".git", "node_modules", ".venv", "__pycache__", ".terragrunt-cache"}
DATA_SUFFIXES = {".json", ".yaml", ".yml", ".template"}


class InputError(Exception):
    """A path that does not exist or holds nothing ssrm can read."""


@dataclass
class Inputs:
    terraform_dirs: list[Path] = field(default_factory=list)
    data_files: list[Path] = field(default_factory=list)  # plan JSON or CloudFormation, decided by content
    explicit_files: set[Path] = field(default_factory=set)


def discover(paths: list[Path]) -> Inputs:
    inputs = Inputs()
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if path.is_file():
            if path.suffix == ".tf":
                _add(inputs.terraform_dirs, path.parent)
            elif path.suffix in DATA_SUFFIXES or path.suffix == "":
                _add(inputs.data_files, path)
                inputs.explicit_files.add(path)
            else:
                raise InputError(f"{path}: not a Terraform, plan JSON or CloudFormation file")
            continue
        for directory in _walk(path):
            if any(directory.glob("*.tf")):
                _add(inputs.terraform_dirs, directory)
            for file in sorted(directory.iterdir()):
                if file.is_file() and file.suffix in DATA_SUFFIXES and not file.name.endswith(".tfvars.json"):
                    _add(inputs.data_files, file)
    return inputs


def _walk(root: Path) -> list[Path]:
    found = [root]
    for child in sorted(root.iterdir()):
        if child.is_dir() and child.name not in SKIPPED_DIRS and not child.name.startswith("."):
            found.extend(_walk(child))
    return found


def _add(items: list[Path], path: Path) -> None:
    if path not in items:
        items.append(path)
