"""The data group's demo planting against moto's HTTP server, then a real scan of it."""

from __future__ import annotations

from ssrm.demo import data as data_demo
from ssrm.demo.server import emulator
from ssrm.demo.world import DemoWorld
from ssrm.engine import evaluate
from ssrm.model import Status
from ssrm.rules import data as data_rules
from ssrm.rules.catalog import rules_in
from ssrm.sources.aws.collectors import data as data_collectors
from ssrm.sources.aws.runner import scan
from ssrm.sources.aws.session import ConnectOptions

REFS = ("bucket_assets", "bucket_customer_data", "bucket_backups", "bucket_logs", "kms_orders_key_arn",
        "queue_orders_url", "queue_orders_arn", "table_orders_arn", "secret_db_arn")

# API operations whose IAM action is spelled differently (counter key -> IAM action).
IAM_ACTION_OF = {
    "s3:ListBuckets": "s3:ListAllMyBuckets",
    "s3:GetBucketEncryption": "s3:GetEncryptionConfiguration",
    "s3:GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
    "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
    "s3control:GetPublicAccessBlock": "s3:GetAccountPublicAccessBlock",
    "resourcegroupstaggingapi:GetResources": "tag:GetResources",
    "s3:GetBucketNotificationConfiguration": "s3:GetBucketNotification",
    "s3:GetBucketReplication": "s3:GetReplicationConfiguration",
    "s3:GetObjectLockConfiguration": "s3:GetBucketObjectLockConfiguration",
    "s3control:ListAccessPoints": "s3:ListAccessPoints",
    "s3control:GetAccessPoint": "s3:GetAccessPoint",
}
SCAN_SETUP = {"sts:GetCallerIdentity", "ec2:DescribeRegions"}

EXPECTED = {
    ("s3_bucket_public_policy", "acme-shop-assets"): Status.FAIL,
    ("s3_bucket_public_policy", "acme-shop-backups"): Status.PASS,
    ("s3_bucket_public_access_block", "acme-shop-assets"): Status.FAIL,
    ("s3_bucket_public_access_block", "acme-shop-customer-data"): Status.PASS,
    ("s3_bucket_tls_enforced", "acme-shop-customer-data"): Status.FAIL,
    ("s3_bucket_tls_enforced", "acme-shop-backups"): Status.PASS,
    ("s3_bucket_tls_enforced", "acme-shop-logs"): Status.PASS,
    ("s3_bucket_versioning", "acme-shop-customer-data"): Status.FAIL,
    ("s3_bucket_versioning", "acme-shop-backups"): Status.PASS,
    ("s3_bucket_sensitive_kms_encryption", "acme-shop-customer-data"): Status.FAIL,
    ("s3_bucket_sensitive_kms_encryption", "acme-shop-backups"): Status.PASS,
    ("s3_bucket_lifecycle", "acme-shop-backups"): Status.PASS,
    ("s3_account_public_access_block", "123456789012"): Status.FAIL,
    ("kms_key_rotation", "orders-key"): Status.PASS,
    ("kms_key_rotation", "legacy-key"): Status.FAIL,
    ("kms_key_policy_public", "partner-exchange-key"): Status.FAIL,
    ("kms_key_policy_public", "orders-key"): Status.PASS,
    ("sqs_queue_encrypted", "orders"): Status.PASS,
    ("sqs_queue_policy_public", "webhooks-dlq"): Status.FAIL,
    ("sqs_queue_policy_public", "orders"): Status.PASS,
    ("sns_topic_policy_public", "alerts"): Status.FAIL,
    ("secretsmanager_secret_rotation", "shop/db-password"): Status.FAIL,
    ("dynamodb_table_pitr", "orders"): Status.FAIL,
    ("rds_instance_public", "shop-db"): Status.PASS,
    ("rds_instance_public", "analytics-db"): Status.FAIL,
    ("rds_instance_storage_encrypted", "shop-db"): Status.PASS,
    ("rds_instance_storage_encrypted", "analytics-db"): Status.FAIL,
    ("rds_instance_backups", "shop-db"): Status.PASS,
    ("rds_instance_backups", "analytics-db"): Status.FAIL,
    ("rds_instance_deletion_protection", "shop-db"): Status.PASS,
    ("rds_snapshot_public", "analytics-db-export"): Status.FAIL,
}


def test_plant_and_scan_data_group() -> None:
    with emulator() as endpoint:
        world = DemoWorld(endpoint=endpoint)
        data_demo.plant(world)
        inv = scan(ConnectOptions(region="us-east-1"), list(data_collectors.COLLECTORS), regions=["us-east-1"])
    assert set(REFS) <= set(world.refs)
    assert inv.gaps == []
    findings = evaluate(inv, rules_in(data_rules.MODULES))
    got = {(f.rule_id, label): f.status for f in findings
           for label in (f.resource_id, next((r.name for r in inv.resources if r.arn == f.resource_arn), ""))}
    for (rule_id, name), status in EXPECTED.items():
        assert got.get((rule_id, name)) is status, (rule_id, name, got.get((rule_id, name)))
    assert not [f for f in findings if f.status is Status.ERROR]
    declared = {a for c in data_collectors.COLLECTORS for a in c.actions}
    called = {IAM_ACTION_OF.get(api, api) for api in inv.stats.calls_by_api} - SCAN_SETUP
    assert called <= declared, called - declared
