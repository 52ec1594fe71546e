"""Every data rule judged on a passing and a failing resource built directly; AWS-managed things never FAIL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ssrm.engine import judge
from ssrm.model import Inventory, Resource, Status
from ssrm.model.resources.data.dynamodb import DynamoDBTable
from ssrm.model.resources.data.kms import KmsKey
from ssrm.model.resources.data.rds import RdsDbCluster, RdsDbClusterSnapshot, RdsDbInstance, RdsDbSnapshot
from ssrm.model.resources.data.s3 import (
    ALL_USERS_URI,
    AclGrant,
    BucketEncryption,
    BucketLogging,
    BucketVersioning,
    LifecycleRule,
    PublicAccessBlock,
    S3AccountPublicAccessBlock,
    S3Bucket,
)
from ssrm.model.resources.data.secretsmanager import Secret
from ssrm.model.resources.data.sns import SnsTopic
from ssrm.model.resources.data.sqs import SqsQueue
from ssrm.rules import data as data_rules
from ssrm.rules.catalog import rules_in
from tests.rule_cases import assert_passes_and_fails

ACCOUNT = "123456789012"
RULES = {r.id: r for r in rules_in(data_rules.MODULES)}
OPEN = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "x:Get", "Resource": "*"}]}
PINNED = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "x:Get", "Resource": "*",
                         "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}]}
TLS_ONLY = {"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                           "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
ALL_ON = PublicAccessBlock(block_public_acls=True, ignore_public_acls=True, block_public_policy=True,
                           restrict_public_buckets=True)


def bucket(**fields: Any) -> S3Bucket:
    return S3Bucket(arn="arn:aws:s3:::b", id="b", name="b", account=ACCOUNT, region="us-east-1", **fields)


def key(**fields: Any) -> KmsKey:
    return KmsKey(arn="arn:aws:kms:us-east-1:123456789012:key/k", id="k", account=ACCOUNT, region="us-east-1",
                  **fields)


def db(**fields: Any) -> RdsDbInstance:
    return RdsDbInstance(arn="arn:aws:rds:us-east-1:123456789012:db:d", id="d", account=ACCOUNT, **fields)


def other(cls: type[Resource], **fields: Any) -> Resource:
    return cls(arn=f"arn:aws:x:us-east-1:{ACCOUNT}:r", id="r", account=ACCOUNT, region="us-east-1", **fields)


CASES: dict[str, tuple[Resource, Resource]] = {  # rule id -> (passing, failing)
    "s3_bucket_public_policy": (bucket(policy=PINNED), bucket(policy=OPEN)),
    # public read is not public write (FSBP S3.3); a public s3:PutObject is
    "s3_bucket_public_write": (
        bucket(object_ownership="BucketOwnerEnforced", policy={"Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}),
        bucket(object_ownership="BucketOwnerEnforced", policy={"Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}]})),
    "s3_bucket_public_acl": (bucket(object_ownership="BucketOwnerEnforced"),
                             bucket(acl_grants=[AclGrant(grantee_type="Group", grantee=ALL_USERS_URI,
                                                         permission="READ")])),
    "s3_bucket_public_access_block": (bucket(public_access_block=ALL_ON), bucket()),
    "s3_account_public_access_block": (other(S3AccountPublicAccessBlock, configured=True, settings=ALL_ON),
                                       other(S3AccountPublicAccessBlock, configured=False)),
    "s3_bucket_tls_enforced": (bucket(policy=TLS_ONLY), bucket(policy=OPEN)),
    "s3_bucket_sensitive_kms_encryption": (
        bucket(tags={"data-classification": "confidential"},
               default_encryption=BucketEncryption(algorithm="aws:kms", kms_key_id="k")),
        bucket(tags={"data-classification": "confidential"}, default_encryption=BucketEncryption(algorithm="AES256"))),
    "s3_bucket_versioning": (bucket(versioning=BucketVersioning(status="Enabled")),
                             bucket(versioning=BucketVersioning(status="Suspended"))),
    "s3_bucket_mfa_delete": (bucket(versioning=BucketVersioning(status="Enabled", mfa_delete=True)), bucket()),
    "s3_bucket_access_logging": (bucket(logging=BucketLogging(target_bucket="logs")), bucket()),
    "s3_bucket_lifecycle": (bucket(lifecycle_rules=[LifecycleRule(id="x", expiration_days=30)]),
                            bucket(lifecycle_rules=[LifecycleRule(id="x", enabled=False)])),
    "kms_key_rotation": (key(rotation_enabled=True), key(rotation_enabled=False)),
    "kms_key_policy_public": (key(policy=PINNED), key(policy=OPEN)),
    "kms_key_pending_deletion": (key(), key(key_state="PendingDeletion")),
    "sqs_queue_encrypted": (other(SqsQueue, sqs_managed_sse=True), other(SqsQueue)),
    "sqs_queue_policy_public": (other(SqsQueue, policy=PINNED), other(SqsQueue, policy=OPEN)),
    "sns_topic_encrypted": (other(SnsTopic, kms_master_key_id="alias/aws/sns"), other(SnsTopic)),
    "sns_topic_policy_public": (other(SnsTopic, policy=PINNED), other(SnsTopic, policy=OPEN)),
    "secretsmanager_secret_rotation": (other(Secret, rotation_enabled=True, rotation_days=30), other(Secret)),
    "secretsmanager_secret_policy_public": (other(Secret), other(Secret, policy=OPEN)),
    "dynamodb_table_pitr": (other(DynamoDBTable, pitr_enabled=True), other(DynamoDBTable)),
    "rds_instance_public": (db(), db(publicly_accessible=True)),
    "rds_instance_storage_encrypted": (db(storage_encrypted=True), db()),
    "rds_instance_backups": (db(backup_retention_days=7), db(backup_retention_days=1)),
    "rds_instance_deletion_protection": (db(deletion_protection=True), db()),
    "rds_instance_multi_az": (db(multi_az=True), db()),
    "rds_instance_auto_minor_upgrade": (db(auto_minor_version_upgrade=True), db()),
    "rds_snapshot_public": (other(RdsDbSnapshot, shared_with=["111122223333"]),
                            other(RdsDbSnapshot, shared_with=["all"])),
    "rds_cluster_snapshot_public": (other(RdsDbClusterSnapshot), other(RdsDbClusterSnapshot, shared_with=["all"])),
    "rds_snapshot_encrypted": (other(RdsDbSnapshot, encrypted=True), other(RdsDbSnapshot)),
    "rds_cluster_snapshot_encrypted": (other(RdsDbClusterSnapshot, encrypted=True), other(RdsDbClusterSnapshot)),
    "rds_cluster_encrypted": (other(RdsDbCluster, storage_encrypted=True), other(RdsDbCluster)),
    "rds_cluster_deletion_protection": (other(RdsDbCluster, deletion_protection=True), other(RdsDbCluster)),
}


def inventory(*resources: Resource) -> Inventory:
    inv = Inventory(account=ACCOUNT, regions=["us-east-1"])
    inv.add(resources)
    return inv


def filled_cases() -> set[str]:
    """Rule ids tested in the test_fsbp_fill_<service>.py modules beside this one (named there as a string)."""
    texts = [path.read_text() for path in Path(__file__).parent.glob("test_fsbp_fill_*.py")]
    return {rule_id for rule_id in RULES if any(f'"{rule_id}"' in text for text in texts)}


def test_every_rule_has_cases() -> None:
    assert set(CASES) | filled_cases() == set(RULES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_and_fails(rule_id: str) -> None:
    good, bad = CASES[rule_id]
    assert_passes_and_fails(RULES[rule_id], good, bad, inventory)


def test_public_write_through_acl_and_not_action() -> None:
    write_acl = bucket(acl_grants=[AclGrant(grantee_type="Group", grantee=ALL_USERS_URI, permission="WRITE")])
    read_acl = bucket(acl_grants=[AclGrant(grantee_type="Group", grantee=ALL_USERS_URI, permission="READ")])
    not_action = bucket(object_ownership="BucketOwnerEnforced", policy={"Statement": [
        {"Effect": "Allow", "Principal": "*", "NotAction": "s3:DeleteBucket", "Resource": "*"}]})
    rule = RULES["s3_bucket_public_write"]
    assert judge(rule, write_acl, inventory(write_acl)).status is Status.FAIL
    assert judge(rule, read_acl, inventory(read_acl)).status is Status.PASS
    assert judge(rule, not_action, inventory(not_action)).status is Status.FAIL


def test_unknown_fields_give_error_never_pass() -> None:
    unread = bucket(unknown={"policy": "AccessDenied: no"})
    assert judge(RULES["s3_bucket_public_policy"], unread, inventory(unread)).status is Status.ERROR
    unread_key = key(unknown={"rotation_enabled": "AccessDenied"})
    assert judge(RULES["kms_key_rotation"], unread_key, inventory(unread_key)).status is Status.ERROR


def test_account_block_covers_buckets() -> None:
    account = other(S3AccountPublicAccessBlock, configured=True, settings=ALL_ON)
    open_bucket = bucket(policy=OPEN)
    inv = inventory(open_bucket, account)
    assert judge(RULES["s3_bucket_public_access_block"], open_bucket, inv).status is Status.PASS
    assert judge(RULES["s3_bucket_public_policy"], open_bucket, inv).status is Status.PASS


def test_aws_managed_things_never_fail() -> None:
    managed = key(key_manager="AWS", rotation_enabled=None, policy=None)
    for rule_id in ("kms_key_rotation", "kms_key_policy_public", "kms_key_pending_deletion"):
        assert judge(RULES[rule_id], managed, inventory(managed)).status is Status.NOT_APPLICABLE
    rds_owned = other(Secret, owning_service="rds")
    assert judge(RULES["secretsmanager_secret_rotation"], rds_owned, inventory(rds_owned)).status is not Status.FAIL
    default_topic = other(SnsTopic, kms_master_key_id="alias/aws/sns", policy={"Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "SNS:Publish", "Resource": "*",
         "Condition": {"StringEquals": {"AWS:SourceOwner": ACCOUNT}}}]})
    assert judge(RULES["sns_topic_policy_public"], default_topic, inventory(default_topic)).status is Status.PASS
    member = db(cluster_id="aurora-1")
    assert judge(RULES["rds_instance_backups"], member, inventory(member)).status is Status.NOT_APPLICABLE
    plain = bucket()  # S3's own SSE-S3 default on an unclassified bucket is fine
    assert judge(RULES["s3_bucket_sensitive_kms_encryption"], plain, inventory(plain)).status is Status.PASS
