"""Load the user's own rules from a directory (``--rules-dir``).

A custom rule is written exactly like a built-in one, with ``ssrm.rules.rule``. Each ``*.py`` file is loaded
on its own: a file that fails to import (or calls ``sys.exit``), a rule that clashes with another id, or a
rule on a resource type ssrm never collects is reported by file and line and skipped; the built-in rules and
the other files still run. What user code prints goes to stderr, so it cannot corrupt ``--format json``, and
a check that raises or exits is an ERROR finding of that rule only.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import sys
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Any

import ssrm.model.resources  # noqa: F401  (registers every resource type a rule may name)
from ssrm.model.resource import RESOURCE_TYPES
from ssrm.rules.base import Check, Rule
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
            with contextlib.redirect_stdout(sys.stderr):
                spec.loader.exec_module(module)
        except SystemExit as exc:  # user code must not end the run, least of all with success
            problems.append(f"{_where(path, exc)}: the file calls sys.exit({exc.code!r}); file skipped")
            sys.modules.pop(module_name, None)
            continue
        except Exception as exc:  # any error in user code: report it where it happened
            problems.append(f"{_where(path, exc)}: {type(exc).__name__}: {exc}")
            sys.modules.pop(module_name, None)
            continue
        for found in rules_in([module]):
            if found.id in seen:
                problems.append(f"{path}: rule id {found.id!r} is already taken; rule skipped")
                continue
            if found.resource_type not in RESOURCE_TYPES:
                problems.append(f"{path}: rule {found.id!r} is on resource type {found.resource_type!r}, which "
                                "ssrm does not collect (see 'ssrm rules list' for the types); rule skipped")
                continue
            seen.add(found.id)
            loaded.append(replace(found, source=str(path), check=_guarded(found.check)))
    return loaded, problems


def _guarded(check: Check) -> Check:
    """The user's check with its prints sent to stderr and ``sys.exit`` turned into an error of the rule."""

    @functools.wraps(check)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            with contextlib.redirect_stdout(sys.stderr):
                return check(*args, **kwargs)
        except SystemExit as exc:
            raise RuntimeError(f"the check called sys.exit({exc.code!r})") from None

    return guarded


def _where(path: Path, exc: BaseException) -> str:
    if isinstance(exc, SyntaxError) and exc.lineno:
        return f"{path}:{exc.lineno}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == path]
    return f"{path}:{frames[-1].lineno}" if frames else str(path)
