"""AppSync: GraphQL APIs (``ListGraphqlApis``, one per region, with their log settings) and each API's
cache (``GetApiCache``, one per API; NotFoundException means the API has none)."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.apps.appsync import AppSyncGraphqlApi
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.data._shared import tag_dict
from ssrm.sources.aws.context import CollectContext

API = AppSyncGraphqlApi.resource_type


def collect(ctx: CollectContext) -> None:
    apis = ctx.pages("list_graphql_apis", "graphqlApis", resource_types=(API,))
    for api in ctx.parallel(lambda a: api_of(ctx, a), apis or []):
        ctx.add(api)


def api_of(ctx: CollectContext, api: dict[str, Any]) -> AppSyncGraphqlApi:
    api_id = api["apiId"]
    cache = ctx.call("get_api_cache", apiId=api_id, absent=("NotFoundException",), resource=api_id)
    settings = cache.get("apiCache") or {}
    raw_tags = api.get("tags") or {}
    tags = {str(k): str(v) for k, v in raw_tags.items()} if isinstance(raw_tags, dict) else tag_dict(raw_tags)
    return AppSyncGraphqlApi(
        arn=api.get("arn") or ctx.arn("appsync", f"apis/{api_id}"), id=api_id, name=api.get("name", ""),
        account=ctx.account, region=ctx.region, tags=tags,
        field_log_level=str((api.get("logConfig") or {}).get("fieldLogLevel") or "NONE"),
        cache=cache.ok, cache_encrypted_at_rest=bool(settings.get("atRestEncryptionEnabled")),
        cache_encrypted_in_transit=bool(settings.get("transitEncryptionEnabled")),
        unknown={} if cache.ok or cache.absent else {"cache": cache.reason, "cache_encrypted_at_rest": cache.reason},
    )


COLLECTOR = Collector(
    name="appsync",
    client="appsync",
    scope="regional",
    resource_types=(API,),
    actions=("appsync:ListGraphqlApis", "appsync:GetApiCache"),
    collect=collect,
    title="AppSync",
)
