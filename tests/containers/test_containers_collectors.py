"""The containers collectors against moto in-process: fields, call counts, declared actions, gaps and ERROR."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from ssrm.engine import evaluate
from ssrm.model import Inventory, Status
from ssrm.model.resources.containers.ecs import EcsCluster, EcsService, EcsTaskDefinition
from ssrm.model.resources.containers.efs import EfsAccessPoint, EfsFileSystem
from ssrm.model.resources.containers.eks import EksCluster
from ssrm.model.resources.containers.elasticache import ElastiCacheCacheCluster, ElastiCacheReplicationGroup
from ssrm.model.resources.containers.opensearch import OpenSearchDomain
from ssrm.model.resources.containers.redshift import RedshiftCluster
from ssrm.rules import containers as containers_rules
from ssrm.rules.catalog import rules_in
from ssrm.sources.aws.collectors.containers import COLLECTORS

REGION = "us-east-1"
SERVICES = ["efs", "ecs", "eks", "elasticache", "redshift", "opensearch"]
RULES = rules_in(containers_rules.MODULES)
# botocore service name -> IAM prefix, where they differ
IAM_PREFIX = {"efs": "elasticfilesystem", "opensearch": "es"}
OPEN_POLICY = json.dumps({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "es:*",
                                         "Resource": "*"}]})


def statuses(inv: Inventory, rule_id: str) -> dict[str, Status]:
    rule = next(r for r in RULES if r.id == rule_id)
    return {f.resource_id: f.status for f in evaluate(inv, [rule])}


def build_account() -> dict[str, str]:
    """One of everything, half of it misconfigured."""
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="tasks", Description="tasks", VpcId=vpc)["GroupId"]
    efs = boto3.client("efs", region_name=REGION)
    good_fs = efs.create_file_system(CreationToken="good", Encrypted=True, Backup=True,
                                     Tags=[{"Key": "Name", "Value": "shared"}])["FileSystemId"]
    bad_fs = efs.create_file_system(CreationToken="bad")["FileSystemId"]
    efs.create_mount_target(FileSystemId=good_fs, SubnetId=subnet)
    good_ap = efs.create_access_point(FileSystemId=good_fs, PosixUser={"Uid": 1000, "Gid": 1000},
                                      RootDirectory={"Path": "/app"})["AccessPointId"]
    ecs = boto3.client("ecs", region_name=REGION)
    ecs.create_cluster(clusterName="prod", settings=[{"name": "containerInsights", "value": "enabled"}])
    ecs.register_task_definition(family="web", containerDefinitions=[{"name": "old", "image": "nginx", "memory": 64}])
    ecs.register_task_definition(
        family="web", networkMode="host", pidMode="host",
        containerDefinitions=[{"name": "app", "image": "nginx", "memory": 128, "privileged": True,
                               "environment": [{"name": "DB_PASSWORD", "value": "s3cr3t-value-1"}]}])
    # moto needs securityGroups in awsvpcConfiguration (AWS does not)
    ecs.create_service(cluster="prod", serviceName="api", taskDefinition="web", desiredCount=1, launchType="FARGATE",
                       platformVersion="1.3.0", networkConfiguration={"awsvpcConfiguration": {
                           "subnets": [subnet], "securityGroups": [group], "assignPublicIp": "ENABLED"}})
    boto3.client("eks", region_name=REGION).create_cluster(
        name="k8s", version="1.27", roleArn="arn:aws:iam::123456789012:role/eks",
        resourcesVpcConfig={"subnetIds": [subnet]})
    cache = boto3.client("elasticache", region_name=REGION)
    cache.create_cache_cluster(CacheClusterId="sessions", Engine="redis", CacheNodeType="cache.t3.micro",
                               NumCacheNodes=1)
    cache.create_replication_group(ReplicationGroupId="queue", ReplicationGroupDescription="q", Engine="redis",
                                   CacheNodeType="cache.t3.micro", NumCacheClusters=2, AtRestEncryptionEnabled=True)
    boto3.client("redshift", region_name=REGION).create_cluster(
        ClusterIdentifier="warehouse", NodeType="dc2.large", MasterUsername="awsuser",
        MasterUserPassword="Passw0rd-x", PubliclyAccessible=True)
    search = boto3.client("opensearch", region_name=REGION)
    search.create_domain(DomainName="logs", EngineVersion="OpenSearch_2.11", AccessPolicies=OPEN_POLICY)
    search.create_domain(DomainName="legacy", EngineVersion="Elasticsearch_7.10",
                         EncryptionAtRestOptions={"Enabled": True})
    return {"good_fs": good_fs, "bad_fs": bad_fs, "good_ap": good_ap}


def test_collect_everything(mock_scan: Any) -> None:
    ids = build_account()
    inv = mock_scan(SERVICES, regions=[REGION])
    assert inv.gaps == []
    fs = inv.get(EfsFileSystem, ids["good_fs"])
    assert fs is not None and fs.encrypted and fs.backup_policy_enabled and fs.name == "shared"
    assert len(fs.mount_targets) == 1
    point = inv.get(EfsAccessPoint, ids["good_ap"])
    assert point is not None and point.root_directory == "/app" and point.posix_uid == 1000
    assert statuses(inv, "efs_file_system_encrypted") == {ids["good_fs"]: Status.PASS, ids["bad_fs"]: Status.FAIL}
    assert statuses(inv, "efs_file_system_backup_policy")[ids["bad_fs"]] is Status.FAIL

    cluster = inv.get(EcsCluster, "prod")
    assert cluster is not None and cluster.container_insights == "enabled"
    task = inv.of_type(EcsTaskDefinition)
    assert [t.id for t in task] == ["web:2"]  # latest ACTIVE revision only
    app = task[0].containers[0]
    assert app.privileged and app.environment_variable_names == ("DB_PASSWORD",)
    assert "s3cr3t" not in json.dumps(task[0].model_dump())  # values never kept
    for rule_id in ("ecs_task_definition_privileged", "ecs_task_definition_pid_mode_host",
                    "ecs_task_definition_env_secrets", "ecs_task_definition_host_network_root",
                    "ecs_task_definition_logging"):
        assert statuses(inv, rule_id) == {"web:2": Status.FAIL}, rule_id
    service = inv.of_type(EcsService)[0]
    assert service.assign_public_ip and service.platform_version == "1.3.0"
    assert set(statuses(inv, "ecs_service_public_ip").values()) == {Status.FAIL}

    eks = inv.get(EksCluster, "k8s")
    assert eks is not None and eks.version == "1.27" and eks.endpoint_public_access
    assert statuses(inv, "eks_cluster_secrets_encrypted")["k8s"] is Status.FAIL

    group = inv.get(ElastiCacheReplicationGroup, "queue")
    assert group is not None and group.at_rest_encryption and not group.transit_encryption
    assert inv.get(ElastiCacheCacheCluster, "sessions") is not None
    assert statuses(inv, "elasticache_replication_group_encrypted_at_rest")["queue"] is Status.PASS

    warehouse = inv.get(RedshiftCluster, "warehouse")
    assert warehouse is not None and warehouse.parameter_groups == ["default.redshift-1.0"]
    assert not warehouse.require_ssl and not warehouse.audit_logging
    assert statuses(inv, "redshift_cluster_public")["warehouse"] is Status.FAIL
    assert statuses(inv, "redshift_cluster_default_admin_username")["warehouse"] is Status.FAIL

    logs = inv.get(OpenSearchDomain, "logs")
    assert logs is not None and logs.access_policy is not None and not logs.in_vpc
    assert statuses(inv, "opensearch_domain_policy_public") == {"logs": Status.FAIL, "legacy": Status.PASS}
    assert statuses(inv, "opensearch_domain_encrypted_at_rest") == {"logs": Status.FAIL, "legacy": Status.PASS}

    declared = {a for c in COLLECTORS if c.name in SERVICES for a in c.actions}  # fsx: see test_fsbp_fill_*
    called = {api for api in inv.stats.calls_by_api if api.split(":")[0] in SERVICES}
    as_actions = {f"{IAM_PREFIX.get(s, s)}:{op}" for s, op in (api.split(":") for api in called)}
    assert as_actions <= declared, as_actions - declared
    assert as_actions == declared  # every declared action is exercised too
    calls = inv.stats.calls_by_api
    assert calls["efs:DescribeBackupPolicy"] == calls["efs:DescribeMountTargets"] == 2  # per file system
    assert calls["redshift:DescribeClusterParameters"] == 1  # per distinct parameter group
    assert calls["ecs:DescribeTaskDefinition"] == 1  # per family, not per revision


DENIED_DETAILS = ("DescribeBackupPolicy", "DescribeMountTargets", "DescribeTaskDefinition", "DescribeCluster",
                  "DescribeLoggingStatus", "DescribeClusterParameters")


def test_denied_details_become_gaps_and_errors(mock_scan: Any, deny: Any) -> None:
    ids = build_account()
    with deny(*DENIED_DETAILS):
        inv = mock_scan(SERVICES, regions=[REGION])
    assert {g.api for g in inv.gaps} == set(DENIED_DETAILS)
    fs = inv.get(EfsFileSystem, ids["bad_fs"])
    assert fs is not None and "AccessDenied" in fs.unknown["backup_policy_enabled"]
    expected_errors = {
        "efs_file_system_backup_policy": ids["bad_fs"], "efs_mount_target_public_subnet": ids["good_fs"],
        "ecs_task_definition_privileged": "web", "eks_cluster_public_endpoint": "k8s",
        "redshift_cluster_audit_logging": "warehouse", "redshift_cluster_require_ssl": "warehouse",
    }
    for rule_id, resource_id in expected_errors.items():
        assert statuses(inv, rule_id)[resource_id] is Status.ERROR, rule_id
    # what was read is still judged
    assert statuses(inv, "efs_file_system_encrypted")[ids["bad_fs"]] is Status.FAIL


@pytest.mark.parametrize(("service", "listing", "rule_id"), [
    ("efs", "DescribeFileSystems", "efs_file_system_encrypted"),
    ("ecs", "ListClusters", "ecs_service_public_ip"),
    ("eks", "ListClusters", "eks_cluster_public_endpoint"),
    ("elasticache", "DescribeReplicationGroups", "elasticache_replication_group_auth"),
    ("redshift", "DescribeClusters", "redshift_cluster_public"),
    ("opensearch", "DescribeDomains", "opensearch_domain_in_vpc"),
])
def test_denied_listing_errors_the_region(mock_scan: Any, deny: Any, service: str, listing: str,
                                          rule_id: str) -> None:
    boto3.client("opensearch", region_name=REGION).create_domain(DomainName="hidden")
    with deny(listing):
        inv = mock_scan([service], regions=[REGION])
    rows = statuses(inv, rule_id)
    assert rows and set(rows.values()) == {Status.ERROR}, rows
