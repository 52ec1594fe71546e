"""API Gateway v2 HTTP and WebSocket APIs (regional): GetApis, then per API its routes and stages."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.edge.apigatewayv2 import ApiGatewayV2Api, ApiGatewayV2Stage, ApiRoute
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.edge._shared import tag_dict
from ssrm.sources.aws.context import CollectContext

API = ApiGatewayV2Api.resource_type
STAGE = ApiGatewayV2Stage.resource_type


def collect(ctx: CollectContext) -> None:
    apis = ctx.pages("get_apis", "Items", resource_types=(API, STAGE))
    for api, stages in ctx.parallel(lambda a: read_api(ctx, a), apis or []):
        ctx.add(api)
        for stage in stages:
            ctx.add(stage)


def read_api(ctx: CollectContext, api: dict[str, Any]) -> tuple[ApiGatewayV2Api, list[ApiGatewayV2Stage]]:
    api_id, name = api["ApiId"], api.get("Name", api["ApiId"])
    protocol = api.get("ProtocolType", "HTTP")
    routes = ctx.pages("get_routes", "Items", ApiId=api_id, resource=name)
    stages = ctx.pages("get_stages", "Items", ApiId=api_id, resource_types=(STAGE,))  # a listing: no resource=
    model = ApiGatewayV2Api(
        arn=ctx.arn("apigateway", f"/apis/{api_id}", account=""), id=api_id, name=name, account=ctx.account,
        region=ctx.region, tags=tag_dict(api.get("Tags")), protocol_type=protocol,
        endpoint=api.get("ApiEndpoint"),
        routes=[ApiRoute(route_key=r.get("RouteKey", ""), authorization_type=r.get("AuthorizationType") or "NONE",
                         api_key_required=bool(r.get("ApiKeyRequired"))) for r in routes or []],
        unknown={} if routes is not None else {"routes": "GetRoutes failed (see gaps)"},
    )
    return model, [stage_of(ctx, api_id, name, protocol, s) for s in stages or []]


def stage_of(ctx: CollectContext, api_id: str, api_name: str, protocol: str,
             stage: dict[str, Any]) -> ApiGatewayV2Stage:
    name = stage.get("StageName", "")
    return ApiGatewayV2Stage(
        arn=ctx.arn("apigateway", f"/apis/{api_id}/stages/{name}", account=""), id=f"{api_id}/{name}",
        name=f"{api_name}/{name}", account=ctx.account, region=ctx.region, tags=tag_dict(stage.get("Tags")),
        api_id=api_id, api_name=api_name, protocol_type=protocol, stage_name=name,
        access_log_destination=(stage.get("AccessLogSettings") or {}).get("DestinationArn") or None,
        logging_level=(stage.get("DefaultRouteSettings") or {}).get("LoggingLevel") or "OFF",
    )


COLLECTOR = Collector(
    name="apigatewayv2",
    client="apigatewayv2",
    scope="regional",
    resource_types=(API, STAGE),
    actions=("apigateway:GET",),
    collect=collect,
    title="API Gateway (HTTP/WebSocket)",
)
