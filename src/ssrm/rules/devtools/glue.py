"""Glue rules: jobs run under a security configuration that encrypts, and the Data Catalog is encrypted."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.devtools.glue import GlueDataCatalogEncryption, GlueJob, GlueSecurityConfiguration
from ssrm.rules.base import Verdict, failed, passed, rule

CONFIGURATION_CLI = ("aws glue create-security-configuration --name encrypted --encryption-configuration "
                     "'S3Encryption=[{S3EncryptionMode=SSE-KMS,KmsKeyArn=KEY_ARN}],"
                     "CloudWatchEncryption={CloudWatchEncryptionMode=SSE-KMS,KmsKeyArn=KEY_ARN},"
                     "JobBookmarksEncryption={JobBookmarksEncryptionMode=CSE-KMS,KmsKeyArn=KEY_ARN}'")


def configuration_terraform(block: str) -> str:
    return ('resource "aws_glue_security_configuration" "this" {\n  name = "encrypted"\n'
            f'  encryption_configuration {{\n{block}  }}\n}}')


@rule(
    id="glue_job_security_configuration", title="Glue jobs run with a security configuration",
    resource_type=GlueJob, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Create a security configuration that encrypts S3 output, logs and bookmarks, and attach it to "
             "the job.",
        cli="aws glue update-job --job-name JOB --job-update "
            "'Role=ROLE_ARN,Command={Name=glueetl,ScriptLocation=s3://bucket/script.py},"
            "SecurityConfiguration=encrypted'",
        terraform='resource "aws_glue_job" "this" {\n  security_configuration = '
                  'aws_glue_security_configuration.this.name\n}',
    ),
    skips="what the attached configuration encrypts (judged on the security configuration itself)",
)
def job_security_configuration(job: GlueJob, inv: Inventory) -> Verdict:
    """Without one, the job writes S3 data, CloudWatch logs and bookmarks with no encryption it controls."""
    if job.security_configuration:
        return passed(f"security configuration {job.security_configuration}")
    return failed(f"job {job.label} runs without a security configuration")


@rule(
    id="glue_security_configuration_s3_encryption",
    description="Glue jobs write transformed data to S3; encryption keeps the output as protected as its source.",
    title="Glue security configurations encrypt data written to S3",
    resource_type=GlueSecurityConfiguration, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Security configurations cannot be edited: create one with S3 encryption (SSE-KMS) and move the "
             "jobs, crawlers and endpoints to it.",
        cli=CONFIGURATION_CLI,
        terraform=configuration_terraform('    s3_encryption {\n      s3_encryption_mode = "SSE-KMS"\n'
                                          '      kms_key_arn        = aws_kms_key.glue.arn\n    }\n'),
    ),
)
def configuration_s3_encryption(configuration: GlueSecurityConfiguration, inv: Inventory) -> Verdict:
    if configuration.s3_encryption_mode == "DISABLED":
        return failed(f"security configuration {configuration.label} has S3 encryption DISABLED")
    return passed(f"S3 encryption {configuration.s3_encryption_mode}")


@rule(
    id="glue_security_configuration_cloudwatch_encryption",
    description=("Job logs can include data samples and connection details; encrypting them protects that content in "
                 "CloudWatch."),
    title="Glue security configurations encrypt CloudWatch logs",
    resource_type=GlueSecurityConfiguration, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Create a security configuration with CloudWatch encryption SSE-KMS (the key policy must allow "
             "the logs service) and move the jobs to it.",
        cli=CONFIGURATION_CLI,
        terraform=configuration_terraform('    cloudwatch_encryption {\n'
                                          '      cloudwatch_encryption_mode = "SSE-KMS"\n'
                                          '      kms_key_arn                = aws_kms_key.glue.arn\n    }\n'),
    ),
)
def configuration_cloudwatch_encryption(configuration: GlueSecurityConfiguration, inv: Inventory) -> Verdict:
    if configuration.cloudwatch_encryption_mode == "DISABLED":
        return failed(f"security configuration {configuration.label} has CloudWatch encryption DISABLED")
    return passed(f"CloudWatch encryption {configuration.cloudwatch_encryption_mode}")


@rule(
    id="glue_security_configuration_bookmark_encryption",
    description=("Job bookmarks record what data a job processed; encrypted, they reveal nothing to someone who "
                 "reaches the store."),
    title="Glue security configurations encrypt job bookmarks",
    resource_type=GlueSecurityConfiguration, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Create a security configuration with job bookmark encryption CSE-KMS and move the jobs to it.",
        cli=CONFIGURATION_CLI,
        terraform=configuration_terraform('    job_bookmarks_encryption {\n'
                                          '      job_bookmarks_encryption_mode = "CSE-KMS"\n'
                                          '      kms_key_arn                   = aws_kms_key.glue.arn\n    }\n'),
    ),
)
def configuration_bookmark_encryption(configuration: GlueSecurityConfiguration, inv: Inventory) -> Verdict:
    if configuration.job_bookmarks_encryption_mode == "DISABLED":
        return failed(f"security configuration {configuration.label} has job bookmark encryption DISABLED")
    return passed(f"job bookmark encryption {configuration.job_bookmarks_encryption_mode}")


CATALOG_CLI = ("aws glue put-data-catalog-encryption-settings --data-catalog-encryption-settings "
               "'EncryptionAtRest={CatalogEncryptionMode=SSE-KMS,SseAwsKmsKeyId=KEY_ARN},"
               "ConnectionPasswordEncryption={ReturnConnectionPasswordEncrypted=true,AwsKmsKeyId=KEY_ARN}'")
CATALOG_TERRAFORM = ('resource "aws_glue_data_catalog_encryption_settings" "this" {\n'
                     '  data_catalog_encryption_settings {\n    encryption_at_rest {\n'
                     '      catalog_encryption_mode = "SSE-KMS"\n      sse_aws_kms_key_id      = aws_kms_key.glue.arn\n'
                     '    }\n    connection_password_encryption {\n'
                     '      return_connection_password_encrypted = true\n'
                     '      aws_kms_key_id                       = aws_kms_key.glue.arn\n    }\n  }\n}')


@rule(
    id="glue_data_catalog_encrypted", title="Glue Data Catalog metadata is encrypted at rest",
    description=("Catalog metadata describes every table and where its data lives; encryption keeps that map of your "
                 "data protected."),
    resource_type=GlueDataCatalogEncryption, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("catalog_encryption_mode",),
    remediation=Remediation(text="Encrypt the Data Catalog with a KMS key in every region that uses it.",
                            cli=CATALOG_CLI, terraform=CATALOG_TERRAFORM),
)
def data_catalog_encrypted(catalog: GlueDataCatalogEncryption, inv: Inventory) -> Verdict:
    if catalog.catalog_encryption_mode == "DISABLED":
        return failed(f"Data Catalog in {catalog.region} has CatalogEncryptionMode DISABLED")
    return passed(f"catalog encryption {catalog.catalog_encryption_mode}")


@rule(
    id="glue_connection_passwords_encrypted", title="Glue connection passwords are returned encrypted",
    resource_type=GlueDataCatalogEncryption, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.DISCOVER_SPREAD, attack=("T1552", "T1213.006"), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("connection_password_encrypted",),
    remediation=Remediation(
        text="Turn on connection password encryption so GetConnection returns database passwords encrypted "
             "with a KMS key that only the jobs' roles can use.",
        cli=CATALOG_CLI, terraform=CATALOG_TERRAFORM),
    skips="connections that authenticate with Secrets Manager (not distinguished)",
)
def connection_passwords_encrypted(catalog: GlueDataCatalogEncryption, inv: Inventory) -> Verdict:
    """Otherwise anyone allowed glue:GetConnection reads every stored database password in clear."""
    if catalog.connection_password_encrypted:
        return passed(f"connection passwords encrypted with {catalog.connection_password_kms_key or 'a KMS key'}")
    return failed(f"Data Catalog in {catalog.region} returns connection passwords in plaintext")
