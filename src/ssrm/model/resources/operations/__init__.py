"""operations resource types: SSM, AWS Backup, CloudWatch alarms, Kinesis, Step Functions, EventBridge, SNS
subscriptions, Budgets."""

from ssrm.model.resources.operations import backup, budgets, cloudwatch, events, kinesis, sns, ssm, stepfunctions

__all__ = ["backup", "budgets", "cloudwatch", "events", "kinesis", "sns", "ssm", "stepfunctions"]
