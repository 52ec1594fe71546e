"""Amazon ElastiCache replication groups (Redis OSS / Valkey) and cache clusters (nodes of any engine)."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class ElastiCacheReplicationGroup(Resource):
    resource_type = "AWS::ElastiCache::ReplicationGroup"
    service = "elasticache"

    engine: str = "redis"
    engine_version: str = ""  # read from a member cluster: the group itself does not report it
    status: str = ""
    at_rest_encryption: bool = False
    transit_encryption: bool = False
    auth_token_enabled: bool = False
    user_group_ids: tuple[str, ...] = ()  # RBAC user groups (Redis 6+)
    automatic_failover: str = "disabled"  # enabled, enabling, disabled, disabling
    multi_az: bool = False
    snapshot_retention_days: int = 0
    member_clusters: tuple[str, ...] = ()


@resource_type
class ElastiCacheCacheCluster(Resource):
    resource_type = "AWS::ElastiCache::CacheCluster"
    service = "elasticache"

    engine: str = ""
    engine_version: str = ""
    status: str = ""
    replication_group_id: str | None = None  # members are governed by their group for backups/encryption
    snapshot_retention_days: int = 0
    auto_minor_version_upgrade: bool = False
    cache_subnet_group: str | None = None
    at_rest_encryption: bool = False
    transit_encryption: bool = False
    auth_token_enabled: bool = False

    @property
    def is_redis(self) -> bool:
        return self.engine in ("redis", "valkey")
