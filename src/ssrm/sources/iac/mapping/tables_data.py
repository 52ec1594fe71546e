"""Declarative tables (see ``table.py``) for data stores and their copies: ElastiCache, Redshift, EFS,
DAX, Kinesis, EBS snapshots and AMIs, RDS snapshots and event subscriptions, AWS Backup.

Each default names where it is documented (the service API reference's default for the parameter unless
said otherwise). Where the AWS provider's own default changed between major versions and the provider
version is not in the code, the Terraform value is unknown.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.compute.ebs import Snapshot
from ssrm.model.resources.compute.ec2 import Image
from ssrm.model.resources.containers.efs import EfsAccessPoint, EfsFileSystem, MountTarget
from ssrm.model.resources.containers.elasticache import ElastiCacheCacheCluster, ElastiCacheReplicationGroup
from ssrm.model.resources.containers.redshift import RedshiftCluster
from ssrm.model.resources.data.dax import DaxCluster
from ssrm.model.resources.data.rds import RdsDbClusterSnapshot, RdsDbSnapshot, RdsEventSubscription
from ssrm.model.resources.operations.backup import BackupPlan, BackupRule, BackupVault
from ssrm.model.resources.operations.kinesis import KinesisStream
from ssrm.sources.iac.mapping.build import Links, as_list, first_block, policy_document, sub
from ssrm.sources.iac.mapping.table import Field, Table, flag
from ssrm.sources.iac.mapping.table_helpers import (
    TF,
    as_bool,
    as_int,
    as_strings,
    as_tuple,
    attr,
    companions,
    joined,
)
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown, find_unknown


def _failover(value: Any) -> Any:
    return "enabled" if flag(value) else "disabled"


# --- ElastiCache -----------------------------------------------------------------------------------
def _group_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    token = raw.attrs.get("auth_token" if fmt == TF else "AuthToken")
    if isinstance(token, Unknown):
        enabled: Any = Unknown(f"whether the AUTH token is set is known only at apply ({token.reason})")
    else:
        enabled = bool(token)
    return {"auth_token_enabled": enabled}


ELASTICACHE_GROUP = Table(
    ElastiCacheReplicationGroup, ("aws_elasticache_replication_group",), ("AWS::ElastiCache::ReplicationGroup",),
    name=("replication_group_id", "ReplicationGroupId"),
    fields=(
        Field("engine", "engine", "Engine", "redis", "ElastiCache CreateReplicationGroup: the engine is redis"),
        Field("engine_version", "engine_version", "EngineVersion", "", "ElastiCache picks the engine's default "
              "version (\"\": not stated in the code)", str),
        Field("at_rest_encryption", "at_rest_encryption_enabled", "AtRestEncryptionEnabled", False,
              "ElastiCache CreateReplicationGroup: AtRestEncryptionEnabled false", as_bool),
        Field("transit_encryption", "transit_encryption_enabled", "TransitEncryptionEnabled", False,
              "ElastiCache CreateReplicationGroup: TransitEncryptionEnabled false", as_bool),
        Field("user_group_ids", "user_group_ids", "UserGroupIds", (), "no RBAC user group unless listed", as_tuple),
        Field("automatic_failover", "automatic_failover_enabled", "AutomaticFailoverEnabled", "disabled",
              "ElastiCache CreateReplicationGroup: AutomaticFailoverEnabled false", _failover),
        Field("multi_az", "multi_az_enabled", "MultiAZEnabled", False,
              "ElastiCache CreateReplicationGroup: MultiAZEnabled false", as_bool),
        Field("snapshot_retention_days", "snapshot_retention_limit", "SnapshotRetentionLimit", 0,
              "ElastiCache: SnapshotRetentionLimit 0 turns automatic backups off", as_int),
    ),
    live_only={"status": "replication group status", "member_clusters": "member ids are assigned at creation"},
    derived=("auth_token_enabled",), derive=_group_derive)


def _cluster_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    engine = raw.attrs.get("engine" if fmt == TF else "Engine")
    group_id = raw.attrs.get("replication_group_id") if fmt == TF else None  # CacheCluster has no such property
    if engine is None and group_id is not None:
        group = joined(links, "aws_elasticache_replication_group", group_id, "replication group")
        engine = group if not isinstance(group, RawResource) else (group.attrs.get("engine") or "redis")
    if engine is None:
        engine = Unknown("engine is not set")
    return {"engine": engine, "replication_group_id": group_id}


ELASTICACHE_CLUSTER = Table(
    ElastiCacheCacheCluster, ("aws_elasticache_cluster",), ("AWS::ElastiCache::CacheCluster",),
    name=("cluster_id", "ClusterName"),
    fields=(
        Field("engine_version", "engine_version", "EngineVersion", "", "ElastiCache picks the engine's default "
              "version (\"\": not stated in the code)", str),
        Field("snapshot_retention_days", "snapshot_retention_limit", "SnapshotRetentionLimit", 0,
              "ElastiCache: SnapshotRetentionLimit 0 turns automatic backups off", as_int),
        Field("auto_minor_version_upgrade", "auto_minor_version_upgrade", "AutoMinorVersionUpgrade", True,
              "ElastiCache CreateCacheCluster: AutoMinorVersionUpgrade true", as_bool),
        Field("cache_subnet_group", "subnet_group_name", "CacheSubnetGroupName", None,
              "ElastiCache CreateCacheCluster: the default subnet group when none is named", str),
        Field("transit_encryption", "transit_encryption_enabled", "TransitEncryptionEnabled", False,
              "ElastiCache CreateCacheCluster: TransitEncryptionEnabled false", as_bool),
    ),
    live_only={"status": "cluster status"},
    derived=("engine", "replication_group_id"), derive=_cluster_derive)


# --- Redshift --------------------------------------------------------------------------------------
PROVIDER_V6 = ("the AWS provider's default changed in v6.0 (v5 sent {v5}, v6 sends {v6}) and the provider "
               "version is not in the code")


def _parameter_ssl(group: RawResource, fmt: str) -> Any:
    if fmt == TF:
        parameters = [(p.get("name"), p.get("value")) for p in as_list(group.attrs.get("parameter"))
                      if isinstance(p, dict)]
    else:
        values = group.attrs.get("Parameters")
        parameters = [(p.get("ParameterName"), p.get("ParameterValue")) for p in as_list(values)
                      if isinstance(p, dict)]
    if find_unknown(parameters) is not None:
        return find_unknown(parameters)
    for name, value in parameters:
        if name == "require_ssl":
            return bool(flag(value))
    return Unknown(f"{group.address} does not set require_ssl, and the value its family gives it is not known "
                   "to ssrm")


def _redshift_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    a = raw.attrs
    if fmt == TF:
        public, encrypted = a.get("publicly_accessible"), a.get("encrypted")
        public = Unknown(PROVIDER_V6.format(v5="true", v6="false")) if public is None else flag(public)
        encrypted = Unknown(PROVIDER_V6.format(v5="false", v6="true")) if encrypted is None else flag(encrypted)
        group_name = a.get("cluster_parameter_group_name")
        kind = "aws_redshift_parameter_group"
        inline = first_block(a.get("logging"))
        logging = companions(raw, links, "aws_redshift_logging", "cluster_identifier")  # the newer split resource
        if isinstance(logging, Unknown) or isinstance(inline, Unknown):
            audit: Any = logging if isinstance(logging, Unknown) else inline
            destination: Any = audit
        elif logging:
            audit, destination = True, logging[-1].attrs.get("log_destination_type") or "s3"
        else:
            audit = bool(flag(inline.get("enable")))
            destination = (inline.get("log_destination_type") or "s3") if audit else None
    else:
        # Redshift's security defaults for new clusters (What's New, 2024-11: from January 2025, public access
        # off and encryption on unless asked otherwise)
        public = flag(a["PubliclyAccessible"]) if a.get("PubliclyAccessible") is not None else False
        encrypted = flag(a["Encrypted"]) if a.get("Encrypted") is not None else True
        group_name = a.get("ClusterParameterGroupName")
        kind = "AWS::Redshift::ClusterParameterGroup"
        props = a.get("LoggingProperties")
        if isinstance(props, Unknown):
            audit = destination = props
        else:
            audit = bool(props)
            destination = ((props or {}).get("LogDestinationType") or "s3") if audit else None
    if group_name is None:
        groups: Any = ["default.redshift-1.0"]
        ssl: Any = Unknown("the cluster uses the default parameter group, whose require_ssl depends on when the "
                           "account's default was created")
    else:
        group = joined(links, kind, group_name, "parameter group")
        groups = group if isinstance(group, Unknown) else [str(group_name)]
        ssl = group if isinstance(group, Unknown) else _parameter_ssl(group, fmt)
    return {"publicly_accessible": public, "encrypted": encrypted, "parameter_groups": groups, "require_ssl": ssl,
            "audit_logging": audit, "log_destination": destination}


REDSHIFT = Table(
    RedshiftCluster, ("aws_redshift_cluster",), ("AWS::Redshift::Cluster",),
    name=("cluster_identifier", "ClusterIdentifier"),
    fields=(
        Field("kms_key_id", "kms_key_id", "KmsKeyId", None, "Redshift: the AWS managed key when encrypted"),
        Field("enhanced_vpc_routing", "enhanced_vpc_routing", "EnhancedVpcRouting", False,
              "Redshift CreateCluster: EnhancedVpcRouting false", as_bool),
        Field("automated_snapshot_retention_days", "automated_snapshot_retention_period",
              "AutomatedSnapshotRetentionPeriod", 1, "Redshift CreateCluster: AutomatedSnapshotRetentionPeriod 1",
              as_int),
        Field("master_username", "master_username", "MasterUsername"),
        Field("db_name", "database_name", "DBName", "dev", "Redshift CreateCluster: DBName dev"),
        Field("allow_version_upgrade", "allow_version_upgrade", "AllowVersionUpgrade", True,
              "Redshift CreateCluster: AllowVersionUpgrade true", as_bool),
    ),
    live_only={"status": "cluster status", "endpoint": "assigned at creation",
               "vpc_id": "the VPC of the cluster subnet group's subnets, read from a live account"},
    derived=("publicly_accessible", "encrypted", "parameter_groups", "require_ssl", "audit_logging",
             "log_destination"), derive=_redshift_derive)


# --- EFS -------------------------------------------------------------------------------------------
def _efs_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    if fmt == TF:
        policies = companions(raw, links, "aws_efs_backup_policy", "file_system_id")
        one_zone = raw.attrs.get("availability_zone_name")
        status: Any = policies if isinstance(policies, Unknown) else \
            (attr(policies[-1], "backup_policy.status") if policies else None)
        targets = companions(raw, links, "aws_efs_mount_target", "file_system_id")
        subnet_kind, subnet_attr, vpc_attr = "aws_subnet", "subnet_id", "vpc_id"
    else:
        status = attr(raw, "BackupPolicy.Status")
        one_zone = raw.attrs.get("AvailabilityZoneName")
        targets = companions(raw, links, "AWS::EFS::MountTarget", "FileSystemId")
        subnet_kind, subnet_attr, vpc_attr = "AWS::EC2::Subnet", "SubnetId", "VpcId"
    if isinstance(status, Unknown):
        backups: Any = status
    elif status is None:  # EFS User Guide, "Automatic backups": on by default through the API for One Zone only
        backups = one_zone is not None
    else:
        backups = str(status).upper() in ("ENABLED", "ENABLING")
    if isinstance(targets, Unknown):
        mounts: Any = targets
    else:
        mounts = []
        for target in targets:
            subnet = target.attrs.get(subnet_attr)
            declared = links.find(subnet_kind, subnet)
            if declared is None and isinstance(subnet, str):
                return {"backup_policy_enabled": backups, "mount_targets": Unknown(
                    f"mount target {target.address} is in {subnet}, which is not declared in the code, so its "
                    "routes are unknown")}
            vpc = declared.attrs.get(vpc_attr) if declared is not None else None
            mounts.append(sub(MountTarget, id=target.address, subnet_id=subnet,
                              vpc_id=vpc if isinstance(vpc, str) else None))
        mounts = find_unknown(mounts) or tuple(mounts)
    return {"backup_policy_enabled": backups, "mount_targets": mounts}


EFS = Table(
    EfsFileSystem, ("aws_efs_file_system",), ("AWS::EFS::FileSystem",),
    fields=(
        Field("encrypted", "encrypted", "Encrypted", False, "EFS CreateFileSystem: Encrypted false", as_bool),
        Field("kms_key_id", "kms_key_id", "KmsKeyId", None, "EFS: the aws/elasticfilesystem key when encrypted"),
    ),
    constants={"life_cycle_state": ("available", "a file system in code is created available")},
    derived=("backup_policy_enabled", "mount_targets"), derive=_efs_derive)

EFS_ACCESS_POINT = Table(
    EfsAccessPoint, ("aws_efs_access_point",), ("AWS::EFS::AccessPoint",),
    fields=(
        Field("file_system_id", "file_system_id", "FileSystemId"),
        Field("root_directory", "root_directory.path", "RootDirectory.Path", "/",
              "EFS CreateAccessPoint: RootDirectory Path /"),
        Field("posix_uid", "posix_user.uid", "PosixUser.Uid", None,
              "EFS CreateAccessPoint: no POSIX user is enforced unless given", as_int),
        Field("posix_gid", "posix_user.gid", "PosixUser.Gid", None,
              "EFS CreateAccessPoint: no POSIX user is enforced unless given", as_int),
    ))


# --- DAX, Kinesis ----------------------------------------------------------------------------------
DAX = Table(
    DaxCluster, ("aws_dax_cluster",), ("AWS::DAX::Cluster",), name=("cluster_name", "ClusterName"),
    fields=(
        Field("encrypted_at_rest", "server_side_encryption.enabled", "SSESpecification.SSEEnabled", False,
              "DAX CreateCluster: SSESpecification disabled", as_bool),
        Field("endpoint_encryption", "cluster_endpoint_encryption_type", "ClusterEndpointEncryptionType", "NONE",
              "DAX CreateCluster: ClusterEndpointEncryptionType NONE"),
    ),
    live_only={"status": "cluster status"})

KINESIS = Table(
    KinesisStream, ("aws_kinesis_stream",), ("AWS::Kinesis::Stream",), name=("name", "Name"),
    fields=(
        Field("encryption_type", "encryption_type", "StreamEncryption.EncryptionType", "NONE",
              "Kinesis CreateStream: no server-side encryption until StartStreamEncryption"),
        Field("kms_key_id", "kms_key_id", "StreamEncryption.KeyId", None, "no key without encryption"),
        Field("retention_hours", "retention_period", "RetentionPeriodHours", 24,
              "Kinesis: 24 hours of retention by default", as_int),
    ),
    constants={"status": ("ACTIVE", "a stream in code is created ACTIVE")})


# --- EBS snapshots and AMIs (Terraform only: CloudFormation declares neither) ----------------------
def _snapshot_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    if raw.kind == "aws_ebs_snapshot":
        volume = joined(links, "aws_ebs_volume", raw.attrs.get("volume_id"), "volume")
        encrypted: Any = volume if not isinstance(volume, RawResource) else volume.attrs.get("encrypted")
        if encrypted is None:
            encrypted = Unknown("its volume does not set encrypted: depends on the region's EBS "
                                "encryption-by-default setting")
        key = volume.attrs.get("kms_key_id") if isinstance(volume, RawResource) else None
    else:  # a copy is encrypted when asked, or when its source is (not known from the code)
        encrypted = True if flag(raw.attrs.get("encrypted")) is True else Unknown(
            "a copy is encrypted when its source snapshot is, which the code does not say")
        key = raw.attrs.get("kms_key_id")
    permissions = companions(raw, links, "aws_snapshot_create_volume_permission", "snapshot_id")
    accounts: Any = permissions if isinstance(permissions, Unknown) else \
        tuple(str(p.attrs.get("account_id")) for p in permissions)
    return {"encrypted": flag(encrypted), "kms_key_id": key, "shared_with_accounts": find_unknown(accounts) or accounts}


SNAPSHOT = Table(
    Snapshot, ("aws_ebs_snapshot", "aws_ebs_snapshot_copy"), (),
    fields=(Field("volume_id", "volume_id", None, None, "a copy names its source snapshot, not a volume"),),
    constants={"public": (False, "a snapshot is created private, and Terraform shares one only with named "
                                 "accounts (aws_snapshot_create_volume_permission)"),
               "state": ("completed", "a snapshot in code is created completed")},
    live_only={"owner_id": "the account id", "started": "creation time"},
    derived=("encrypted", "kms_key_id", "shared_with_accounts"), derive=_snapshot_derive)


def _image_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    permissions = companions(raw, links, "aws_ami_launch_permission", "image_id")
    if isinstance(permissions, Unknown):
        return {"public": permissions, "shared_with_accounts": permissions, "shared_with_organizations": permissions}
    accounts = tuple(str(p.attrs["account_id"]) for p in permissions if p.attrs.get("account_id") is not None)
    groups = [p.attrs.get("group") for p in permissions]
    organizations = tuple(str(v) for p in permissions for key in ("organization_arn", "organizational_unit_arn")
                          if (v := p.attrs.get(key)) is not None)
    public: Any = find_unknown(groups) or "all" in groups
    return {"public": public, "shared_with_accounts": find_unknown(accounts) or accounts,
            "shared_with_organizations": find_unknown(organizations) or organizations}


IMAGE = Table(
    Image, ("aws_ami", "aws_ami_copy", "aws_ami_from_instance"), (), name=("name", None),
    fields=(),
    live_only={"owner_id": "the account id", "state": "image state", "creation_date": "creation time",
               "snapshot_ids": "snapshots are taken at creation",
               "encrypted_snapshots": "the snapshots' encryption is known once they are taken"},
    derived=("public", "shared_with_accounts", "shared_with_organizations"), derive=_image_derive)


# --- RDS snapshots and event subscriptions ---------------------------------------------------------
def _snapshot_of(kind: str, attr_name: str, encrypted_attr: str, what: str) -> Any:
    def derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
        if raw.kind.endswith("_copy"):
            encrypted: Any = True if raw.attrs.get("kms_key_id") is not None else Unknown(
                "a copy is encrypted when its source snapshot is, which the code does not say")
        else:
            source = joined(links, kind, raw.attrs.get(attr_name), what)
            encrypted = source if not isinstance(source, RawResource) else \
                flag(source.attrs.get(encrypted_attr) if source.attrs.get(encrypted_attr) is not None else False)
        return {"encrypted": encrypted}
    return derive


RDS_SNAPSHOT = Table(
    RdsDbSnapshot, ("aws_db_snapshot", "aws_db_snapshot_copy"), (), name=("db_snapshot_identifier", None),
    fields=(
        Field("instance_id", "db_instance_identifier", None, "", "a copy names its source snapshot, not an instance"),
        Field("kms_key_id", "kms_key_id", None, None, "the source's key"),
        Field("shared_with", "shared_accounts", None, [], "RDS: a manual snapshot is private unless shared",
              as_strings),
    ),
    constants={"snapshot_type": ("manual", "a snapshot declared in code is a manual snapshot")},
    live_only={"engine": "the engine of the source instance", "created": "creation time"},
    derived=("encrypted",),
    derive=_snapshot_of("aws_db_instance", "db_instance_identifier", "storage_encrypted", "DB instance"))

RDS_CLUSTER_SNAPSHOT = Table(
    RdsDbClusterSnapshot, ("aws_db_cluster_snapshot",), (), name=("db_cluster_snapshot_identifier", None),
    fields=(
        Field("cluster_id", "db_cluster_identifier", None),
        Field("shared_with", "shared_accounts", None, [], "RDS: a manual snapshot is private unless shared",
              as_strings),
    ),
    constants={"snapshot_type": ("manual", "a snapshot declared in code is a manual snapshot")},
    live_only={"engine": "the engine of the source cluster", "created": "creation time",
               "kms_key_id": "the source cluster's key"},
    derived=("encrypted",),
    derive=_snapshot_of("aws_rds_cluster", "db_cluster_identifier", "storage_encrypted", "DB cluster"))

RDS_EVENT_SUBSCRIPTION = Table(
    RdsEventSubscription, ("aws_db_event_subscription",), ("AWS::RDS::EventSubscription",),
    name=("name", "SubscriptionName"),
    fields=(
        Field("source_type", "source_type", "SourceType", None, "RDS CreateEventSubscription: every source type"),
        Field("event_categories", "event_categories", "EventCategories", [],
              "RDS CreateEventSubscription: every category", as_strings),
        Field("source_ids", "source_ids", "SourceIds", [], "RDS CreateEventSubscription: every source",
              as_strings),
        Field("enabled", "enabled", "Enabled", True, "RDS CreateEventSubscription: Enabled true", as_bool),
        Field("sns_topic_arn", "sns_topic", "SnsTopicArn"),
    ))


# --- AWS Backup ------------------------------------------------------------------------------------
def _plan_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    rules: list[Any] = []
    if fmt == TF:
        for rule in as_list(raw.attrs.get("rule")):
            if not isinstance(rule, dict):
                return {"rules": find_unknown(rule) or Unknown("a rule block is not readable")}
            lifecycle = first_block(rule.get("lifecycle"))
            copies = [first_block(c).get("destination_vault_arn") for c in as_list(rule.get("copy_action"))]
            rules.append(sub(BackupRule, name=rule.get("rule_name"), vault=rule.get("target_vault_name"),
                             schedule=rule.get("schedule"),
                             delete_after_days=lifecycle if isinstance(lifecycle, Unknown)
                             else lifecycle.get("delete_after"),
                             copy_to_vaults=tuple(copies)))
    else:
        plan = raw.attrs.get("BackupPlan")
        for rule in as_list(plan.get("BackupPlanRule") if isinstance(plan, dict) else plan):
            if not isinstance(rule, dict):
                return {"rules": find_unknown(rule) or Unknown("a rule is not readable")}
            lifecycle = rule.get("Lifecycle") or {}
            copies = [c.get("DestinationBackupVaultArn") for c in as_list(rule.get("CopyActions"))
                      if isinstance(c, dict)]
            rules.append(sub(BackupRule, name=rule.get("RuleName"), vault=rule.get("TargetBackupVault"),
                             schedule=rule.get("ScheduleExpression"),
                             delete_after_days=lifecycle.get("DeleteAfterDays") if isinstance(lifecycle, dict)
                             else lifecycle, copy_to_vaults=tuple(copies)))
    return {"rules": find_unknown(rules) or tuple(rules)}


BACKUP_PLAN = Table(
    BackupPlan, ("aws_backup_plan",), ("AWS::Backup::BackupPlan",), name=("name", None),
    fields=(), live_only={"version_id": "assigned at each change"},
    derived=("rules",), derive=_plan_derive)


def _vault_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    if fmt == TF:
        locks = companions(raw, links, "aws_backup_vault_lock_configuration", "backup_vault_name")
        policies = companions(raw, links, "aws_backup_vault_policy", "backup_vault_name")
        lock: Any = locks if isinstance(locks, Unknown) else (locks[-1].attrs if locks else None)
        days = lock if isinstance(lock, Unknown) else (lock or {}).get("min_retention_days")
        policy = policies if isinstance(policies, Unknown) else \
            (policy_document(policies[-1].attrs.get("policy")) if policies else None)
    else:
        lock = raw.attrs.get("LockConfiguration")
        days = lock if isinstance(lock, Unknown) else (lock or {}).get("MinRetentionDays")
        policy = policy_document(raw.attrs.get("AccessPolicy"))
    locked: Any = lock if isinstance(lock, Unknown) else lock is not None
    return {"locked": locked, "min_retention_days": days, "policy": policy}


BACKUP_VAULT = Table(
    BackupVault, ("aws_backup_vault",), ("AWS::Backup::BackupVault",), name=("name", "BackupVaultName"),
    fields=(
        Field("encryption_key_arn", "kms_key_arn", "EncryptionKeyArn", None,
              "AWS Backup CreateBackupVault: an AWS managed key when none is given"),
    ),
    constants={"recovery_points": (0, "a vault declared in code starts empty")},
    derived=("locked", "min_retention_days", "policy"), derive=_vault_derive)


TABLES: list[Table] = [ELASTICACHE_GROUP, ELASTICACHE_CLUSTER, REDSHIFT, EFS, EFS_ACCESS_POINT, DAX, KINESIS,
                       SNAPSHOT, IMAGE, RDS_SNAPSHOT, RDS_CLUSTER_SNAPSHOT, RDS_EVENT_SUBSCRIPTION, BACKUP_PLAN,
                       BACKUP_VAULT]

TERRAFORM_COMPANIONS = frozenset({
    "aws_redshift_parameter_group", "aws_redshift_logging", "aws_efs_backup_policy", "aws_efs_mount_target",
    "aws_snapshot_create_volume_permission", "aws_ami_launch_permission", "aws_backup_vault_policy",
    "aws_backup_vault_lock_configuration",
})
CLOUDFORMATION_COMPANIONS = frozenset({"AWS::Redshift::ClusterParameterGroup", "AWS::EFS::MountTarget"})
