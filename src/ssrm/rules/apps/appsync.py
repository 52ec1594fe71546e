"""AppSync rules: API caches encrypted at rest (FSBP AppSync.1), field-level logging (AppSync.2)."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.apps.appsync import AppSyncGraphqlApi
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule

LOGGING_LEVELS = ("ERROR", "INFO", "DEBUG", "ALL")  # every level but NONE logs resolver errors at least


@rule(
    id="appsync_api_cache_encrypted_at_rest", title="AppSync API caches are encrypted at rest",
    description=("The cache holds resolver results, often personal or business data; unencrypted, it is readable by "
                 "whoever reaches the underlying storage."),
    resource_type=AppSyncGraphqlApi, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1", needs=("cache",),
    remediation=Remediation(
        text="Encryption at rest is fixed when the cache is created: delete the cache and create it again with "
             "at-rest encryption on.",
        cli="aws appsync delete-api-cache --api-id API_ID && aws appsync create-api-cache --api-id API_ID --ttl 3600 "
            "--api-caching-behavior FULL_REQUEST_CACHING --type SMALL --at-rest-encryption-enabled",
        terraform='resource "aws_appsync_api_cache" "this" {\n  api_id                     = aws_appsync_graphql_api.'
                  'this.id\n  api_caching_behavior       = "FULL_REQUEST_CACHING"\n  type                       = '
                  '"SMALL"\n  ttl                        = 3600\n  at_rest_encryption_enabled = true\n}',
    ),
    references=("FSBP AppSync.1",),
    skips="APIs without a cache",
)
def api_cache_encrypted_at_rest(api: AppSyncGraphqlApi, inv: Inventory) -> Verdict:
    if not api.cache:
        return not_applicable("the API has no cache")
    api.need("cache_encrypted_at_rest")
    if api.cache_encrypted_at_rest:
        return passed("the API cache is encrypted at rest")
    return failed("the API cache is not encrypted at rest")


@rule(
    id="appsync_api_field_level_logging", title="AppSync APIs log resolver activity",
    description=("Field-level logs record each resolver's errors and requests; with logging at NONE an abused or "
                 "failing API leaves no trace in CloudWatch Logs."),
    resource_type=AppSyncGraphqlApi, layer=Layer.APPS, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1562.008",), phase=Phase.QUICK_WINS, smm="TD1.2",
    remediation=Remediation(
        text="Set the API's field-level log level to ERROR (or ALL while investigating) with a CloudWatch Logs role.",
        cli="aws appsync update-graphql-api --api-id API_ID --name NAME --log-config "
            "fieldLogLevel=ERROR,cloudWatchLogsRoleArn=ROLE_ARN",
        terraform='resource "aws_appsync_graphql_api" "this" {\n  log_config {\n'
                  '    cloudwatch_logs_role_arn = aws_iam_role.appsync_logs.arn\n    field_log_level          = '
                  '"ERROR"\n  }\n}',
    ),
    references=("FSBP AppSync.2",),
)
def api_field_level_logging(api: AppSyncGraphqlApi, inv: Inventory) -> Verdict:
    if api.field_log_level.upper() in LOGGING_LEVELS:
        return passed(f"field-level log level {api.field_log_level}")
    return failed(f"field-level log level {api.field_log_level}")
