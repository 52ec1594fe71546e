"""CodeBuild projects and report groups."""

from __future__ import annotations

from pydantic import Field

from ssrm.model.resource import Resource, resource_type


@resource_type
class CodeBuildProject(Resource):
    resource_type = "AWS::CodeBuild::Project"
    service = "codebuild"

    source_type: str = ""
    # Source locations (primary and secondary) that embed credentials: only redacted hints, never the secret.
    source_credential_hints: list[str] = Field(default_factory=list)
    # Plaintext environment variables that look like credentials: redacted hints ("password or token in ...").
    env_secret_hints: list[str] = Field(default_factory=list)
    privileged_mode: bool = False
    cloudwatch_logs_enabled: bool = False
    s3_logs_enabled: bool = False
    s3_logs_encryption_disabled: bool = False
    artifacts_type: str = "NO_ARTIFACTS"
    artifacts_encryption_disabled: bool = False
    encryption_key: str | None = None
    service_role: str | None = None
    vpc_id: str | None = None


@resource_type
class CodeBuildReportGroup(Resource):
    resource_type = "AWS::CodeBuild::ReportGroup"
    service = "codebuild"

    report_type: str = ""
    export_type: str = "NO_EXPORT"  # S3 or NO_EXPORT
    export_bucket: str | None = None
    export_encryption_disabled: bool = False
    export_encryption_key: str | None = None
