"""Every devtools rule judged on a passing and a failing resource built directly; unread data never passes."""

from __future__ import annotations

from typing import Any

import pytest

from ssrm.engine import judge
from ssrm.model import Inventory, Resource, Status
from ssrm.model.resources.devtools.athena import AthenaWorkGroup
from ssrm.model.resources.devtools.codebuild import CodeBuildProject, CodeBuildReportGroup
from ssrm.model.resources.devtools.cognito import CognitoIdentityPool, CognitoUserPool
from ssrm.model.resources.devtools.dms import DmsEndpoint, DmsReplicationInstance, DmsReplicationTask
from ssrm.model.resources.devtools.elasticbeanstalk import ElasticBeanstalkEnvironment
from ssrm.model.resources.devtools.emr import EmrBlockPublicAccess, EmrCluster
from ssrm.model.resources.devtools.glue import GlueDataCatalogEncryption, GlueJob, GlueSecurityConfiguration
from ssrm.model.resources.devtools.msk import MskCluster
from ssrm.model.resources.devtools.sagemaker import (
    SageMakerEndpointConfig,
    SageMakerModel,
    SageMakerNotebookInstance,
)
from ssrm.model.resources.devtools.workloads import CloudFormationStack
from ssrm.rules import devtools as devtools_rules
from ssrm.rules.catalog import rules_in
from tests.rule_cases import assert_passes_and_fails

ACCOUNT = "123456789012"
RULES = {r.id: r for r in rules_in(devtools_rules.MODULES)}
STRONG_PASSWORDS = {"password_min_length": 12, "password_require_uppercase": True,
                    "password_require_lowercase": True, "password_require_numbers": True,
                    "password_require_symbols": True}
DEFAULT = "LOGGER_SEVERITY_DEFAULT"


def make(cls: type[Resource], **fields: Any) -> Resource:
    return cls(arn=f"arn:aws:x:us-east-1:{ACCOUNT}:r", id="r", name="r", account=ACCOUNT, region="us-east-1",
               **fields)


def project(**fields: Any) -> Resource:
    return make(CodeBuildProject, **fields)


def task(**components: str) -> Resource:
    return make(DmsReplicationTask, logging_enabled=True, log_components=components)


