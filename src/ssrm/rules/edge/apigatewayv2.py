"""API Gateway v2 (HTTP and WebSocket) rules: access and execution logging, route authorization."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.edge.apigatewayv2 import ApiGatewayV2Api, ApiGatewayV2Stage
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule


@rule(
    id="apigatewayv2_stage_access_logging", title="API Gateway HTTP and WebSocket stages write access logs",
    description=("Access logs record who called which route and when; without them an incident on the API leaves no "
                 "trail."),
    resource_type=ApiGatewayV2Stage, layer=Layer.APPS, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1562.008"), phase=Phase.QUICK_WINS, smm="TD1.2",
    remediation=Remediation(
        text="Configure access logging to a CloudWatch Logs group.",
        cli="aws apigatewayv2 update-stage --api-id API_ID --stage-name STAGE --access-log-settings "
            "DestinationArn=LOG_GROUP_ARN,Format='$context.requestId $context.identity.sourceIp'",
        terraform='resource "aws_apigatewayv2_stage" "this" {\n  access_log_settings {\n'
                  '    destination_arn = aws_cloudwatch_log_group.api.arn\n'
                  '    format          = "$context.requestId $context.identity.sourceIp"\n  }\n}',
    ),
    references=("FSBP APIGateway.9",),
)
def stage_access_logging(stage: ApiGatewayV2Stage, inv: Inventory) -> Verdict:
    if stage.access_log_destination:
        return passed(f"access logs to {stage.access_log_destination}")
    return failed(f"stage {stage.label} has no access log destination")


@rule(
    id="apigatewayv2_websocket_stage_execution_logging",
    description=("Execution logs of a WebSocket stage show connection and message handling, needed to investigate "
                 "misuse of the socket API."),
    title="API Gateway WebSocket stages have execution logging on",
    resource_type=ApiGatewayV2Stage, layer=Layer.APPS, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1562.008"), phase=Phase.QUICK_WINS, smm="TD1.2",
    remediation=Remediation(
        text="Set the stage's default route logging level to ERROR or INFO.",
        cli="aws apigatewayv2 update-stage --api-id API_ID --stage-name STAGE "
            "--default-route-settings LoggingLevel=ERROR",
        terraform='resource "aws_apigatewayv2_stage" "this" {\n  default_route_settings {\n'
                  '    logging_level = "ERROR"\n  }\n}',
    ),
    references=("FSBP APIGateway.1",),
    skips="HTTP APIs (they have no execution logging)",
)
def websocket_execution_logging(stage: ApiGatewayV2Stage, inv: Inventory) -> Verdict:
    if stage.protocol_type != "WEBSOCKET":
        return not_applicable(f"{stage.protocol_type} API")
    if stage.logging_level in ("ERROR", "INFO"):
        return passed(f"execution logging at {stage.logging_level}")
    return failed(f"WebSocket stage {stage.label} has execution logging {stage.logging_level}")


@rule(
    id="apigatewayv2_route_authorization", title="API Gateway HTTP and WebSocket routes specify an authorization type",
    description="A route with authorization type NONE is open to anyone on the internet who knows the endpoint.",
    resource_type=ApiGatewayV2Api, layer=Layer.APPS, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("routes",),
    remediation=Remediation(
        text="Attach an authorizer (IAM, JWT or Lambda) to every route; WebSocket APIs authorize $connect.",
        cli="aws apigatewayv2 update-route --api-id API_ID --route-id ROUTE_ID --authorization-type AWS_IAM",
        terraform='resource "aws_apigatewayv2_route" "this" {\n  authorization_type = "JWT"\n'
                  '  authorizer_id      = aws_apigatewayv2_authorizer.this.id\n}',
    ),
    references=("FSBP APIGateway.8",),
    skips="WebSocket routes other than $connect (authorization happens once, on connect)",
)
def route_authorization(api: ApiGatewayV2Api, inv: Inventory) -> Verdict:
    routes = api.routes
    if api.protocol_type == "WEBSOCKET":
        routes = [r for r in routes if r.route_key == "$connect"]
    if not routes:
        return not_applicable("no routes to authorize")
    open_routes = [r for r in routes if r.authorization_type == "NONE"]
    if open_routes:
        more = f" (+{len(open_routes) - 1} more)" if len(open_routes) > 1 else ""
        return failed(f"route {open_routes[0].route_key} on {api.label} has authorization type NONE{more}")
    return passed("every route specifies an authorization type")
