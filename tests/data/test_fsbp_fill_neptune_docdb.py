"""Neptune and DocumentDB clusters (FSBP Neptune.*, DocumentDB.*): the two rules of their own, and the shared
RDS cluster rules judging them rather than skipping them."""

from __future__ import annotations

from typing import Any

import pytest

from ssrm.engine import judge
from ssrm.model import Inventory, Status
from ssrm.model.resources.data.rds import RdsDbCluster
from ssrm.rules import data as data_rules
from ssrm.rules.catalog import rules_in

ACCOUNT = "123456789012"
RULES = {r.id: r for r in rules_in(data_rules.MODULES)}


def cluster(engine: str, **fields: Any) -> RdsDbCluster:
    return RdsDbCluster(arn=f"arn:aws:rds:us-east-1:{ACCOUNT}:cluster:{engine}-1", id=f"{engine}-1",
                        account=ACCOUNT, region="us-east-1", engine=engine, **fields)


def status(rule_id: str, resource: RdsDbCluster) -> Status:
    inventory = Inventory(account=ACCOUNT, regions=["us-east-1"])
    inventory.add([resource])
    return judge(RULES[rule_id], resource, inventory).status


@pytest.mark.parametrize("engine", ["neptune", "docdb"])
@pytest.mark.parametrize(("rule_id", "good", "bad"), [
    ("rds_graph_document_cluster_audit_logs", {"log_exports": ["audit"]}, {"log_exports": ["slowquery"]}),
    ("rds_graph_document_cluster_backup_retention", {"backup_retention_days": 7}, {"backup_retention_days": 1}),
    ("rds_cluster_encrypted", {"storage_encrypted": True}, {}),
    ("rds_cluster_deletion_protection", {"deletion_protection": True}, {}),
])
def test_rules_judge_both_engines(engine: str, rule_id: str, good: dict[str, Any], bad: dict[str, Any]) -> None:
    assert status(rule_id, cluster(engine, **good)) is Status.PASS
    assert status(rule_id, cluster(engine, **bad)) is Status.FAIL


def test_neptune_iam_authentication_is_judged_documentdb_is_not() -> None:
    assert status("rds_cluster_iam_auth", cluster("neptune", iam_auth=True)) is Status.PASS
    assert status("rds_cluster_iam_auth", cluster("neptune")) is Status.FAIL
    assert status("rds_cluster_iam_auth", cluster("docdb")) is Status.NOT_APPLICABLE


@pytest.mark.parametrize("rule_id", ["rds_graph_document_cluster_audit_logs",
                                     "rds_graph_document_cluster_backup_retention"])
def test_aurora_is_left_to_its_own_rules(rule_id: str) -> None:
    assert status(rule_id, cluster("aurora-postgresql")) is Status.NOT_APPLICABLE


def test_engine_names_are_matched_case_insensitively() -> None:
    assert status("rds_graph_document_cluster_audit_logs", cluster("Neptune")) is Status.FAIL
