"""EMR: ListClusters (active states), DescribeCluster per cluster for its primary node's address, and
GetBlockPublicAccessConfiguration once per region."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.devtools.emr import EmrBlockPublicAccess, EmrCluster
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

CLUSTER = EmrCluster.resource_type
BLOCK = EmrBlockPublicAccess.resource_type
ACTIVE = ["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"]


def collect(ctx: CollectContext) -> None:
    clusters = ctx.pages("list_clusters", "Clusters", ClusterStates=ACTIVE, resource_types=(CLUSTER,))
    for cluster in ctx.parallel(lambda item: _cluster(ctx, item), clusters or []):
        ctx.add(cluster)
    ctx.add(_block(ctx))


def _cluster(ctx: CollectContext, item: dict[str, Any]) -> EmrCluster:
    cluster_id = item["Id"]
    arn = item.get("ClusterArn") or ctx.arn("elasticmapreduce", f"cluster/{cluster_id}")
    reply = ctx.call("describe_cluster", ClusterId=cluster_id, resource=arn)
    detail = reply.get("Cluster") or {}
    unknown = {} if reply.ok else dict.fromkeys(("master_public_dns", "subnet_id"), reply.reason)
    return EmrCluster(
        arn=arn, id=cluster_id, name=item.get("Name", ""), account=ctx.account, region=ctx.region,
        unknown=unknown, state=str((item.get("Status") or {}).get("State", "")),
        subnet_id=(detail.get("Ec2InstanceAttributes") or {}).get("Ec2SubnetId"),
        master_public_dns=str(detail.get("MasterPublicDnsName") or ""),
    )


def _block(ctx: CollectContext) -> EmrBlockPublicAccess:
    arn = ctx.arn("elasticmapreduce", "block-public-access")
    reply = ctx.call("get_block_public_access_configuration", resource=arn, resource_types=(BLOCK,))
    config = reply.get("BlockPublicAccessConfiguration") or {}
    ranges = config.get("PermittedPublicSecurityGroupRuleRanges") or []
    ports = tuple(str(r["MinRange"]) if r.get("MinRange") == r.get("MaxRange", r.get("MinRange"))
                  else f"{r.get('MinRange')}-{r.get('MaxRange')}" for r in ranges if "MinRange" in r)
    unknown = {} if reply.ok else dict.fromkeys(("enabled", "permitted_ports"), reply.reason)
    return EmrBlockPublicAccess(
        arn=arn, id=f"emr-bpa-{ctx.region}", name=f"EMR block public access in {ctx.region}", account=ctx.account,
        region=ctx.region, unknown=unknown,
        enabled=bool(config.get("BlockPublicSecurityGroupRules")), permitted_ports=ports,
    )


COLLECTOR = Collector(
    name="emr", client="emr", scope="regional", title="EMR", resource_types=(CLUSTER, BLOCK),
    actions=("elasticmapreduce:ListClusters", "elasticmapreduce:DescribeCluster",
             "elasticmapreduce:GetBlockPublicAccessConfiguration"),
    collect=collect,
)
