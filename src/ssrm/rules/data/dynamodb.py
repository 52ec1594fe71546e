"""DynamoDB rules: point-in-time recovery, deletion protection, capacity that follows demand."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.data.dynamodb import DynamoDBTable
from ssrm.rules.base import Verdict, failed, passed, rule

CAPACITY_DIMENSIONS = ("dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits")


@rule(
    id="dynamodb_table_pitr", title="DynamoDB tables have point-in-time recovery",
    resource_type=DynamoDBTable, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    needs=("pitr_enabled",),
    remediation=Remediation(
        text="Enable point-in-time recovery: restores to any second of the last 35 days.",
        cli="aws dynamodb update-continuous-backups --table-name TABLE "
            "--point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
        terraform='resource "aws_dynamodb_table" "this" {\n  point_in_time_recovery {\n    enabled = true\n  }\n}',
    ),
    references=("FSBP DynamoDB.2",),
    skips="tables covered by an AWS Backup plan instead (not looked up)",
)
def table_pitr(table: DynamoDBTable, inv: Inventory) -> Verdict:
    """Without PITR a bad write or a malicious delete of items cannot be undone."""
    if table.pitr_enabled:
        return passed("point-in-time recovery is enabled")
    return failed(f"table {table.label} has no point-in-time recovery")


@rule(
    id="dynamodb_table_deletion_protection", title="DynamoDB tables have deletion protection",
    resource_type=DynamoDBTable, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1485",), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    needs=("deletion_protection",),
    remediation=Remediation(
        text="Enable deletion protection so deleting the table needs a deliberate update first.",
        cli="aws dynamodb update-table --table-name TABLE --deletion-protection-enabled",
        terraform='resource "aws_dynamodb_table" "this" {\n  deletion_protection_enabled = true\n}',
    ),
    references=("FSBP DynamoDB.6",),
    skips="IAM or SCP denies of dynamodb:DeleteTable (not looked up)",
)
def table_deletion_protection(table: DynamoDBTable, inv: Inventory) -> Verdict:
    """One DeleteTable call, by mistake or by an intruder, drops every item and the table's PITR history."""
    if table.deletion_protection:
        return passed("deletion protection is on")
    return failed(f"table {table.label} can be deleted without first turning protection off")


@rule(
    id="dynamodb_table_capacity_scaling", title="DynamoDB tables scale capacity with demand",
    resource_type=DynamoDBTable, layer=Layer.CLOUD, domain=Domain.RESILIENCY, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1499", "T1489"), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    needs=("billing_mode", "autoscaled_dimensions"),
    remediation=Remediation(
        text="Switch the table to on-demand capacity, or register read and write capacity with Application "
             "Auto Scaling and a target-tracking policy.",
        cli="aws dynamodb update-table --table-name TABLE --billing-mode PAY_PER_REQUEST",
        terraform='resource "aws_dynamodb_table" "this" {\n  billing_mode = "PAY_PER_REQUEST"\n}',
    ),
    references=("FSBP DynamoDB.1",),
    skips="global secondary indexes' own capacity; the scaling limits and policies chosen",
)
def table_capacity_scaling(table: DynamoDBTable, inv: Inventory) -> Verdict:
    """Fixed provisioned capacity throttles the table when traffic spikes, whether the spike is real or hostile."""
    if table.billing_mode == "PAY_PER_REQUEST":
        return passed("on-demand capacity")
    missing = [d.rsplit(":", 1)[-1] for d in CAPACITY_DIMENSIONS if d not in table.autoscaled_dimensions]
    if missing:
        return failed(f"table {table.label} has fixed provisioned {' and '.join(missing)}")
    return passed("read and write capacity auto scale")
