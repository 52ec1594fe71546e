"""DynamoDB: tables with encryption, deletion protection, point-in-time recovery and capacity auto scaling.

No batch call describes several tables, so DescribeTable and DescribeContinuousBackups run per table; auto
scaling comes from one Application Auto Scaling listing per region, made only when a table is provisioned.
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
    tables = ctx.parallel(lambda n: read_table(ctx, n), names or [])
    if any(provisioned(t) for t in tables):
        tables = with_autoscaling(ctx, tables)
    for table in tables:
        ctx.add(table)


def provisioned(table: DynamoDBTable) -> bool:
    return table.billing_mode == "PROVISIONED" and "billing_mode" not in table.unknown


def with_autoscaling(ctx: CollectContext, tables: list[DynamoDBTable]) -> list[DynamoDBTable]:
    """Provisioned tables with the table-level capacity dimensions Application Auto Scaling manages."""
    targets = ctx.pages("describe_scalable_targets", "ScalableTargets", service="application-autoscaling",
                        ServiceNamespace="dynamodb")
    if targets is None:
        why = "application-autoscaling:DescribeScalableTargets failed"
        return [t.model_copy(update={"unknown": {**t.unknown, "autoscaled_dimensions": why}}) if provisioned(t)
                else t for t in tables]
    scaled: dict[str, list[str]] = {}
    for target in targets:
        scaled.setdefault(target.get("ResourceId", ""), []).append(target.get("ScalableDimension", ""))
    return [t.model_copy(update={"autoscaled_dimensions": sorted(scaled.get(f"table/{t.id}", []))}) for t in tables]


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
    actions=("dynamodb:ListTables", "dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups",
             "application-autoscaling:DescribeScalableTargets"),
    collect=collect,
    title="DynamoDB",
)
