"""DynamoDB rules: point-in-time recovery."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.data.dynamodb import DynamoDBTable
from ssrm.rules.base import Verdict, failed, passed, rule


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
