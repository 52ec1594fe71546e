"""Run chosen built-in rules on a minimal resource written in HCL or CloudFormation (or a live-shaped model)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ssrm.engine import evaluate
from ssrm.iac.assess import assess_iac
from ssrm.model import Inventory, Resource
from ssrm.rules.base import Rule
from ssrm.rules.catalog import builtin_rules


@lru_cache(maxsize=1)
def _catalog() -> dict[str, Rule]:
    return {r.id: r for r in builtin_rules()}


def rules(*ids: str) -> list[Rule]:
    return [_catalog()[i] for i in ids]


def iac(tmp_path: Path, name: str, text: str, *rule_ids: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(rule, address) -> (status, reason) for a Terraform (``.tf``) or CloudFormation (``.yaml``) snippet."""
    directory = tmp_path / name.replace(".", "_")
    directory.mkdir()
    (directory / name).write_text(text, encoding="utf-8")
    assessment = assess_iac([directory], rules=rules(*rule_ids))
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for finding in assessment.findings:
        origin = assessment.origin(finding)
        address = origin.address if origin and origin.address else finding.resource_id
        found[(finding.rule_id, address)] = (finding.status.value, finding.reason)
    return found


def live(*resources: Resource, rule_ids: tuple[str, ...]) -> dict[tuple[str, str], tuple[str, str]]:
    """The same for hand-built resources shaped as a live collector fills them."""
    inventory = Inventory(account="111122223333", regions=["us-east-1"], resources=list(resources))
    return {(f.rule_id, f.resource_id): (f.status.value, f.reason) for f in evaluate(inventory, rules(*rule_ids))}
