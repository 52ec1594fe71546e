"""DynamoDB rules added to cover FSBP controls: a passing and a failing table each."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from ssrm.engine import judge
from ssrm.model import Inventory, Resource, Status
from ssrm.model.resources.data.dynamodb import DynamoDBTable
from ssrm.rules import data as data_rules
from ssrm.rules.catalog import rules_in

ACCOUNT = "123456789012"
RULES = {r.id: r for r in rules_in(data_rules.MODULES)}


def table(**fields: Any) -> DynamoDBTable:
    return DynamoDBTable(arn=f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/t", id="t", account=ACCOUNT,
                         region="us-east-1", **fields)


CASES: dict[str, tuple[Resource, Resource]] = {  # rule id -> (passing, failing)
    "dynamodb_table_deletion_protection": (table(deletion_protection=True), table()),
    "dynamodb_table_capacity_scaling": (table(billing_mode="PAY_PER_REQUEST"),
                                        table(autoscaled_dimensions=["dynamodb:table:ReadCapacityUnits"])),
}


def inventory(resource: Resource) -> Inventory:
    inv = Inventory(account=ACCOUNT, regions=["us-east-1"])
    inv.add([resource])
    return inv


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_and_fails(rule_id: str) -> None:
    good, bad = CASES[rule_id]
    verdict = judge(RULES[rule_id], good, inventory(good))
    assert verdict.status is Status.PASS, verdict.reason
    verdict = judge(RULES[rule_id], bad, inventory(bad))
    assert verdict.status is Status.FAIL, verdict.reason
    assert verdict.reason and "\n" not in verdict.reason


def test_unread_deletion_protection_is_an_error() -> None:
    unread = table(unknown={"deletion_protection": "AccessDenied"})
    assert judge(RULES["dynamodb_table_deletion_protection"], unread, inventory(unread)).status is Status.ERROR


def test_provisioned_table_with_both_dimensions_scaled_passes() -> None:
    scaled = table(autoscaled_dimensions=["dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits"])
    assert judge(RULES["dynamodb_table_capacity_scaling"], scaled, inventory(scaled)).status is Status.PASS


def create_table(name: str, **capacity: Any) -> None:
    boto3.client("dynamodb", region_name="us-east-1").create_table(
        TableName=name, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], **capacity)


def test_collector_reads_autoscaling_and_denial_is_an_error(mock_scan, deny) -> None:
    create_table("fixed", ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    create_table("elastic", BillingMode="PAY_PER_REQUEST")
    scaling = boto3.client("application-autoscaling", region_name="us-east-1")
    for dimension in ("ReadCapacityUnits", "WriteCapacityUnits"):
        scaling.register_scalable_target(ServiceNamespace="dynamodb", ResourceId="table/fixed",
                                         ScalableDimension=f"dynamodb:table:{dimension}", MinCapacity=1,
                                         MaxCapacity=10)
    inv = mock_scan(["dynamodb"], regions=["us-east-1"])
    rule = RULES["dynamodb_table_capacity_scaling"]
    fixed, elastic = inv.get(DynamoDBTable, "fixed"), inv.get(DynamoDBTable, "elastic")
    assert fixed is not None and elastic is not None
    assert fixed.autoscaled_dimensions == ["dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits"]
    assert judge(rule, fixed, inv).status is Status.PASS and judge(rule, elastic, inv).status is Status.PASS
    assert inv.stats.calls_by_api.get("application-autoscaling:DescribeScalableTargets") == 1
    with deny("DescribeScalableTargets"):
        denied = mock_scan(["dynamodb"], regions=["us-east-1"])
    assert judge(rule, denied.get(DynamoDBTable, "fixed"), denied).status is Status.ERROR
    assert judge(rule, denied.get(DynamoDBTable, "elastic"), denied).status is Status.PASS
