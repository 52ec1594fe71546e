"""Resources that run code as a role and can be changed by a caller: Glue development endpoints
(``GetDevEndpoints``: ``RoleArn``, ``Status``) and CloudFormation stacks (``DescribeStacks``: ``RoleARN``,
``StackStatus``; ``NotificationARNs`` for FSBP CloudFormation.1). They are escalation targets:
``glue:UpdateDevEndpoint`` adds an SSH key to an endpoint, ``cloudformation:UpdateStack`` runs a template with
the stack's service role."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.devtools.workloads import CloudFormationStack, GlueDevEndpoint
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

DEV_ENDPOINT = GlueDevEndpoint.resource_type
STACK = CloudFormationStack.resource_type
GONE = ("DELETE_COMPLETE",)


def collect_dev_endpoints(ctx: CollectContext) -> None:
    for endpoint in ctx.pages("get_dev_endpoints", "DevEndpoints", resource_types=(DEV_ENDPOINT,)) or []:
        ctx.add(dev_endpoint_of(ctx, endpoint))


def dev_endpoint_of(ctx: CollectContext, endpoint: dict[str, Any]) -> GlueDevEndpoint:
    name = endpoint["EndpointName"]
    return GlueDevEndpoint(arn=ctx.arn("glue", f"devEndpoint/{name}"), id=name, name=name, account=ctx.account,
                           region=ctx.region, role_arn=endpoint.get("RoleArn", ""),
                           status=endpoint.get("Status", ""))


def collect_stacks(ctx: CollectContext) -> None:
    for stack in ctx.pages("describe_stacks", "Stacks", resource_types=(STACK,)) or []:
        if stack.get("StackStatus") not in GONE:
            ctx.add(stack_of(ctx, stack))


def stack_of(ctx: CollectContext, stack: dict[str, Any]) -> CloudFormationStack:
    name = stack["StackName"]
    arn = stack.get("StackId") or ctx.arn("cloudformation", f"stack/{name}")
    return CloudFormationStack(arn=arn, id=name, name=name, account=ctx.account, region=ctx.region,
                               role_arn=stack.get("RoleARN"), status=stack.get("StackStatus", ""),
                               notification_arns=[str(a) for a in stack.get("NotificationARNs") or []])


GLUE_DEV_ENDPOINTS = Collector(
    name="glue-dev-endpoints",
    client="glue",
    scope="regional",
    resource_types=(DEV_ENDPOINT,),
    actions=("glue:GetDevEndpoints",),
    collect=collect_dev_endpoints,
    title="Glue development endpoints",
)
CLOUDFORMATION = Collector(
    name="cloudformation",
    client="cloudformation",
    scope="regional",
    resource_types=(STACK,),
    actions=("cloudformation:DescribeStacks",),
    collect=collect_stacks,
    title="CloudFormation stacks",
)
