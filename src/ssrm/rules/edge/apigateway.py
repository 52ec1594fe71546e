"""API Gateway REST API rules: stage logging, tracing, WAF, backend certificates, cache encryption, and
methods callable without any authorization."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.edge.apigateway import ApiGatewayRestApi, ApiGatewayStage
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule

PATCH = "aws apigateway update-stage --rest-api-id API_ID --stage-name STAGE --patch-operations "
STAGE_TF = 'resource "aws_api_gateway_stage" "this" {{\n{}\n}}'
SETTINGS_TF = ('resource "aws_api_gateway_method_settings" "all" {{\n  rest_api_id = aws_api_gateway_rest_api.this.id\n'
               '  stage_name  = aws_api_gateway_stage.this.stage_name\n  method_path = "*/*"\n'
               '  settings {{\n{}\n  }}\n}}')


@rule(
    id="apigateway_stage_execution_logging", title="API Gateway REST API stages have execution logging on",
    description=("Without execution logs there is no record of how requests were authorized and handled, so abuse of "
                 "the API cannot be investigated."),
    resource_type=ApiGatewayStage, layer=Layer.APPS, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1562.008"), phase=Phase.QUICK_WINS, smm="TD1.2",
    remediation=Remediation(
        text="Set the stage-wide (*/*) logging level to ERROR or INFO (the account needs a CloudWatch role).",
        cli=PATCH + "op=replace,path=/*/*/logging/loglevel,value=ERROR",
        terraform=SETTINGS_TF.format('    logging_level = "ERROR"'),
    ),
    references=("FSBP APIGateway.1",),
    skips="per-method overrides of the stage-wide setting",
)
def execution_logging(stage: ApiGatewayStage, inv: Inventory) -> Verdict:
    if stage.logging_level in ("ERROR", "INFO"):
        return passed(f"execution logging at {stage.logging_level}")
    return failed(f"stage {stage.label} has execution logging {stage.logging_level}")


@rule(
    id="apigateway_stage_access_logging", title="API Gateway REST API stages write access logs",
    resource_type=ApiGatewayStage, layer=Layer.APPS, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1562.008"), phase=Phase.QUICK_WINS, smm="TD1.2",
    remediation=Remediation(
        text="Configure access logging to a CloudWatch Logs group or Firehose stream with caller identity fields.",
        cli=PATCH + "op=replace,path=/accessLogSettings/destinationArn,value=LOG_GROUP_ARN "
                    "op=replace,path=/accessLogSettings/format,value='$context.requestId $context.identity.sourceIp'",
        terraform=STAGE_TF.format('  access_log_settings {\n    destination_arn = aws_cloudwatch_log_group.api.arn\n'
                                  '    format          = "$context.requestId $context.identity.sourceIp"\n  }'),
    ),
)
def access_logging(stage: ApiGatewayStage, inv: Inventory) -> Verdict:
    """Execution logs show what the API did; access logs show who called it."""
    if stage.access_log_destination:
        return passed(f"access logs to {stage.access_log_destination}")
    return failed(f"stage {stage.label} has no access log destination")


@rule(
    id="apigateway_stage_backend_certificate",
    title="API Gateway REST API stages present a client certificate to the backend",
    resource_type=ApiGatewayStage, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    remediation=Remediation(
        text="Generate an API Gateway client certificate, attach it to the stage, and have the backend verify it.",
        cli="aws apigateway generate-client-certificate && "
            + PATCH + "op=replace,path=/clientCertificateId,value=CERT_ID",
        terraform=STAGE_TF.format('  client_certificate_id = aws_api_gateway_client_certificate.this.id'),
    ),
    references=("FSBP APIGateway.2",),
    skips="whether the backend actually verifies the certificate",
)
def backend_certificate(stage: ApiGatewayStage, inv: Inventory) -> Verdict:
    """Without it the backend cannot tell API Gateway's requests from anyone else's."""
    if stage.client_certificate_id:
        return passed(f"client certificate {stage.client_certificate_id}")
    return failed(f"stage {stage.label} has no client certificate for backend authentication")


@rule(
    id="apigateway_stage_xray_tracing", title="API Gateway REST API stages have X-Ray tracing on",
    description=("Tracing shows which backend each request reached and where it failed, which helps spot abuse and "
                 "unexpected call paths."),
    resource_type=ApiGatewayStage, layer=Layer.APPS, domain=Domain.THREAT_DETECTION, severity=Severity.LOW,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.EFFICIENT, smm="TD3.1",
    remediation=Remediation(
        text="Enable active X-Ray tracing on the stage.",
        cli=PATCH + "op=replace,path=/tracingEnabled,value=true",
        terraform=STAGE_TF.format("  xray_tracing_enabled = true"),
    ),
    references=("FSBP APIGateway.3",),
)
def xray_tracing(stage: ApiGatewayStage, inv: Inventory) -> Verdict:
    if stage.tracing_enabled:
        return passed("X-Ray tracing on")
    return failed(f"stage {stage.label} has X-Ray tracing off")


@rule(
    id="apigateway_stage_waf", title="API Gateway REST API stages are protected by a WAF web ACL",
    description="A WAF web ACL filters injection, scanning and bot traffic before it reaches the API's integrations.",
    resource_type=ApiGatewayStage, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1499.002"), phase=Phase.QUICK_WINS, smm="AS1.1",
    remediation=Remediation(
        text="Associate a REGIONAL WAFv2 web ACL with the stage.",
        cli="aws wafv2 associate-web-acl --web-acl-arn WEB_ACL_ARN --resource-arn "
            "arn:aws:apigateway:REGION::/restapis/API_ID/stages/STAGE",
        terraform='resource "aws_wafv2_web_acl_association" "this" {\n'
                  '  resource_arn = aws_api_gateway_stage.this.arn\n  web_acl_arn  = aws_wafv2_web_acl.api.arn\n}',
    ),
    references=("FSBP APIGateway.4",),
    skips="edge-optimized APIs fronted by a CloudFront distribution with its own web ACL are still judged here",
)
def waf(stage: ApiGatewayStage, inv: Inventory) -> Verdict:
    if stage.web_acl_arn:
        return passed(f"web ACL {stage.web_acl_arn.rsplit('/', 2)[-2]}")
    return failed(f"stage {stage.label} has no WAF web ACL")


@rule(
    id="apigateway_stage_cache_encrypted", title="API Gateway REST API stage caches are encrypted at rest",
    description=("The stage cache holds copies of responses, which may carry personal or business data; unencrypted, "
                 "they sit in plain form on the cache nodes."),
    resource_type=ApiGatewayStage, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Turn on cache data encryption in the stage-wide method settings.",
        cli=PATCH + "op=replace,path=/*/*/caching/dataEncrypted,value=true",
        terraform=SETTINGS_TF.format("    caching_enabled      = true\n    cache_data_encrypted = true"),
    ),
    references=("FSBP APIGateway.5",),
    skips="stages without a cache cluster or with caching off",
)
def cache_encrypted(stage: ApiGatewayStage, inv: Inventory) -> Verdict:
    if not (stage.cache_cluster_enabled and stage.caching_enabled):
        return not_applicable("no response caching")
    if stage.cache_data_encrypted:
        return passed("cache data encrypted")
    return failed(f"stage {stage.label} caches responses unencrypted")


@rule(
    id="apigateway_rest_api_method_authorization",
    description=("A method with no authorizer and no API key can be called by anyone who finds the URL; every call "
                 "reaches the backend with the API's own permissions."),
    title="API Gateway REST API methods require authorization or an API key",
    resource_type=ApiGatewayRestApi, layer=Layer.APPS, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("methods",),
    remediation=Remediation(
        text="Give every method an authorizer (IAM, Cognito or Lambda), or at least require an API key; "
             "leave OPTIONS (CORS preflight) open.",
        cli="aws apigateway update-method --rest-api-id API_ID --resource-id RES_ID --http-method GET "
            "--patch-operations op=replace,path=/authorizationType,value=AWS_IAM",
        terraform='resource "aws_api_gateway_method" "this" {\n  authorization = "AWS_IAM"\n}',
    ),
    skips="OPTIONS methods (CORS preflight); private APIs (reachable only through VPC endpoints); methods "
          "whose integration authenticates callers itself",
)
def method_authorization(api: ApiGatewayRestApi, inv: Inventory) -> Verdict:
    if "PRIVATE" in api.endpoint_types:
        return not_applicable("private API")
    open_methods = [m for m in api.methods if m.http_method != "OPTIONS" and m.authorization_type == "NONE"
                    and not m.api_key_required]
    if open_methods:
        more = f" (+{len(open_methods) - 1} more)" if len(open_methods) > 1 else ""
        return failed(f"{open_methods[0].label} on {api.label} needs no authorization{more}")
    return passed("every method requires authorization or an API key")
