"""operations collectors: SSM, AWS Backup, CloudWatch alarms, Kinesis, Step Functions, EventBridge, SNS
subscriptions, Budgets."""

from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.operations import (
    backup,
    budgets,
    cloudwatch,
    events,
    kinesis,
    sns_subscriptions,
    ssm,
    stepfunctions,
)

COLLECTORS: tuple[Collector, ...] = (
    ssm.COLLECTOR,
    backup.COLLECTOR,
    cloudwatch.COLLECTOR,
    kinesis.COLLECTOR,
    stepfunctions.COLLECTOR,
    events.COLLECTOR,
    sns_subscriptions.COLLECTOR,
    budgets.COLLECTOR,
)
