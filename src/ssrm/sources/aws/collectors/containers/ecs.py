"""ECS: clusters, the latest ACTIVE revision of each task definition family, and services.

Clusters and services are described in batches (100 and 10 names a call). Task definitions have no batch
describe: one DescribeTaskDefinition per family, which answers with the family's latest ACTIVE revision.
Environment variable values are scanned for credentials here and dropped: only hints leave the collector.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.containers.ecs import ContainerDefinition, EcsCluster, EcsService, EcsTaskDefinition
from ssrm.model.secrets import find_secrets_in_env
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.containers._shared import chunks, tag_dict
from ssrm.sources.aws.context import CollectContext

CLUSTER = EcsCluster.resource_type
TASK_DEFINITION = EcsTaskDefinition.resource_type
SERVICE = EcsService.resource_type
TASK_FIELDS = ("network_mode", "pid_mode", "containers")


def collect(ctx: CollectContext) -> None:
    cluster_arns = ctx.pages("list_clusters", "clusterArns", resource_types=(CLUSTER, SERVICE))
    clusters: list[EcsCluster] = []
    for batch in chunks(cluster_arns or [], 100):
        reply = ctx.call("describe_clusters", clusters=batch, include=["SETTINGS", "TAGS"],
                         resource_types=(CLUSTER, SERVICE))
        clusters.extend(cluster_of(ctx, c) for c in reply.get("clusters") or [])
    for cluster in clusters:
        ctx.add(cluster)
    for services in ctx.parallel(lambda c: services_of(ctx, c.arn), clusters):
        for service in services:
            ctx.add(service)
    families = ctx.pages("list_task_definition_families", "families", status="ACTIVE",
                         resource_types=(TASK_DEFINITION,))
    for definition in ctx.parallel(lambda f: task_definition_of(ctx, f), families or []):
        ctx.add(definition)


def cluster_of(ctx: CollectContext, cluster: dict[str, Any]) -> EcsCluster:
    settings = {s.get("name"): s.get("value") for s in cluster.get("settings") or []}
    name = cluster.get("clusterName", "")
    return EcsCluster(
        arn=cluster.get("clusterArn") or ctx.arn("ecs", f"cluster/{name}"), id=name, name=name,
        account=ctx.account, region=ctx.region, tags=tag_dict(cluster.get("tags"), "key", "value"),
        status=cluster.get("status", ""), container_insights=str(settings.get("containerInsights") or "disabled"),
    )


def services_of(ctx: CollectContext, cluster_arn: str) -> list[EcsService]:
    arns = ctx.pages("list_services", "serviceArns", cluster=cluster_arn, resource_types=(SERVICE,),
                     resource=cluster_arn)
    found: list[EcsService] = []
    for batch in chunks(arns or [], 10):
        reply = ctx.call("describe_services", cluster=cluster_arn, services=batch, include=["TAGS"],
                         resource_types=(SERVICE,))
        found.extend(service_of(ctx, s, cluster_arn) for s in reply.get("services") or [])
    return found


def service_of(ctx: CollectContext, service: dict[str, Any], cluster_arn: str) -> EcsService:
    network = (service.get("networkConfiguration") or {}).get("awsvpcConfiguration") or {}
    name = service.get("serviceName", "")
    return EcsService(
        arn=service.get("serviceArn") or ctx.arn("ecs", f"service/{name}"), id=service.get("serviceArn") or name,
        name=name, account=ctx.account, region=ctx.region, tags=tag_dict(service.get("tags"), "key", "value"),
        cluster_arn=service.get("clusterArn") or cluster_arn, launch_type=service.get("launchType"),
        capacity_providers=tuple(s.get("capacityProvider", "") for s in service.get("capacityProviderStrategy") or []),
        platform_version=service.get("platformVersion"),
        assign_public_ip=str(network.get("assignPublicIp", "DISABLED")).upper() == "ENABLED",
        subnet_ids=tuple(network.get("subnets") or ()), security_group_ids=tuple(network.get("securityGroups") or ()),
        task_definition_arn=service.get("taskDefinition", ""),
    )


def task_definition_of(ctx: CollectContext, family: str) -> EcsTaskDefinition:
    reply = ctx.call("describe_task_definition", taskDefinition=family, include=["TAGS"], resource=family)
    if not reply.ok:
        return EcsTaskDefinition(arn=ctx.arn("ecs", f"task-definition/{family}"), id=family, name=family,
                                 account=ctx.account, region=ctx.region, family=family,
                                 unknown=dict.fromkeys(TASK_FIELDS, reply.reason))
    task = reply.get("taskDefinition") or {}
    revision = int(task.get("revision") or 0)
    label = f"{family}:{revision}"
    return EcsTaskDefinition(
        arn=task.get("taskDefinitionArn") or ctx.arn("ecs", f"task-definition/{label}"), id=label, name=label,
        account=ctx.account, region=ctx.region, tags=tag_dict(reply.get("tags"), "key", "value"), family=family,
        revision=revision, status=task.get("status", "ACTIVE"), network_mode=task.get("networkMode") or "bridge",
        pid_mode=task.get("pidMode"), requires_compatibilities=tuple(task.get("requiresCompatibilities") or ()),
        task_role_arn=task.get("taskRoleArn"), execution_role_arn=task.get("executionRoleArn"),
        containers=tuple(container_of(c, label) for c in task.get("containerDefinitions") or []),
    )


def container_of(container: dict[str, Any], task: str) -> ContainerDefinition:
    name = container.get("name", "")
    variables = {str(e.get("name", "")): str(e.get("value", "")) for e in container.get("environment") or []}
    hints = find_secrets_in_env(variables, f"task definition {task} container {name}")
    return ContainerDefinition(
        name=name, image=container.get("image", ""), privileged=bool(container.get("privileged")),
        user=container.get("user") or None, readonly_root_filesystem=bool(container.get("readonlyRootFilesystem")),
        log_driver=(container.get("logConfiguration") or {}).get("logDriver"),
        environment_variable_names=tuple(variables), environment_secret_hints=tuple(h.describe() for h in hints),
    )


COLLECTOR = Collector(
    name="ecs",
    client="ecs",
    scope="regional",
    resource_types=(CLUSTER, TASK_DEFINITION, SERVICE),
    actions=("ecs:ListClusters", "ecs:DescribeClusters", "ecs:ListServices", "ecs:DescribeServices",
             "ecs:ListTaskDefinitionFamilies", "ecs:DescribeTaskDefinition"),
    collect=collect,
    title="ECS",
)
