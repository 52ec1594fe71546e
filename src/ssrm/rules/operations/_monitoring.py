"""The CIS monitoring chain, judged per account.

A CIS 5.x control holds when a multi-region trail that is logging all management events delivers to a
CloudWatch Logs group, that group has a metric filter whose pattern contains every term of the control's
pattern, an alarm on the filter's metric has enabled actions that publish to an SNS topic, and that topic has
a confirmed subscription. Patterns are compared after removing spaces and quotes and folding case.
"""

from __future__ import annotations

from collections.abc import Sequence

from ssrm.model import Inventory, UnknownField
from ssrm.model.resources.apps.logs import MetricFilter
from ssrm.model.resources.identity.cloudtrail import CloudTrailTrail
from ssrm.model.resources.operations.cloudwatch import CloudWatchAlarm
from ssrm.model.resources.operations.sns import SnsSubscription
from ssrm.rules.base import Verdict, failed, passed
from ssrm.rules.operations._scope import require_listed, require_scanned

TRAIL_FIELDS = ("multi_region", "logging", "management_events", "management_read_write",
                "cloudwatch_log_group_arn")


def normalize(pattern: str) -> str:
    return "".join(pattern.split()).replace('"', "").replace("'", "").lower()


def covers(pattern: str, terms: Sequence[str]) -> bool:
    text = normalize(pattern)
    return all(normalize(term) in text for term in terms)


def log_group_of(arn: str) -> tuple[str, str] | None:
    """(region, log group name) from arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]."""
    parts = arn.split(":")
    if len(parts) < 7 or parts[5] != "log-group":
        return None
    return parts[3], parts[6]


def qualifying_trails(inv: Inventory) -> list[CloudTrailTrail]:
    for region in [*inv.regions, "global"]:
        require_listed(inv, CloudTrailTrail.resource_type, region)
    good: list[CloudTrailTrail] = []
    unread: CloudTrailTrail | None = None
    for trail in inv.of_type(CloudTrailTrail):
        if any(f in trail.unknown for f in TRAIL_FIELDS):
            unread = trail
            continue
        if (trail.multi_region and trail.logging and trail.management_events
                and trail.management_read_write in ("All", "") and trail.cloudwatch_log_group_arn):
            good.append(trail)
    if not good and unread is not None:
        unread.need(*TRAIL_FIELDS)  # raises: the only trails left could not be read
    return good


def confirmed_topic(alarm: CloudWatchAlarm, inv: Inventory) -> str | None:
    for action in alarm.alarm_actions:
        if ":sns:" not in action:
            continue
        if any(s.topic_arn == action and not s.pending for s in inv.in_region(SnsSubscription, alarm.region)):
            return action
    return None


def judge_monitoring(inv: Inventory, terms: Sequence[str], what: str) -> Verdict:
    require_scanned(inv, "cloudtrail", "logs", "cloudwatch", "sns-subscriptions")
    trails = qualifying_trails(inv)
    if not trails:
        return failed("no multi-region trail logging all management events delivers to CloudWatch Logs")
    furthest = ""
    for trail in trails:
        where = log_group_of(trail.cloudwatch_log_group_arn or "")
        if where is None:
            continue
        region, group = where
        for kind in (MetricFilter, CloudWatchAlarm, SnsSubscription):
            require_listed(inv, kind.resource_type, region)
        filters = [f for f in inv.in_region(MetricFilter, region)
                   if f.log_group_name == group and covers(f.pattern, terms)]
        if not filters:
            furthest = furthest or f"no metric filter on log group {group} matches {what}"
            continue
        for metric_filter in filters:
            metrics = {(m.namespace, m.name) for m in metric_filter.metrics}
            alarms = [a for a in inv.in_region(CloudWatchAlarm, region) if (a.namespace, a.metric_name) in metrics]
            for alarm in alarms:
                topic = confirmed_topic(alarm, inv) if alarm.actions_enabled else None
                if topic:
                    return passed(f"filter {metric_filter.label} on {group} -> alarm {alarm.label} -> {topic}")
            furthest = (f"alarm {alarms[0].label} on filter {metric_filter.label} notifies no SNS topic with a "
                        "confirmed subscription" if alarms else f"metric filter {metric_filter.label} has no alarm")
    if not furthest:
        raise UnknownField("cloudwatch_log_group_arn", "trail log group ARN could not be parsed")
    return failed(furthest)
