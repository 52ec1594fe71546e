"""S3 access points of each region with their own Block Public Access settings (FSBP S3.19).

Per region one ``ListAccessPoints`` (S3 Control, paged by NextToken: botocore has no paginator for it) and one
``GetAccessPoint`` per access point, as only the latter returns the block settings.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.arn import arn_part
from ssrm.model.resources.data.s3_extra import S3AccessPoint
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.data.s3 import block_of, drop_account_host_prefix
from ssrm.sources.aws.context import CollectContext

ACCESS_POINT = S3AccessPoint.resource_type


def collect(ctx: CollectContext) -> None:
    if ctx.session.options.endpoint_overridden("S3_CONTROL"):
        drop_account_host_prefix(ctx.client("s3control"), ctx.account)
    listed = list_access_points(ctx)
    if listed is None:
        return
    # S3 Control may answer with other regions' access points too (the emulator does): keep this region's.
    mine = [a for a in listed if (arn_part(a.get("AccessPointArn", ""), "region") or ctx.region) == ctx.region]
    for point in ctx.parallel(lambda a: access_point_of(ctx, a), mine):
        ctx.add(point)


def list_access_points(ctx: CollectContext) -> list[dict[str, Any]] | None:
    found: list[dict[str, Any]] = []
    token: dict[str, str] = {}
    while True:
        reply = ctx.call("list_access_points", AccountId=ctx.account, resource_types=(ACCESS_POINT,), **token)
        if not reply.ok:
            return None
        found.extend(reply.get("AccessPointList") or [])
        if not reply.get("NextToken"):
            return found
        token = {"NextToken": reply.get("NextToken")}


def access_point_of(ctx: CollectContext, listed: dict[str, Any]) -> S3AccessPoint:
    name = listed["Name"]
    reply = ctx.call("get_access_point", AccountId=ctx.account, Name=name, resource=name)
    config = reply.get("PublicAccessBlockConfiguration")
    unknown = {} if reply.ok else {"block": reply.reason}
    return S3AccessPoint(
        arn=listed.get("AccessPointArn") or ctx.arn("s3", f"accesspoint/{name}"), id=name, name=name,
        account=ctx.account, region=ctx.region, bucket=listed.get("Bucket", ""),
        network_origin=listed.get("NetworkOrigin", ""), block=block_of(config or {}), unknown=unknown,
    )


COLLECTOR = Collector(
    name="s3-access-points",
    client="s3control",
    scope="regional",
    resource_types=(ACCESS_POINT,),
    actions=("s3:ListAccessPoints", "s3:GetAccessPoint"),
    collect=collect,
    title="S3 access points",
)
