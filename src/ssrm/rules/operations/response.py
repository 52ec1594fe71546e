"""Security findings that reach someone (SMM IR1.1) and start an automated playbook (SMM IR3.2).

GuardDuty, Security Hub and the other detectors publish findings to EventBridge; without a rule that routes
them to a person or an automation, they wait in a console nobody opens.
"""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.arn import arn_part
from ssrm.model.resources.account import Account
from ssrm.model.resources.operations.events import FINDING_SOURCES, EventRule
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.identity.listing import not_scanned, require_listed

# Target services that run a response rather than only tell someone.
AUTOMATION_SERVICES = {"lambda": "Lambda", "states": "Step Functions", "ssm": "Systems Manager Automation",
                       "codebuild": "CodeBuild", "ecs": "ECS task", "ssm-incidents": "Incident Manager"}
FINDINGS_PATTERN = ('{"source": ["aws.guardduty", "aws.securityhub"], '
                    '"detail-type": ["GuardDuty Finding", "Security Hub Findings - Imported"]}')
RULE_TF = ('resource "aws_cloudwatch_event_rule" "findings" {\n  name          = "security-findings"\n'
           '  event_pattern = jsonencode({\n    source = ["aws.guardduty", "aws.securityhub"]\n  })\n}\n\n'
           'resource "aws_cloudwatch_event_target" "findings" {\n  rule = aws_cloudwatch_event_rule.findings.name\n'
           '  arn  = aws_sns_topic.security_alerts.arn\n}')


def finding_rules(inv: Inventory) -> list[EventRule]:
    """Enabled rules whose pattern matches security findings, their targets known."""
    rules = [r for r in inv.of_type(EventRule) if r.state == "ENABLED" and FINDING_SOURCES & set(r.sources)]
    for found in rules:
        found.need("targets")
    return [r for r in rules if r.targets]


@rule(
    id="eventbridge_security_findings_routed", title="Security findings are routed to people",
    description=("An EventBridge rule on GuardDuty, Security Hub or another detector's findings, with a target "
                 "(a topic, a chat or paging integration), puts a critical finding in front of a person the minute "
                 "it is raised."),
    resource_type=Account, layer=Layer.CLOUD, domain=Domain.INCIDENT_RESPONSE, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1078.004",), phase=Phase.QUICK_WINS, smm="IR1.1", uses=(EventRule,),
    remediation=Remediation(
        text="Create an EventBridge rule matching GuardDuty and Security Hub findings (at least HIGH and "
             "CRITICAL) that sends them to the on-call channel (SNS to e-mail/chat, or a paging tool).",
        cli=f"aws events put-rule --name security-findings --event-pattern '{FINDINGS_PATTERN}' && "
            "aws events put-targets --rule security-findings --targets Id=alerts,Arn=TOPIC_ARN",
        terraform=RULE_TF,
    ),
    skips="findings routed by a delegated administrator or aggregation account (judged there)",
)
def findings_routed(account: Account, inv: Inventory) -> Verdict:
    skipped = not_scanned(inv, "events", "EventBridge")
    if skipped:
        return skipped
    routed = finding_rules(inv)
    if routed:
        where = sorted({r.region for r in routed})
        return passed(f"rule {routed[0].name} sends {', '.join(routed[0].sources)} findings to "
                      f"{routed[0].targets[0]} (regions: {', '.join(where)})")
    require_listed(inv, EventRule.resource_type)
    return failed("no enabled EventBridge rule sends security findings anywhere")


@rule(
    id="eventbridge_security_findings_automated", title="Critical security findings start an automated playbook",
    description=("Routing a finding to a person is the start; for the findings that always need the same first "
                 "step (isolate an instance, disable a key, block a public bucket), an EventBridge rule that starts "
                 "a Lambda function, a Step Functions workflow or an SSM Automation runbook acts in seconds."),
    resource_type=Account, layer=Layer.CLOUD, domain=Domain.INCIDENT_RESPONSE, severity=Severity.LOW,
    stage=Stage.CONTROL, attack=("T1078.004", "T1098"), phase=Phase.EFFICIENT, smm="IR3.2", uses=(EventRule,),
    remediation=Remediation(
        text="For the most common critical findings, add an EventBridge rule whose target runs the playbook (an SSM "
             "Automation runbook, a Step Functions workflow or a Lambda function), with a person told as well.",
        cli=f"aws events put-rule --name isolate-on-finding --event-pattern '{FINDINGS_PATTERN}' && "
            "aws events put-targets --rule isolate-on-finding --targets Id=playbook,Arn=STATE_MACHINE_ARN,"
            "RoleArn=EVENTS_ROLE_ARN",
        terraform=RULE_TF.replace("aws_sns_topic.security_alerts.arn", "aws_sfn_state_machine.isolate.arn"),
    ),
    skips="playbooks started from a ticketing or SOAR tool outside AWS",
)
def findings_automated(account: Account, inv: Inventory) -> Verdict:
    skipped = not_scanned(inv, "events", "EventBridge")
    if skipped:
        return skipped
    for found in finding_rules(inv):
        automated = [t for t in found.targets if arn_part(t, "service") in AUTOMATION_SERVICES]
        if automated:
            runner = AUTOMATION_SERVICES[arn_part(automated[0], "service")]
            return passed(f"rule {found.name} starts {runner} ({automated[0]})")
    require_listed(inv, EventRule.resource_type)
    return failed("no EventBridge rule on security findings starts an automation (Lambda, Step Functions, SSM)")
