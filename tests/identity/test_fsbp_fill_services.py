"""FSBP CloudTrail.5, CloudTrail.6, GuardDuty.9 and GuardDuty.10 on resources built directly."""

from __future__ import annotations

from typing import Any

from ssrm.model import Status
from ssrm.model.resources.data.s3 import ALL_USERS_URI, AclGrant, PublicAccessBlock, S3Bucket
from ssrm.model.resources.identity.cloudtrail import CloudTrailTrail
from ssrm.model.resources.identity.guardduty import GuardDutyDetector
from tests.identity.helpers import ACCOUNT, status, verdict

PUBLIC_READ = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::trail-logs/*"}]}


def trail(**fields: Any) -> CloudTrailTrail:
    base: dict[str, Any] = {"arn": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/t", "id": "t", "name": "t",
                            "account": ACCOUNT, "region": "us-east-1", "s3_bucket": "trail-logs"}
    return CloudTrailTrail(**{**base, **fields})


def bucket(**fields: Any) -> S3Bucket:
    base: dict[str, Any] = {"arn": "arn:aws:s3:::trail-logs", "id": "trail-logs", "name": "trail-logs",
                            "account": ACCOUNT, "region": "us-east-1"}
    return S3Bucket(**{**base, **fields})


def detector(status_: str = "ENABLED", **features: str) -> GuardDutyDetector:
    return GuardDutyDetector(arn=f"arn:aws:guardduty:us-east-1:{ACCOUNT}:detector/d", id="d", name="d",
                             account=ACCOUNT, region="us-east-1", status=status_, features=features)


def test_cloudwatch_logs() -> None:
    group = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:trail:*"
    assert status("cloudtrail_cloudwatch_logs", trail(cloudwatch_log_group_arn=group)) is Status.PASS
    failing = verdict("cloudtrail_cloudwatch_logs", trail())
    assert failing.status is Status.FAIL and "CloudWatch Logs" in failing.reason


def test_bucket_not_public() -> None:
    assert status("cloudtrail_bucket_not_public", trail(), bucket()) is Status.PASS
    failing = verdict("cloudtrail_bucket_not_public", trail(), bucket(policy=PUBLIC_READ))
    assert failing.status is Status.FAIL and "trail-logs" in failing.reason
    grant = AclGrant(grantee_type="Group", grantee=ALL_USERS_URI, permission="READ")
    assert status("cloudtrail_bucket_not_public", trail(), bucket(acl_grants=[grant])) is Status.FAIL
    blocked = bucket(policy=PUBLIC_READ, acl_grants=[grant], public_access_block=PublicAccessBlock(
        block_public_acls=True, ignore_public_acls=True, block_public_policy=True, restrict_public_buckets=True))
    assert status("cloudtrail_bucket_not_public", trail(), blocked) is Status.PASS
    assert status("cloudtrail_bucket_not_public", trail()) is Status.NOT_APPLICABLE
    unread = bucket(unknown={"policy": "GetBucketPolicy denied"})
    assert status("cloudtrail_bucket_not_public", trail(), unread) is Status.ERROR


def test_guardduty_protection_features() -> None:
    on = detector(RDS_LOGIN_EVENTS="ENABLED", S3_DATA_EVENTS="ENABLED")
    off = detector(RDS_LOGIN_EVENTS="DISABLED", S3_DATA_EVENTS="DISABLED")
    for rule_id, feature in (("guardduty_rds_protection", "RDS_LOGIN_EVENTS"),
                             ("guardduty_s3_protection", "S3_DATA_EVENTS")):
        assert status(rule_id, on) is Status.PASS
        failing = verdict(rule_id, off)
        assert failing.status is Status.FAIL and feature in failing.reason
        assert status(rule_id, detector("SUSPENDED", **{feature: "ENABLED"})) is Status.FAIL
        assert status(rule_id, detector()) is Status.ERROR
        assert status(rule_id, detector().model_copy(
            update={"unknown": {"features": "GetDetector denied"}})) is Status.ERROR
