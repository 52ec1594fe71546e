"""Each data collector against moto in-process, including denied calls that must become gaps and ERROR."""

from __future__ import annotations

import json

import boto3

from ssrm.engine import evaluate
from ssrm.model import Status
from ssrm.model.resources.data.dynamodb import DynamoDBTable
from ssrm.model.resources.data.kms import KmsKey
from ssrm.model.resources.data.rds import RdsDbInstance, RdsDbSnapshot
from ssrm.model.resources.data.s3 import S3AccountPublicAccessBlock, S3Bucket
from ssrm.model.resources.data.secretsmanager import Secret
from ssrm.model.resources.data.sns import SnsTopic
from ssrm.model.resources.data.sqs import SqsQueue
from ssrm.rules import data as data_rules
from ssrm.rules.catalog import rules_in

REGION = "us-east-1"
RULES = rules_in(data_rules.MODULES)


def statuses(inv, rule_id: str) -> dict[str, Status]:
    rule = next(r for r in RULES if r.id == rule_id)
    return {f.resource_id: f.status for f in evaluate(inv, [rule])}


def test_s3_bucket_fields_and_regions(mock_scan, deny) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="open-bucket")
    s3.put_bucket_policy(Bucket="open-bucket", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::open-bucket/*"}]}))
    s3.put_bucket_acl(Bucket="open-bucket", ACL="public-read")
    s3.put_bucket_tagging(Bucket="open-bucket", Tagging={"TagSet": [{"Key": "owner", "Value": "web"}]})
    s3.create_bucket(Bucket="eu-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"},
                     ObjectOwnership="BucketOwnerEnforced")
    s3.put_bucket_versioning(Bucket="eu-bucket", VersioningConfiguration={"Status": "Enabled"})
    inv = mock_scan(["s3"], regions=[REGION])
    assert inv.gaps == []
    open_bucket = inv.get(S3Bucket, "open-bucket")
    eu_bucket = inv.get(S3Bucket, "eu-bucket")
    assert open_bucket is not None and eu_bucket is not None
    assert open_bucket.region == REGION and eu_bucket.region == "eu-west-1"
    assert open_bucket.tags == {"owner": "web"}
    assert any(g.is_public for g in open_bucket.acl_grants)
    assert eu_bucket.acls_disabled and eu_bucket.acl_grants == []
    assert eu_bucket.versioning.status == "Enabled"
    assert inv.stats.calls_by_api.get("s3:GetBucketAcl") == 1  # skipped for the BucketOwnerEnforced one
    account = inv.of_type(S3AccountPublicAccessBlock)
    assert len(account) == 1 and not account[0].configured
    assert statuses(inv, "s3_bucket_public_policy")["open-bucket"] is Status.FAIL
    assert statuses(inv, "s3_bucket_public_acl") == {"open-bucket": Status.FAIL, "eu-bucket": Status.PASS}
    assert statuses(inv, "s3_account_public_access_block")[inv.account] is Status.FAIL


def test_s3_calls_per_bucket_within_budget(mock_scan, deny) -> None:
    """At most 8 calls per bucket, the region included: moto leaves out ListBuckets' BucketRegion, so the
    regions come from two filtered listings (the scanned region and a control), not 12 GetBucketLocation."""
    s3 = boto3.client("s3", region_name=REGION)
    buckets = 12
    for i in range(buckets):
        s3.create_bucket(Bucket=f"budget-bucket-{i:02d}")  # moto: no ownership controls, so the ACL is read
    inv = mock_scan(["s3"], regions=[REGION])
    per_bucket = {api: n for api, n in inv.stats.calls_by_api.items()
                  if api.startswith("s3:") and api != "s3:ListBuckets"}
    assert all(n == buckets for n in per_bucket.values()), per_bucket
    assert "s3:GetBucketLocation" not in per_bucket
    s3_calls = sum(n for api, n in inv.stats.calls_by_api.items() if api.startswith("s3:"))
    assert s3_calls - 1 <= 8 * buckets + 2  # the full listing aside: 8 reads a bucket, 2 region listings
    batch = {api: n for api, n in inv.stats.calls_by_api.items() if api not in per_bucket}
    assert batch == {"s3:ListBuckets": 3, "s3control:GetPublicAccessBlock": 1,
                     "resourcegroupstaggingapi:GetResources": 1}
    assert {b.region for b in inv.of_type(S3Bucket)} == {REGION}


def test_s3_buckets_outside_the_listed_regions_are_located_one_by_one(mock_scan) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    for i in range(4):
        s3.create_bucket(Bucket=f"home-bucket-{i}")
    for i in range(2):
        s3.create_bucket(Bucket=f"far-bucket-{i}", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    inv = mock_scan(["s3"], regions=[REGION])
    assert {b.name: b.region for b in inv.of_type(S3Bucket)} == {
        **{f"home-bucket-{i}": REGION for i in range(4)}, **{f"far-bucket-{i}": "eu-west-1" for i in range(2)}}
    assert inv.stats.calls_by_api["s3:GetBucketLocation"] == 2


def test_s3_endpoint_ignoring_the_region_filter_places_nothing_by_it(mock_scan, answer) -> None:
    """An endpoint that answers every bucket whatever the region asked: the control region's listing
    names them too, so each bucket is located by GetBucketLocation, never put in the scanned region."""
    s3 = boto3.client("s3", region_name=REGION)
    for i in range(3):
        s3.create_bucket(Bucket=f"eu-only-{i}", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    everything = {"Buckets": [{"Name": f"eu-only-{i}"} for i in range(3)]}
    with answer({"ListBuckets": everything}):
        inv = mock_scan(["s3"], regions=[REGION])
    assert {b.region for b in inv.of_type(S3Bucket)} == {"eu-west-1"}
    assert inv.stats.calls_by_api["s3:GetBucketLocation"] == 3
    assert inv.gaps == []


def test_s3_denied_details_become_gaps_and_errors(mock_scan, deny) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="secretive-bucket")
    with deny("GetBucketPolicy", "GetPublicAccessBlock"):
        inv = mock_scan(["s3"], regions=[REGION])
    bucket = inv.get(S3Bucket, "secretive-bucket")
    assert bucket is not None
    assert "policy" in bucket.unknown and "AccessDenied" in bucket.unknown["policy"]
    assert {g.api for g in inv.gaps} == {"GetBucketPolicy", "GetPublicAccessBlock"}
    assert statuses(inv, "s3_bucket_public_policy")["secretive-bucket"] is Status.ERROR
    assert statuses(inv, "s3_bucket_tls_enforced")["secretive-bucket"] is Status.ERROR
    assert statuses(inv, "s3_bucket_public_access_block")["secretive-bucket"] is Status.ERROR
    account_rows = statuses(inv, "s3_account_public_access_block")
    assert list(account_rows.values()) == [Status.ERROR]


def test_s3_listing_denied_errors_every_bucket_rule(mock_scan, deny) -> None:
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="hidden-bucket")
    with deny("ListBuckets"):
        inv = mock_scan(["s3"], regions=[REGION])
    assert inv.of_type(S3Bucket) == []
    rows = evaluate(inv, [r for r in RULES if r.resource_type == S3Bucket.resource_type])
    assert rows and all(f.status is Status.ERROR for f in rows)


def test_kms_keys(mock_scan, deny) -> None:
    kms = boto3.client("kms", region_name=REGION)
    rotated = kms.create_key(Tags=[{"TagKey": "owner", "TagValue": "x"}])["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=rotated)
    kms.create_alias(AliasName="alias/rotated", TargetKeyId=rotated)
    stale = kms.create_key()["KeyMetadata"]["KeyId"]
    doomed = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.schedule_key_deletion(KeyId=doomed, PendingWindowInDays=7)
    inv = mock_scan(["kms"], regions=[REGION])
    key = inv.get(KmsKey, rotated)
    assert key is not None and key.name == "rotated" and key.tags == {"owner": "x"} and key.rotation_enabled
    assert statuses(inv, "kms_key_rotation") == {rotated: Status.PASS, stale: Status.FAIL,
                                                  doomed: Status.NOT_APPLICABLE}
    assert statuses(inv, "kms_key_pending_deletion")[doomed] is Status.FAIL
    with deny("GetKeyPolicy"):
        inv = mock_scan(["kms"], regions=[REGION])
    assert set(statuses(inv, "kms_key_policy_public").values()) == {Status.ERROR}
    assert any(g.api == "GetKeyPolicy" for g in inv.gaps)


def test_sqs_and_sns(mock_scan, deny) -> None:
    sqs = boto3.client("sqs", region_name=REGION)
    url = sqs.create_queue(QueueName="plain", Attributes={"SqsManagedSseEnabled": "false"})["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps({"Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}]})})
    sns = boto3.client("sns", region_name=REGION)
    sns.create_topic(Name="quiet")
    inv = mock_scan(["sqs", "sns"], regions=[REGION])
    queue = inv.get(SqsQueue, "plain")
    assert queue is not None and queue.arn.endswith(":plain") and not queue.encrypted
    assert statuses(inv, "sqs_queue_policy_public")["plain"] is Status.FAIL
    topic = inv.of_type(SnsTopic)[0]
    assert statuses(inv, "sns_topic_policy_public")[topic.id] is Status.PASS  # default policy: own account
    with deny("GetQueueAttributes", "ListTopics"):
        inv = mock_scan(["sqs", "sns"], regions=[REGION])
    assert statuses(inv, "sqs_queue_encrypted")["plain"] is Status.ERROR
    assert set(statuses(inv, "sns_topic_encrypted").values()) == {Status.ERROR}


def test_secrets_and_dynamodb(mock_scan, deny) -> None:
    boto3.client("secretsmanager", region_name=REGION).create_secret(Name="app/key", SecretString="x")
    boto3.client("dynamodb", region_name=REGION).create_table(
        TableName="carts", BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
    inv = mock_scan(["secretsmanager", "dynamodb"], regions=[REGION])
    secret = inv.of_type(Secret)[0]
    assert secret.name == "app/key" and not secret.rotation_enabled
    assert statuses(inv, "secretsmanager_secret_rotation")[secret.id] is Status.FAIL
    table = inv.get(DynamoDBTable, "carts")
    assert table is not None and table.arn.endswith("table/carts")
    assert statuses(inv, "dynamodb_table_pitr")["carts"] is Status.FAIL
    with deny("DescribeContinuousBackups", "GetResourcePolicy"):
        inv = mock_scan(["secretsmanager", "dynamodb"], regions=[REGION])
    assert statuses(inv, "dynamodb_table_pitr")["carts"] is Status.ERROR
    assert statuses(inv, "secretsmanager_secret_policy_public")[secret.id] is Status.ERROR


def test_rds(mock_scan, deny) -> None:
    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_instance(DBInstanceIdentifier="db1", DBInstanceClass="db.t3.micro", Engine="postgres",
                           MasterUsername="u", MasterUserPassword="password-1", AllocatedStorage=20,
                           PubliclyAccessible=True, BackupRetentionPeriod=0)
    rds.create_db_snapshot(DBSnapshotIdentifier="db1-snap", DBInstanceIdentifier="db1")
    rds.modify_db_snapshot_attribute(DBSnapshotIdentifier="db1-snap", AttributeName="restore",
                                     ValuesToAdd=["all"])
    inv = mock_scan(["rds"], regions=[REGION])
    db = inv.get(RdsDbInstance, "db1")
    assert db is not None and db.publicly_accessible and db.backup_retention_days == 0
    snapshot = inv.get(RdsDbSnapshot, "db1-snap")
    assert snapshot is not None and snapshot.public
    assert statuses(inv, "rds_snapshot_public")["db1-snap"] is Status.FAIL
    with deny("DescribeDBSnapshotAttributes", "DescribeDBInstances"):
        inv = mock_scan(["rds"], regions=[REGION])
    assert statuses(inv, "rds_snapshot_public")["db1-snap"] is Status.ERROR
    assert set(statuses(inv, "rds_instance_public").values()) == {Status.ERROR}
