"""CloudWatch: metric alarms (DescribeAlarms, one paged listing per region; composite alarms not kept)."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.operations.cloudwatch import CloudWatchAlarm
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.operations._calls import listing
from ssrm.sources.aws.context import CollectContext

ALARM = CloudWatchAlarm.resource_type


def collect(ctx: CollectContext) -> None:
    alarms, _ = listing(ctx, "describe_alarms", "MetricAlarms", resource_types=(ALARM,), AlarmTypes=["MetricAlarm"])
    for alarm in alarms or []:
        ctx.add(to_alarm(ctx, alarm))


def to_alarm(ctx: CollectContext, item: dict[str, Any]) -> CloudWatchAlarm:
    name = str(item.get("AlarmName", ""))
    return CloudWatchAlarm(
        arn=item.get("AlarmArn") or ctx.arn("cloudwatch", f"alarm:{name}"), id=name, name=name,
        account=ctx.account, region=ctx.region, namespace=item.get("Namespace", ""),
        metric_name=item.get("MetricName", ""), actions_enabled=bool(item.get("ActionsEnabled", True)),
        alarm_actions=tuple(item.get("AlarmActions") or ()), ok_actions=tuple(item.get("OKActions") or ()),
        insufficient_data_actions=tuple(item.get("InsufficientDataActions") or ()),
        state=item.get("StateValue", ""),
    )


COLLECTOR = Collector(
    name="cloudwatch",
    client="cloudwatch",
    scope="regional",
    resource_types=(ALARM,),
    actions=("cloudwatch:DescribeAlarms",),
    collect=collect,
    title="CloudWatch alarms",
)
