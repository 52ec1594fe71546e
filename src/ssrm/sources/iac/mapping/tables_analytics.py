"""Declarative tables (see ``table.py``) for data movement and analytics: DMS, MSK, Glue, SageMaker,
Athena, EMR.

Each default names where it is documented (the service API reference's default for the parameter unless
said otherwise).
"""

from __future__ import annotations

import json
from typing import Any

from ssrm.model.resources.devtools.athena import AthenaWorkGroup
from ssrm.model.resources.devtools.dms import DmsEndpoint, DmsReplicationInstance, DmsReplicationTask
from ssrm.model.resources.devtools.emr import EmrBlockPublicAccess, EmrCluster
from ssrm.model.resources.devtools.glue import GlueDataCatalogEncryption, GlueJob, GlueSecurityConfiguration
from ssrm.model.resources.devtools.msk import MskCluster
from ssrm.model.resources.devtools.sagemaker import (
    SageMakerEndpointConfig,
    SageMakerModel,
    SageMakerNotebookInstance,
)
from ssrm.sources.iac.mapping.build import Links, as_list
from ssrm.sources.iac.mapping.table import Field, Table, flag
from ssrm.sources.iac.mapping.table_helpers import TF, as_bool, as_strings, attr, enabled_word, upper
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown, find_unknown

# --- DMS -------------------------------------------------------------------------------------------
DMS_INSTANCE = Table(
    DmsReplicationInstance, ("aws_dms_replication_instance",), ("AWS::DMS::ReplicationInstance",),
    name=("replication_instance_id", "ReplicationInstanceIdentifier"),
    fields=(
        Field("publicly_accessible", "publicly_accessible", "PubliclyAccessible", True,
              "DMS CreateReplicationInstance: PubliclyAccessible defaults to true", as_bool),
        Field("auto_minor_version_upgrade", "auto_minor_version_upgrade", "AutoMinorVersionUpgrade", True,
              "DMS CreateReplicationInstance: AutoMinorVersionUpgrade defaults to true", as_bool),
        Field("multi_az", "multi_az", "MultiAZ", False, "DMS CreateReplicationInstance: MultiAZ false", as_bool),
        Field("engine_version", "engine_version", "EngineVersion", "", "DMS picks the default engine version "
              "(\"\": not stated in the code)", str),
        Field("kms_key_id", "kms_key_arn", "KmsKeyId", None, "DMS: the aws/dms key"),
    ),
    live_only={"public_ips": "addresses are assigned at creation"})

DMS_ENDPOINT = Table(
    DmsEndpoint, ("aws_dms_endpoint",), ("AWS::DMS::Endpoint",), name=("endpoint_id", "EndpointIdentifier"),
    fields=(
        Field("endpoint_type", "endpoint_type", "EndpointType", convert=upper),
        Field("engine", "engine_name", "EngineName", convert=str),
        Field("ssl_mode", "ssl_mode", "SslMode", "none", "DMS CreateEndpoint: SslMode none"),
    ))

DMS_S3_ENDPOINT = Table(
    DmsEndpoint, ("aws_dms_s3_endpoint",), (), name=("endpoint_id", None),
    fields=(Field("endpoint_type", "endpoint_type", None, convert=upper),),
    constants={"engine": ("s3", "aws_dms_s3_endpoint is the S3 form of a DMS endpoint"),
               "ssl_mode": ("none", "S3 endpoints have no SSL mode (they use HTTPS)")})


def _task_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    text = raw.attrs.get("replication_task_settings" if fmt == TF else "ReplicationTaskSettings")
    if find_unknown(text) is not None:
        missing = find_unknown(text)
        return {"logging_enabled": missing, "log_components": missing}
    if text is None:  # DMS task settings: Logging.EnableLogging is false unless set
        return {"logging_enabled": False, "log_components": {}}
    try:
        settings = json.loads(text) if isinstance(text, str) else text
    except ValueError:
        invalid = Unknown("the task settings are not valid JSON")
        return {"logging_enabled": invalid, "log_components": invalid}
    logging = settings.get("Logging") if isinstance(settings, dict) else None
    if not isinstance(logging, dict):
        return {"logging_enabled": False, "log_components": {}}
    components = {str(c.get("Id")): str(c.get("Severity")) for c in as_list(logging.get("LogComponents"))
                  if isinstance(c, dict)}
    return {"logging_enabled": bool(flag(logging.get("EnableLogging", False))), "log_components": components}


