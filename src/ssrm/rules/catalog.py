"""The catalog: every built-in rule, gathered explicitly from the rule modules of each group."""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

from ssrm.rules.base import Rule


def rules_in(modules: Iterable[ModuleType]) -> list[Rule]:
    """The Rule objects defined at the top level of ``modules``, in definition order."""
    found: list[Rule] = []
    for module in modules:
        found.extend(v for v in vars(module).values() if isinstance(v, Rule))
    return found


def builtin_rules() -> list[Rule]:
    from ssrm.rules import apps, compute, containers, data, devtools, edge, iac, identity, operations

    groups = (identity, data, compute, apps, edge, containers, operations, devtools, iac)
    rules = rules_in([module for group in groups for module in group.MODULES])
    seen: set[str] = set()
    for r in rules:
        if r.id in seen:
            raise ValueError(f"duplicate rule id {r.id}")
        seen.add(r.id)
    return sorted(rules, key=lambda r: r.id)


def find_rule(rule_id: str, rules: Iterable[Rule] | None = None) -> Rule | None:
    return next((r for r in (rules if rules is not None else builtin_rules()) if r.id == rule_id), None)
