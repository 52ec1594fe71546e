"""The package table of docs/architecture.md, checked against the imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import ssrm

SRC = Path(ssrm.__file__).parent


def imported_modules(path: Path, *, top_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_sources_import_only_the_model() -> None:
    offending = {}
    for path in sorted((SRC / "sources").rglob("*.py")):
        wrong = {m for m in imported_modules(path) if m.startswith("ssrm") and m != "ssrm"
                 and not m.startswith(("ssrm.model", "ssrm.sources"))}
        if wrong:
            offending[str(path.relative_to(SRC))] = sorted(wrong)
    assert offending == {}


def test_the_importer_really_sees_imports() -> None:
    """The check above reads every import statement, nested ones included."""
    assert "ssrm.engine" in imported_modules(SRC / "pipeline.py")
    assert "ssrm.rules.catalog" in imported_modules(SRC / "pipeline.py")  # imported inside a function


def test_cli_imports_no_collector_at_module_level() -> None:
    for name in ("cli.py", "cli_common.py", "cli_support.py"):
        top = imported_modules(SRC / name, top_level_only=True)
        assert not {m for m in top if m.startswith(("ssrm.sources.aws.collectors", "ssrm.sources.aws.runner",
                                                    "ssrm.sources.aws.session", "boto3", "botocore"))}, name
    code = ("import sys, ssrm.cli; print(sorted(m for m in sys.modules if m.startswith("
            "('ssrm.sources.aws.collectors', 'ssrm.sources.aws.runner', 'boto3', 'moto'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_rules_and_paths_share_one_network_view() -> None:
    """"Is this subnet public" is answered in ssrm.network only; paths does not import a rule module."""
    for path in sorted((SRC / "paths").rglob("*.py")):
        assert not {m for m in imported_modules(path) if m.startswith("ssrm.rules")}, path
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "network.py" and path.parent == SRC:
            continue
        assert "to_internet_gateway" not in path.read_text(encoding="utf-8") or path.parts[-3:-1] == (
            "resources", "compute"), f"{path} decides 'routes to an internet gateway' itself"