DMS_TASK = Table(
    DmsReplicationTask, ("aws_dms_replication_task",), ("AWS::DMS::ReplicationTask",),
    name=("replication_task_id", "ReplicationTaskIdentifier"),
    fields=(), derived=("logging_enabled", "log_components"), derive=_task_derive)


# --- MSK -------------------------------------------------------------------------------------------
def _msk_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    if fmt == TF:
        auth = raw.attrs.get("client_authentication")
        flag_path = "client_authentication.unauthenticated"
    else:
        auth = raw.attrs.get("ClientAuthentication")
        flag_path = "ClientAuthentication.Unauthenticated.Enabled"
    if isinstance(auth, Unknown):
        return {"unauthenticated_access": auth}
    if not auth:  # MSK: a cluster with no client authentication configured lets clients in unauthenticated
        return {"unauthenticated_access": True}
    value = attr(raw, flag_path)
    return {"unauthenticated_access": value if isinstance(value, Unknown) else bool(flag(value))}


MSK = Table(
    MskCluster, ("aws_msk_cluster",), ("AWS::MSK::Cluster",), name=("cluster_name", "ClusterName"),
    fields=(
        Field("in_cluster_tls", "encryption_info.encryption_in_transit.in_cluster",
              "EncryptionInfo.EncryptionInTransit.InCluster", True, "MSK EncryptionInTransit: InCluster true",
              as_bool),
        Field("client_broker", "encryption_info.encryption_in_transit.client_broker",
              "EncryptionInfo.EncryptionInTransit.ClientBroker", "TLS", "MSK EncryptionInTransit: ClientBroker TLS"),
        Field("public_access", "broker_node_group_info.connectivity_info.public_access.type",
              "BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type", "DISABLED",
              "MSK PublicAccess: Type DISABLED"),
        Field("enhanced_monitoring", "enhanced_monitoring", "EnhancedMonitoring", "DEFAULT",
              "MSK CreateCluster: EnhancedMonitoring DEFAULT"),
        Field("at_rest_kms_key", "encryption_info.encryption_at_rest_kms_key_arn",
              "EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId", None, "MSK: an AWS managed key"),
    ),
    constants={"cluster_type": ("PROVISIONED", "aws_msk_cluster / AWS::MSK::Cluster declare provisioned clusters")},
    derived=("unauthenticated_access",), derive=_msk_derive)


# --- Glue ------------------------------------------------------------------------------------------
GLUE_JOB = Table(
    GlueJob, ("aws_glue_job",), ("AWS::Glue::Job",), name=("name", "Name"),
    fields=(
        Field("role", "role_arn", "Role"),
        Field("security_configuration", "security_configuration", "SecurityConfiguration", None,
              "Glue CreateJob: no security configuration unless named"),
        Field("glue_version", "glue_version", "GlueVersion", convert=str),
    ))

GLUE_SECURITY_CONFIGURATION = Table(
    GlueSecurityConfiguration, ("aws_glue_security_configuration",), ("AWS::Glue::SecurityConfiguration",),
    name=("name", "Name"),
    fields=(
        Field("s3_encryption_mode", "encryption_configuration.s3_encryption.s3_encryption_mode",
              "EncryptionConfiguration.S3Encryptions.S3EncryptionMode", "DISABLED",
              "Glue EncryptionConfiguration: S3EncryptionMode DISABLED"),
        Field("cloudwatch_encryption_mode", "encryption_configuration.cloudwatch_encryption.cloudwatch_encryption_mode",
              "EncryptionConfiguration.CloudWatchEncryption.CloudWatchEncryptionMode", "DISABLED",
              "Glue EncryptionConfiguration: CloudWatchEncryptionMode DISABLED"),
        Field("job_bookmarks_encryption_mode",
              "encryption_configuration.job_bookmarks_encryption.job_bookmarks_encryption_mode",
              "EncryptionConfiguration.JobBookmarksEncryption.JobBookmarksEncryptionMode", "DISABLED",
              "Glue EncryptionConfiguration: JobBookmarksEncryptionMode DISABLED"),
    ))

