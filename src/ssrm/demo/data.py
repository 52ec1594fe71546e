"""Demo planting: data group (planted first). Acme Shop's buckets, keys, queues, topic, secret, table and
databases: a realistic mix of well and badly configured data stores."""

from __future__ import annotations

import json
from typing import Any

from ssrm.demo.world import ACCOUNT, MAIN_REGION, DemoWorld

ASSETS = "acme-shop-assets"
CUSTOMER_DATA = "acme-shop-customer-data"
BACKUPS = "acme-shop-backups"
LOGS = "acme-shop-logs"
ROOT = f"arn:aws:iam::{ACCOUNT}:root"


def plant(world: DemoWorld) -> None:
    keys = plant_keys(world)
    plant_buckets(world, keys["orders-key"])
    plant_messaging(world)
    plant_secret_and_table(world)
    plant_databases(world)


def policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def tags(**pairs: str) -> list[dict[str, str]]:
    return [{"Key": k.replace("_", "-"), "Value": v} for k, v in pairs.items()]


def plant_keys(world: DemoWorld) -> dict[str, str]:
    kms = world.client("kms")
    admin = {"Sid": "EnableRootAccess", "Effect": "Allow", "Principal": {"AWS": ROOT}, "Action": "kms:*",
             "Resource": "*"}
    arns: dict[str, str] = {}
    for alias, description, rotate, extra in (
        ("orders-key", "Orders and backups encryption", True, None),
        ("legacy-key", "Old app key, created before rotation was policy", False, None),
        ("partner-exchange-key", "Key shared with a reporting partner", True,
         {"Sid": "PartnerDecrypt", "Effect": "Allow", "Principal": "*", "Action": ["kms:Decrypt", "kms:DescribeKey"],
          "Resource": "*"}),
    ):
        statements = [admin, extra] if extra else [admin]
        meta = kms.create_key(Description=description, Policy=policy(*statements),
                              Tags=[{"TagKey": "owner", "TagValue": "platform-team"}])["KeyMetadata"]
        kms.create_alias(AliasName=f"alias/{alias}", TargetKeyId=meta["KeyId"])
        if rotate:
            kms.enable_key_rotation(KeyId=meta["KeyId"])
        arns[alias] = meta["Arn"]
    world.refs["kms_orders_key_arn"] = arns["orders-key"]
    return arns


