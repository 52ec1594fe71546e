"""Load the user's own rules from a directory (``--rules-dir``).

A custom rule is written exactly like a built-in one, with ``ssrm.rules.rule``. Each ``*.py`` file is loaded
on its own: a file that fails to import, or a rule that clashes with another id, is reported by file and
line and skipped; the built-in rules and the other files still run.
"""

from __future__ import annotations

import importlib.util
import sys
import traceback
from dataclasses import replace
from pathlib import Path

from ssrm.rules.base import Rule
from ssrm.rules.catalog import rules_in


class RulesDirError(Exception):
    """The rules directory itself is unusable."""


def load_rules_dir(directory: Path, taken: set[str]) -> tuple[list[Rule], list[str]]:
    """(rules loaded, one error line per broken file or rule). ``taken``: ids already in use."""
    if not directory.is_dir():
        raise RulesDirError(f"rules directory not found: {directory}")
    loaded: list[Rule] = []
    problems: list[str] = []
    seen = set(taken)
    for path in sorted(directory.glob("*.py")):
        if path.name.startswith("_") or path.name.startswith("test_"):
            continue
        module_name = f"ssrm_custom_rules.{path.stem}"
        try:
            spec = importlib.util.spec_from_file_location(module_name, path)
            if spec is None or spec.loader is None:
                raise ImportError("not a Python module")
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            spec.loader.exec_module(module)
        except Exception as exc:  # any error in user code: report it where it happened
            problems.append(f"{_where(path, exc)}: {type(exc).__name__}: {exc}")
            sys.modules.pop(module_name, None)
            continue
        for found in rules_in([module]):
            if found.id in seen:
                problems.append(f"{path}: rule id {found.id!r} is already taken; rule skipped")
                continue
            seen.add(found.id)
            loaded.append(replace(found, source=str(path)))
    return loaded, problems


def _where(path: Path, exc: BaseException) -> str:
    if isinstance(exc, SyntaxError) and exc.lineno:
        return f"{path}:{exc.lineno}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == path]
    return f"{path}:{frames[-1].lineno}" if frames else str(path)
