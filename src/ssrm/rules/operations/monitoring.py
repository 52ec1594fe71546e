"""CIS 5.1-5.15: a metric filter and an alarm with a subscribed SNS topic for each kind of sensitive change.

Judged once per account (the ``AWS::Account`` record) on the log group of the account's qualifying trail;
the chain is checked by ``_monitoring.judge_monitoring``. CIS lists these as Manual; the API decides them.
"""

from __future__ import annotations

import re

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.account import Account
from ssrm.model.resources.apps.logs import MetricFilter
from ssrm.model.resources.identity.cloudtrail import CloudTrailTrail
from ssrm.model.resources.operations.cloudwatch import CloudWatchAlarm
from ssrm.model.resources.operations.sns import SnsSubscription
from ssrm.rules.base import Rule, Verdict, rule
from ssrm.rules.operations._monitoring import judge_monitoring


def _events(*names: str) -> tuple[str, ...]:
    return tuple(f"$.eventName={n}" for n in names)


def cis_pattern(terms: tuple[str, ...], joiner: str) -> str:
    """The filter pattern to put: event names OR-ed together, AND-ed with the other terms."""
    spaced = [re.sub(r"\s*(!?=)\s*", r" \1 ", t, count=1) for t in terms]
    events = [t for t in spaced if t.startswith("$.eventName =")]
    others = [f"({t})" for t in spaced if t not in events]
    if events:
        others.append("(" + " || ".join(f"({t})" for t in events) + ")")
    return "{ " + f" {joiner} ".join(others) + " }"


def monitored(slug: str, cis: str, what: str, terms: tuple[str, ...], *, severity: Severity,
              attack: tuple[str, ...], joiner: str = "&&") -> Rule:
    """One CIS monitoring rule: ``terms`` are the fragments the filter pattern must contain."""
    pattern = cis_pattern(terms, joiner)
    metric = "".join(part.title() for part in slug.split("_"))

    def check(account: Account, inv: Inventory) -> Verdict:
        return judge_monitoring(inv, terms, what)

    check.__doc__ = f"Without an alarm on {what}, such changes go unnoticed until the damage shows."
    return rule(
        id=f"cloudwatch_monitor_{slug}", title=f"An alarm with a subscribed SNS topic watches {what}",
        resource_type=Account, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=severity,
        stage=Stage.CONTROL, attack=attack, phase=Phase.QUICK_WINS, smm="TD1.2",
        uses=(CloudTrailTrail, MetricFilter, CloudWatchAlarm, SnsSubscription),
        remediation=Remediation(
            text=f"On the trail's log group, add a metric filter for {what}, an alarm on its metric (>= 1 in 5 "
                 "minutes) and an SNS topic with a confirmed subscription as the alarm action.",
            cli=(f"aws logs put-metric-filter --log-group-name TRAIL_LOG_GROUP --filter-name {metric} "
                 f"--metric-transformations metricName={metric},metricNamespace=CISBenchmark,metricValue=1 "
                 f"--filter-pattern '{pattern}' && aws cloudwatch put-metric-alarm --alarm-name {metric} "
                 f"--metric-name {metric} --namespace CISBenchmark --statistic Sum --period 300 "
                 "--evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold "
                 "--alarm-actions TOPIC_ARN"),
            terraform=(f'resource "aws_cloudwatch_log_metric_filter" "{slug}" {{\n'
                       f'  name           = "{metric}"\n  log_group_name = aws_cloudwatch_log_group.trail.name\n'
                       f"  pattern        = {pattern!r}\n"
                       f'  metric_transformation {{\n    name      = "{metric}"\n'
                       '    namespace = "CISBenchmark"\n    value     = "1"\n  }\n}'),
        ),
        references=(f"CIS {cis}",),
        skips="trails of other accounts (an organization trail in the management account); filters on other "
              "log groups; EventBridge rules that watch the same events",
    )(check)


unauthorized_api_calls = monitored(
    "unauthorized_api_calls", "5.1", "unauthorized API calls",
    ('$.errorCode="*UnauthorizedOperation"', '$.errorCode="AccessDenied*"'),
    severity=Severity.LOW, attack=("T1078.004", "T1580"), joiner="||")
