"""operations resource types: SSM, AWS Backup, CloudWatch alarms, Kinesis, Step Functions, EventBridge, SNS
subscriptions."""

from ssrm.model.resources.operations import backup, cloudwatch, events, kinesis, sns, ssm, stepfunctions

__all__ = ["backup", "cloudwatch", "events", "kinesis", "sns", "ssm", "stepfunctions"]
