"""ElastiCache: replication groups and cache clusters, from two paginated describe calls.

Tags are not collected (no rule reads them, and ElastiCache only gives them one resource at a time).
A replication group does not report its engine version: it is taken from its first member cluster.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.containers.elasticache import ElastiCacheCacheCluster, ElastiCacheReplicationGroup
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

GROUP = ElastiCacheReplicationGroup.resource_type
CLUSTER = ElastiCacheCacheCluster.resource_type


def collect(ctx: CollectContext) -> None:
    clusters = [cluster_of(ctx, c) for c in ctx.pages("describe_cache_clusters", "CacheClusters",
                                                      resource_types=(CLUSTER, GROUP)) or []]
    versions = {c.id: c.engine_version for c in clusters}
    for cluster in clusters:
        ctx.add(cluster)
    for group in ctx.pages("describe_replication_groups", "ReplicationGroups", resource_types=(GROUP,)) or []:
        ctx.add(group_of(ctx, group, versions))


def cluster_of(ctx: CollectContext, cluster: dict[str, Any]) -> ElastiCacheCacheCluster:
    name = cluster["CacheClusterId"]
    return ElastiCacheCacheCluster(
        arn=cluster.get("ARN") or ctx.arn("elasticache", f"cluster:{name}"), id=name, name=name,
        account=ctx.account, region=ctx.region, engine=cluster.get("Engine", ""),
        engine_version=cluster.get("EngineVersion", ""), status=cluster.get("CacheClusterStatus", ""),
        replication_group_id=cluster.get("ReplicationGroupId"),
        snapshot_retention_days=int(cluster.get("SnapshotRetentionLimit") or 0),
        auto_minor_version_upgrade=bool(cluster.get("AutoMinorVersionUpgrade")),
        cache_subnet_group=cluster.get("CacheSubnetGroupName"),
        at_rest_encryption=bool(cluster.get("AtRestEncryptionEnabled")),
        transit_encryption=bool(cluster.get("TransitEncryptionEnabled")),
        auth_token_enabled=bool(cluster.get("AuthTokenEnabled")),
    )


def group_of(ctx: CollectContext, group: dict[str, Any], versions: dict[str, str]) -> ElastiCacheReplicationGroup:
    name = group["ReplicationGroupId"]
    members = tuple(group.get("MemberClusters") or ())
    version = next((versions[m] for m in members if versions.get(m)), "")
    return ElastiCacheReplicationGroup(
        arn=group.get("ARN") or ctx.arn("elasticache", f"replicationgroup:{name}"), id=name, name=name,
        account=ctx.account, region=ctx.region, engine=group.get("Engine") or "redis", engine_version=version,
        status=group.get("Status", ""), at_rest_encryption=bool(group.get("AtRestEncryptionEnabled")),
        transit_encryption=bool(group.get("TransitEncryptionEnabled")),
        auth_token_enabled=bool(group.get("AuthTokenEnabled")), user_group_ids=tuple(group.get("UserGroupIds") or ()),
        automatic_failover=str(group.get("AutomaticFailover") or "disabled"),
        multi_az=str(group.get("MultiAZ") or "").lower() == "enabled",
        snapshot_retention_days=int(group.get("SnapshotRetentionLimit") or 0), member_clusters=members,
    )


COLLECTOR = Collector(
    name="elasticache",
    client="elasticache",
    scope="regional",
    resource_types=(GROUP, CLUSTER),
    actions=("elasticache:DescribeCacheClusters", "elasticache:DescribeReplicationGroups"),
    collect=collect,
    title="ElastiCache",
)