GLUE_CATALOG = Table(
    GlueDataCatalogEncryption, ("aws_glue_data_catalog_encryption_settings",),
    ("AWS::Glue::DataCatalogEncryptionSettings",),
    fields=(
        Field("catalog_encryption_mode",
              "data_catalog_encryption_settings.encryption_at_rest.catalog_encryption_mode",
              "DataCatalogEncryptionSettings.EncryptionAtRest.CatalogEncryptionMode", "DISABLED",
              "Glue EncryptionAtRest: CatalogEncryptionMode DISABLED"),
        Field("catalog_kms_key", "data_catalog_encryption_settings.encryption_at_rest.sse_aws_kms_key_id",
              "DataCatalogEncryptionSettings.EncryptionAtRest.SseAwsKmsKeyId", None, "no key unless encrypted"),
        Field("connection_password_encrypted",
              "data_catalog_encryption_settings.connection_password_encryption.return_connection_password_encrypted",
              "DataCatalogEncryptionSettings.ConnectionPasswordEncryption.ReturnConnectionPasswordEncrypted", False,
              "Glue ConnectionPasswordEncryption: ReturnConnectionPasswordEncrypted false", as_bool),
        Field("connection_password_kms_key",
              "data_catalog_encryption_settings.connection_password_encryption.aws_kms_key_id",
              "DataCatalogEncryptionSettings.ConnectionPasswordEncryption.KmsKeyId", None, "no key unless encrypted"),
    ))


# --- SageMaker -------------------------------------------------------------------------------------
NOTEBOOK = Table(
    SageMakerNotebookInstance, ("aws_sagemaker_notebook_instance",), ("AWS::SageMaker::NotebookInstance",),
    name=("name", "NotebookInstanceName"),
    fields=(
        Field("direct_internet_access", "direct_internet_access", "DirectInternetAccess", True,
              "SageMaker CreateNotebookInstance: DirectInternetAccess Enabled", enabled_word),
        Field("root_access", "root_access", "RootAccess", True, "SageMaker CreateNotebookInstance: RootAccess Enabled",
              enabled_word),
        Field("subnet_id", "subnet_id", "SubnetId", None, "SageMaker: the service's VPC when no subnet is given"),
        Field("security_group_ids", "security_groups", "SecurityGroupIds", [], "none without a subnet", as_strings),
        Field("kms_key_id", "kms_key_id", "KmsKeyId", None, "SageMaker: an AWS managed key"),
        Field("role_arn", "role_arn", "RoleArn"),
    ),
    constants={"status": ("InService", "a notebook in code is created InService")})

MODEL = Table(
    SageMakerModel, ("aws_sagemaker_model",), ("AWS::SageMaker::Model",), name=("name", "ModelName"),
    fields=(
        Field("network_isolation", "enable_network_isolation", "EnableNetworkIsolation", False,
              "SageMaker CreateModel: EnableNetworkIsolation false", as_bool),
        Field("vpc_subnet_ids", "vpc_config.subnets", "VpcConfig.Subnets", [], "no VPC unless configured",
              as_strings),
        Field("execution_role_arn", "execution_role_arn", "ExecutionRoleArn"),
    ))


def _variants_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    variants = raw.attrs.get("production_variants" if fmt == TF else "ProductionVariants")
    keys = ("variant_name", "initial_instance_count", "serverless_config") if fmt == TF else \
        ("VariantName", "InitialInstanceCount", "ServerlessConfig")
    found: list[Any] = []
    for number, variant in enumerate(as_list(variants) if not isinstance(variants, Unknown) else [variants]):
        if not isinstance(variant, dict):
            return {"instance_variants": find_unknown(variant) or Unknown("a production variant is not readable")}
        if variant.get(keys[2]):
            continue  # serverless: no instance count
        count = variant.get(keys[1])
        if count is None:
            return {"instance_variants": Unknown(f"variant {number} sets no initial instance count")}
        found.append((variant.get(keys[0]) or f"variant-{number}", count))
    if find_unknown(found) is not None:
        return {"instance_variants": find_unknown(found)}
    return {"instance_variants": [(str(n), int(c)) for n, c in found]}


