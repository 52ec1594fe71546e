"""AWS Backup: plans (GetBackupPlan per plan), vaults with their access policy and recovery points, and the
resources that have recovery points (ListProtectedResources). No batch call describes several plans or
vaults, so the per-plan and per-vault calls run through ``ctx.parallel``.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.operations.backup import (
    BackupPlan,
    BackupProtectedResource,
    BackupRecoveryPoint,
    BackupRule,
    BackupVault,
)
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.operations._calls import listing, parse_policy
from ssrm.sources.aws.context import CollectContext

PLAN = BackupPlan.resource_type
VAULT = BackupVault.resource_type
POINT = BackupRecoveryPoint.resource_type
PROTECTED = BackupProtectedResource.resource_type


def collect(ctx: CollectContext) -> None:
    plans, _ = listing(ctx, "list_backup_plans", "BackupPlansList", resource_types=(PLAN,))
    for plan in ctx.parallel(lambda p: read_plan(ctx, p), plans or []):
        ctx.add(plan)
    vaults, why = listing(ctx, "list_backup_vaults", "BackupVaultList", resource_types=(VAULT,))
    if vaults is None:
        ctx.gap("ListRecoveryPointsByBackupVault", "NotAttempted", f"vaults could not be listed: {why}",
                resource_types=(POINT,))
    for vault, points in ctx.parallel(lambda v: read_vault(ctx, v), vaults or []):
        ctx.add(vault)
        for point in points:
            ctx.add(point)
    protected, _ = listing(ctx, "list_protected_resources", "Results", resource_types=(PROTECTED,))
    for item in protected or []:
        arn = str(item.get("ResourceArn", ""))
        if arn:
            ctx.add(BackupProtectedResource(
                arn=arn, id=arn.rsplit(":", 1)[-1].rsplit("/", 1)[-1], name=item.get("ResourceName", ""),
                account=ctx.account, region=ctx.region, protected_type=item.get("ResourceType", ""),
                last_backup=item.get("LastBackupTime"),
            ))


def read_plan(ctx: CollectContext, item: dict[str, Any]) -> BackupPlan:
    plan_id = str(item.get("BackupPlanId", ""))
    base: dict[str, Any] = {
        "arn": item.get("BackupPlanArn") or ctx.arn("backup", f"backup-plan:{plan_id}"), "id": plan_id,
        "name": item.get("BackupPlanName", ""), "account": ctx.account, "region": ctx.region,
        "version_id": item.get("VersionId", ""),
    }
    reply = ctx.call("get_backup_plan", BackupPlanId=plan_id, resource=plan_id)
    if not reply.ok:
        return BackupPlan(**base, unknown={"rules": reply.reason})
    rules = tuple(
        BackupRule(
            name=str(r.get("RuleName", "")), vault=str(r.get("TargetBackupVaultName", "")),
            schedule=str(r.get("ScheduleExpression", "")),
            delete_after_days=(r.get("Lifecycle") or {}).get("DeleteAfterDays"),
            copy_to_vaults=tuple(str(c.get("DestinationBackupVaultArn", "")) for c in r.get("CopyActions") or []),
        )
        for r in (reply.get("BackupPlan") or {}).get("Rules") or []
    )
    return BackupPlan(**base, rules=rules)


def read_vault(ctx: CollectContext, item: dict[str, Any]) -> tuple[BackupVault, list[BackupRecoveryPoint]]:
    name = str(item.get("BackupVaultName", ""))
    unknown: dict[str, str] = {}
    reply = ctx.call("get_backup_vault_access_policy", BackupVaultName=name, resource=name,
                         absent=("ResourceNotFoundException",))
    policy, why = parse_policy(reply.get("Policy")) if reply.ok else (None, None)
    if not reply.ok and not reply.absent:
        unknown["policy"] = reply.reason
    elif why:
        unknown["policy"] = why
    vault = BackupVault(
        arn=item.get("BackupVaultArn") or ctx.arn("backup", f"backup-vault:{name}"), id=name, name=name,
        account=ctx.account, region=ctx.region, encryption_key_arn=item.get("EncryptionKeyArn") or None,
        locked=bool(item.get("Locked")), min_retention_days=item.get("MinRetentionDays"),
        recovery_points=int(item.get("NumberOfRecoveryPoints") or 0), policy=policy, unknown=unknown,
    )
    points, _ = listing(ctx, "list_recovery_points_by_backup_vault", "RecoveryPoints", resource_types=(POINT,),
                        BackupVaultName=name)
    return vault, [recovery_point(ctx, name, p) for p in points or [] if p.get("RecoveryPointArn")]


def recovery_point(ctx: CollectContext, vault: str, item: dict[str, Any]) -> BackupRecoveryPoint:
    arn = str(item["RecoveryPointArn"])
    return BackupRecoveryPoint(
        arn=arn, id=arn.rsplit(":", 1)[-1].rsplit("/", 1)[-1], account=ctx.account, region=ctx.region,
        vault_name=vault,
        source_arn=item.get("ResourceArn", ""), source_type=item.get("ResourceType", ""),
        status=item.get("Status", ""), encrypted=bool(item.get("IsEncrypted")),
        encryption_key_arn=item.get("EncryptionKeyArn") or None,
    )


COLLECTOR = Collector(
    name="backup",
    client="backup",
    scope="regional",
    resource_types=(PLAN, VAULT, POINT, PROTECTED),
    actions=("backup:ListBackupPlans", "backup:GetBackupPlan", "backup:ListBackupVaults",
             "backup:GetBackupVaultAccessPolicy", "backup:ListRecoveryPointsByBackupVault",
             "backup:ListProtectedResources"),
    collect=collect,
    title="AWS Backup",
)
