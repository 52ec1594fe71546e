"""MSK: provisioned and serverless clusters from one paginated ListClustersV2 call.

Shape: MSK API reference, ``Cluster`` (Provisioned.EncryptionInfo, Provisioned.BrokerNodeGroupInfo.
ConnectivityInfo.PublicAccess, Provisioned.ClientAuthentication, Provisioned.EnhancedMonitoring).
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.devtools.msk import MskCluster
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.devtools._shared import tag_dict
from ssrm.sources.aws.context import CollectContext

CLUSTER = MskCluster.resource_type


def collect(ctx: CollectContext) -> None:
    for item in ctx.pages("list_clusters_v2", "ClusterInfoList", resource_types=(CLUSTER,)) or []:
        ctx.add(cluster_of(ctx, item))


def unauthenticated(auth: dict[str, Any] | None) -> bool:
    """No client authentication configured means anyone who reaches the brokers may connect."""
    if not auth:
        return True
    if "Unauthenticated" in auth:
        return bool((auth.get("Unauthenticated") or {}).get("Enabled"))
    sasl = auth.get("Sasl") or {}
    tls = auth.get("Tls") or {}
    return not (any((v or {}).get("Enabled") for v in sasl.values()) or tls.get("Enabled"))


def cluster_of(ctx: CollectContext, item: dict[str, Any]) -> MskCluster:
    name = item.get("ClusterName", "")
    base: dict[str, Any] = {"arn": item["ClusterArn"], "id": name or item["ClusterArn"], "name": name,
                            "account": ctx.account, "region": ctx.region, "tags": tag_dict(item.get("Tags"))}
    if item.get("ClusterType") == "SERVERLESS":  # always TLS, IAM-authenticated, private
        return MskCluster(**base, cluster_type="SERVERLESS", unauthenticated_access=False)
    provisioned = item.get("Provisioned") or {}
    encryption = provisioned.get("EncryptionInfo") or {}
    in_transit = encryption.get("EncryptionInTransit") or {}
    connectivity = (provisioned.get("BrokerNodeGroupInfo") or {}).get("ConnectivityInfo") or {}
    return MskCluster(
        **base, in_cluster_tls=in_transit.get("InCluster", True) is not False,
        client_broker=in_transit.get("ClientBroker", "TLS"),
        public_access=(connectivity.get("PublicAccess") or {}).get("Type", "DISABLED"),
        unauthenticated_access=unauthenticated(provisioned.get("ClientAuthentication")),
        enhanced_monitoring=provisioned.get("EnhancedMonitoring", "DEFAULT"),
        at_rest_kms_key=(encryption.get("EncryptionAtRest") or {}).get("DataVolumeKMSKeyId"),
    )


COLLECTOR = Collector(
    name="msk",
    client="kafka",
    scope="regional",
    resource_types=(CLUSTER,),
    actions=("kafka:ListClustersV2",),
    collect=collect,
    title="MSK",
)
