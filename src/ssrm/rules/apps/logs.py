"""CloudWatch Logs rules (cloud layer: the account's own logging).

Retention: ssrm asks for at least 365 days. CIS AWS Foundations has no retention control; one year is the
common floor (PCI DSS 10.5.1, and Security Hub's CloudWatch.16 default), long enough to investigate an
intrusion found months later. A group with no retention at all ("never expire") meets that floor but keeps
whatever the logs hold (personal data, tokens) without limit; a separate low rule asks for an explicit period.
"""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.apps.logs import LogGroup
from ssrm.rules.base import Verdict, failed, passed, rule

MIN_RETENTION_DAYS = 365


@rule(
    id="logs_log_group_retention_minimum",
    title=f"CloudWatch log groups keep events for at least {MIN_RETENTION_DAYS} days",
    resource_type=LogGroup, layer=Layer.CLOUD, domain=Domain.INCIDENT_RESPONSE, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1562.008",), phase=Phase.EFFICIENT, smm="IR3.3",
    remediation=Remediation(
        text=f"Set the log group's retention to {MIN_RETENTION_DAYS} days or more (or export to S3 with a "
             "longer lifecycle).",
        cli=f"aws logs put-retention-policy --log-group-name <group> --retention-in-days {MIN_RETENTION_DAYS}",
        terraform=f'resource "aws_cloudwatch_log_group" "this" {{\n  retention_in_days = {MIN_RETENTION_DAYS}\n}}',
    ),
    skips="Groups that never expire events pass here (see logs_log_group_retention_set).",
)
def retention_long_enough(group: LogGroup, inv: Inventory) -> Verdict:
    """Intrusions are often found months later; short retention erases the trail an attacker left."""
    if group.retention_days is None:
        return passed("events never expire")
    if group.retention_days < MIN_RETENTION_DAYS:
        return failed(f"retention is {group.retention_days} days (< {MIN_RETENTION_DAYS})")
    return passed(f"retention is {group.retention_days} days")


@rule(
    id="logs_log_group_retention_set",
    title="CloudWatch log groups have an explicit retention period",
    resource_type=LogGroup, layer=Layer.CLOUD, domain=Domain.GOVERNANCE, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="SG2.1",
    remediation=Remediation(
        text="Choose how long these logs must be kept (legal and investigation needs) and set it; logs "
             "often carry personal data and tokens that should not live forever.",
        cli=f"aws logs put-retention-policy --log-group-name <group> --retention-in-days {MIN_RETENTION_DAYS}",
        terraform=f'resource "aws_cloudwatch_log_group" "this" {{\n  retention_in_days = {MIN_RETENTION_DAYS}\n}}',
    ),
)
def retention_set(group: LogGroup, inv: Inventory) -> Verdict:
    """Never-expiring logs grow the amount of sensitive data an attacker can read and a breach discloses."""
    if group.retention_days is None:
        return failed("no retention set: events are kept forever")
    return passed(f"retention is {group.retention_days} days")


@rule(
    id="logs_log_group_kms",
    title="CloudWatch log groups are encrypted with a customer managed KMS key",
    resource_type=LogGroup, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Associate a customer managed KMS key (whose key policy allows logs.<region>.amazonaws.com) so "
             "reading the logs also needs kms:Decrypt, and access is auditable in CloudTrail.",
        cli="aws logs associate-kms-key --log-group-name <group> --kms-key-id <key arn>",
        terraform='resource "aws_cloudwatch_log_group" "this" {\n  kms_key_id = aws_kms_key.logs.arn\n}',
    ),
    skips="CloudWatch Logs always encrypts at rest with an AWS owned key; this asks for the customer's own.",
)
def encrypted_with_cmk(group: LogGroup, inv: Inventory) -> Verdict:
    """Logs hold request data and sometimes secrets; a CMK puts a second permission in front of them."""
    if group.kms_key_id:
        return passed(f"encrypted with {group.kms_key_id}")
    return failed("no KMS key: only the AWS owned default encryption")
