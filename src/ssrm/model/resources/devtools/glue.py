"""Glue jobs, security configurations, connections and the per-region Data Catalog encryption settings."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class GlueJob(Resource):
    resource_type = "AWS::Glue::Job"
    service = "glue"

    role: str = ""
    security_configuration: str | None = None
    glue_version: str = ""


@resource_type
class GlueSecurityConfiguration(Resource):
    resource_type = "AWS::Glue::SecurityConfiguration"
    service = "glue"

    s3_encryption_mode: str = "DISABLED"  # DISABLED, SSE-KMS, SSE-S3
    cloudwatch_encryption_mode: str = "DISABLED"  # DISABLED, SSE-KMS
    job_bookmarks_encryption_mode: str = "DISABLED"  # DISABLED, CSE-KMS


@resource_type
class GlueDataCatalogEncryption(Resource):
    """One per account and region: how the Data Catalog's metadata and connection passwords are encrypted."""

    resource_type = "AWS::Glue::DataCatalogEncryptionSettings"
    service = "glue"

    catalog_encryption_mode: str = "DISABLED"  # DISABLED, SSE-KMS, SSE-KMS-WITH-SERVICE-ROLE
    catalog_kms_key: str | None = None
    connection_password_encrypted: bool = False
    connection_password_kms_key: str | None = None
