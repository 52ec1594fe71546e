"""Shared helpers for the apps tests: failing a chosen AWS call, judging one rule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError

from ssrm.engine import judge
from ssrm.model import Inventory, Resource, Status
from ssrm.rules import apps as app_rules
from ssrm.rules.base import Rule, Verdict
from ssrm.rules.catalog import rules_in

APPS_RULES: dict[str, Rule] = {r.id: r for r in rules_in(app_rules.MODULES)}


def deny(monkeypatch: pytest.MonkeyPatch, operations: Iterable[str], code: str = "AccessDeniedException") -> None:
    """Make every call of the named API operations (e.g. "GetPolicy") fail with ``code``."""
    denied = set(operations)
    original = BaseClient._make_api_call

    def refusing(self: BaseClient, operation_name: str, api_params: dict[str, Any]) -> Any:
        if operation_name in denied:
            raise ClientError({"Error": {"Code": code, "Message": "denied by test"}}, operation_name)
        return original(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", refusing)


def verdict(rule_id: str, resource: Resource, inventory: Inventory | None = None) -> Verdict:
    inv = inventory or Inventory(account="123456789012", regions=["us-east-1"])
    return judge(APPS_RULES[rule_id], resource, inv)


def status(rule_id: str, resource: Resource, inventory: Inventory | None = None) -> Status:
    return verdict(rule_id, resource, inventory).status
