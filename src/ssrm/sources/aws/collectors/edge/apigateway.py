"""API Gateway REST APIs (regional): GetRestApis, then per API its stages (GetStages) and its methods
(GetResources with embedded methods): AWS has no account-wide form of either.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.edge.apigateway import ApiGatewayRestApi, ApiGatewayStage, RestMethod
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.edge._shared import tag_dict
from ssrm.sources.aws.context import CollectContext

REST_API = ApiGatewayRestApi.resource_type
STAGE = ApiGatewayStage.resource_type
ALL_METHODS = "*/*"  # the stage-wide method settings key


def collect(ctx: CollectContext) -> None:
    apis = ctx.pages("get_rest_apis", "items", resource_types=(REST_API, STAGE))
    for api, stages in ctx.parallel(lambda a: read_api(ctx, a), apis or []):
        ctx.add(api)
        for stage in stages:
            ctx.add(stage)


def read_api(ctx: CollectContext, api: dict[str, Any]) -> tuple[ApiGatewayRestApi, list[ApiGatewayStage]]:
    api_id, name = api["id"], api.get("name", api["id"])
    resources = ctx.pages("get_resources", "items", restApiId=api_id, embed=["methods"], resource=name)
    # no resource= here: a failed stage listing must mark the stage listing of the region incomplete
    reply = ctx.call("get_stages", restApiId=api_id, resource_types=(STAGE,))
    rest_api = ApiGatewayRestApi(
        arn=ctx.arn("apigateway", f"/restapis/{api_id}", account=""), id=api_id, name=name, account=ctx.account,
        region=ctx.region, tags=tag_dict(api.get("tags")),
        endpoint_types=list((api.get("endpointConfiguration") or {}).get("types") or []),
        methods=[m for r in resources or [] for m in methods_of(r)],
        unknown={} if resources is not None else {"methods": "GetResources failed (see gaps)"},
    )
    stages = [stage_of(ctx, api_id, name, s) for s in reply.get("item") or []]
    return rest_api, stages


def methods_of(resource: dict[str, Any]) -> list[RestMethod]:
    path = resource.get("path", "/")
    return [
        RestMethod(path=path, http_method=verb, authorization_type=(m or {}).get("authorizationType") or "NONE",
                   api_key_required=bool((m or {}).get("apiKeyRequired")))
        for verb, m in (resource.get("resourceMethods") or {}).items()
    ]


def stage_of(ctx: CollectContext, api_id: str, api_name: str, stage: dict[str, Any]) -> ApiGatewayStage:
    name = stage.get("stageName", "")
    settings = (stage.get("methodSettings") or {}).get(ALL_METHODS) or {}
    return ApiGatewayStage(
        arn=ctx.arn("apigateway", f"/restapis/{api_id}/stages/{name}", account=""), id=f"{api_id}/{name}",
        name=f"{api_name}/{name}", account=ctx.account, region=ctx.region, tags=tag_dict(stage.get("tags")),
        api_id=api_id, api_name=api_name, stage_name=name, logging_level=settings.get("loggingLevel") or "OFF",
        access_log_destination=(stage.get("accessLogSettings") or {}).get("destinationArn") or None,
        tracing_enabled=bool(stage.get("tracingEnabled")),
        client_certificate_id=stage.get("clientCertificateId") or None,
        web_acl_arn=stage.get("webAclArn") or None, cache_cluster_enabled=bool(stage.get("cacheClusterEnabled")),
        caching_enabled=bool(settings.get("cachingEnabled")),
        cache_data_encrypted=bool(settings.get("cacheDataEncrypted")),
    )


COLLECTOR = Collector(
    name="apigateway",
    client="apigateway",
    scope="regional",
    resource_types=(REST_API, STAGE),
    actions=("apigateway:GET",),
    collect=collect,
    title="API Gateway (REST)",
)