def plant_buckets(world: DemoWorld, orders_key_arn: str) -> None:
    s3 = world.client("s3")
    block_all = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
                 "RestrictPublicBuckets": True}
    for name in (ASSETS, CUSTOMER_DATA, BACKUPS, LOGS):
        s3.create_bucket(Bucket=name, ObjectOwnership="BucketOwnerEnforced")  # AWS's default since 2023

    # Website assets: readable by anyone through the bucket policy, no Block Public Access.
    s3.put_bucket_policy(Bucket=ASSETS, Policy=policy(
        {"Sid": "PublicReadForWebsite", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
         "Resource": f"arn:aws:s3:::{ASSETS}/*"}))
    s3.put_bucket_website(Bucket=ASSETS, WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"}})
    s3.put_bucket_tagging(Bucket=ASSETS, Tagging={"TagSet": tags(owner="web-team")})

    # Customer data: confidential, private, but plain SSE-S3, no TLS-only policy, no versioning.
    s3.put_public_access_block(Bucket=CUSTOMER_DATA, PublicAccessBlockConfiguration=block_all)
    s3.put_bucket_encryption(Bucket=CUSTOMER_DATA, ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    s3.put_bucket_tagging(Bucket=CUSTOMER_DATA, Tagging={"TagSet": tags(
        data_classification="confidential", owner="payments-team")})

    # Backups: the well-run bucket.
    s3.put_public_access_block(Bucket=BACKUPS, PublicAccessBlockConfiguration=block_all)
    s3.put_bucket_encryption(Bucket=BACKUPS, ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": orders_key_arn},
        "BucketKeyEnabled": True}]})
    s3.put_bucket_versioning(Bucket=BACKUPS, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_policy(Bucket=BACKUPS, Policy=policy(tls_only(BACKUPS)))
    s3.put_bucket_lifecycle_configuration(Bucket=BACKUPS, LifecycleConfiguration={"Rules": [
        {"ID": "archive-then-expire", "Status": "Enabled", "Filter": {"Prefix": ""},
         "Transitions": [{"Days": 30, "StorageClass": "GLACIER"}], "Expiration": {"Days": 365},
         "NoncurrentVersionExpiration": {"NoncurrentDays": 90}}]})
    s3.put_bucket_tagging(Bucket=BACKUPS, Tagging={"TagSet": tags(
        data_classification="confidential", owner="platform-team")})

    # Logs: CloudTrail's target, with the bucket policy CloudTrail needs.
    s3.put_public_access_block(Bucket=LOGS, PublicAccessBlockConfiguration=block_all)
    s3.put_bucket_policy(Bucket=LOGS, Policy=policy(
        {"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:GetBucketAcl", "Resource": f"arn:aws:s3:::{LOGS}",
         "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}},
        {"Sid": "AWSCloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{LOGS}/AWSLogs/{ACCOUNT}/*",
         "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control",
                                        "aws:SourceAccount": ACCOUNT}}},
        {"Sid": "S3ServerAccessLogs", "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
         "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{LOGS}/s3/*",
         "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}},
        tls_only(LOGS)))
    s3.put_bucket_logging(Bucket=BACKUPS, BucketLoggingStatus={
        "LoggingEnabled": {"TargetBucket": LOGS, "TargetPrefix": "s3/"}})
    s3.put_bucket_versioning(Bucket=LOGS, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_tagging(Bucket=LOGS, Tagging={"TagSet": tags(owner="security-team")})

    world.refs.update(bucket_assets=ASSETS, bucket_customer_data=CUSTOMER_DATA, bucket_backups=BACKUPS,
                      bucket_logs=LOGS)


def tls_only(bucket: str) -> dict[str, Any]:
    return {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:*",
            "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}}


def plant_messaging(world: DemoWorld) -> None:
    sqs = world.client("sqs")
    orders = sqs.create_queue(QueueName="orders", Attributes={"SqsManagedSseEnabled": "true"},
                              tags={"owner": "orders-team"})["QueueUrl"]
    orders_arn = sqs.get_queue_attributes(QueueUrl=orders, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    dlq = sqs.create_queue(QueueName="webhooks-dlq", Attributes={"SqsManagedSseEnabled": "false"})["QueueUrl"]
    dlq_arn = f"arn:aws:sqs:{MAIN_REGION}:{ACCOUNT}:webhooks-dlq"
    sqs.set_queue_attributes(QueueUrl=dlq, Attributes={"Policy": policy(
        {"Sid": "AnyoneCanReplay", "Effect": "Allow", "Principal": "*",
         "Action": ["sqs:SendMessage", "sqs:ReceiveMessage"], "Resource": dlq_arn})})
    world.refs.update(queue_orders_url=orders, queue_orders_arn=orders_arn)

    sns = world.client("sns")
    topic = sns.create_topic(Name="alerts", Tags=[{"Key": "owner", "Value": "ops-team"}])["TopicArn"]
    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=policy(
        {"Sid": "OpenPublish", "Effect": "Allow", "Principal": {"AWS": "*"},
         "Action": ["SNS:Publish", "SNS:Subscribe"], "Resource": topic}))


def plant_secret_and_table(world: DemoWorld) -> None:
    secret = world.client("secretsmanager").create_secret(
        Name="shop/db-password", Description="Password of the shop-db master user",
        SecretString=json.dumps({"username": "shop", "password": "demo-only-not-a-secret"}),
        Tags=[{"Key": "owner", "Value": "payments-team"}])
    world.refs["secret_db_arn"] = secret["ARN"]
    table = world.client("dynamodb").create_table(
        TableName="orders", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "order_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "order_id", "AttributeType": "S"}],
        Tags=[{"Key": "owner", "Value": "orders-team"}])
    world.refs["table_orders_arn"] = table["TableDescription"]["TableArn"]


def plant_databases(world: DemoWorld) -> None:
    rds = world.client("rds")
    rds.create_db_instance(
        DBInstanceIdentifier="shop-db", DBInstanceClass="db.t3.medium", Engine="postgres",
        MasterUsername="shop", MasterUserPassword="demo-only-not-a-secret", AllocatedStorage=50,
        PubliclyAccessible=False, StorageEncrypted=True, KmsKeyId=world.refs["kms_orders_key_arn"],
        BackupRetentionPeriod=7, DeletionProtection=True, AutoMinorVersionUpgrade=True,
        Tags=[{"Key": "owner", "Value": "payments-team"}])
    rds.create_db_instance(
        DBInstanceIdentifier="analytics-db", DBInstanceClass="db.t3.small", Engine="mysql",
        MasterUsername="analyst", MasterUserPassword="demo-only-not-a-secret", AllocatedStorage=20,
        PubliclyAccessible=True, StorageEncrypted=False, BackupRetentionPeriod=0, DeletionProtection=False,
        AutoMinorVersionUpgrade=False, Tags=[{"Key": "owner", "Value": "analytics-team"}])
    rds.create_db_snapshot(DBSnapshotIdentifier="analytics-db-export", DBInstanceIdentifier="analytics-db")
    rds.modify_db_snapshot_attribute(DBSnapshotIdentifier="analytics-db-export", AttributeName="restore",
                                     ValuesToAdd=["all"])
