"""Security Hub (regional): DescribeHub; "not subscribed" (InvalidAccessException) means off."""

from __future__ import annotations

from ssrm.model.resources.identity.securityhub import SecurityHub
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.identity.iam_documents import as_datetime
from ssrm.sources.aws.context import CollectContext

HUB = SecurityHub.resource_type


def collect(ctx: CollectContext) -> None:
    reply = ctx.call("describe_hub", absent=("InvalidAccessException",), resource_types=(HUB,))
    if not reply.ok:
        return
    arn = reply.get("HubArn") or ctx.arn("securityhub", "hub/default")
    ctx.add(SecurityHub(
        arn=arn, id=f"{ctx.region}:hub", name=f"Security Hub {ctx.region}", account=ctx.account,
        region=ctx.region, subscribed_at=as_datetime(reply.get("SubscribedAt")),
        auto_enable_controls=bool(reply.get("AutoEnableControls")),
    ))


COLLECTOR = Collector(
    name="securityhub",
    client="securityhub",
    scope="regional",
    title="Security Hub",
    resource_types=(HUB,),
    actions=("securityhub:DescribeHub",),
    collect=collect,
)
