"""CloudFormation rules: stacks tell an SNS topic of their events (FSBP CloudFormation.1)."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.devtools.workloads import CloudFormationStack
from ssrm.rules.base import Verdict, failed, passed, rule


@rule(
    id="cloudformation_stack_sns_notifications", title="CloudFormation stacks notify an SNS topic",
    description=("A stack's notifications report every create, update and delete of its resources; without them an "
                 "unexpected change to the infrastructure, a failed rollback or a tampered stack goes unseen."),
    resource_type=CloudFormationStack, layer=Layer.CLOUD, domain=Domain.ASSURANCE, severity=Severity.LOW,
    stage=Stage.CONTROL, attack=("T1578",), phase=Phase.FOUNDATIONAL, smm="SA2.1",
    remediation=Remediation(
        text="Give the stack an SNS topic for its notifications, subscribed to by the team that owns it.",
        cli="aws cloudformation update-stack --stack-name STACK --use-previous-template "
            "--notification-arns TOPIC_ARN",
        terraform='resource "aws_cloudformation_stack" "this" {\n'
                  '  notification_arns = [aws_sns_topic.stack_events.arn]\n}',
    ),
    references=("FSBP CloudFormation.1",),
)
def stack_sns_notifications(stack: CloudFormationStack, inv: Inventory) -> Verdict:
    if stack.notification_arns:
        return passed("notifies " + ", ".join(stack.notification_arns))
    return failed("no SNS topic is notified of the stack's events")
