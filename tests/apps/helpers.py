"""Shared helpers for the apps tests: failing a chosen AWS call, judging one rule."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from ssrm.engine import judge
from ssrm.model import Inventory, Resource, Status
from ssrm.rules import apps as app_rules
from ssrm.rules.base import Rule, Verdict
from ssrm.rules.catalog import rules_in
from tests.emulator import refuse_calls

APPS_RULES: dict[str, Rule] = {r.id: r for r in rules_in(app_rules.MODULES)}


def deny(monkeypatch: pytest.MonkeyPatch, operations: Iterable[str], code: str = "AccessDeniedException") -> None:
    """Make every call of the named API operations (e.g. "GetPolicy") fail with ``code``."""
    refuse_calls(monkeypatch, operations, code=code)


def verdict(rule_id: str, resource: Resource, inventory: Inventory | None = None) -> Verdict:
    inv = inventory or Inventory(account="123456789012", regions=["us-east-1"])
    return judge(APPS_RULES[rule_id], resource, inv)


def status(rule_id: str, resource: Resource, inventory: Inventory | None = None) -> Status:
    return verdict(rule_id, resource, inventory).status
