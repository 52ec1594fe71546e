"""DAX: DescribeClusters (paginated; it carries encryption settings, so no per-cluster call)."""

from __future__ import annotations

from ssrm.model.resources.data.dax import DaxCluster
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

CLUSTER = DaxCluster.resource_type


def collect(ctx: CollectContext) -> None:
    for item in ctx.pages("describe_clusters", "Clusters", resource_types=(CLUSTER,)) or []:
        name = item["ClusterName"]
        ctx.add(DaxCluster(
            arn=item.get("ClusterArn") or ctx.arn("dax", f"cache/{name}"), id=name, name=name, account=ctx.account,
            region=ctx.region, status=item.get("Status", ""),
            encrypted_at_rest=(item.get("SSEDescription") or {}).get("Status") == "ENABLED",
            endpoint_encryption=item.get("ClusterEndpointEncryptionType") or "NONE",
        ))


COLLECTOR = Collector(
    name="dax", client="dax", scope="regional", title="DAX", resource_types=(CLUSTER,),
    actions=("dax:DescribeClusters",), collect=collect,
)
