"""Secrets Manager rules added to cover FSBP controls: a passing and a failing secret each, at a fixed scan time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import boto3
import pytest

from ssrm.engine import judge
from ssrm.model import Inventory, Resource, Status
from ssrm.model.resources.data.secretsmanager import Secret
from ssrm.rules import data as data_rules
from ssrm.rules.catalog import rules_in

ACCOUNT = "123456789012"
RULES = {r.id: r for r in rules_in(data_rules.MODULES)}
SCANNED = datetime(2026, 6, 30, tzinfo=UTC)
RECENT = "2026-06-20T00:00:00+00:00"
STALE = "2025-12-01T00:00:00+00:00"


def secret(**fields: Any) -> Secret:
    return Secret(arn=f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:s", id="s", account=ACCOUNT,
                  region="us-east-1", **fields)


CASES: dict[str, tuple[Resource, Resource]] = {  # rule id -> (passing, failing)
    "secretsmanager_secret_rotation_succeeds": (
        secret(rotation_enabled=True, rotation_days=30, last_rotated=RECENT),
        secret(rotation_enabled=True, rotation_days=30, last_rotated=STALE)),
    "secretsmanager_secret_unused": (secret(last_accessed=RECENT, created=STALE),
                                     secret(last_accessed=STALE, created=STALE)),
    "secretsmanager_secret_rotated_recently": (secret(last_rotated=RECENT, created=STALE), secret(created=STALE)),
}


def inventory(resource: Resource) -> Inventory:
    inv = Inventory(account=ACCOUNT, regions=["us-east-1"], started_at=SCANNED)
    inv.add([resource])
    return inv


def status(rule_id: str, resource: Resource) -> Status:
    return judge(RULES[rule_id], resource, inventory(resource)).status


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_and_fails(rule_id: str) -> None:
    good, bad = CASES[rule_id]
    verdict = judge(RULES[rule_id], good, inventory(good))
    assert verdict.status is Status.PASS, verdict.reason
    verdict = judge(RULES[rule_id], bad, inventory(bad))
    assert verdict.status is Status.FAIL, verdict.reason
    assert verdict.reason and "\n" not in verdict.reason


def test_undated_and_managed_secrets_never_pass_or_fail() -> None:
    assert status("secretsmanager_secret_unused", secret()) is Status.NOT_APPLICABLE
    assert status("secretsmanager_secret_rotated_recently", secret()) is Status.NOT_APPLICABLE
    managed = secret(owning_service="rds", created=STALE)
    assert status("secretsmanager_secret_rotated_recently", managed) is Status.NOT_APPLICABLE
    assert status("secretsmanager_secret_rotation_succeeds", secret()) is Status.NOT_APPLICABLE


def test_never_accessed_young_secret_passes_and_never_rotated_fails() -> None:
    assert status("secretsmanager_secret_unused", secret(created=RECENT)) is Status.PASS
    never = secret(rotation_enabled=True, rotation_days=30, created=STALE)
    assert status("secretsmanager_secret_rotation_succeeds", never) is Status.FAIL


def test_collector_reads_the_creation_date(mock_scan) -> None:
    boto3.client("secretsmanager", region_name="us-east-1").create_secret(Name="db-password", SecretString="x")
    inv = mock_scan(["secretsmanager"], regions=["us-east-1"])
    found = next(s for s in inv.of_type(Secret) if s.name == "db-password")
    assert found.created is not None and datetime.fromisoformat(found.created).year >= 2024