ENDPOINT_CONFIG = Table(
    SageMakerEndpointConfig, ("aws_sagemaker_endpoint_configuration",), ("AWS::SageMaker::EndpointConfig",),
    name=("name", "EndpointConfigName"),
    fields=(Field("kms_key_id", "kms_key_arn", "KmsKeyId", None, "SageMaker: an AWS managed key"),),
    derived=("instance_variants",), derive=_variants_derive)


# --- Athena ----------------------------------------------------------------------------------------
def _athena_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    if fmt == TF:
        value = attr(raw, "configuration.enforce_workgroup_configuration")
        # AWS provider aws_athena_workgroup: enforce_workgroup_configuration defaults to true
        enforce: Any = True if value is None else value
    else:
        value = attr(raw, "WorkGroupConfiguration.EnforceWorkGroupConfiguration")
        enforce = Unknown("WorkGroupConfiguration.EnforceWorkGroupConfiguration is not set and the value Athena "
                          "applies then is not known to ssrm") if value is None else value
    return {"enforce_configuration": enforce if isinstance(enforce, Unknown) else bool(flag(enforce))}


ATHENA = Table(
    AthenaWorkGroup, ("aws_athena_workgroup",), ("AWS::Athena::WorkGroup",), name=("name", "Name"),
    fields=(
        Field("state", "state", "State", "ENABLED", "Athena CreateWorkGroup: a new workgroup is ENABLED"),
        Field("encryption_option", "configuration.result_configuration.encryption_configuration.encryption_option",
              "WorkGroupConfiguration.ResultConfiguration.EncryptionConfiguration.EncryptionOption", None,
              "Athena: query results are not encrypted unless an option is set"),
        Field("kms_key", "configuration.result_configuration.encryption_configuration.kms_key_arn",
              "WorkGroupConfiguration.ResultConfiguration.EncryptionConfiguration.KmsKey", None, "none"),
        Field("output_location", "configuration.result_configuration.output_location",
              "WorkGroupConfiguration.ResultConfiguration.OutputLocation", None, "none: clients give one"),
    ),
    derived=("enforce_configuration",), derive=_athena_derive)


# --- EMR -------------------------------------------------------------------------------------------
EMR_CLUSTER = Table(
    EmrCluster, ("aws_emr_cluster",), ("AWS::EMR::Cluster",), name=("name", "Name"),
    fields=(Field("subnet_id", "ec2_attributes.subnet_id", "Instances.Ec2SubnetId", None,
                  "EMR: EC2-Classic or the default VPC's subnet when none is given"),),
    live_only={"state": "cluster state", "master_public_dns": "assigned when the primary node starts"})


def _bpa_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    ranges = raw.attrs.get("permitted_public_security_group_rule_range")
    if find_unknown(ranges) is not None:
        return {"permitted_ports": find_unknown(ranges)}
    ports = []
    for block in as_list(ranges):
        low, high = block.get("min_range"), block.get("max_range")
        ports.append(str(low) if low == high else f"{low}-{high}")
    return {"permitted_ports": tuple(ports)}


EMR_BLOCK_PUBLIC_ACCESS = Table(
    EmrBlockPublicAccess, ("aws_emr_block_public_access_configuration",), (),
    fields=(Field("enabled", "block_public_security_group_rules", None, convert=as_bool),),
    derived=("permitted_ports",), derive=_bpa_derive)


TABLES: list[Table] = [DMS_INSTANCE, DMS_ENDPOINT, DMS_S3_ENDPOINT, DMS_TASK, MSK, GLUE_JOB,
                       GLUE_SECURITY_CONFIGURATION, GLUE_CATALOG, NOTEBOOK, MODEL, ENDPOINT_CONFIG, ATHENA,
                       EMR_CLUSTER, EMR_BLOCK_PUBLIC_ACCESS]
