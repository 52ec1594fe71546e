"""RDS: DB instances, DB clusters, manual snapshots with who they are shared with, event subscriptions.

Instances, clusters and snapshots come from paginated describe calls (tags included); only the
snapshot sharing ("restore" attribute) needs one call per manual snapshot, as AWS has no batch form, and
the TLS setting one call per custom parameter group a PostgreSQL or MySQL instance uses (rds_tls).
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.data.rds import (
    RdsDbCluster,
    RdsDbClusterSnapshot,
    RdsDbInstance,
    RdsDbSnapshot,
    RdsEventSubscription,
)
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.data._shared import iso, tag_dict
from ssrm.sources.aws.collectors.data.rds_tls import read_custom_groups, tls_fields
from ssrm.sources.aws.context import CollectContext

INSTANCE = RdsDbInstance.resource_type
CLUSTER = RdsDbCluster.resource_type
SNAPSHOT = RdsDbSnapshot.resource_type
CLUSTER_SNAPSHOT = RdsDbClusterSnapshot.resource_type
EVENT_SUBSCRIPTION = RdsEventSubscription.resource_type


def collect(ctx: CollectContext) -> None:
    instances = ctx.pages("describe_db_instances", "DBInstances", resource_types=(INSTANCE,)) or []
    groups = read_custom_groups(ctx, instances)
    for item in instances:
        ctx.add(instance_of(ctx, item, groups))
    for item in ctx.pages("describe_db_clusters", "DBClusters", resource_types=(CLUSTER,)) or []:
        ctx.add(cluster_of(ctx, item))
    snapshots = ctx.pages("describe_db_snapshots", "DBSnapshots", SnapshotType="manual",
                          resource_types=(SNAPSHOT,))
    for snapshot in ctx.parallel(lambda s: snapshot_of(ctx, s), snapshots or []):
        ctx.add(snapshot)
    cluster_snapshots = ctx.pages("describe_db_cluster_snapshots", "DBClusterSnapshots", SnapshotType="manual",
                                  resource_types=(CLUSTER_SNAPSHOT,))
    for cluster_snapshot in ctx.parallel(lambda s: cluster_snapshot_of(ctx, s), cluster_snapshots or []):
        ctx.add(cluster_snapshot)
    for item in ctx.pages("describe_event_subscriptions", "EventSubscriptionsList",
                          resource_types=(EVENT_SUBSCRIPTION,)) or []:
        ctx.add(event_subscription_of(ctx, item))


def instance_of(ctx: CollectContext, db: dict[str, Any],
                groups: dict[str, dict[str, str] | str] | None = None) -> RdsDbInstance:
    name = db["DBInstanceIdentifier"]
    subnet_group = db.get("DBSubnetGroup") or {}  # absent when created without one (the emulator allows it)
    endpoint = db.get("Endpoint") or {}
    return RdsDbInstance(
        arn=db.get("DBInstanceArn") or ctx.arn("rds", f"db:{name}"), id=name, name=name, account=ctx.account,
        region=ctx.region, tags=tag_dict(db.get("TagList")), engine=db.get("Engine", ""),
        engine_version=db.get("EngineVersion", ""), instance_class=db.get("DBInstanceClass", ""),
        status=db.get("DBInstanceStatus", ""), publicly_accessible=bool(db.get("PubliclyAccessible")),
        storage_encrypted=bool(db.get("StorageEncrypted")), kms_key_id=db.get("KmsKeyId"),
        backup_retention_days=int(db.get("BackupRetentionPeriod") or 0),
        deletion_protection=bool(db.get("DeletionProtection")), multi_az=bool(db.get("MultiAZ")),
        auto_minor_version_upgrade=bool(db.get("AutoMinorVersionUpgrade")),
        iam_auth=bool(db.get("IAMDatabaseAuthenticationEnabled")), cluster_id=db.get("DBClusterIdentifier"),
        vpc_id=subnet_group.get("VpcId"),
        subnet_ids=[s["SubnetIdentifier"] for s in subnet_group.get("Subnets") or [] if "SubnetIdentifier" in s],
        security_group_ids=[g["VpcSecurityGroupId"] for g in db.get("VpcSecurityGroups") or []
                            if "VpcSecurityGroupId" in g],
        endpoint=endpoint.get("Address"), port=endpoint.get("Port"),
        monitoring_interval=int(db.get("MonitoringInterval") or 0),
        log_exports=list(db.get("EnabledCloudwatchLogsExports") or []),
        copy_tags_to_snapshot=bool(db.get("CopyTagsToSnapshot")), master_username=db.get("MasterUsername"),
        **tls_fields(db, groups or {}),
    )


def cluster_of(ctx: CollectContext, cluster: dict[str, Any]) -> RdsDbCluster:
    name = cluster["DBClusterIdentifier"]
    return RdsDbCluster(
        arn=cluster.get("DBClusterArn") or ctx.arn("rds", f"cluster:{name}"), id=name, name=name,
        account=ctx.account, region=ctx.region, tags=tag_dict(cluster.get("TagList")),
        engine=cluster.get("Engine", ""), engine_version=cluster.get("EngineVersion", ""),
        status=cluster.get("Status", ""), storage_encrypted=bool(cluster.get("StorageEncrypted")),
        kms_key_id=cluster.get("KmsKeyId"), backup_retention_days=int(cluster.get("BackupRetentionPeriod") or 0),
        deletion_protection=bool(cluster.get("DeletionProtection")), multi_az=bool(cluster.get("MultiAZ")),
        publicly_accessible=cluster.get("PubliclyAccessible"),
        iam_auth=bool(cluster.get("IAMDatabaseAuthenticationEnabled")),
        members=[m["DBInstanceIdentifier"] for m in cluster.get("DBClusterMembers") or []
                 if "DBInstanceIdentifier" in m],
        security_group_ids=[g["VpcSecurityGroupId"] for g in cluster.get("VpcSecurityGroups") or []
                            if "VpcSecurityGroupId" in g],
        port=cluster.get("Port"), log_exports=list(cluster.get("EnabledCloudwatchLogsExports") or []),
        copy_tags_to_snapshot=bool(cluster.get("CopyTagsToSnapshot")), master_username=cluster.get("MasterUsername"),
        auto_minor_version_upgrade=cluster.get("AutoMinorVersionUpgrade"),
        backtrack_window=int(cluster.get("BacktrackWindow") or 0),
    )


def event_subscription_of(ctx: CollectContext, item: dict[str, Any]) -> RdsEventSubscription:
    name = item["CustSubscriptionId"]
    return RdsEventSubscription(
        arn=item.get("EventSubscriptionArn") or ctx.arn("rds", f"es:{name}"), id=name, name=name,
        account=ctx.account, region=ctx.region, source_type=item.get("SourceType") or None,
        event_categories=list(item.get("EventCategoriesList") or []),
        source_ids=list(item.get("SourceIdsList") or []), enabled=bool(item.get("Enabled")),
        sns_topic_arn=item.get("SnsTopicArn", ""),
    )


def restore_sharing(attributes: list[dict[str, Any]]) -> list[str]:
    """Accounts allowed to copy or restore the snapshot; "all" means anyone."""
    for attribute in attributes:
        if attribute.get("AttributeName") == "restore":
            return [str(v) for v in attribute.get("AttributeValues") or []]
    return []


def snapshot_of(ctx: CollectContext, snap: dict[str, Any]) -> RdsDbSnapshot:
    name = snap["DBSnapshotIdentifier"]
    reply = ctx.call("describe_db_snapshot_attributes", DBSnapshotIdentifier=name, resource=name)
    result = reply.get("DBSnapshotAttributesResult") or {}
    return RdsDbSnapshot(
        arn=snap.get("DBSnapshotArn") or ctx.arn("rds", f"snapshot:{name}"), id=name, name=name,
        account=ctx.account, region=ctx.region, tags=tag_dict(snap.get("TagList")),
        instance_id=snap.get("DBInstanceIdentifier", ""), snapshot_type=snap.get("SnapshotType", "manual"),
        engine=snap.get("Engine", ""), encrypted=bool(snap.get("Encrypted")), kms_key_id=snap.get("KmsKeyId"),
        created=iso(snap.get("SnapshotCreateTime")),
        shared_with=restore_sharing(result.get("DBSnapshotAttributes") or []),
        unknown={} if reply.ok else {"shared_with": reply.reason},
    )


def cluster_snapshot_of(ctx: CollectContext, snap: dict[str, Any]) -> RdsDbClusterSnapshot:
    name = snap["DBClusterSnapshotIdentifier"]
    reply = ctx.call("describe_db_cluster_snapshot_attributes", DBClusterSnapshotIdentifier=name, resource=name)
    result = reply.get("DBClusterSnapshotAttributesResult") or {}
    return RdsDbClusterSnapshot(
        arn=snap.get("DBClusterSnapshotArn") or ctx.arn("rds", f"cluster-snapshot:{name}"), id=name, name=name,
        account=ctx.account, region=ctx.region, tags=tag_dict(snap.get("TagList")),
        cluster_id=snap.get("DBClusterIdentifier", ""), snapshot_type=snap.get("SnapshotType", "manual"),
        engine=snap.get("Engine", ""), encrypted=bool(snap.get("StorageEncrypted")),
        kms_key_id=snap.get("KmsKeyId"), created=iso(snap.get("SnapshotCreateTime")),
        shared_with=restore_sharing(result.get("DBClusterSnapshotAttributes") or []),
        unknown={} if reply.ok else {"shared_with": reply.reason},
    )


COLLECTOR = Collector(
    name="rds",
    client="rds",
    scope="regional",
    resource_types=(INSTANCE, CLUSTER, SNAPSHOT, CLUSTER_SNAPSHOT, EVENT_SUBSCRIPTION),
    actions=("rds:DescribeDBInstances", "rds:DescribeDBClusters", "rds:DescribeDBSnapshots",
             "rds:DescribeDBSnapshotAttributes", "rds:DescribeDBClusterSnapshots",
             "rds:DescribeDBClusterSnapshotAttributes", "rds:DescribeEventSubscriptions",
             "rds:DescribeDBParameters"),
    collect=collect,
    title="RDS",
)
