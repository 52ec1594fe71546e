"""Every containers rule judged on a passing and a failing resource built directly."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from ssrm.engine import judge
from ssrm.model import Inventory, Resource, Status
from ssrm.model.resources.compute.network import Route, RouteTable
from ssrm.model.resources.containers.ecs import ContainerDefinition, EcsCluster, EcsService, EcsTaskDefinition
from ssrm.model.resources.containers.efs import EfsAccessPoint, EfsFileSystem, MountTarget
from ssrm.model.resources.containers.eks import EksCluster
from ssrm.model.resources.containers.elasticache import ElastiCacheCacheCluster, ElastiCacheReplicationGroup
from ssrm.model.resources.containers.fsx import FsxFileSystem
from ssrm.model.resources.containers.opensearch import OpenSearchDomain
from ssrm.model.resources.containers.redshift import RedshiftCluster
from ssrm.rules import containers as containers_rules
from ssrm.rules.catalog import rules_in
from tests.rule_cases import assert_passes_and_fails

ACCOUNT = "123456789012"
RULES = {r.id: r for r in rules_in(containers_rules.MODULES)}
OPEN = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "es:*", "Resource": "*"}]}
NAMED = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/app"},
                        "Action": "es:ESHttpGet", "Resource": "*"}]}
PUBLIC_TABLE = RouteTable(arn="arn:aws:ec2:us-east-1:1:route-table/rtb-1", id="rtb-1", account=ACCOUNT,
                          region="us-east-1", vpc_id="vpc-1", subnet_ids=("subnet-pub",),
                          routes=(Route(destination="0.0.0.0/0", target="igw-1", target_kind="gateway"),))


def make(cls: type[Resource], **fields: Any) -> Any:
    return cls(arn=f"arn:aws:x:us-east-1:{ACCOUNT}:r", id="r", account=ACCOUNT, region="us-east-1", **fields)


def container(**fields: Any) -> ContainerDefinition:
    base: dict[str, Any] = {"name": "app", "user": "1000", "readonly_root_filesystem": True, "log_driver": "awslogs"}
    return ContainerDefinition(**{**base, **fields})


def task(*containers: ContainerDefinition, **fields: Any) -> EcsTaskDefinition:
    return make(EcsTaskDefinition, containers=containers or (container(),), **fields)


def mount(subnet: str) -> MountTarget:
    return MountTarget(id="fsmt-1", subnet_id=subnet, vpc_id="vpc-1")


def domain(**fields: Any) -> OpenSearchDomain:
    return make(OpenSearchDomain, engine_version="OpenSearch_2.11", **fields)


TLS = "Policy-Min-TLS-1-2-PFS-2023-10"
G, C = ElastiCacheReplicationGroup, ElastiCacheCacheCluster
REDIS = {"engine": "redis"}

CASES: dict[str, tuple[Resource, Resource]] = {  # rule id -> (passing, failing)
    "fsx_openzfs_copy_tags": (
        make(FsxFileSystem, file_system_type="OPENZFS", copy_tags_to_backups=True, copy_tags_to_volumes=True),
        make(FsxFileSystem, file_system_type="OPENZFS", copy_tags_to_backups=True, copy_tags_to_volumes=False)),
    "efs_file_system_encrypted": (make(EfsFileSystem, encrypted=True), make(EfsFileSystem)),
    "efs_file_system_backup_policy": (make(EfsFileSystem, backup_policy_enabled=True), make(EfsFileSystem)),
    "efs_mount_target_public_subnet": (make(EfsFileSystem, mount_targets=(mount("subnet-priv"),)),
                                       make(EfsFileSystem, mount_targets=(mount("subnet-pub"),))),
    "efs_access_point_root_directory": (make(EfsAccessPoint, root_directory="/app"), make(EfsAccessPoint)),
    "efs_access_point_user_identity": (make(EfsAccessPoint, posix_uid=1000, posix_gid=1000),
                                       make(EfsAccessPoint)),
    "ecs_cluster_container_insights": (make(EcsCluster, container_insights="enhanced"), make(EcsCluster)),
    "ecs_service_public_ip": (make(EcsService), make(EcsService, assign_public_ip=True)),
    "ecs_service_fargate_platform_latest": (make(EcsService, launch_type="FARGATE"),
                                            make(EcsService, launch_type="FARGATE", platform_version="1.3.0")),
    "ecs_task_definition_privileged": (task(), task(container(privileged=True))),
    "ecs_task_definition_host_network_root": (task(network_mode="host"),
                                              task(container(user="root:root"), network_mode="host")),
    "ecs_task_definition_root_user": (task(), task(container(user=None))),
    "ecs_task_definition_pid_mode_host": (task(pid_mode="task"), task(pid_mode="host")),
    "ecs_task_definition_readonly_root": (task(), task(container(readonly_root_filesystem=False))),
    "ecs_task_definition_env_secrets": (
        task(container(environment_variable_names=("LOG_LEVEL",))),
        task(container(environment_secret_hints=("password or token in x variable DB_PASSWORD (DB_PASSWORD=…)",)))),
    "ecs_task_definition_logging": (task(), task(container(log_driver=None))),
    "eks_cluster_public_endpoint": (make(EksCluster, endpoint_public_access=False), make(EksCluster)),
    "eks_cluster_endpoint_open_to_world": (make(EksCluster, public_access_cidrs=("203.0.113.0/24",)),
                                           make(EksCluster, public_access_cidrs=("0.0.0.0/0",))),
    "eks_cluster_secrets_encrypted": (make(EksCluster, secrets_key_arn="arn:aws:kms:us-east-1:1:key/k"),
                                      make(EksCluster)),
    "eks_cluster_audit_logging": (make(EksCluster, enabled_log_types=("api", "audit")),
                                  make(EksCluster, enabled_log_types=("api",))),
    "eks_cluster_supported_version": (make(EksCluster, version="1.34"), make(EksCluster, version="1.28")),
    "elasticache_replication_group_backups": (make(G, snapshot_retention_days=1), make(G)),
    "elasticache_cluster_backups": (make(C, snapshot_retention_days=3, **REDIS), make(C, **REDIS)),
    "elasticache_cluster_auto_minor_upgrade": (make(C, auto_minor_version_upgrade=True), make(C)),
    "elasticache_replication_group_automatic_failover": (make(G, automatic_failover="enabled"), make(G)),
    "elasticache_replication_group_encrypted_at_rest": (make(G, at_rest_encryption=True), make(G)),
    "elasticache_replication_group_encrypted_in_transit": (make(G, transit_encryption=True), make(G)),
    "elasticache_replication_group_auth": (make(G, user_group_ids=("ug-1",)), make(G, engine_version="5.0.6")),
    "elasticache_cluster_default_subnet_group": (make(C, cache_subnet_group="private"),
                                                 make(C, cache_subnet_group="default")),
    "redshift_cluster_public": (make(RedshiftCluster), make(RedshiftCluster, publicly_accessible=True)),
    "redshift_cluster_require_ssl": (make(RedshiftCluster, require_ssl=True), make(RedshiftCluster)),
    "redshift_cluster_automated_snapshots": (make(RedshiftCluster, automated_snapshot_retention_days=7),
                                             make(RedshiftCluster, automated_snapshot_retention_days=1)),
    "redshift_cluster_audit_logging": (make(RedshiftCluster, audit_logging=True), make(RedshiftCluster)),
    "redshift_cluster_version_upgrade": (make(RedshiftCluster), make(RedshiftCluster, allow_version_upgrade=False)),
    "redshift_cluster_enhanced_vpc_routing": (make(RedshiftCluster, enhanced_vpc_routing=True),
                                              make(RedshiftCluster)),
    "redshift_cluster_default_admin_username": (make(RedshiftCluster, master_username="warehouse_admin"),
                                                make(RedshiftCluster, master_username="awsuser")),
    "redshift_cluster_default_db_name": (make(RedshiftCluster, db_name="sales"), make(RedshiftCluster, db_name="dev")),
    "redshift_cluster_encrypted": (make(RedshiftCluster, encrypted=True), make(RedshiftCluster)),
    "opensearch_domain_encrypted_at_rest": (domain(encryption_at_rest=True), domain()),
    "opensearch_domain_in_vpc": (domain(vpc_id="vpc-1", subnet_ids=("subnet-1",)), domain()),
    "opensearch_domain_policy_public": (domain(access_policy=NAMED), domain(access_policy=OPEN)),
    "opensearch_domain_node_to_node_encryption": (domain(node_to_node_encryption=True), domain()),
    "opensearch_domain_https_tls": (domain(enforce_https=True, tls_policy=TLS),
                                    domain(enforce_https=True, tls_policy="Policy-Min-TLS-1-0-2019-07")),
    "opensearch_domain_fine_grained_access": (domain(fine_grained_access_control=True), domain()),
    "opensearch_domain_audit_logging": (domain(log_publishing={"AUDIT_LOGS": True}),
                                        domain(log_publishing={"AUDIT_LOGS": False})),
    "opensearch_domain_error_logging": (domain(log_publishing={"ES_APPLICATION_LOGS": True}), domain()),
    "opensearch_domain_data_nodes": (domain(instance_count=3, zone_awareness=True), domain(instance_count=1)),
    "opensearch_domain_dedicated_masters": (domain(dedicated_master_enabled=True, dedicated_master_count=3),
                                            domain()),
    "opensearch_domain_software_update": (domain(), domain(update_available=True)),
}


def inventory(*resources: Resource) -> Inventory:
    inv = Inventory(account=ACCOUNT, regions=["us-east-1"], finished_at=datetime(2026, 11, 28, tzinfo=UTC))
    inv.add([*resources, PUBLIC_TABLE])
    return inv


def test_every_rule_has_cases() -> None:
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_and_fails(rule_id: str) -> None:
    good, bad = CASES[rule_id]
    assert_passes_and_fails(RULES[rule_id], good, bad, inventory)


def test_unknown_fields_give_error_never_pass() -> None:
    cases = [
        ("efs_file_system_backup_policy", make(EfsFileSystem, unknown={"backup_policy_enabled": "AccessDenied"})),
        ("efs_mount_target_public_subnet", make(EfsFileSystem, unknown={"mount_targets": "AccessDenied"})),
        ("ecs_task_definition_privileged", make(EcsTaskDefinition, unknown={"containers": "AccessDenied"})),
        ("eks_cluster_public_endpoint", make(EksCluster, unknown={"endpoint_public_access": "AccessDenied"})),
        ("redshift_cluster_require_ssl", make(RedshiftCluster, unknown={"require_ssl": "AccessDenied"})),
        ("redshift_cluster_audit_logging", make(RedshiftCluster, unknown={"audit_logging": "AccessDenied"})),
        ("opensearch_domain_policy_public", domain(unknown={"access_policy": "not JSON"})),
    ]
    for rule_id, resource in cases:
        assert judge(RULES[rule_id], resource, inventory(resource)).status is Status.ERROR, rule_id


def test_public_subnet_needs_collected_route_tables() -> None:
    fs = make(EfsFileSystem, mount_targets=(mount("subnet-pub"),))
    inv = Inventory(account=ACCOUNT, regions=["us-east-1"], services=["efs"])
    inv.add([fs])
    assert judge(RULES["efs_mount_target_public_subnet"], fs, inv).status is Status.ERROR


def test_not_applicable_cases() -> None:
    member = make(C, engine="redis", replication_group_id="rg-1")
    memcached = make(C, engine="memcached")
    for resource in (member, memcached):
        assert judge(RULES["elasticache_cluster_backups"], resource, inventory(resource)).status \
            is Status.NOT_APPLICABLE
    on_ec2 = make(EcsService, launch_type="EC2", platform_version="1.3.0")
    assert judge(RULES["ecs_service_fargate_platform_latest"], on_ec2, inventory(on_ec2)).status \
        is Status.NOT_APPLICABLE
    legacy = make(OpenSearchDomain, engine_version="Elasticsearch_7.10", update_available=True)
    assert judge(RULES["opensearch_domain_software_update"], legacy, inventory(legacy)).status \
        is Status.NOT_APPLICABLE


def test_supported_version_follows_the_scan_date() -> None:
    cluster = make(EksCluster, version="1.31")
    early = Inventory(account=ACCOUNT, regions=["us-east-1"], finished_at=datetime(2026, 6, 1, tzinfo=UTC))
    late = Inventory(account=ACCOUNT, regions=["us-east-1"], finished_at=datetime(2026, 12, 1, tzinfo=UTC))
    assert judge(RULES["eks_cluster_supported_version"], cluster, early).status is Status.PASS
    assert judge(RULES["eks_cluster_supported_version"], cluster, late).status is Status.FAIL
    ancient = make(EksCluster, version="1.19")
    assert judge(RULES["eks_cluster_supported_version"], ancient, early).status is Status.FAIL
