"""EKS: clusters. ListClusters gives names only, so DescribeCluster runs once per cluster."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.containers.eks import EksCluster
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.containers._shared import tag_dict
from ssrm.sources.aws.context import CollectContext

CLUSTER = EksCluster.resource_type
DETAIL_FIELDS = ("version", "endpoint_public_access", "public_access_cidrs", "secrets_key_arn", "enabled_log_types")


def collect(ctx: CollectContext) -> None:
    names = ctx.pages("list_clusters", "clusters", resource_types=(CLUSTER,))
    for cluster in ctx.parallel(lambda name: cluster_of(ctx, name), names or []):
        ctx.add(cluster)


def cluster_of(ctx: CollectContext, name: str) -> EksCluster:
    reply = ctx.call("describe_cluster", name=name, resource=name)
    if not reply.ok:
        return EksCluster(arn=ctx.arn("eks", f"cluster/{name}"), id=name, name=name, account=ctx.account,
                          region=ctx.region, unknown=dict.fromkeys(DETAIL_FIELDS, reply.reason))
    return cluster_from(ctx, reply.get("cluster") or {}, name)


def secrets_key(encryption: list[dict[str, Any]]) -> str | None:
    for config in encryption:
        if "secrets" in (config.get("resources") or []):
            return (config.get("provider") or {}).get("keyArn") or "(key not named)"
    return None


def enabled_logs(logging: dict[str, Any]) -> tuple[str, ...]:
    found: list[str] = []
    for setup in logging.get("clusterLogging") or []:
        if setup.get("enabled"):
            found.extend(str(t) for t in setup.get("types") or [])
    return tuple(sorted(set(found)))


def cluster_from(ctx: CollectContext, cluster: dict[str, Any], name: str) -> EksCluster:
    vpc = cluster.get("resourcesVpcConfig") or {}
    return EksCluster(
        arn=cluster.get("arn") or ctx.arn("eks", f"cluster/{name}"), id=name, name=name, account=ctx.account,
        region=ctx.region, tags=tag_dict(cluster.get("tags")), version=str(cluster.get("version") or ""),
        platform_version=str(cluster.get("platformVersion") or ""), status=str(cluster.get("status") or ""),
        endpoint_public_access=bool(vpc.get("endpointPublicAccess", True)),
        endpoint_private_access=bool(vpc.get("endpointPrivateAccess")),
        public_access_cidrs=tuple(vpc.get("publicAccessCidrs") or ()),
        secrets_key_arn=secrets_key(cluster.get("encryptionConfig") or []),
        enabled_log_types=enabled_logs(cluster.get("logging") or {}), vpc_id=vpc.get("vpcId"),
        subnet_ids=tuple(vpc.get("subnetIds") or ()), security_group_ids=tuple(vpc.get("securityGroupIds") or ()),
    )


COLLECTOR = Collector(
    name="eks",
    client="eks",
    scope="regional",
    resource_types=(CLUSTER,),
    actions=("eks:ListClusters", "eks:DescribeCluster"),
    collect=collect,
    title="EKS",
)
