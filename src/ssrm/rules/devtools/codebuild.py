"""CodeBuild rules: credentials in source URLs and plaintext variables, privileged builds, logs, encryption."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.devtools.codebuild import CodeBuildProject, CodeBuildReportGroup
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule


@rule(
    id="codebuild_project_source_url_credentials", title="CodeBuild source repository URLs carry no credentials",
    resource_type=CodeBuildProject, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.CRITICAL,
    stage=Stage.INITIAL_ACCESS, attack=("T1552.001", "T1078.004"), phase=Phase.FOUNDATIONAL, smm="AS2.2",
    needs=("source_credential_hints",),
    remediation=Remediation(
        text="Remove the user:token from the repository URL, revoke the token, and connect the source with a "
             "CodeConnections connection or CodeBuild source credentials instead.",
        cli="aws codebuild update-project --name PROJECT --source type=BITBUCKET,"
            "location=https://bitbucket.org/ORG/REPO.git",
        terraform='resource "aws_codebuild_project" "this" {\n  source {\n    type     = "BITBUCKET"\n'
                  '    location = "https://bitbucket.org/ORG/REPO.git"\n  }\n}',
    ),
    references=("FSBP CodeBuild.1",),
    skips="credentials stored with import-source-credentials (kept by CodeBuild, not in the project)",
)
def source_url_credentials(project: CodeBuildProject, inv: Inventory) -> Verdict:
    """Anyone who can read the project (codebuild:BatchGetProjects) reads the token in its URL."""
    if project.source_credential_hints:
        return failed(f"{project.label}: credentials in {project.source_credential_hints[0]}")
    return passed("no credentials in source URLs")


@rule(
    id="codebuild_project_env_plaintext_secrets",
    description=("Plaintext environment variables are visible to anyone who can read the project, in the console, the "
                 "API and build logs."),
    title="CodeBuild environment variables hold no plaintext credentials",
    resource_type=CodeBuildProject, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.CRITICAL,
    stage=Stage.INITIAL_ACCESS, attack=("T1552.001", "T1078.004"), phase=Phase.FOUNDATIONAL, smm="AS2.2",
    needs=("env_secret_hints",),
    remediation=Remediation(
        text="Move the value to Secrets Manager or SSM Parameter Store and reference it with a SECRETS_MANAGER "
             "or PARAMETER_STORE variable; rotate the exposed credential.",
        cli="aws codebuild update-project --name PROJECT --environment file://environment.json",
        terraform='resource "aws_codebuild_project" "this" {\n  environment {\n    environment_variable {\n'
                  '      name  = "DB_PASSWORD"\n      type  = "SECRETS_MANAGER"\n'
                  '      value = "prod/db:password"\n    }\n  }\n}',
    ),
    references=("FSBP CodeBuild.2",),
    skips="PARAMETER_STORE and SECRETS_MANAGER variables (their values are references, not secrets)",
)
def env_plaintext_secrets(project: CodeBuildProject, inv: Inventory) -> Verdict:
    if project.env_secret_hints:
        more = f" and {len(project.env_secret_hints) - 1} more" if len(project.env_secret_hints) > 1 else ""
        return failed(f"{project.env_secret_hints[0]}{more}")
    return passed("no plaintext credentials in environment variables")


@rule(
    id="codebuild_project_s3_logs_encrypted", title="CodeBuild build logs written to S3 are encrypted",
    description=("Build logs can contain tokens, URLs and internal details; stored in S3 unencrypted they are exposed "
                 "to anyone who reaches the bucket."),
    resource_type=CodeBuildProject, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("s3_logs_enabled", "s3_logs_encryption_disabled"),
    remediation=Remediation(
        text="Turn encryption of S3 build logs back on (it is on unless disabled).",
        cli="aws codebuild update-project --name PROJECT --logs-config "
            "'s3Logs={status=ENABLED,location=BUCKET/prefix,encryptionDisabled=false}'",
        terraform='resource "aws_codebuild_project" "this" {\n  logs_config {\n    s3_logs {\n'
                  '      status              = "ENABLED"\n      location            = "bucket/prefix"\n'
                  '      encryption_disabled = false\n    }\n  }\n}',
    ),
    references=("FSBP CodeBuild.3",),
    skips="projects that do not write logs to S3 (NOT_APPLICABLE)",
)
def s3_logs_encrypted(project: CodeBuildProject, inv: Inventory) -> Verdict:
    if not project.s3_logs_enabled:
        return not_applicable("S3 logs are not enabled")
    if project.s3_logs_encryption_disabled:
        return failed(f"{project.label} writes S3 build logs with encryptionDisabled=true")
    return passed("S3 build logs are encrypted")


@rule(
    id="codebuild_project_logging_configured", title="CodeBuild projects send build logs to CloudWatch or S3",
    description=("Build logs show what each build ran and fetched; without them a compromised pipeline leaves no "
                 "evidence."),
    resource_type=CodeBuildProject, layer=Layer.APPS, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1562.008",), phase=Phase.QUICK_WINS, smm="TD1.2",
    needs=("cloudwatch_logs_enabled", "s3_logs_enabled"),
    remediation=Remediation(
        text="Enable CloudWatch Logs (or S3 logs) for the project so every build leaves a record.",
        cli="aws codebuild update-project --name PROJECT --logs-config 'cloudWatchLogs={status=ENABLED}'",
        terraform='resource "aws_codebuild_project" "this" {\n  logs_config {\n    cloudwatch_logs {\n'
                  '      status = "ENABLED"\n    }\n  }\n}',
    ),
    references=("FSBP CodeBuild.4",),
)
def logging_configured(project: CodeBuildProject, inv: Inventory) -> Verdict:
    if project.cloudwatch_logs_enabled:
        return passed("CloudWatch Logs enabled")
    if project.s3_logs_enabled:
        return passed("S3 logs enabled")
    return failed(f"{project.label} has both CloudWatch Logs and S3 logs disabled")


@rule(
    id="codebuild_project_privileged_mode", title="CodeBuild projects do not run builds in privileged mode",
    resource_type=CodeBuildProject, layer=Layer.APPS, domain=Domain.VULNERABILITY, severity=Severity.HIGH,
    stage=Stage.DISCOVER_SPREAD, attack=("T1525", "T1648"), phase=Phase.EFFICIENT, smm="VM3.2",
    needs=("privileged_mode",),
    remediation=Remediation(
        text="Turn privileged mode off unless the project builds Docker images; build images with a rootless "
             "builder (e.g. kaniko, buildah) where possible.",
        cli="aws codebuild update-project --name PROJECT --environment "
            "type=LINUX_CONTAINER,image=IMAGE,computeType=BUILD_GENERAL1_SMALL,privilegedMode=false",
        terraform='resource "aws_codebuild_project" "this" {\n  environment {\n'
                  '    privileged_mode = false\n  }\n}',
    ),
    references=("FSBP CodeBuild.5",),
    skips="whether the project genuinely needs Docker-in-Docker (an exception to mute, with its reason)",
)
def privileged_mode(project: CodeBuildProject, inv: Inventory) -> Verdict:
    """A privileged build container runs the Docker daemon as root: code in the build escapes the sandbox."""
    if project.privileged_mode:
        return failed(f"{project.label} runs builds with privilegedMode=true")
    return passed("privileged mode is off")


@rule(
    id="codebuild_project_artifacts_encrypted", title="CodeBuild build artifacts are encrypted",
    description=("Build artifacts are what gets deployed; unencrypted, they can be read and, with write access, "
                 "replaced with tampered builds."),
    resource_type=CodeBuildProject, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("artifacts_type", "artifacts_encryption_disabled"),
    remediation=Remediation(
        text="Turn artifact encryption back on (it is on unless disabled), ideally with a customer managed key.",
        cli="aws codebuild update-project --name PROJECT --artifacts type=S3,location=BUCKET,"
            "encryptionDisabled=false",
        terraform='resource "aws_codebuild_project" "this" {\n  artifacts {\n    type                = "S3"\n'
                  '    location            = "bucket"\n    encryption_disabled = false\n  }\n}',
    ),
    skips="projects without artifacts (NO_ARTIFACTS) and CodePipeline artifacts (encrypted by the pipeline)",
)
def artifacts_encrypted(project: CodeBuildProject, inv: Inventory) -> Verdict:
    if project.artifacts_encryption_disabled:
        return failed(f"{project.label} writes {project.artifacts_type} artifacts with encryptionDisabled=true")
    if project.artifacts_type == "NO_ARTIFACTS":
        return not_applicable("the project produces no artifacts")
    return passed(f"{project.artifacts_type} artifacts are encrypted")


@rule(
    id="codebuild_report_group_export_encrypted", title="CodeBuild report group exports are encrypted at rest",
    description=("Exported test and coverage reports reveal code structure and sometimes data; encryption keeps them "
                 "protected at rest."),
    resource_type=CodeBuildReportGroup, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("export_type", "export_encryption_disabled"),
    remediation=Remediation(
        text="Export test reports to S3 with encryption on (encryptionDisabled=false), with a KMS key.",
        cli="aws codebuild update-report-group --arn REPORT_GROUP_ARN --export-config "
            "'exportConfigType=S3,s3Destination={bucket=BUCKET,encryptionDisabled=false,encryptionKey=KEY_ARN}'",
        terraform='resource "aws_codebuild_report_group" "this" {\n  export_config {\n    type = "S3"\n'
                  '    s3_destination {\n      bucket              = "bucket"\n'
                  '      encryption_disabled = false\n      encryption_key      = aws_kms_key.reports.arn\n'
                  '    }\n  }\n}',
    ),
    references=("FSBP CodeBuild.7",),
    skips="report groups that do not export (NO_EXPORT: results stay in CodeBuild)",
)
def report_group_export_encrypted(group: CodeBuildReportGroup, inv: Inventory) -> Verdict:
    if group.export_type != "S3":
        return not_applicable(f"reports are not exported ({group.export_type})")
    if group.export_encryption_disabled:
        return failed(f"report group {group.label} exports to s3://{group.export_bucket or '?'} unencrypted")
    return passed("exports are encrypted")
