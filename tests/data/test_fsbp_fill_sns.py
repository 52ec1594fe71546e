"""SNS rules added to cover FSBP controls: a passing and a failing topic each, and the collector's reading."""

from __future__ import annotations

from typing import Any
from unittest import mock

import boto3
import pytest
from botocore.client import BaseClient

from ssrm.engine import judge
from ssrm.model import Inventory, Resource, Status
from ssrm.model.resources.data.sns import SnsTopic
from ssrm.rules import data as data_rules
from ssrm.rules.catalog import rules_in

ACCOUNT = "123456789012"
REGION = "us-east-1"
RULES = {r.id: r for r in rules_in(data_rules.MODULES)}


def topic(**fields: Any) -> SnsTopic:
    return SnsTopic(arn=f"arn:aws:sns:{REGION}:{ACCOUNT}:t", id="t", account=ACCOUNT, region=REGION, **fields)


CASES: dict[str, tuple[Resource, Resource]] = {  # rule id -> (passing, failing)
    "sns_topic_delivery_status_logging": (topic(delivery_status_logging=["Lambda"]), topic()),
}


def inventory(resource: Resource) -> Inventory:
    inv = Inventory(account=ACCOUNT, regions=[REGION])
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


ROLE = f"arn:aws:iam::{ACCOUNT}:role/sns-logs"
_original = BaseClient._make_api_call


def with_feedback_role(self: BaseClient, operation_name: str, params: dict[str, Any]) -> Any:
    """The emulator drops <protocol>FailureFeedbackRoleArn attributes: add one to the "logged" topic's answer."""
    reply = _original(self, operation_name, params)
    if operation_name == "GetTopicAttributes" and params["TopicArn"].endswith(":logged"):
        reply["Attributes"]["SQSFailureFeedbackRoleArn"] = ROLE
    return reply


def test_collector_reads_feedback_roles_and_denial_is_an_error(mock_scan, deny) -> None:
    sns = boto3.client("sns", region_name=REGION)
    sns.create_topic(Name="logged")
    sns.create_topic(Name="silent")
    with mock.patch.object(BaseClient, "_make_api_call", with_feedback_role):
        inv = mock_scan(["sns"], regions=[REGION])
    found = {t.id: t for t in inv.of_type(SnsTopic)}
    assert found["logged"].delivery_status_logging == ["SQS"]
    assert found["silent"].delivery_status_logging == []
    with deny("GetTopicAttributes"):
        denied = mock_scan(["sns"], regions=[REGION])
    hidden = next(t for t in denied.of_type(SnsTopic) if t.id == "silent")
    assert judge(RULES["sns_topic_delivery_status_logging"], hidden, denied).status is Status.ERROR
