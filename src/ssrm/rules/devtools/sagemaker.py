"""SageMaker rules: notebook instances isolated and without root, endpoints redundant and encrypted, models isolated.

Notebook instances are compute the customer manages (hosts); endpoints and models serve an application (apps).
"""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.devtools.sagemaker import (
    SageMakerEndpointConfig,
    SageMakerModel,
    SageMakerNotebookInstance,
)
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule

NOTEBOOK_RECREATE = ("Network settings and the KMS key are fixed at creation: create a new notebook instance "
                     "with the setting and move the work to it.")


@rule(
    id="sagemaker_notebook_direct_internet", title="SageMaker notebook instances have no direct internet access",
    description=("A notebook with direct internet access can download tools and send data anywhere, outside your "
                 "network controls."),
    resource_type=SageMakerNotebookInstance, layer=Layer.HOSTS, domain=Domain.INFRASTRUCTURE,
    severity=Severity.HIGH, stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1048"), phase=Phase.FOUNDATIONAL,
    smm="IP2.1", needs=("direct_internet_access",),
    remediation=Remediation(
        text=NOTEBOOK_RECREATE + " Place it in a private subnet with DirectInternetAccess Disabled.",
        cli="aws sagemaker create-notebook-instance --notebook-instance-name NAME --instance-type ml.t3.medium "
            "--role-arn ROLE_ARN --subnet-id SUBNET --security-group-ids SG --direct-internet-access Disabled",
        terraform='resource "aws_sagemaker_notebook_instance" "this" {\n  subnet_id              = '
                  'aws_subnet.private.id\n  direct_internet_access = "Disabled"\n}',
    ),
    references=("FSBP SageMaker.1",),
)
def notebook_direct_internet(notebook: SageMakerNotebookInstance, inv: Inventory) -> Verdict:
    if notebook.direct_internet_access:
        return failed(f"notebook {notebook.label} has DirectInternetAccess Enabled")
    return passed("direct internet access disabled")


@rule(
    id="sagemaker_notebook_in_vpc", title="SageMaker notebook instances run in a customer VPC",
    description=("A notebook inside your VPC is subject to its security groups, routing and endpoints; outside it, to "
                 "none of them."),
    resource_type=SageMakerNotebookInstance, layer=Layer.HOSTS, domain=Domain.INFRASTRUCTURE,
    severity=Severity.HIGH, stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.FOUNDATIONAL,
    smm="IP2.3", needs=("subnet_id",),
    remediation=Remediation(
        text=NOTEBOOK_RECREATE + " Give it a subnet and security groups of your VPC.",
        cli="aws sagemaker create-notebook-instance --notebook-instance-name NAME --instance-type ml.t3.medium "
            "--role-arn ROLE_ARN --subnet-id SUBNET --security-group-ids SG",
        terraform='resource "aws_sagemaker_notebook_instance" "this" {\n  subnet_id       = aws_subnet.private.id\n'
                  '  security_groups = [aws_security_group.notebook.id]\n}',
    ),
    references=("FSBP SageMaker.2",),
)
def notebook_in_vpc(notebook: SageMakerNotebookInstance, inv: Inventory) -> Verdict:
    if notebook.subnet_id:
        return passed(f"in subnet {notebook.subnet_id}")
    return failed(f"notebook {notebook.label} runs in the SageMaker service VPC, not yours (no subnet)")


@rule(
    id="sagemaker_notebook_root_access", title="SageMaker notebook instances do not give users root access",
    resource_type=SageMakerNotebookInstance, layer=Layer.HOSTS, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.DISCOVER_SPREAD, attack=("T1548", "T1078.004"), phase=Phase.EFFICIENT, smm="IA3.1",
    needs=("root_access",),
    remediation=Remediation(
        text="Stop the notebook instance, set RootAccess Disabled, start it again (lifecycle scripts still run "
             "as root).",
        cli="aws sagemaker update-notebook-instance --notebook-instance-name NAME --root-access Disabled",
        terraform='resource "aws_sagemaker_notebook_instance" "this" {\n  root_access = "Disabled"\n}',
    ),
    references=("FSBP SageMaker.3",),
)
def notebook_root_access(notebook: SageMakerNotebookInstance, inv: Inventory) -> Verdict:
    """Root on the notebook lets a user change its software, credentials cache and network configuration."""
    if notebook.root_access:
        return failed(f"notebook {notebook.label} has RootAccess Enabled")
    return passed("root access disabled")


