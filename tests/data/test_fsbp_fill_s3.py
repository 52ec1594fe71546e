"""S3 rules added to cover FSBP controls: a passing and a failing bucket each."""

from __future__ import annotations

from typing import Any

import pytest

from ssrm.engine import judge
from ssrm.model import Inventory, Resource, Status
from ssrm.model.resources.data.s3 import S3Bucket
from ssrm.rules import data as data_rules
from ssrm.rules.base import Verdict
from ssrm.rules.catalog import rules_in

ACCOUNT = "123456789012"
PARTNER = "210987654321"
RULES = {r.id: r for r in rules_in(data_rules.MODULES)}


def bucket(*statements: dict[str, Any], **fields: Any) -> S3Bucket:
    policy = {"Version": "2012-10-17", "Statement": list(statements)} if statements else None
    return S3Bucket(arn="arn:aws:s3:::b", id="b", name="b", account=ACCOUNT, region="us-east-1", policy=policy,
                    **fields)


def allow(principal: Any, *actions: str, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Principal": principal, "Action": list(actions), "Resource": "arn:aws:s3:::b",
            **extra}


CASES: dict[str, tuple[Resource, Resource]] = {  # rule id -> (passing, failing)
    "s3_bucket_cross_account_control_actions": (
        bucket(allow({"AWS": f"arn:aws:iam::{PARTNER}:root"}, "s3:GetObject")),
        bucket(allow({"AWS": f"arn:aws:iam::{PARTNER}:root"}, "s3:PutBucketPolicy"))),
}


def verdict(rule_id: str, resource: Resource) -> Verdict:
    inv = Inventory(account=ACCOUNT, regions=["us-east-1"])
    inv.add([resource])
    return judge(RULES[rule_id], resource, inv)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_and_fails(rule_id: str) -> None:
    good, bad = CASES[rule_id]
    assert verdict(rule_id, good).status is Status.PASS, verdict(rule_id, good)
    failing = verdict(rule_id, bad)
    assert failing.status is Status.FAIL and failing.reason and "\n" not in failing.reason


def test_cross_account_control_actions() -> None:
    rule_id = "s3_bucket_cross_account_control_actions"
    reader = allow({"AWS": f"arn:aws:iam::{PARTNER}:root"}, "s3:GetObject")
    owner = allow({"AWS": f"arn:aws:iam::{ACCOUNT}:role/admin"}, "s3:*")
    assert verdict(rule_id, bucket(reader, owner)).status is Status.PASS
    assert verdict(rule_id, bucket()).status is Status.PASS
    failing = verdict(rule_id, bucket(allow({"AWS": PARTNER}, "s3:Put*")))
    assert failing.status is Status.FAIL and "s3:PutBucketPolicy" in failing.reason and PARTNER in failing.reason
    assert verdict(rule_id, bucket(allow("*", "s3:PutObjectAcl"))).status is Status.FAIL
    pinned = allow("*", "s3:*", Condition={"StringEquals": {"aws:PrincipalOrgID": "o-abc"}})
    assert verdict(rule_id, bucket(pinned)).status is Status.PASS
    denied = {**allow({"AWS": PARTNER}, "s3:PutBucketPolicy"), "Effect": "Deny"}
    assert verdict(rule_id, bucket(denied)).status is Status.PASS
    assert verdict(rule_id, bucket(unknown={"policy": "GetBucketPolicy denied"})).status is Status.ERROR
