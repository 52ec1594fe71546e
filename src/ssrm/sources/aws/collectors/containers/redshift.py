"""Redshift: provisioned clusters, their audit logging status and their parameter groups' require_ssl.

Clusters come from one paginated call; logging status has no batch form (one call per cluster); each
distinct parameter group is read once, however many clusters share it.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.containers.redshift import RedshiftCluster
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.containers._shared import tag_dict
from ssrm.sources.aws.context import CollectContext, Reply

CLUSTER = RedshiftCluster.resource_type


def collect(ctx: CollectContext) -> None:
    clusters = ctx.pages("describe_clusters", "Clusters", resource_types=(CLUSTER,)) or []
    groups = sorted({g["ParameterGroupName"] for c in clusters for g in c.get("ClusterParameterGroups") or []
                     if g.get("ParameterGroupName")})
    ssl = dict(zip(groups, ctx.parallel(lambda g: require_ssl(ctx, g), groups), strict=True))
    logging = ctx.parallel(lambda c: ctx.call("describe_logging_status", ClusterIdentifier=c["ClusterIdentifier"],
                                              resource=c["ClusterIdentifier"]), clusters)
    for cluster, status in zip(clusters, logging, strict=True):
        ctx.add(cluster_of(ctx, cluster, status, ssl))


def require_ssl(ctx: CollectContext, group: str) -> bool | str:
    """The group's require_ssl value, or the reason it could not be read."""
    parameters = ctx.pages("describe_cluster_parameters", "Parameters", ParameterGroupName=group, resource=group)
    if parameters is None:
        return f"parameter group {group} could not be read"
    value = next((p.get("ParameterValue") for p in parameters if p.get("ParameterName") == "require_ssl"), None)
    return str(value).lower() == "true"


def cluster_of(ctx: CollectContext, cluster: dict[str, Any], logging: Reply,
               ssl: dict[str, bool | str]) -> RedshiftCluster:
    name = cluster["ClusterIdentifier"]
    groups = [g["ParameterGroupName"] for g in cluster.get("ClusterParameterGroups") or []
              if g.get("ParameterGroupName")]
    unknown: dict[str, str] = {}
    if not logging.ok:
        unknown["audit_logging"] = logging.reason
    unread = [str(ssl[g]) for g in groups if isinstance(ssl.get(g), str)]
    if unread:
        unknown["require_ssl"] = unread[0]
    endpoint = cluster.get("Endpoint") or {}
    return RedshiftCluster(
        arn=ctx.arn("redshift", f"cluster:{name}"), id=name, name=name, account=ctx.account, region=ctx.region,
        tags=tag_dict(cluster.get("Tags")), status=cluster.get("ClusterStatus", ""),
        publicly_accessible=bool(cluster.get("PubliclyAccessible")), encrypted=bool(cluster.get("Encrypted")),
        kms_key_id=cluster.get("KmsKeyId"), enhanced_vpc_routing=bool(cluster.get("EnhancedVpcRouting")),
        automated_snapshot_retention_days=int(cluster.get("AutomatedSnapshotRetentionPeriod") or 0),
        master_username=cluster.get("MasterUsername", ""), db_name=cluster.get("DBName", ""),
        allow_version_upgrade=bool(cluster.get("AllowVersionUpgrade", True)), parameter_groups=groups,
        require_ssl=bool(groups) and all(ssl.get(g) is True for g in groups),
        audit_logging=bool(logging.get("LoggingEnabled")), log_destination=logging.get("LogDestinationType") or None,
        vpc_id=cluster.get("VpcId"), endpoint=endpoint.get("Address"), unknown=unknown,
    )


COLLECTOR = Collector(
    name="redshift",
    client="redshift",
    scope="regional",
    resource_types=(CLUSTER,),
    actions=("redshift:DescribeClusters", "redshift:DescribeLoggingStatus", "redshift:DescribeClusterParameters"),
    collect=collect,
    title="Redshift",
)
