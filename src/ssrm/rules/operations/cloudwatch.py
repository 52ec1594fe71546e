"""CloudWatch alarm rules: alarms that can actually notify someone."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.operations.cloudwatch import CloudWatchAlarm
from ssrm.rules.base import Verdict, failed, passed, rule


@rule(
    id="cloudwatch_alarm_actions_enabled", title="CloudWatch alarms have their actions enabled",
    resource_type=CloudWatchAlarm, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.HIGH,
    stage=Stage.CONTROL, attack=("T1562.001",), phase=Phase.QUICK_WINS, smm="TD1.2",
    remediation=Remediation(
        text="Re-enable the alarm's actions: a disabled alarm changes state but tells no one.",
        cli="aws cloudwatch enable-alarm-actions --alarm-names ALARM",
        terraform='resource "aws_cloudwatch_metric_alarm" "this" {\n  actions_enabled = true\n}',
    ),
    skips="composite alarms",
)
def actions_enabled(alarm: CloudWatchAlarm, inv: Inventory) -> Verdict:
    """DisableAlarmActions is a quiet way to blind monitoring before acting."""
    if alarm.actions_enabled:
        return passed("alarm actions are enabled")
    return failed(f"alarm {alarm.label} has ActionsEnabled=false")


@rule(
    id="cloudwatch_alarm_has_action", title="CloudWatch alarms notify or act when they go into ALARM",
    description="An alarm with no action changes state silently; nobody is told and nothing responds when it fires.",
    resource_type=CloudWatchAlarm, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.LOW,
    stage=Stage.CONTROL, attack=("T1562.001",), phase=Phase.QUICK_WINS, smm="TD1.2",
    remediation=Remediation(
        text="Add an ALARM action (an SNS topic with a confirmed subscription, or an automation).",
        cli="aws cloudwatch put-metric-alarm --alarm-name ALARM ... --alarm-actions TOPIC_ARN",
        terraform='resource "aws_cloudwatch_metric_alarm" "this" {\n  alarm_actions = [aws_sns_topic.alerts.arn]\n}',
    ),
    skips="OK and INSUFFICIENT_DATA actions (they do not report an alarm)",
)
def has_action(alarm: CloudWatchAlarm, inv: Inventory) -> Verdict:
    if alarm.alarm_actions:
        return passed(f"ALARM action {alarm.alarm_actions[0]}")
    return failed(f"alarm {alarm.label} has no ALARM action")
