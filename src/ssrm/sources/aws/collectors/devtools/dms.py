"""DMS: replication instances, endpoints and replication tasks (three paginated describe calls).

Shapes: DMS API reference, ``ReplicationInstance``, ``Endpoint.SslMode`` and ``ReplicationTask``, whose
``ReplicationTaskSettings`` is a JSON document with ``Logging.EnableLogging`` and ``Logging.LogComponents``.
"""

from __future__ import annotations

import json
from typing import Any

from ssrm.model.resources.devtools.dms import DmsEndpoint, DmsReplicationInstance, DmsReplicationTask
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

INSTANCE = DmsReplicationInstance.resource_type
ENDPOINT = DmsEndpoint.resource_type
TASK = DmsReplicationTask.resource_type


def collect(ctx: CollectContext) -> None:
    for item in ctx.pages("describe_replication_instances", "ReplicationInstances",
                          resource_types=(INSTANCE,)) or []:
        ctx.add(instance_of(ctx, item))
    for item in ctx.pages("describe_endpoints", "Endpoints", resource_types=(ENDPOINT,)) or []:
        ctx.add(endpoint_of(ctx, item))
    for item in ctx.pages("describe_replication_tasks", "ReplicationTasks", resource_types=(TASK,)) or []:
        ctx.add(task_of(ctx, item))


def instance_of(ctx: CollectContext, item: dict[str, Any]) -> DmsReplicationInstance:
    name = item["ReplicationInstanceIdentifier"]
    return DmsReplicationInstance(
        arn=item.get("ReplicationInstanceArn") or ctx.arn("dms", f"rep:{name}"), id=name, name=name,
        account=ctx.account, region=ctx.region, publicly_accessible=bool(item.get("PubliclyAccessible")),
        public_ips=[ip for ip in item.get("ReplicationInstancePublicIpAddresses") or [] if ip],
        auto_minor_version_upgrade=bool(item.get("AutoMinorVersionUpgrade")), multi_az=bool(item.get("MultiAZ")),
        engine_version=item.get("EngineVersion", ""), kms_key_id=item.get("KmsKeyId"),
    )


def endpoint_of(ctx: CollectContext, item: dict[str, Any]) -> DmsEndpoint:
    name = item["EndpointIdentifier"]
    return DmsEndpoint(
        arn=item.get("EndpointArn") or ctx.arn("dms", f"endpoint:{name}"), id=name, name=name,
        account=ctx.account, region=ctx.region, endpoint_type=str(item.get("EndpointType", "")).upper(),
        engine=item.get("EngineName", ""), ssl_mode=item.get("SslMode") or "none",
    )


def task_of(ctx: CollectContext, item: dict[str, Any]) -> DmsReplicationTask:
    name = item["ReplicationTaskIdentifier"]
    base: dict[str, Any] = {"arn": item.get("ReplicationTaskArn") or ctx.arn("dms", f"task:{name}"), "id": name,
                            "name": name, "account": ctx.account, "region": ctx.region}
    try:
        settings = json.loads(item.get("ReplicationTaskSettings") or "{}")
    except (TypeError, ValueError) as exc:
        why = f"task settings are not valid JSON: {exc}"
        return DmsReplicationTask(**base, unknown={"logging_enabled": why, "log_components": why})
    logging = (settings.get("Logging") if isinstance(settings, dict) else None) or {}
    components = {str(c.get("Id")): str(c.get("Severity", "")) for c in logging.get("LogComponents") or []
                  if isinstance(c, dict) and c.get("Id")}
    return DmsReplicationTask(**base, logging_enabled=bool(logging.get("EnableLogging")), log_components=components)


COLLECTOR = Collector(
    name="dms",
    client="dms",
    scope="regional",
    resource_types=(INSTANCE, ENDPOINT, TASK),
    actions=("dms:DescribeReplicationInstances", "dms:DescribeEndpoints", "dms:DescribeReplicationTasks"),
    collect=collect,
    title="DMS",
)
