"""DynamoDB: tables with encryption, deletion protection and point-in-time recovery.

No batch call describes several tables, so DescribeTable and DescribeContinuousBackups run per table.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.data.dynamodb import DynamoDBTable
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

TABLE = DynamoDBTable.resource_type
DESCRIBED_FIELDS = ("sse_type", "kms_key_arn", "deletion_protection", "billing_mode", "status")


def collect(ctx: CollectContext) -> None:
    names = ctx.pages("list_tables", "TableNames", resource_types=(TABLE,))
    for table in ctx.parallel(lambda n: read_table(ctx, n), names or []):
        ctx.add(table)


def read_table(ctx: CollectContext, name: str) -> DynamoDBTable:
    unknown: dict[str, str] = {}
    fields: dict[str, Any] = {}
    arn = ctx.arn("dynamodb", f"table/{name}")
    described = ctx.call("describe_table", TableName=name, resource=name)
    if described.ok:
        table = described.get("Table") or {}
        arn = table.get("TableArn") or arn
        sse = table.get("SSEDescription") or {}
        fields.update(
            status=table.get("TableStatus", "ACTIVE"),
            billing_mode=(table.get("BillingModeSummary") or {}).get("BillingMode", "PROVISIONED"),
            sse_type=sse.get("SSEType", "AWS_OWNED") if sse.get("Status", "ENABLED") == "ENABLED" else "AWS_OWNED",
            kms_key_arn=sse.get("KMSMasterKeyArn"),
            deletion_protection=bool(table.get("DeletionProtectionEnabled")),
            stream_enabled=bool((table.get("StreamSpecification") or {}).get("StreamEnabled")),
        )
    else:
        unknown.update(dict.fromkeys(DESCRIBED_FIELDS, described.reason))
    backups = ctx.call("describe_continuous_backups", TableName=name, resource=name)
    if backups.ok:
        pitr = (backups.get("ContinuousBackupsDescription") or {}).get("PointInTimeRecoveryDescription") or {}
        fields["pitr_enabled"] = pitr.get("PointInTimeRecoveryStatus") == "ENABLED"
    else:
        unknown["pitr_enabled"] = backups.reason
    return DynamoDBTable(arn=arn, id=name, name=name, account=ctx.account, region=ctx.region,
                         unknown=unknown, **fields)


COLLECTOR = Collector(
    name="dynamodb",
    client="dynamodb",
    scope="regional",
    resource_types=(TABLE,),
    actions=("dynamodb:ListTables", "dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups"),
    collect=collect,
    title="DynamoDB",
)
