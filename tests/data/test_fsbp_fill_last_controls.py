"""The last coverable FSBP controls, collected from the emulator and judged: S3.7, S3.11, S3.15 (opt-in
s3-extra collector), S3.19 (access points), RDS.38/39 (TLS in parameter groups), AppSync.1/2, FSx.1,
CloudFormation.1."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from ssrm.engine import evaluate
from ssrm.model import Inventory, Status
from ssrm.rules.catalog import find_rule
from ssrm.sources.aws.collectors import ALL_COLLECTORS
from ssrm.sources.aws.runner import scan, select_collectors
from ssrm.sources.aws.session import ConnectOptions

REGION, OTHER = "us-east-1", "eu-west-1"
ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": REGION,
       "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
SERVICES = ("s3", "s3-extra", "s3-access-points", "rds", "appsync", "fsx", "cloudformation")
TEMPLATE = json.dumps({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}})


def plant() -> None:
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="plain")
    s3.create_bucket(Bucket="guarded", ObjectLockEnabledForBucket=True)
    s3.create_bucket(Bucket="replica", CreateBucketConfiguration={"LocationConstraint": OTHER})
    for name in ("guarded", "replica"):
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_replication(Bucket="guarded", ReplicationConfiguration={
        "Role": "arn:aws:iam::123456789012:role/replication",
        "Rules": [{"ID": "all", "Status": "Enabled", "Priority": 1, "Filter": {},
                   "DeleteMarkerReplication": {"Status": "Disabled"},
                   "Destination": {"Bucket": "arn:aws:s3:::replica"}}]})
    topic = boto3.client("sns", region_name=REGION).create_topic(Name="events")["TopicArn"]
    s3.put_bucket_notification_configuration(Bucket="guarded", NotificationConfiguration={
        "TopicConfigurations": [{"TopicArn": topic, "Events": ["s3:ObjectRemoved:*"]}]})
    control = boto3.client("s3control", region_name=REGION)
    control.create_access_point(AccountId="123456789012", Name="open-door", Bucket="plain",
                                PublicAccessBlockConfiguration={"BlockPublicAcls": True, "IgnorePublicAcls": True,
                                                                "BlockPublicPolicy": False,
                                                                "RestrictPublicBuckets": False})
    control.create_access_point(AccountId="123456789012", Name="closed-door", Bucket="plain")

    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_parameter_group(DBParameterGroupName="pg-tls", DBParameterGroupFamily="postgres14",
                                  Description="tls")
    rds.modify_db_parameter_group(DBParameterGroupName="pg-tls", Parameters=[
        {"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "immediate"}])
    common = {"DBInstanceClass": "db.t3.micro", "MasterUsername": "owner", "MasterUserPassword": "correct-horse-1",
              "AllocatedStorage": 20}
    rds.create_db_instance(DBInstanceIdentifier="pg-forced", Engine="postgres", EngineVersion="14.10",
                           DBParameterGroupName="pg-tls", **common)
    rds.create_db_instance(DBInstanceIdentifier="pg-old-default", Engine="postgres", EngineVersion="14.10",
                           **common)
    rds.create_db_instance(DBInstanceIdentifier="mysql-default", Engine="mysql", EngineVersion="8.0.36", **common)

    appsync = boto3.client("appsync", region_name=REGION)
    logged = appsync.create_graphql_api(name="logged", authenticationType="API_KEY", logConfig={
        "fieldLogLevel": "ERROR", "cloudWatchLogsRoleArn": "arn:aws:iam::123456789012:role/logs"})["graphqlApi"]
    appsync.create_api_cache(apiId=logged["apiId"], ttl=60, apiCachingBehavior="FULL_REQUEST_CACHING",
                             type="SMALL", atRestEncryptionEnabled=False)
    appsync.create_graphql_api(name="silent", authenticationType="API_KEY")

    subnet = boto3.client("ec2", region_name=REGION).describe_subnets()["Subnets"][0]["SubnetId"]
    fsx = boto3.client("fsx", region_name=REGION)
    fsx.create_file_system(FileSystemType="OPENZFS", StorageCapacity=64, SubnetIds=[subnet],
                           OpenZFSConfiguration={"DeploymentType": "SINGLE_AZ_1", "ThroughputCapacity": 64,
                                                 "CopyTagsToBackups": True, "CopyTagsToVolumes": False})

    cfn = boto3.client("cloudformation", region_name=REGION)
    cfn.create_stack(StackName="watched", TemplateBody=TEMPLATE, NotificationARNs=[topic])
    cfn.create_stack(StackName="unwatched", TemplateBody=TEMPLATE)


@pytest.fixture(scope="module")
def inventories() -> Iterator[tuple[Inventory, Inventory]]:
    """The scan with the opt-in collector, and one with the default collectors (s3-extra left out)."""
    with pytest.MonkeyPatch.context() as mp, mock_aws():
        for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
            mp.delenv(key, raising=False)
        for key, value in ENV.items():
            mp.setenv(key, value)
        plant()
        full = scan(ConnectOptions(region=REGION), select_collectors(ALL_COLLECTORS, list(SERVICES)),
                    regions=[REGION, OTHER], workers=4)
        default = [c for c in select_collectors(ALL_COLLECTORS, None) if c.name in SERVICES]
        yield full, scan(ConnectOptions(region=REGION), default, regions=[REGION], workers=4)


def verdicts(inventory: Inventory, rule_id: str) -> dict[str, Status]:
    rule = find_rule(rule_id)
    assert rule is not None
    return {f.resource_id: f.status for f in evaluate(inventory, [rule])}


def test_s3_extra_is_opt_in() -> None:
    assert "s3-extra" not in {c.name for c in select_collectors(ALL_COLLECTORS, None)}
    assert "s3-access-points" in {c.name for c in select_collectors(ALL_COLLECTORS, None)}


def test_scan_has_no_gaps(inventories: tuple[Inventory, Inventory]) -> None:
    full, _ = inventories
    assert not full.gaps, full.gaps


@pytest.mark.parametrize(("rule_id", "expected"), [
    ("s3_bucket_cross_region_replication", {"guarded": Status.PASS, "plain": Status.FAIL, "replica": Status.FAIL}),
    ("s3_bucket_event_notifications", {"guarded": Status.PASS, "plain": Status.FAIL, "replica": Status.FAIL}),
    ("s3_bucket_object_lock", {"guarded": Status.PASS, "plain": Status.FAIL, "replica": Status.FAIL}),
    ("s3_access_point_block_public_access", {"open-door": Status.FAIL, "closed-door": Status.PASS}),
    ("rds_instance_postgres_tls_required", {"pg-forced": Status.PASS, "pg-old-default": Status.FAIL,
                                            "mysql-default": Status.NOT_APPLICABLE}),
    ("rds_instance_mysql_tls_required", {"pg-forced": Status.NOT_APPLICABLE, "pg-old-default": Status.NOT_APPLICABLE,
                                         "mysql-default": Status.FAIL}),
    ("cloudformation_stack_sns_notifications", {"watched": Status.PASS, "unwatched": Status.FAIL}),
])
def test_verdicts_from_the_emulator(inventories: tuple[Inventory, Inventory], rule_id: str,
                                    expected: dict[str, Status]) -> None:
    full, _ = inventories
    assert verdicts(full, rule_id) == expected


def test_appsync_verdicts(inventories: tuple[Inventory, Inventory]) -> None:
    full, _ = inventories
    ids = {api.name: api.id for api in full.resources if api.resource_type == "AWS::AppSync::GraphQLApi"}
    cache = verdicts(full, "appsync_api_cache_encrypted_at_rest")
    logging = verdicts(full, "appsync_api_field_level_logging")
    assert (cache[ids["logged"]], cache[ids["silent"]]) == (Status.FAIL, Status.NOT_APPLICABLE)
    assert (logging[ids["logged"]], logging[ids["silent"]]) == (Status.PASS, Status.FAIL)


def test_fsx_openzfs_missing_volume_tag_copy_fails(inventories: tuple[Inventory, Inventory]) -> None:
    full, _ = inventories
    [status] = verdicts(full, "fsx_openzfs_copy_tags").values()
    assert status is Status.FAIL


def test_without_the_opt_in_collector_s3_rules_are_na_and_say_how(inventories: tuple[Inventory, Inventory]) -> None:
    _, default = inventories
    for rule_id in ("s3_bucket_cross_region_replication", "s3_bucket_event_notifications", "s3_bucket_object_lock"):
        rule = find_rule(rule_id)
        assert rule is not None
        findings = evaluate(default, [rule])
        assert findings and all(f.status is Status.NOT_APPLICABLE for f in findings)
        assert all("not collected" in f.reason and "--services s3,s3-extra" in f.reason for f in findings)


def test_tls_settings_say_where_they_come_from(inventories: tuple[Inventory, Inventory]) -> None:
    full, _ = inventories
    by_id = {r.id: r for r in full.resources if r.resource_type == "AWS::RDS::DBInstance"}
    assert by_id["pg-forced"].tls_setting == "rds.force_ssl=1 in parameter group pg-tls"  # type: ignore[attr-defined]
    assert "default parameter group" in by_id["mysql-default"].tls_setting  # type: ignore[attr-defined]


@pytest.mark.parametrize(("engine", "version", "group", "read", "expected"), [
    ("postgres", "16.3", "default.postgres16", None, True),
    ("postgres", "13.7", "custom", {"work_mem": "4096"}, False),
    ("postgres", "13.7", "custom", {"rds.force_ssl": "1"}, True),
    ("mysql", "8.0.36", "custom", {"require_secure_transport": "ON"}, True),
    ("mysql", "8.4.3", "default.mysql8.4", None, False),
])
def test_tls_parameter_and_engine_defaults(engine: str, version: str, group: str, read: dict[str, str] | None,
                                           expected: bool) -> None:
    from ssrm.sources.aws.collectors.data.rds_tls import tls_fields

    db = {"Engine": engine, "EngineVersion": version, "DBParameterGroups": [{"DBParameterGroupName": group}]}
    fields = tls_fields(db, {group: read} if read is not None else {})
    assert fields["tls_required"] is expected and fields["parameter_group"] == group


def test_unknown_default_or_unreadable_group_is_unknown_not_a_verdict() -> None:
    from ssrm.sources.aws.collectors.data.rds_tls import tls_fields

    newer = tls_fields({"Engine": "mysql", "EngineVersion": "9.1.0",
                        "DBParameterGroups": [{"DBParameterGroupName": "default.mysql9.1"}]}, {})
    denied = tls_fields({"Engine": "postgres", "EngineVersion": "14.1",
                         "DBParameterGroups": [{"DBParameterGroupName": "custom"}]}, {"custom": "AccessDenied"})
    for fields in (newer, denied):
        assert "tls_required" in fields["unknown"] and "tls_required" not in fields
    other = tls_fields({"Engine": "mariadb", "EngineVersion": "10.11", "DBParameterGroups": []}, {})
    assert "tls_required" not in other and "unknown" not in other
