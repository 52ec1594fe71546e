"""Shared helpers for the identity tests: refusing chosen API calls, judging rules, finding results."""

from __future__ import annotations

import pytest

from ssrm.engine import evaluate, judge
from ssrm.model import Finding, Inventory, Resource, Status
from ssrm.rules.base import Rule, Verdict
from ssrm.rules.catalog import rules_in
from ssrm.rules.identity import MODULES
from tests.emulator import refuse_calls

ACCOUNT = "123456789012"
IDENTITY_RULES: list[Rule] = rules_in(MODULES)


def rule_by_id(rule_id: str) -> Rule:
    return next(r for r in IDENTITY_RULES if r.id == rule_id)


def refuse(monkeypatch: pytest.MonkeyPatch, *operations: str, code: str = "AccessDenied",
           region: str | None = None) -> None:
    """Make botocore raise ``code`` for the named API operations (e.g. "GetAccountAuthorizationDetails"),
    in every region or only in ``region``."""
    refuse_calls(monkeypatch, operations, code=code, region=region)


def verdict(rule_id: str, resource: Resource, *others: Resource, regions: tuple[str, ...] = ("us-east-1",)
            ) -> Verdict:
    inventory = Inventory(account=ACCOUNT, regions=list(regions))
    inventory.add([resource, *others])
    return judge(rule_by_id(rule_id), resource, inventory)


def status(rule_id: str, resource: Resource, *others: Resource) -> Status:
    return verdict(rule_id, resource, *others).status


def findings(inventory: Inventory, rule_id: str) -> list[Finding]:
    return evaluate(inventory, [rule_by_id(rule_id)])


def result_for(inventory: Inventory, rule_id: str, resource_id: str) -> Finding:
    matches = [f for f in findings(inventory, rule_id) if f.resource_id == resource_id]
    assert len(matches) == 1, f"{rule_id} on {resource_id}: {matches}"
    return matches[0]
