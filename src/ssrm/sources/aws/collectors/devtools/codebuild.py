"""CodeBuild: projects (BatchGetProjects, 100 names a call) and report groups (BatchGetReportGroups).

Shapes: CodeBuild API reference, ``Project`` (source, secondarySources, environment.environmentVariables,
logsConfig, artifacts) and ``ReportGroup`` (exportConfig.s3Destination).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ssrm.model.resources.devtools.codebuild import CodeBuildProject, CodeBuildReportGroup
from ssrm.model.secrets import find_secrets_in_env
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.devtools._shared import chunks, tag_dict
from ssrm.sources.aws.context import CollectContext

PROJECT = CodeBuildProject.resource_type
REPORT_GROUP = CodeBuildReportGroup.resource_type
BATCH = 100
PROJECT_DETAIL = ("source_credential_hints", "env_secret_hints", "privileged_mode", "cloudwatch_logs_enabled",
                  "s3_logs_enabled", "s3_logs_encryption_disabled", "artifacts_type", "artifacts_encryption_disabled")
REPORT_DETAIL = ("export_type", "export_encryption_disabled")


def collect(ctx: CollectContext) -> None:
    names = ctx.pages("list_projects", "projects", resource_types=(PROJECT,))
    for batch in chunks(names or [], BATCH):
        reply = ctx.call("batch_get_projects", names=batch)  # a failure leaves each project unknown
        found = {p["name"]: p for p in reply.get("projects") or [] if p.get("name")}
        for name in batch:
            if name in found:
                ctx.add(project_of(ctx, found[name]))
            elif not reply.ok:
                ctx.add(CodeBuildProject(arn=ctx.arn("codebuild", f"project/{name}"), id=name, name=name,
                                         account=ctx.account, region=ctx.region,
                                         unknown=dict.fromkeys(PROJECT_DETAIL, reply.reason)))
    arns = ctx.pages("list_report_groups", "reportGroups", resource_types=(REPORT_GROUP,))
    for batch in chunks(arns or [], BATCH):
        reply = ctx.call("batch_get_report_groups", reportGroupArns=batch)
        found = {g["arn"]: g for g in reply.get("reportGroups") or [] if g.get("arn")}
        for arn in batch:
            if arn in found:
                ctx.add(report_group_of(ctx, found[arn]))
            elif not reply.ok:
                name = arn.rsplit("/", 1)[-1]
                ctx.add(CodeBuildReportGroup(arn=arn, id=name, name=name, account=ctx.account, region=ctx.region,
                                             unknown=dict.fromkeys(REPORT_DETAIL, reply.reason)))


def url_credentials(location: str) -> str | None:
    """A redacted hint when a repository URL carries a password or token (https://user:token@host/...)."""
    if "://" not in location:
        return None
    try:
        parts = urlsplit(location)
    except ValueError:
        return None
    if parts.password:
        return f"{parts.username or ''}:…@{parts.hostname or ''}"
    return None


def source_hints(project: dict[str, Any]) -> list[str]:
    sources = [project.get("source") or {}, *(project.get("secondarySources") or [])]
    hints = []
    for source in sources:
        hint = url_credentials(str(source.get("location") or ""))
        if hint:
            hints.append(f"{source.get('type', 'source')} URL {hint}")
    return hints


def env_hints(project: dict[str, Any]) -> list[str]:
    """Only PLAINTEXT variables: PARAMETER_STORE and SECRETS_MANAGER values are references, not secrets."""
    variables = (project.get("environment") or {}).get("environmentVariables") or []
    plain = {str(v.get("name")): str(v.get("value") or "") for v in variables
             if v.get("name") and v.get("type", "PLAINTEXT") == "PLAINTEXT"}
    return [hint.describe() for hint in find_secrets_in_env(plain, "project")]


def project_of(ctx: CollectContext, project: dict[str, Any]) -> CodeBuildProject:
    name = project["name"]
    logs = project.get("logsConfig") or {}
    s3_logs = logs.get("s3Logs") or {}
    artifacts = project.get("artifacts") or {}
    secondary = project.get("secondaryArtifacts") or []
    return CodeBuildProject(
        arn=project.get("arn") or ctx.arn("codebuild", f"project/{name}"), id=name, name=name,
        account=ctx.account, region=ctx.region, tags=tag_dict(project.get("tags"), "key", "value"),
        source_type=(project.get("source") or {}).get("type", ""), source_credential_hints=source_hints(project),
        env_secret_hints=env_hints(project),
        privileged_mode=bool((project.get("environment") or {}).get("privilegedMode")),
        # CloudWatch Logs is on unless explicitly disabled; S3 logs are off unless enabled.
        cloudwatch_logs_enabled=(logs.get("cloudWatchLogs") or {}).get("status", "ENABLED") == "ENABLED",
        s3_logs_enabled=s3_logs.get("status") == "ENABLED",
        s3_logs_encryption_disabled=bool(s3_logs.get("encryptionDisabled")),
        artifacts_type=artifacts.get("type", "NO_ARTIFACTS"),
        artifacts_encryption_disabled=any(bool(a.get("encryptionDisabled")) for a in [artifacts, *secondary]),
        encryption_key=project.get("encryptionKey"), service_role=project.get("serviceRole"),
        vpc_id=(project.get("vpcConfig") or {}).get("vpcId"),
    )


def report_group_of(ctx: CollectContext, group: dict[str, Any]) -> CodeBuildReportGroup:
    name = group.get("name") or group["arn"].rsplit("/", 1)[-1]
    export = group.get("exportConfig") or {}
    s3 = export.get("s3Destination") or {}
    return CodeBuildReportGroup(
        arn=group["arn"], id=name, name=name, account=ctx.account, region=ctx.region,
        tags=tag_dict(group.get("tags"), "key", "value"), report_type=group.get("type", ""),
        export_type=export.get("exportConfigType", "NO_EXPORT"), export_bucket=s3.get("bucket"),
        export_encryption_disabled=bool(s3.get("encryptionDisabled")), export_encryption_key=s3.get("encryptionKey"),
    )


COLLECTOR = Collector(
    name="codebuild",
    client="codebuild",
    scope="regional",
    resource_types=(PROJECT, REPORT_GROUP),
    actions=("codebuild:ListProjects", "codebuild:BatchGetProjects", "codebuild:ListReportGroups",
             "codebuild:BatchGetReportGroups"),
    collect=collect,
    title="CodeBuild",
)