console_signin_without_mfa = monitored(
    "console_signin_without_mfa", "5.2", "console sign-in without MFA",
    ('$.eventName="ConsoleLogin"', '$.additionalEventData.MFAUsed!="Yes"'),
    severity=Severity.MEDIUM, attack=("T1078.004", "T1556.006"))
root_usage = monitored(
    "root_usage", "5.3", "use of the root user",
    ('$.userIdentity.type="Root"', "$.userIdentity.invokedBy NOT EXISTS", '$.eventType!="AwsServiceEvent"'),
    severity=Severity.MEDIUM, attack=("T1078.004",))
iam_policy_changes = monitored(
    "iam_policy_changes", "5.4", "IAM policy changes",
    _events("DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy",
            "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion",
            "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy",
            "DetachGroupPolicy"),
    severity=Severity.LOW, attack=("T1098.003",))
cloudtrail_changes = monitored(
    "cloudtrail_changes", "5.5", "CloudTrail configuration changes",
    _events("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"),
    severity=Severity.LOW, attack=("T1562.008",))
console_auth_failures = monitored(
    "console_auth_failures", "5.6", "console authentication failures",
    ('$.eventName="ConsoleLogin"', '$.errorMessage="Failed authentication"'),
    severity=Severity.LOW, attack=("T1110", "T1110.003"))
cmk_disable_or_deletion = monitored(
    "cmk_disable_or_deletion", "5.7", "disabling or scheduled deletion of customer-managed KMS keys",
    ('$.eventSource="kms.amazonaws.com"', *_events("DisableKey", "ScheduleKeyDeletion")),
    severity=Severity.LOW, attack=("T1485", "T1486"))
s3_bucket_policy_changes = monitored(
    "s3_bucket_policy_changes", "5.8", "S3 bucket policy changes",
    ('$.eventSource="s3.amazonaws.com"',
     *_events("PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication",
              "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication")),
    severity=Severity.LOW, attack=("T1530", "T1537"))
config_changes = monitored(
    "config_changes", "5.9", "AWS Config configuration changes",
    ('$.eventSource="config.amazonaws.com"',
     *_events("StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel",
              "PutConfigurationRecorder")),
    severity=Severity.LOW, attack=("T1562.001",))
security_group_changes = monitored(
    "security_group_changes", "5.10", "security group changes",
    _events("AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
            "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"),
    severity=Severity.LOW, attack=("T1562.007",))
nacl_changes = monitored(
    "nacl_changes", "5.11", "network ACL changes",
    _events("CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry",
            "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation"),
    severity=Severity.LOW, attack=("T1562.007",))
network_gateway_changes = monitored(
    "network_gateway_changes", "5.12", "network gateway changes",
    _events("CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway", "CreateInternetGateway",
            "DeleteInternetGateway", "DetachInternetGateway"),
    severity=Severity.LOW, attack=("T1578.005",))
route_table_changes = monitored(
    "route_table_changes", "5.13", "route table changes",
    ('$.eventSource="ec2.amazonaws.com"',
     *_events("CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation",
              "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable")),
    severity=Severity.LOW, attack=("T1578.005",))
vpc_changes = monitored(
    "vpc_changes", "5.14", "VPC changes",
    _events("CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection",
            "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection",
            "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink"),
    severity=Severity.LOW, attack=("T1578.005",))
organizations_changes = monitored(
    "organizations_changes", "5.15", "AWS Organizations changes",
    ('$.eventSource="organizations.amazonaws.com"',
     *_events("AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit", "CreatePolicy",
              "DeclineHandshake", "DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy",
              "DisablePolicyType", "EnablePolicyType", "InviteAccountToOrganization", "LeaveOrganization",
              "MoveAccount", "RemoveAccountFromOrganization", "UpdatePolicy", "UpdateOrganizationalUnit")),
    severity=Severity.LOW, attack=("T1666",))
