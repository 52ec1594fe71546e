"""CloudWatch Logs: DescribeLogGroups and DescribeMetricFilters, one paginated listing each per region.

Log group tags are not collected (one call per group, and no rule reads them).
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.apps.logs import LogGroup, MetricFilter, MetricTransformation
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

LOG_GROUP = LogGroup.resource_type
METRIC_FILTER = MetricFilter.resource_type


def collect(ctx: CollectContext) -> None:
    for group in ctx.pages("describe_log_groups", "logGroups", resource_types=(LOG_GROUP,)) or ():
        ctx.add(_log_group(ctx, group))
    for metric_filter in ctx.pages("describe_metric_filters", "metricFilters",
                                   resource_types=(METRIC_FILTER,)) or ():
        ctx.add(_metric_filter(ctx, metric_filter))


def _log_group(ctx: CollectContext, item: dict[str, Any]) -> LogGroup:
    name = item["logGroupName"]
    arn = item.get("logGroupArn") or ctx.arn("logs", f"log-group:{name}")
    return LogGroup(
        arn=arn, id=name, name=name, account=ctx.account, region=ctx.region,
        retention_days=item.get("retentionInDays"), kms_key_id=item.get("kmsKeyId") or None,
        stored_bytes=int(item.get("storedBytes") or 0), log_group_class=item.get("logGroupClass", "STANDARD"),
    )


def _metric_filter(ctx: CollectContext, item: dict[str, Any]) -> MetricFilter:
    group, name = item.get("logGroupName", ""), item["filterName"]
    return MetricFilter(
        # Metric filters have no ARN of their own: name them under their log group.
        arn=ctx.arn("logs", f"log-group:{group}:metric-filter:{name}"), id=f"{group}:{name}", name=name,
        account=ctx.account, region=ctx.region, log_group_name=group, pattern=item.get("filterPattern", ""),
        metrics=tuple(
            MetricTransformation(namespace=m.get("metricNamespace", ""), name=m.get("metricName", ""),
                                 value=str(m.get("metricValue", "")))
            for m in item.get("metricTransformations") or ()
        ),
    )


COLLECTOR = Collector(
    name="logs", client="logs", scope="regional", resource_types=(LOG_GROUP, METRIC_FILTER),
    actions=("logs:DescribeLogGroups", "logs:DescribeMetricFilters"),
    collect=collect, title="CloudWatch Logs",
)
