"""SageMaker: notebook instances, endpoint configurations and models (one Describe call each: no batch API).

Shapes: SageMaker API reference, ``DescribeNotebookInstance``, ``DescribeEndpointConfig`` and
``DescribeModel`` responses.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.devtools.sagemaker import (
    SageMakerEndpointConfig,
    SageMakerModel,
    SageMakerNotebookInstance,
)
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

NOTEBOOK = SageMakerNotebookInstance.resource_type
ENDPOINT_CONFIG = SageMakerEndpointConfig.resource_type
MODEL = SageMakerModel.resource_type
NOTEBOOK_DETAIL = ("direct_internet_access", "root_access", "subnet_id", "kms_key_id")


def collect(ctx: CollectContext) -> None:
    notebooks = ctx.pages("list_notebook_instances", "NotebookInstances", resource_types=(NOTEBOOK,))
    for notebook in ctx.parallel(lambda n: notebook_of(ctx, n), notebooks or []):
        ctx.add(notebook)
    configs = ctx.pages("list_endpoint_configs", "EndpointConfigs", resource_types=(ENDPOINT_CONFIG,))
    for config in ctx.parallel(lambda c: endpoint_config_of(ctx, c), configs or []):
        ctx.add(config)
    models = ctx.pages("list_models", "Models", resource_types=(MODEL,))
    for model in ctx.parallel(lambda m: model_of(ctx, m), models or []):
        ctx.add(model)


def notebook_of(ctx: CollectContext, summary: dict[str, Any]) -> SageMakerNotebookInstance:
    name = summary["NotebookInstanceName"]
    base: dict[str, Any] = {
        "arn": summary.get("NotebookInstanceArn") or ctx.arn("sagemaker", f"notebook-instance/{name.lower()}"),
        "id": name, "name": name, "account": ctx.account, "region": ctx.region}
    reply = ctx.call("describe_notebook_instance", NotebookInstanceName=name, resource=name)
    if not reply.ok:
        return SageMakerNotebookInstance(**base, status=summary.get("NotebookInstanceStatus", ""),
                                         unknown=dict.fromkeys(NOTEBOOK_DETAIL, reply.reason))
    return SageMakerNotebookInstance(
        **base, status=reply.get("NotebookInstanceStatus", ""),
        direct_internet_access=reply.get("DirectInternetAccess", "Enabled") == "Enabled",
        root_access=reply.get("RootAccess", "Enabled") == "Enabled", subnet_id=reply.get("SubnetId"),
        security_group_ids=list(reply.get("SecurityGroups") or []), kms_key_id=reply.get("KmsKeyId"),
        role_arn=reply.get("RoleArn", ""),
    )


def endpoint_config_of(ctx: CollectContext, summary: dict[str, Any]) -> SageMakerEndpointConfig:
    name = summary["EndpointConfigName"]
    base: dict[str, Any] = {
        "arn": summary.get("EndpointConfigArn") or ctx.arn("sagemaker", f"endpoint-config/{name.lower()}"),
        "id": name, "name": name, "account": ctx.account, "region": ctx.region}
    reply = ctx.call("describe_endpoint_config", EndpointConfigName=name, resource=name)
    if not reply.ok:
        return SageMakerEndpointConfig(**base, unknown=dict.fromkeys(("kms_key_id", "instance_variants"),
                                                                     reply.reason))
    variants = [(str(v.get("VariantName", "")), int(v["InitialInstanceCount"]))
                for v in reply.get("ProductionVariants") or [] if v.get("InitialInstanceCount") is not None]
    return SageMakerEndpointConfig(**base, kms_key_id=reply.get("KmsKeyId"), instance_variants=variants)


def model_of(ctx: CollectContext, summary: dict[str, Any]) -> SageMakerModel:
    name = summary["ModelName"]
    base: dict[str, Any] = {"arn": summary.get("ModelArn") or ctx.arn("sagemaker", f"model/{name.lower()}"),
                            "id": name, "name": name, "account": ctx.account, "region": ctx.region}
    reply = ctx.call("describe_model", ModelName=name, resource=name)
    if not reply.ok:
        return SageMakerModel(**base, unknown=dict.fromkeys(("network_isolation", "vpc_subnet_ids"), reply.reason))
    return SageMakerModel(
        **base, network_isolation=bool(reply.get("EnableNetworkIsolation")),
        vpc_subnet_ids=list((reply.get("VpcConfig") or {}).get("Subnets") or []),
        execution_role_arn=reply.get("ExecutionRoleArn", ""),
    )


COLLECTOR = Collector(
    name="sagemaker",
    client="sagemaker",
    scope="regional",
    resource_types=(NOTEBOOK, ENDPOINT_CONFIG, MODEL),
    actions=("sagemaker:ListNotebookInstances", "sagemaker:DescribeNotebookInstance",
             "sagemaker:ListEndpointConfigs", "sagemaker:DescribeEndpointConfig", "sagemaker:ListModels",
             "sagemaker:DescribeModel"),
    collect=collect,
    title="SageMaker",
)
