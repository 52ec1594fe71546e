"""ElastiCache rules. Group-level settings (encryption, AUTH, failover, backups) are judged on the
replication group; its member clusters are NOT_APPLICABLE for the cluster forms of the same questions."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.containers.elasticache import ElastiCacheCacheCluster, ElastiCacheReplicationGroup
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule

MODIFY_GROUP = "aws elasticache modify-replication-group --replication-group-id GROUP --apply-immediately"
GROUP_TF = 'resource "aws_elasticache_replication_group" "this" {{\n  {}\n}}'
CLUSTER_TF = 'resource "aws_elasticache_cluster" "this" {{\n  {}\n}}'


def _not_redis(cluster: ElastiCacheCacheCluster) -> Verdict | None:
    return None if cluster.is_redis else not_applicable(f"engine {cluster.engine} has no such setting")


@rule(
    id="elasticache_replication_group_backups", title="ElastiCache replication groups keep automatic backups",
    description="Automatic backups let a replication group be restored after deletion or corruption.",
    resource_type=ElastiCacheReplicationGroup, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.HIGH,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    remediation=Remediation(
        text="Set a snapshot retention limit of at least one day.",
        cli=MODIFY_GROUP + " --snapshot-retention-limit 7",
        terraform=GROUP_TF.format("snapshot_retention_limit = 7"),
    ),
    references=("FSBP ElastiCache.1",),
)
def group_backups(group: ElastiCacheReplicationGroup, inv: Inventory) -> Verdict:
    if group.snapshot_retention_days > 0:
        return passed(f"automatic backups kept {group.snapshot_retention_days} days")
    return failed(f"replication group {group.label} has automatic backups off (retention 0)")


@rule(
    id="elasticache_cluster_backups", title="Standalone ElastiCache Redis clusters keep automatic backups",
    description=("Without automatic backups the cache's data is lost with the node; for Redis used as a store, that is"
                 " data loss."),
    resource_type=ElastiCacheCacheCluster, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.HIGH,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    remediation=Remediation(
        text="Set a snapshot retention limit of at least one day.",
        cli="aws elasticache modify-cache-cluster --cache-cluster-id CLUSTER --snapshot-retention-limit 7 "
            "--apply-immediately",
        terraform=CLUSTER_TF.format("snapshot_retention_limit = 7"),
    ),
    references=("FSBP ElastiCache.1",),
    skips="Memcached (no backups) and replication group members (judged on the group)",
)
def cluster_backups(cluster: ElastiCacheCacheCluster, inv: Inventory) -> Verdict:
    if (other := _not_redis(cluster)) is not None:
        return other
    if cluster.replication_group_id:
        return not_applicable(f"member of replication group {cluster.replication_group_id}")
    if cluster.snapshot_retention_days > 0:
        return passed(f"automatic backups kept {cluster.snapshot_retention_days} days")
    return failed(f"cluster {cluster.label} has automatic backups off (retention 0)")


@rule(
    id="elasticache_cluster_auto_minor_upgrade", title="ElastiCache clusters apply minor version upgrades",
    description=("Minor engine versions carry security fixes; automatic upgrades apply them without waiting for "
                 "someone to act."),
    resource_type=ElastiCacheCacheCluster, layer=Layer.CLOUD, domain=Domain.VULNERABILITY,
    severity=Severity.HIGH, stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.FOUNDATIONAL,
    smm="VM2.1",
    remediation=Remediation(
        text="Turn on automatic minor version upgrades so engine security fixes land in the maintenance window.",
        cli="aws elasticache modify-cache-cluster --cache-cluster-id CLUSTER --auto-minor-version-upgrade "
            "--apply-immediately",
        terraform=CLUSTER_TF.format("auto_minor_version_upgrade = true"),
    ),
    references=("FSBP ElastiCache.2",),
)
def cluster_auto_minor_upgrade(cluster: ElastiCacheCacheCluster, inv: Inventory) -> Verdict:
    if cluster.auto_minor_version_upgrade:
        return passed("auto minor version upgrade is on")
    return failed(f"cluster {cluster.label} ({cluster.engine} {cluster.engine_version}) takes no minor upgrades")


@rule(
    id="elasticache_replication_group_automatic_failover",
    description=("Automatic failover promotes a replica when the primary fails; without it the service stays down "
                 "until someone intervenes."),
    title="ElastiCache replication groups fail over automatically",
    resource_type=ElastiCacheReplicationGroup, layer=Layer.CLOUD, domain=Domain.RESILIENCY,
    severity=Severity.MEDIUM, stage=Stage.EXFILTRATE, attack=("T1489",), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    remediation=Remediation(
        text="Add a replica in another AZ and turn on automatic failover (and Multi-AZ).",
        cli=MODIFY_GROUP + " --automatic-failover-enabled --multi-az-enabled",
        terraform=GROUP_TF.format("automatic_failover_enabled = true\n  multi_az_enabled           = true"),
    ),
    references=("FSBP ElastiCache.3",),
)
def group_automatic_failover(group: ElastiCacheReplicationGroup, inv: Inventory) -> Verdict:
    if group.automatic_failover in ("enabled", "enabling"):
        return passed(f"automatic failover {group.automatic_failover}")
    return failed(f"replication group {group.label} has automatic failover {group.automatic_failover}")


@rule(
    id="elasticache_replication_group_encrypted_at_rest",
    description=("Cached data often includes sessions and personal data; encryption at rest protects it on disk and in"
                 " backups."),
    title="ElastiCache replication groups encrypt data at rest",
    resource_type=ElastiCacheReplicationGroup, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Encryption at rest is set at creation: create an encrypted group from a backup and switch over.",
        cli="aws elasticache create-replication-group --replication-group-id NEW --replication-group-description "
            "encrypted --snapshot-name SNAP --at-rest-encryption-enabled",
        terraform=GROUP_TF.format("at_rest_encryption_enabled = true"),
    ),
    references=("FSBP ElastiCache.4",),
)
def group_encrypted_at_rest(group: ElastiCacheReplicationGroup, inv: Inventory) -> Verdict:
    if group.at_rest_encryption:
        return passed("encrypted at rest")
    return failed(f"replication group {group.label} is not encrypted at rest")


@rule(
    id="elasticache_replication_group_encrypted_in_transit",
    description="Without TLS, anyone on the network path can read cached values and authentication tokens.",
    title="ElastiCache replication groups encrypt data in transit",
    resource_type=ElastiCacheReplicationGroup, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    remediation=Remediation(
        text="Turn on in-transit encryption (preferred mode first, then required) and move clients to TLS.",
        cli=MODIFY_GROUP + " --transit-encryption-enabled --transit-encryption-mode preferred",
        terraform=GROUP_TF.format("transit_encryption_enabled = true"),
    ),
    references=("FSBP ElastiCache.5",),
)
def group_encrypted_in_transit(group: ElastiCacheReplicationGroup, inv: Inventory) -> Verdict:
    if group.transit_encryption:
        return passed("TLS in transit")
    return failed(f"replication group {group.label} accepts plaintext connections")


@rule(
    id="elasticache_replication_group_auth", title="ElastiCache Redis replication groups require authentication",
    resource_type=ElastiCacheReplicationGroup, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1078.001", "T1530"), phase=Phase.EFFICIENT, smm="IA3.1",
    remediation=Remediation(
        text="Set an AUTH token (Redis before 6.0) or attach an RBAC user group (6.0 and later).",
        cli=MODIFY_GROUP + " --auth-token TOKEN --auth-token-update-strategy ROTATE",
        terraform=GROUP_TF.format("transit_encryption_enabled = true\n  auth_token                 = var.token"),
    ),
    references=("FSBP ElastiCache.6",),
    skips="the strength of the token; Memcached groups",
)
def group_auth(group: ElastiCacheReplicationGroup, inv: Inventory) -> Verdict:
    """Without AUTH, anything that reaches the port reads and writes every key."""
    if group.auth_token_enabled:
        return passed("AUTH token required")
    if group.user_group_ids:
        return passed("RBAC user groups " + ", ".join(group.user_group_ids))
    version = f" (engine {group.engine_version})" if group.engine_version else ""
    return failed(f"replication group {group.label}{version} requires neither AUTH nor RBAC users")


@rule(
    id="elasticache_cluster_default_subnet_group", title="ElastiCache clusters do not use the default subnet group",
    resource_type=ElastiCacheCacheCluster, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE,
    severity=Severity.HIGH, stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1530"), phase=Phase.FOUNDATIONAL,
    smm="IP2.3",
    remediation=Remediation(
        text="Create a subnet group of private subnets and recreate the cluster in it (it cannot be moved).",
        cli="aws elasticache create-cache-subnet-group --cache-subnet-group-name private "
            "--cache-subnet-group-description private --subnet-ids SUBNET_A SUBNET_B",
        terraform=CLUSTER_TF.format("subnet_group_name = aws_elasticache_subnet_group.private.name"),
    ),
    references=("FSBP ElastiCache.7",),
)
def cluster_default_subnet_group(cluster: ElastiCacheCacheCluster, inv: Inventory) -> Verdict:
    """The default group spans the default VPC's subnets, which are public."""
    if cluster.cache_subnet_group in (None, "", "default"):
        return failed(f"cluster {cluster.label} uses the default subnet group")
    return passed(f"subnet group {cluster.cache_subnet_group}")
