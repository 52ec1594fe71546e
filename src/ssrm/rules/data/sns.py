"""SNS rules: encryption at rest, topic policies open to anyone, delivery-status logging."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.data.sns import SnsTopic
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.data._policies import open_statement_reason
from ssrm.rules.policy import public_statements


@rule(
    id="sns_topic_encrypted", title="SNS topics encrypt messages at rest with KMS",
    description="Messages wait in the topic until delivered; KMS encryption protects their content at rest.",
    resource_type=SnsTopic, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("kms_master_key_id",),
    remediation=Remediation(
        text="Set a KMS key on the topic (alias/aws/sns, or a customer-managed key for cross-account use).",
        cli="aws sns set-topic-attributes --topic-arn TOPIC_ARN --attribute-name KmsMasterKeyId "
            "--attribute-value alias/aws/sns",
        terraform='resource "aws_sns_topic" "this" {\n  kms_master_key_id = "alias/aws/sns"\n}',
    ),
    references=("FSBP SNS.1",),
    skips="which key encrypts: the AWS-managed alias/aws/sns counts as encrypted",
)
def topic_encrypted(topic: SnsTopic, inv: Inventory) -> Verdict:
    if topic.kms_master_key_id:
        return passed(f"encrypted with {topic.kms_master_key_id}")
    return failed(f"topic {topic.label} has no KMS key")


@rule(
    id="sns_topic_policy_public", title="SNS topic policies do not grant access to anyone",
    resource_type=SnsTopic, layer=Layer.APPS, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1530"), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("policy",),
    remediation=Remediation(
        text="Limit publish/subscribe to named principals or pin the statement with aws:SourceOwner / "
             "aws:SourceArn.",
        cli="aws sns set-topic-attributes --topic-arn TOPIC_ARN --attribute-name Policy "
            "--attribute-value file://topic-policy.json",
        terraform='resource "aws_sns_topic_policy" "this" {\n  arn    = aws_sns_topic.this.arn\n'
                  '  policy = data.aws_iam_policy_document.topic.json\n}',
    ),
    references=("FSBP SNS.4",),
    skips="the default topic policy (Principal * limited by AWS:SourceOwner to the account)",
)
def topic_policy_public(topic: SnsTopic, inv: Inventory) -> Verdict:
    """Anyone can publish (phishing, fake alerts) or subscribe (read every message) to an open topic."""
    open_statements = public_statements(topic.policy)
    if open_statements:
        return failed(open_statement_reason("topic", open_statements[0]))
    return passed("no topic policy statement is open to anyone")


@rule(
    id="sns_topic_delivery_status_logging", title="SNS topics log the delivery status of their messages",
    resource_type=SnsTopic, layer=Layer.APPS, domain=Domain.INCIDENT_RESPONSE, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1562.008",), phase=Phase.EFFICIENT, smm="IR3.3",
    needs=("delivery_status_logging",),
    remediation=Remediation(
        text="Give the topic an IAM role that lets SNS write delivery-status logs to CloudWatch Logs, for each "
             "protocol its subscriptions use.",
        cli="aws sns set-topic-attributes --topic-arn TOPIC_ARN --attribute-name LambdaFailureFeedbackRoleArn "
            "--attribute-value ROLE_ARN",
        terraform='resource "aws_sns_topic" "this" {\n  lambda_failure_feedback_role_arn = aws_iam_role.sns_logs.arn\n'
                  '  sqs_failure_feedback_role_arn   = aws_iam_role.sns_logs.arn\n}',
    ),
    references=("FSBP SNS.2",),
    skips="whether the logged protocols match the topic's subscriptions (subscriptions are not listed)",
)
def topic_delivery_status_logging(topic: SnsTopic, inv: Inventory) -> Verdict:
    """Without delivery-status logs a dropped security alert goes unnoticed and cannot be traced afterwards."""
    if topic.delivery_status_logging:
        return passed("delivery status logged for " + ", ".join(topic.delivery_status_logging))
    return failed(f"topic {topic.label} logs the delivery status of no protocol")