CASES: dict[str, tuple[Resource, Resource]] = {  # rule id -> (passing, failing)
    "cloudformation_stack_sns_notifications": (
        make(CloudFormationStack, notification_arns=[f"arn:aws:sns:us-east-1:{ACCOUNT}:stack-events"]),
        make(CloudFormationStack)),
    "codebuild_project_source_url_credentials": (
        project(), project(source_credential_hints=["BITBUCKET URL ci:…@bitbucket.org"])),
    "codebuild_project_env_plaintext_secrets": (
        project(), project(env_secret_hints=["password or token in project variable DB_PASSWORD (DB_PASSWORD=…)"])),
    "codebuild_project_s3_logs_encrypted": (
        project(s3_logs_enabled=True), project(s3_logs_enabled=True, s3_logs_encryption_disabled=True)),
    "codebuild_project_logging_configured": (project(cloudwatch_logs_enabled=True), project()),
    "codebuild_project_privileged_mode": (project(), project(privileged_mode=True)),
    "codebuild_project_artifacts_encrypted": (
        project(artifacts_type="S3"), project(artifacts_type="S3", artifacts_encryption_disabled=True)),
    "codebuild_report_group_export_encrypted": (
        make(CodeBuildReportGroup, export_type="S3", export_bucket="b"),
        make(CodeBuildReportGroup, export_type="S3", export_bucket="b", export_encryption_disabled=True)),
    "glue_job_security_configuration": (make(GlueJob, security_configuration="enc"), make(GlueJob)),
    "glue_security_configuration_s3_encryption": (
        make(GlueSecurityConfiguration, s3_encryption_mode="SSE-KMS"), make(GlueSecurityConfiguration)),
    "glue_security_configuration_cloudwatch_encryption": (
        make(GlueSecurityConfiguration, cloudwatch_encryption_mode="SSE-KMS"), make(GlueSecurityConfiguration)),
    "glue_security_configuration_bookmark_encryption": (
        make(GlueSecurityConfiguration, job_bookmarks_encryption_mode="CSE-KMS"), make(GlueSecurityConfiguration)),
    "glue_data_catalog_encrypted": (
        make(GlueDataCatalogEncryption, catalog_encryption_mode="SSE-KMS"), make(GlueDataCatalogEncryption)),
    "glue_connection_passwords_encrypted": (
        make(GlueDataCatalogEncryption, connection_password_encrypted=True), make(GlueDataCatalogEncryption)),
    "sagemaker_notebook_direct_internet": (
        make(SageMakerNotebookInstance, direct_internet_access=False), make(SageMakerNotebookInstance)),
    "sagemaker_notebook_in_vpc": (
        make(SageMakerNotebookInstance, subnet_id="subnet-1"), make(SageMakerNotebookInstance)),
    "sagemaker_notebook_root_access": (
        make(SageMakerNotebookInstance, root_access=False), make(SageMakerNotebookInstance)),
    "sagemaker_notebook_kms": (make(SageMakerNotebookInstance, kms_key_id="k"), make(SageMakerNotebookInstance)),
    "sagemaker_endpoint_config_multi_instance": (
        make(SageMakerEndpointConfig, instance_variants=[("a", 2), ("b", 3)]),
        make(SageMakerEndpointConfig, instance_variants=[("a", 2), ("b", 1)])),
    "sagemaker_endpoint_config_kms": (make(SageMakerEndpointConfig, kms_key_id="k"), make(SageMakerEndpointConfig)),
    "sagemaker_model_network_isolation": (make(SageMakerModel, network_isolation=True), make(SageMakerModel)),
    "cognito_user_pool_threat_protection": (
        make(CognitoUserPool, advanced_security_mode="ENFORCED"),
        make(CognitoUserPool, advanced_security_mode="AUDIT")),
    "cognito_user_pool_mfa": (make(CognitoUserPool, mfa_configuration="ON"), make(CognitoUserPool)),
    "cognito_user_pool_password_policy": (
        make(CognitoUserPool, **STRONG_PASSWORDS),
        make(CognitoUserPool, **{**STRONG_PASSWORDS, "password_require_symbols": False})),
    "cognito_identity_pool_unauthenticated": (
        make(CognitoIdentityPool), make(CognitoIdentityPool, allow_unauthenticated=True)),
    "cognito_identity_pool_classic_flow": (
        make(CognitoIdentityPool), make(CognitoIdentityPool, allow_classic_flow=True)),
    "athena_workgroup_encrypted": (make(AthenaWorkGroup, encryption_option="SSE_KMS"), make(AthenaWorkGroup)),
    "athena_workgroup_enforce_configuration": (
        make(AthenaWorkGroup, enforce_configuration=True), make(AthenaWorkGroup)),
    "dms_replication_instance_public": (
        make(DmsReplicationInstance), make(DmsReplicationInstance, publicly_accessible=True, public_ips=["54.0.0.1"])),
    "dms_replication_instance_auto_minor_upgrade": (
        make(DmsReplicationInstance, auto_minor_version_upgrade=True), make(DmsReplicationInstance)),
    "dms_replication_instance_multi_az": (make(DmsReplicationInstance, multi_az=True), make(DmsReplicationInstance)),
    "dms_endpoint_ssl": (make(DmsEndpoint, engine="postgres", ssl_mode="verify-full"),
                         make(DmsEndpoint, engine="postgres", endpoint_type="SOURCE")),
    "dms_replication_task_target_logging": (
        task(TARGET_APPLY=DEFAULT, TARGET_LOAD="LOGGER_SEVERITY_DEBUG"), task(TARGET_APPLY=DEFAULT)),
    "dms_replication_task_source_logging": (
        task(SOURCE_CAPTURE=DEFAULT, SOURCE_UNLOAD=DEFAULT),
        task(SOURCE_CAPTURE="LOGGER_SEVERITY_ERROR", SOURCE_UNLOAD=DEFAULT)),
    "msk_cluster_in_cluster_encryption": (make(MskCluster), make(MskCluster, in_cluster_tls=False)),
    "msk_cluster_client_tls": (make(MskCluster), make(MskCluster, client_broker="TLS_PLAINTEXT")),
    "msk_cluster_public_access": (make(MskCluster), make(MskCluster, public_access="SERVICE_PROVIDED_EIPS")),
    "emr_cluster_primary_no_public_ip": (make(EmrCluster), make(EmrCluster, master_public_dns="ec2-1.amazonaws.com")),
    "emr_block_public_access_enabled": (make(EmrBlockPublicAccess, enabled=True, permitted_ports=("22",)),
                                        make(EmrBlockPublicAccess)),
    "msk_cluster_unauthenticated_access": (make(MskCluster), make(MskCluster, unauthenticated_access=True)),
    "msk_cluster_enhanced_monitoring": (make(MskCluster, enhanced_monitoring="PER_BROKER"), make(MskCluster)),
    "elasticbeanstalk_environment_enhanced_health": (
        make(ElasticBeanstalkEnvironment, health_reporting="enhanced"), make(ElasticBeanstalkEnvironment)),
    "elasticbeanstalk_environment_managed_updates": (
        make(ElasticBeanstalkEnvironment, managed_updates=True), make(ElasticBeanstalkEnvironment)),
    "elasticbeanstalk_environment_cloudwatch_logs": (
        make(ElasticBeanstalkEnvironment, stream_logs=True), make(ElasticBeanstalkEnvironment)),
}


