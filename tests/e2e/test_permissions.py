"""`ssrm permissions` covers every API call a full scan of the demo account really makes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ssrm.model.snapshot import load_inventory
from tests.cli_runner import run_ssrm

# botocore service name -> IAM action prefix, where they differ.
IAM_PREFIX = {
    "cloudwatch": "cloudwatch", "efs": "elasticfilesystem", "opensearch": "es", "elbv2": "elasticloadbalancing",
    "elb": "elasticloadbalancing", "emr": "elasticmapreduce", "acm-pca": "acm-pca",
    "s3control": "s3", "resourcegroupstaggingapi": "tag", "stepfunctions": "states", "accessanalyzer":
    "access-analyzer", "apigatewayv2": "apigateway", "network-firewall": "network-firewall",
}
# Operations whose IAM action is named differently from the API.
IAM_ACTION = {
    "s3:ListBuckets": "s3:ListAllMyBuckets",
    "budgets:DescribeBudgets": "budgets:ViewBudget",
    "budgets:DescribeNotificationsForBudget": "budgets:ViewBudget",
    "s3:GetBucketEncryption": "s3:GetEncryptionConfiguration",
    "s3:GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
    "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
    "s3control:GetPublicAccessBlock": "s3:GetAccountPublicAccessBlock",
    "s3:HeadBucket": "s3:ListBucket",
    "lambda:ListFunctionUrlConfigs": "lambda:GetFunctionUrlConfig",
    "s3:GetBucketReplication": "s3:GetReplicationConfiguration",
    "s3:GetBucketNotificationConfiguration": "s3:GetBucketNotification",
    "s3:GetObjectLockConfiguration": "s3:GetBucketObjectLockConfiguration",
}


def iam_action(api: str) -> str:
    if api in IAM_ACTION:
        return IAM_ACTION[api]
    service, operation = api.split(":", 1)
    if service in ("apigateway", "apigatewayv2"):
        return "apigateway:GET"
    return f"{IAM_PREFIX.get(service, service)}:{operation}"


def test_every_called_api_is_in_the_printed_policy(scanned: tuple[dict[str, Any], Path]) -> None:
    _, snapshot = scanned
    called = load_inventory(snapshot).stats.calls_by_api
    policy = json.loads(run_ssrm("permissions").stdout)
    (statement,) = policy["Statement"]
    allowed = {a.lower() for a in statement["Action"]}
    assert statement["Effect"] == "Allow" and statement["Resource"] == "*"
    missing = sorted({iam_action(api) for api in called} - {a for a in map(str, allowed)}, key=str.lower)
    missing = [m for m in missing if m.lower() not in allowed]
    assert not missing, missing
    assert all(a.split(":")[1].startswith(("Get", "List", "Describe", "Batch", "Generate", "Lookup", "Search"))
               or a in {"apigateway:GET", "budgets:ViewBudget"} for a in statement["Action"]), "read-only actions only"
