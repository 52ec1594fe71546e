"""rds_instance_engine_end_of_support: standard support ends per engine and major version, judged on the scan date."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ssrm.engine import judge
from ssrm.model import Inventory, Status
from ssrm.model.resources.data.rds import RdsDbInstance
from ssrm.rules.catalog import find_rule

RULE = find_rule("rds_instance_engine_end_of_support")


def status(when: datetime, **fields: Any) -> Status:
    db = RdsDbInstance(arn="arn:aws:rds:us-east-1:123456789012:db:d", id="d", **fields)
    inventory = Inventory(account="123456789012", regions=["us-east-1"], resources=[db], finished_at=when)
    assert RULE is not None
    return judge(RULE, db, inventory).status


def test_end_of_standard_support() -> None:
    after, before = datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    assert status(after, engine="mysql", engine_version="8.0.36") is Status.FAIL
    assert status(before, engine="mysql", engine_version="8.0.36") is Status.PASS
    assert status(before, engine="postgres", engine_version="12.19") is Status.FAIL
    assert status(after, engine="postgres", engine_version="16.3") is Status.PASS
    assert status(after, engine="MySQL", engine_version="5.7.44") is Status.FAIL
    assert status(after, engine="mysql") is Status.NOT_APPLICABLE