@rule(
    id="sagemaker_notebook_kms", title="SageMaker notebook instances encrypt their storage with a KMS key",
    description=("A customer-managed key for the notebook's storage lets you control and audit access to the code and "
                 "data on it."),
    resource_type=SageMakerNotebookInstance, layer=Layer.HOSTS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1", needs=("kms_key_id",),
    remediation=Remediation(
        text=NOTEBOOK_RECREATE + " Pass a customer managed KMS key for the ML storage volume.",
        cli="aws sagemaker create-notebook-instance --notebook-instance-name NAME --instance-type ml.t3.medium "
            "--role-arn ROLE_ARN --kms-key-id KEY_ID",
        terraform='resource "aws_sagemaker_notebook_instance" "this" {\n  kms_key_id = aws_kms_key.ml.arn\n}',
    ),
    skips="the AWS-managed default encryption of the volume (counted as not customer-controlled)",
)
def notebook_kms(notebook: SageMakerNotebookInstance, inv: Inventory) -> Verdict:
    if notebook.kms_key_id:
        return passed(f"KMS key {notebook.kms_key_id}")
    return failed(f"notebook {notebook.label} has no KMS key for its storage volume")


@rule(
    id="sagemaker_endpoint_config_multi_instance",
    description="With one instance, an endpoint goes down whenever that instance or its zone fails.",
    title="SageMaker endpoint production variants start with more than one instance",
    resource_type=SageMakerEndpointConfig, layer=Layer.APPS, domain=Domain.RESILIENCY, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1489", "T1499"), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    needs=("instance_variants",),
    remediation=Remediation(
        text="Create an endpoint configuration whose variants start with 2 or more instances (spread over AZs) "
             "and update the endpoint to it.",
        cli="aws sagemaker create-endpoint-config --endpoint-config-name NAME --production-variants "
            "VariantName=main,ModelName=MODEL,InstanceType=ml.m5.large,InitialInstanceCount=2",
        terraform='resource "aws_sagemaker_endpoint_configuration" "this" {\n  production_variants {\n'
                  '    initial_instance_count = 2\n  }\n}',
    ),
    references=("FSBP SageMaker.4",),
    skips="serverless variants (no instance count: capacity is AWS's)",
)
def endpoint_config_multi_instance(config: SageMakerEndpointConfig, inv: Inventory) -> Verdict:
    if not config.instance_variants:
        return not_applicable("no instance-based production variants")
    single = [name for name, count in config.instance_variants if count < 2]
    if single:
        return failed(f"endpoint config {config.label}: variant {single[0]} starts with a single instance")
    return passed("every variant starts with 2 or more instances")


@rule(
    id="sagemaker_endpoint_config_kms", title="SageMaker endpoint configurations encrypt storage with a KMS key",
    description="A KMS key encrypts the storage attached to endpoint instances, where models and inference data sit.",
    resource_type=SageMakerEndpointConfig, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1", needs=("kms_key_id",),
    remediation=Remediation(
        text="Create an endpoint configuration with a customer managed KMS key and update the endpoint to it.",
        cli="aws sagemaker create-endpoint-config --endpoint-config-name NAME --kms-key-id KEY_ID "
            "--production-variants file://variants.json",
        terraform='resource "aws_sagemaker_endpoint_configuration" "this" {\n  kms_key_arn = aws_kms_key.ml.arn\n}',
    ),
    skips="serverless-only configurations are still judged (the key also covers async inference output)",
)
def endpoint_config_kms(config: SageMakerEndpointConfig, inv: Inventory) -> Verdict:
    if config.kms_key_id:
        return passed(f"KMS key {config.kms_key_id}")
    return failed(f"endpoint config {config.label} has no KMS key")


@rule(
    id="sagemaker_model_network_isolation", title="SageMaker models run with network isolation",
    resource_type=SageMakerModel, layer=Layer.APPS, domain=Domain.INFRASTRUCTURE, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1048",), phase=Phase.EFFICIENT, smm="IP3.3",
    needs=("network_isolation",),
    remediation=Remediation(
        text="Recreate the model with network isolation so its container can make no outbound calls.",
        cli="aws sagemaker create-model --model-name NAME --execution-role-arn ROLE_ARN "
            "--primary-container Image=IMAGE --enable-network-isolation",
        terraform='resource "aws_sagemaker_model" "this" {\n  enable_network_isolation = true\n}',
    ),
    references=("FSBP SageMaker.5",),
    skips="models whose containers must reach the network (mute with the reason)",
)
def model_network_isolation(model: SageMakerModel, inv: Inventory) -> Verdict:
    """Without isolation, a malicious or compromised model container can send data anywhere."""
    if model.network_isolation:
        return passed("network isolation enabled")
    return failed(f"model {model.label} has EnableNetworkIsolation false")
