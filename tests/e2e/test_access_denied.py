"""AccessDenied for real: moto's IAM enforcement on, a read-only identity denied some reads.

The rest of the scan goes on; the denied APIs are gaps; the rules that needed them are ERROR, never PASS.
"""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from ssrm.demo.server import DEMO_ENV, emulator
from ssrm.demo.world import DemoWorld
from tests.cli_runner import run_ssrm

AUDIT_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": ["s3:GetBucketPolicy", "guardduty:ListDetectors"], "Resource": "*"},
    ],
}


@pytest.fixture(scope="module")
def denied_scan() -> Iterator[dict[str, Any]]:
    saved = dict(os.environ)
    try:
        with emulator() as endpoint:
            world = DemoWorld(endpoint)
            s3 = world.client("s3")
            s3.create_bucket(Bucket="audit-target")
            s3.put_bucket_policy(Bucket="audit-target", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                 "Resource": "arn:aws:s3:::audit-target/*"}]}))
            iam = world.client("iam")
            iam.create_user(UserName="auditor")
            iam.put_user_policy(UserName="auditor", PolicyName="audit", PolicyDocument=json.dumps(AUDIT_POLICY))
            key = iam.create_access_key(UserName="auditor")["AccessKey"]
            # From now on the emulator authorizes every request with the caller's IAM policies.
            request = urllib.request.Request(f"{endpoint}/moto-api/reset-auth", data=b"0", method="POST",
                                             headers={"Content-Type": "text/plain"})
            urllib.request.urlopen(request, timeout=10).read()
            env = {**DEMO_ENV, "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": key["AccessKeyId"],
                   "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"]}
            try:
                proc = run_ssrm("scan", "--regions", "us-east-1", "--services", "s3,guardduty,sqs", "--format",
                                "json", "--quiet", env=env)
            finally:  # enforcement is process-wide in moto: never leave it on for the next test
                urllib.request.urlopen(urllib.request.Request(
                    f"{endpoint}/moto-api/reset-auth", data=b"inf", method="POST",
                    headers={"Content-Type": "text/plain"}), timeout=10).read()
            yield json.loads(proc.stdout)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_denied_apis_are_gaps_and_the_rest_is_collected(denied_scan: dict[str, Any]) -> None:
    gaps = {(g["service"], g["api"], g["error"]) for g in denied_scan["gaps"]}
    assert ("s3", "GetBucketPolicy", "AccessDenied") in gaps
    assert any(service == "guardduty" and api == "ListDetectors" for service, api, _ in gaps), gaps
    assert denied_scan["complete"] is False
    versioning = [f for f in denied_scan["findings"] if f["rule_id"] == "s3_bucket_versioning"]
    assert [f["status"] for f in versioning] == ["FAIL"], "reads that were allowed are still judged"


def test_rules_on_denied_data_are_error_not_pass(denied_scan: dict[str, Any]) -> None:
    by_rule = {(f["rule_id"], f["resource_id"]): f for f in denied_scan["findings"]}
    policy = by_rule[("s3_bucket_public_policy", "audit-target")]
    assert policy["status"] == "ERROR"
    assert "AccessDenied" in policy["reason"]
    guardduty = [f for f in denied_scan["findings"] if f["rule_id"] == "guardduty_enabled"]
    assert guardduty and all(f["status"] == "ERROR" for f in guardduty)