def inventory(*resources: Resource) -> Inventory:
    inv = Inventory(account=ACCOUNT, regions=["us-east-1"])
    inv.add(resources)
    return inv


def test_every_rule_has_cases() -> None:
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_and_fails(rule_id: str) -> None:
    good, bad = CASES[rule_id]
    assert_passes_and_fails(RULES[rule_id], good, bad, inventory)


@pytest.mark.parametrize("rule_id", sorted(r for r in CASES if RULES[r].needs))
def test_unread_fields_give_error_never_pass(rule_id: str) -> None:
    rule = RULES[rule_id]
    good, _ = CASES[rule_id]
    unread = good.model_copy(update={"unknown": dict.fromkeys(rule.needs, "AccessDenied: not authorized")})
    assert judge(rule, unread, inventory(unread)).status is Status.ERROR


def test_not_applicable_cases() -> None:
    cases = [
        ("codebuild_project_s3_logs_encrypted", project()),
        ("codebuild_project_artifacts_encrypted", project()),
        ("codebuild_report_group_export_encrypted", make(CodeBuildReportGroup)),
        ("sagemaker_endpoint_config_multi_instance", make(SageMakerEndpointConfig)),
        ("dms_endpoint_ssl", make(DmsEndpoint, engine="s3")),
        ("msk_cluster_enhanced_monitoring", make(MskCluster, cluster_type="SERVERLESS")),
    ]
    for rule_id, resource in cases:
        assert judge(RULES[rule_id], resource, inventory(resource)).status is Status.NOT_APPLICABLE, rule_id


def test_logging_off_fails_whatever_the_components() -> None:
    off = make(DmsReplicationTask, logging_enabled=False, log_components={"SOURCE_CAPTURE": DEFAULT,
                                                                          "SOURCE_UNLOAD": DEFAULT})
    verdict = judge(RULES["dms_replication_task_source_logging"], off, inventory(off))
    assert verdict.status is Status.FAIL and "logging disabled" in verdict.reason
