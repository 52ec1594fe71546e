"""Each devtools collector against moto in-process, with denied calls that must become gaps and ERROR.

APIs moto lacks (CodeBuild report groups, Elastic Beanstalk configuration settings) are answered here with
response dicts in the AWS API shapes (CodeBuild ``BatchGetReportGroups``, Elastic Beanstalk
``DescribeConfigurationSettings``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import boto3
from botocore.client import BaseClient

from ssrm.engine import evaluate
from ssrm.model import Inventory, Status
from ssrm.model.resources.devtools.athena import AthenaWorkGroup
from ssrm.model.resources.devtools.codebuild import CodeBuildProject, CodeBuildReportGroup
from ssrm.model.resources.devtools.cognito import CognitoIdentityPool, CognitoUserPool
from ssrm.model.resources.devtools.dms import DmsEndpoint, DmsReplicationInstance, DmsReplicationTask
from ssrm.model.resources.devtools.elasticbeanstalk import ElasticBeanstalkEnvironment
from ssrm.model.resources.devtools.glue import GlueDataCatalogEncryption, GlueJob, GlueSecurityConfiguration
from ssrm.model.resources.devtools.msk import MskCluster
from ssrm.model.resources.devtools.sagemaker import (
    SageMakerEndpointConfig,
    SageMakerModel,
    SageMakerNotebookInstance,
)
from ssrm.rules import devtools as devtools_rules
from ssrm.rules.catalog import rules_in
from ssrm.sources.aws.collectors.devtools import COLLECTORS

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/build"
RULES = rules_in(devtools_rules.MODULES)
# botocore service name -> IAM action prefix, where they differ
IAM_PREFIX = {"kafka": "kafka", "cognito-idp": "cognito-idp", "cognito-identity": "cognito-identity"}


def statuses(inv: Inventory, rule_id: str) -> dict[str, Status]:
    rule = next(r for r in RULES if r.id == rule_id)
    return {f.resource_id: f.status for f in evaluate(inv, [rule])}


def assert_calls_declared(inv: Inventory) -> None:
    """Every API the scan called is covered by an exact action its collectors declare."""
    declared = {a for c in COLLECTORS for a in c.actions}
    services = {c.client for c in COLLECTORS} | {"cognito-identity"}
    called = {f"{IAM_PREFIX.get(api.split(':')[0], api.split(':')[0])}:{api.split(':')[1]}"
              for api in inv.stats.calls_by_api if api.split(":")[0] in services}
    assert called and called <= declared, called - declared


@contextmanager
def answered(replies: dict[str, dict[str, Any]]) -> Iterator[None]:
    """Answer the named operations with AWS-shaped dicts (APIs moto does not implement)."""
    original = BaseClient._make_api_call

    def fake(self: BaseClient, operation_name: str, params: dict[str, Any]) -> Any:
        if operation_name in replies:
            return replies[operation_name]
        return original(self, operation_name, params)

    with mock.patch.object(BaseClient, "_make_api_call", fake):
        yield


def make_codebuild() -> None:
    codebuild = boto3.client("codebuild", region_name=REGION)
    codebuild.create_project(
        name="leaky", source={"type": "BITBUCKET", "location": "https://ci:tok3nS3cretValue@bitbucket.org/o/r.git"},
        artifacts={"type": "S3", "location": "artifacts", "encryptionDisabled": True},
        environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                     "computeType": "BUILD_GENERAL1_SMALL", "privilegedMode": True,
                     "environmentVariables": [
                         {"name": "DB_PASSWORD", "value": "hunter2hunter2", "type": "PLAINTEXT"},
                         {"name": "API_TOKEN", "value": "prod/api", "type": "SECRETS_MANAGER"}]},
        serviceRole=ROLE, logsConfig={"cloudWatchLogs": {"status": "DISABLED"}})
    codebuild.create_project(
        name="tidy", source={"type": "GITHUB", "location": "https://github.com/o/r.git"},
        artifacts={"type": "NO_ARTIFACTS"},
        environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                     "computeType": "BUILD_GENERAL1_SMALL"}, serviceRole=ROLE)


def test_codebuild_projects_and_report_group_gap(mock_scan, deny) -> None:
    make_codebuild()
    inv = mock_scan(["codebuild"], regions=[REGION])
    leaky, tidy = inv.get(CodeBuildProject, "leaky"), inv.get(CodeBuildProject, "tidy")
    assert leaky is not None and tidy is not None
    assert leaky.source_credential_hints == ["BITBUCKET URL ci:…@bitbucket.org"]
    assert "tok3n" not in leaky.model_dump_json() and "hunter2" not in leaky.model_dump_json()
    assert len(leaky.env_secret_hints) == 1 and "DB_PASSWORD" in leaky.env_secret_hints[0]
    assert statuses(inv, "codebuild_project_source_url_credentials") == {"leaky": Status.FAIL, "tidy": Status.PASS}
    assert statuses(inv, "codebuild_project_env_plaintext_secrets") == {"leaky": Status.FAIL, "tidy": Status.PASS}
    assert statuses(inv, "codebuild_project_privileged_mode") == {"leaky": Status.FAIL, "tidy": Status.PASS}
    assert statuses(inv, "codebuild_project_logging_configured") == {"leaky": Status.FAIL, "tidy": Status.PASS}
    assert statuses(inv, "codebuild_project_artifacts_encrypted") == {"leaky": Status.FAIL,
                                                                       "tidy": Status.NOT_APPLICABLE}
    # moto has no report groups: a clean gap, and the report-group rule reports ERROR for the region
    assert [(g.api, g.error) for g in inv.gaps] == [("ListReportGroups", "NotImplemented")]
    assert list(statuses(inv, "codebuild_report_group_export_encrypted").values()) == [Status.ERROR]
    assert_calls_declared(inv)
    with deny("BatchGetProjects"):
        inv = mock_scan(["codebuild"], regions=[REGION])
    project = inv.get(CodeBuildProject, "leaky")
    assert project is not None and "AccessDenied" in project.unknown["privileged_mode"]
    assert set(statuses(inv, "codebuild_project_privileged_mode").values()) == {Status.ERROR}
    assert "BatchGetProjects" in {g.api for g in inv.gaps}


def test_codebuild_report_groups_in_aws_shape(mock_scan) -> None:
    group_arn = f"arn:aws:codebuild:{REGION}:123456789012:report-group/unit-tests"
    replies = {
        "ListReportGroups": {"reportGroups": [group_arn]},
        "BatchGetReportGroups": {"reportGroups": [{
            "arn": group_arn, "name": "unit-tests", "type": "TEST", "status": "ACTIVE",
            "exportConfig": {"exportConfigType": "S3", "s3Destination": {
                "bucket": "reports", "path": "ci", "packaging": "NONE", "encryptionDisabled": True}},
            "tags": [{"key": "team", "value": "ci"}]}], "reportGroupsNotFound": []},
    }
    with answered(replies):
        inv = mock_scan(["codebuild"], regions=[REGION])
    group = inv.get(CodeBuildReportGroup, group_arn)
    assert group is not None and group.export_bucket == "reports" and group.tags == {"team": "ci"}
    assert statuses(inv, "codebuild_report_group_export_encrypted") == {"unit-tests": Status.FAIL}
    assert inv.gaps == []


def test_glue(mock_scan, deny) -> None:
    glue = boto3.client("glue", region_name=REGION)
    glue.create_security_configuration(Name="s3-only", EncryptionConfiguration={
        "S3Encryption": [{"S3EncryptionMode": "SSE-KMS", "KmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/k"}]})
    glue.create_job(Name="nightly", Role=ROLE, Command={"Name": "glueetl", "ScriptLocation": "s3://b/job.py"},
                    SecurityConfiguration="s3-only")
    glue.create_job(Name="adhoc", Role=ROLE, Command={"Name": "glueetl", "ScriptLocation": "s3://b/job.py"})
    inv = mock_scan(["glue"], regions=[REGION])
    assert inv.gaps == []
    assert statuses(inv, "glue_job_security_configuration") == {"nightly": Status.PASS, "adhoc": Status.FAIL}
    configuration = inv.get(GlueSecurityConfiguration, "s3-only")
    assert configuration is not None and configuration.s3_encryption_mode == "SSE-KMS"
    assert statuses(inv, "glue_security_configuration_cloudwatch_encryption") == {"s3-only": Status.FAIL}
    catalog = inv.of_type(GlueDataCatalogEncryption)
    assert len(catalog) == 1 and catalog[0].catalog_encryption_mode == "DISABLED"
    assert set(statuses(inv, "glue_data_catalog_encrypted").values()) == {Status.FAIL}
    assert inv.get(GlueJob, "adhoc") is not None
    assert_calls_declared(inv)
    with deny("GetDataCatalogEncryptionSettings", "GetJobs"):
        inv = mock_scan(["glue"], regions=[REGION])
    assert set(statuses(inv, "glue_connection_passwords_encrypted").values()) == {Status.ERROR}
    assert set(statuses(inv, "glue_job_security_configuration").values()) == {Status.ERROR}
    assert {g.api for g in inv.gaps} == {"GetDataCatalogEncryptionSettings", "GetJobs"}


def test_sagemaker(mock_scan, deny) -> None:
    sagemaker = boto3.client("sagemaker", region_name=REGION)
    sagemaker.create_notebook_instance(NotebookInstanceName="open-nb", InstanceType="ml.t3.medium", RoleArn=ROLE)
    sagemaker.create_model(ModelName="isolated", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": "img"},
                           EnableNetworkIsolation=True)
    sagemaker.create_endpoint_config(EndpointConfigName="single", ProductionVariants=[
        {"VariantName": "main", "ModelName": "isolated", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
    inv = mock_scan(["sagemaker"], regions=[REGION])
    assert inv.gaps == []
    notebook = inv.get(SageMakerNotebookInstance, "open-nb")
    assert notebook is not None and notebook.direct_internet_access and notebook.subnet_id is None
    assert statuses(inv, "sagemaker_notebook_direct_internet") == {"open-nb": Status.FAIL}
    assert statuses(inv, "sagemaker_notebook_in_vpc") == {"open-nb": Status.FAIL}
    # moto drops EnableNetworkIsolation on CreateModel (docs/emulator-notes-devtools.md): reads back false
    assert statuses(inv, "sagemaker_model_network_isolation") == {"isolated": Status.FAIL}
    config = inv.get(SageMakerEndpointConfig, "single")
    assert config is not None and config.instance_variants == [("main", 1)]
    assert statuses(inv, "sagemaker_endpoint_config_multi_instance") == {"single": Status.FAIL}
    assert_calls_declared(inv)
    with deny("DescribeNotebookInstance", "DescribeModel", "ListEndpointConfigs"):
        inv = mock_scan(["sagemaker"], regions=[REGION])
    assert statuses(inv, "sagemaker_notebook_root_access") == {"open-nb": Status.ERROR}
    assert statuses(inv, "sagemaker_model_network_isolation") == {"isolated": Status.ERROR}
    assert inv.of_type(SageMakerModel) and not inv.of_type(SageMakerEndpointConfig)
    assert set(statuses(inv, "sagemaker_endpoint_config_kms").values()) == {Status.ERROR}


def test_cognito(mock_scan, deny) -> None:
    idp = boto3.client("cognito-idp", region_name=REGION)
    weak = idp.create_user_pool(PoolName="weak", Policies={"PasswordPolicy": {"MinimumLength": 6}})["UserPool"]
    identity = boto3.client("cognito-identity", region_name=REGION)
    guest = identity.create_identity_pool(IdentityPoolName="guests", AllowUnauthenticatedIdentities=True)
    inv = mock_scan(["cognito"], regions=[REGION])
    assert inv.gaps == []
    pool = inv.get(CognitoUserPool, weak["Id"])
    assert pool is not None and pool.password_min_length == 6 and pool.arn == weak["Arn"]
    assert statuses(inv, "cognito_user_pool_mfa") == {weak["Id"]: Status.FAIL}
    assert statuses(inv, "cognito_user_pool_password_policy") == {weak["Id"]: Status.FAIL}
    assert statuses(inv, "cognito_user_pool_threat_protection") == {weak["Id"]: Status.FAIL}
    identity_pool = inv.get(CognitoIdentityPool, guest["IdentityPoolId"])
    assert identity_pool is not None and identity_pool.allow_unauthenticated
    assert statuses(inv, "cognito_identity_pool_unauthenticated") == {guest["IdentityPoolId"]: Status.FAIL}
    assert_calls_declared(inv)
    with deny("DescribeUserPool", "ListIdentityPools"):
        inv = mock_scan(["cognito"], regions=[REGION])
    assert statuses(inv, "cognito_user_pool_mfa") == {weak["Id"]: Status.ERROR}
    assert set(statuses(inv, "cognito_identity_pool_unauthenticated").values()) == {Status.ERROR}


def test_athena_dms_msk(mock_scan, deny) -> None:
    boto3.client("athena", region_name=REGION).create_work_group(
        Name="encrypted", Configuration={"ResultConfiguration": {
            "OutputLocation": "s3://results/", "EncryptionConfiguration": {"EncryptionOption": "SSE_S3"}}})
    dms = boto3.client("dms", region_name=REGION)
    dms.create_replication_instance(ReplicationInstanceIdentifier="public-ri",
                                    ReplicationInstanceClass="dms.t3.micro", PubliclyAccessible=True)
    dms.create_endpoint(EndpointIdentifier="pg-source", EndpointType="source", EngineName="postgres",
                        ServerName="db.internal", Port=5432, DatabaseName="app", Username="u", Password="p",
                        SslMode="require")
    kafka = boto3.client("kafka", region_name=REGION)
    # CreateCluster, not CreateClusterV2: moto drops a V2 cluster's EncryptionInfo
    kafka.create_cluster(
        ClusterName="events", KafkaVersion="3.5.1", NumberOfBrokerNodes=2,
        BrokerNodeGroupInfo={"InstanceType": "kafka.m5.large", "ClientSubnets": ["subnet-1", "subnet-2"]},
        EncryptionInfo={"EncryptionInTransit": {"InCluster": True, "ClientBroker": "TLS_PLAINTEXT"}})
    inv = mock_scan(["athena", "dms", "msk"], regions=[REGION])
    assert inv.gaps == []
    assert statuses(inv, "athena_workgroup_encrypted") == {"encrypted": Status.PASS, "primary": Status.FAIL}
    assert inv.get(AthenaWorkGroup, "encrypted") is not None
    instance = inv.get(DmsReplicationInstance, "public-ri")
    assert instance is not None and instance.public_ips == ["54.0.0.1"]
    assert statuses(inv, "dms_replication_instance_public") == {"public-ri": Status.FAIL}
    endpoint = inv.get(DmsEndpoint, "pg-source")
    assert endpoint is not None and endpoint.endpoint_type == "SOURCE"
    cluster = inv.get(MskCluster, "events")
    assert cluster is not None and cluster.client_broker == "TLS_PLAINTEXT"
    assert statuses(inv, "msk_cluster_client_tls") == {"events": Status.FAIL}
    assert statuses(inv, "msk_cluster_in_cluster_encryption") == {"events": Status.PASS}
    assert_calls_declared(inv)
    with deny("GetWorkGroup", "DescribeReplicationInstances", "ListClustersV2"):
        inv = mock_scan(["athena", "dms", "msk"], regions=[REGION])
    assert set(statuses(inv, "athena_workgroup_encrypted").values()) == {Status.ERROR}
    assert set(statuses(inv, "dms_replication_instance_public").values()) == {Status.ERROR}
    assert set(statuses(inv, "msk_cluster_public_access").values()) == {Status.ERROR}


def test_dms_task_settings_in_aws_shape(mock_scan) -> None:
    """moto does not keep task settings faithfully: answer DescribeReplicationTasks as AWS does."""
    settings = {"Logging": {"EnableLogging": True, "LogComponents": [
        {"Id": "SOURCE_CAPTURE", "Severity": "LOGGER_SEVERITY_DEFAULT"},
        {"Id": "SOURCE_UNLOAD", "Severity": "LOGGER_SEVERITY_DEBUG"},
        {"Id": "TARGET_APPLY", "Severity": "LOGGER_SEVERITY_WARNING"},
        {"Id": "TARGET_LOAD", "Severity": "LOGGER_SEVERITY_DEFAULT"}]}}
    task = {"ReplicationTaskIdentifier": "cdc", "MigrationType": "cdc", "Status": "running",
            "ReplicationTaskArn": f"arn:aws:dms:{REGION}:123456789012:task:ABC",
            "ReplicationTaskSettings": json.dumps(settings)}
    with answered({"DescribeReplicationTasks": {"ReplicationTasks": [task]}}):
        inv = mock_scan(["dms"], regions=[REGION])
    recorded = inv.get(DmsReplicationTask, "cdc")
    assert recorded is not None and recorded.log_components["TARGET_APPLY"] == "LOGGER_SEVERITY_WARNING"
    assert statuses(inv, "dms_replication_task_source_logging") == {"cdc": Status.PASS}
    assert statuses(inv, "dms_replication_task_target_logging") == {"cdc": Status.FAIL}


def make_environment() -> None:
    beanstalk = boto3.client("elasticbeanstalk", region_name=REGION)
    beanstalk.create_application(ApplicationName="shop")
    beanstalk.create_environment(ApplicationName="shop", EnvironmentName="shop-prod",
                                 SolutionStackName="64bit Amazon Linux 2023 v4.0.0 running Python 3.11")


def test_elasticbeanstalk_settings_gap_in_moto(mock_scan) -> None:
    make_environment()
    inv = mock_scan(["elasticbeanstalk"], regions=[REGION])
    environment = inv.get(ElasticBeanstalkEnvironment, "shop-prod")
    assert environment is not None and "NotImplemented" in environment.unknown["stream_logs"]
    assert [(g.api, g.error, g.resource) for g in inv.gaps] == [
        ("DescribeConfigurationSettings", "NotImplemented", "shop-prod")]
    assert statuses(inv, "elasticbeanstalk_environment_cloudwatch_logs") == {"shop-prod": Status.ERROR}
    assert_calls_declared(inv)


def test_elasticbeanstalk_settings_in_aws_shape(mock_scan) -> None:
    make_environment()
    options = [
        {"Namespace": "aws:elasticbeanstalk:healthreporting:system", "OptionName": "SystemType",
         "Value": "enhanced"},
        {"Namespace": "aws:elasticbeanstalk:managedactions", "OptionName": "ManagedActionsEnabled", "Value": "false"},
        {"Namespace": "aws:elasticbeanstalk:cloudwatch:logs", "OptionName": "StreamLogs", "Value": "true"},
    ]
    reply = {"ConfigurationSettings": [{"ApplicationName": "shop", "EnvironmentName": "shop-prod",
                                        "DeploymentStatus": "deployed", "OptionSettings": options}]}
    with answered({"DescribeConfigurationSettings": reply}):
        inv = mock_scan(["elasticbeanstalk"], regions=[REGION])
    assert inv.gaps == []
    assert statuses(inv, "elasticbeanstalk_environment_enhanced_health") == {"shop-prod": Status.PASS}
    assert statuses(inv, "elasticbeanstalk_environment_managed_updates") == {"shop-prod": Status.FAIL}
    assert statuses(inv, "elasticbeanstalk_environment_cloudwatch_logs") == {"shop-prod": Status.PASS}
