"""OpenSearch Service: every domain (OpenSearch and legacy Elasticsearch engines), described 5 at a time.

Tags are not collected (no rule reads them; they come one domain per call). The IAM prefix of the service
is still ``es``.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.containers.opensearch import OpenSearchDomain
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.containers._shared import chunks, policy_document
from ssrm.sources.aws.context import CollectContext

DOMAIN = OpenSearchDomain.resource_type


def collect(ctx: CollectContext) -> None:
    names = ctx.pages("list_domain_names", "DomainNames", resource_types=(DOMAIN,))
    for batch in chunks([n["DomainName"] for n in names or [] if n.get("DomainName")], 5):
        reply = ctx.call("describe_domains", DomainNames=batch, resource_types=(DOMAIN,))
        for status in reply.get("DomainStatusList") or []:
            ctx.add(domain_of(ctx, status))


def domain_of(ctx: CollectContext, domain: dict[str, Any]) -> OpenSearchDomain:
    name = domain["DomainName"]
    endpoints = domain.get("Endpoints") or {}
    https = domain.get("DomainEndpointOptions") or {}
    vpc = domain.get("VPCOptions") or {}
    security = domain.get("AdvancedSecurityOptions") or {}
    cluster = domain.get("ClusterConfig") or {}
    software = domain.get("ServiceSoftwareOptions") or {}
    policy, why = policy_document(domain.get("AccessPolicies"))
    return OpenSearchDomain(
        arn=domain.get("ARN") or ctx.arn("es", f"domain/{name}"), id=name, name=name, account=ctx.account,
        region=ctx.region, engine_version=str(domain.get("EngineVersion") or ""),
        endpoint=domain.get("Endpoint") or endpoints.get("vpc"),
        encryption_at_rest=bool((domain.get("EncryptionAtRestOptions") or {}).get("Enabled")),
        node_to_node_encryption=bool((domain.get("NodeToNodeEncryptionOptions") or {}).get("Enabled")),
        enforce_https=bool(https.get("EnforceHTTPS")), tls_policy=https.get("TLSSecurityPolicy"),
        vpc_id=vpc.get("VPCId") or None, subnet_ids=tuple(vpc.get("SubnetIds") or ()),
        fine_grained_access_control=bool(security.get("Enabled")),
        internal_user_database=bool(security.get("InternalUserDatabaseEnabled")),
        log_publishing={str(k): bool((v or {}).get("Enabled")) for k, v in
                        (domain.get("LogPublishingOptions") or {}).items()},
        access_policy=policy, instance_count=int(cluster.get("InstanceCount") or 0),
        dedicated_master_enabled=bool(cluster.get("DedicatedMasterEnabled")),
        dedicated_master_count=int(cluster.get("DedicatedMasterCount") or 0),
        zone_awareness=bool(cluster.get("ZoneAwarenessEnabled")),
        update_available=bool(software.get("UpdateAvailable")), software_version=software.get("CurrentVersion", ""),
        unknown={"access_policy": why} if why else {},
    )


COLLECTOR = Collector(
    name="opensearch",
    client="opensearch",
    scope="regional",
    resource_types=(DOMAIN,),
    actions=("es:ListDomainNames", "es:DescribeDomains"),
    collect=collect,
    title="OpenSearch",
)
