"""The pass/fail harness the service groups share: a rule passes its good case and fails its bad one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ssrm.engine import judge
from ssrm.model import Inventory, Resource, Status
from ssrm.rules.base import Rule


def assert_passes_and_fails(rule: Rule, good: Resource, bad: Resource,
                            inventory_of: Callable[..., Inventory] | Any) -> None:
    """``good`` PASSes and ``bad`` FAILs with a one-line reason, each judged in ``inventory_of(resource)``."""
    verdict = judge(rule, good, inventory_of(good))
    assert verdict.status is Status.PASS, verdict.reason
    verdict = judge(rule, bad, inventory_of(bad))
    assert verdict.status is Status.FAIL, verdict.reason
    assert verdict.reason and "\n" not in verdict.reason
