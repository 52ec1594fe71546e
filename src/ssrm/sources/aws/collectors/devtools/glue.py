"""Glue: jobs, security configurations and the region's Data Catalog encryption settings.

Shapes: Glue API reference, ``Job.SecurityConfiguration``, ``SecurityConfiguration.EncryptionConfiguration``
and ``DataCatalogEncryptionSettings`` (EncryptionAtRest, ConnectionPasswordEncryption).
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.devtools.glue import GlueDataCatalogEncryption, GlueJob, GlueSecurityConfiguration
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

JOB = GlueJob.resource_type
SECURITY_CONFIGURATION = GlueSecurityConfiguration.resource_type
CATALOG = GlueDataCatalogEncryption.resource_type
CATALOG_FIELDS = ("catalog_encryption_mode", "connection_password_encrypted")


def collect(ctx: CollectContext) -> None:
    for job in ctx.pages("get_jobs", "Jobs", resource_types=(JOB,)) or []:
        ctx.add(job_of(ctx, job))
    configurations = ctx.pages("get_security_configurations", "SecurityConfigurations",
                               resource_types=(SECURITY_CONFIGURATION,))
    for configuration in configurations or []:
        ctx.add(security_configuration_of(ctx, configuration))
    ctx.add(catalog_encryption(ctx))


def job_of(ctx: CollectContext, job: dict[str, Any]) -> GlueJob:
    name = job["Name"]
    return GlueJob(arn=ctx.arn("glue", f"job/{name}"), id=name, name=name, account=ctx.account, region=ctx.region,
                   role=job.get("Role", ""), security_configuration=job.get("SecurityConfiguration") or None,
                   glue_version=job.get("GlueVersion", ""))


def security_configuration_of(ctx: CollectContext, configuration: dict[str, Any]) -> GlueSecurityConfiguration:
    name = configuration["Name"]
    encryption = configuration.get("EncryptionConfiguration") or {}
    s3_modes = [s.get("S3EncryptionMode", "DISABLED") for s in encryption.get("S3Encryption") or []]
    return GlueSecurityConfiguration(
        arn=ctx.arn("glue", f"securityConfiguration/{name}"), id=name, name=name, account=ctx.account,
        region=ctx.region,
        s3_encryption_mode=next((m for m in s3_modes if m != "DISABLED"), "DISABLED"),
        cloudwatch_encryption_mode=(encryption.get("CloudWatchEncryption") or {}).get(
            "CloudWatchEncryptionMode", "DISABLED"),
        job_bookmarks_encryption_mode=(encryption.get("JobBookmarksEncryption") or {}).get(
            "JobBookmarksEncryptionMode", "DISABLED"),
    )


def catalog_encryption(ctx: CollectContext) -> GlueDataCatalogEncryption:
    reply = ctx.call("get_data_catalog_encryption_settings", resource="data catalog")
    base: dict[str, Any] = {"arn": ctx.arn("glue", "catalog"), "id": f"{ctx.account}/{ctx.region}",
                            "name": f"Data Catalog {ctx.region}", "account": ctx.account, "region": ctx.region}
    if not reply.ok:
        return GlueDataCatalogEncryption(**base, unknown=dict.fromkeys(CATALOG_FIELDS, reply.reason))
    settings = reply.get("DataCatalogEncryptionSettings") or {}
    at_rest = settings.get("EncryptionAtRest") or {}
    passwords = settings.get("ConnectionPasswordEncryption") or {}
    return GlueDataCatalogEncryption(
        **base, catalog_encryption_mode=at_rest.get("CatalogEncryptionMode", "DISABLED"),
        catalog_kms_key=at_rest.get("SseAwsKmsKeyId"),
        connection_password_encrypted=bool(passwords.get("ReturnConnectionPasswordEncrypted")),
        connection_password_kms_key=passwords.get("AwsKmsKeyId"),
    )


COLLECTOR = Collector(
    name="glue",
    client="glue",
    scope="regional",
    resource_types=(JOB, SECURITY_CONFIGURATION, CATALOG),
    actions=("glue:GetJobs", "glue:GetSecurityConfigurations", "glue:GetDataCatalogEncryptionSettings"),
    collect=collect,
    title="Glue",
)
