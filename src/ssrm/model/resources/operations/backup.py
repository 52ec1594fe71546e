"""AWS Backup: plans, vaults, recovery points and the resources that have been backed up."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from ssrm.model.resource import Resource, resource_type


class BackupRule(BaseModel):
    """One rule of a plan: where it stores recovery points and for how long (None: kept forever)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    vault: str = ""
    schedule: str = ""
    delete_after_days: int | None = None
    copy_to_vaults: tuple[str, ...] = ()


@resource_type
class BackupPlan(Resource):
    resource_type = "AWS::Backup::BackupPlan"
    service = "backup"

    version_id: str = ""
    rules: tuple[BackupRule, ...] = ()


@resource_type
class BackupVault(Resource):
    resource_type = "AWS::Backup::BackupVault"
    service = "backup"

    encryption_key_arn: str | None = None
    locked: bool = False
    min_retention_days: int | None = None
    recovery_points: int = 0
    policy: dict[str, Any] | None = None  # GetBackupVaultAccessPolicy; None: no policy


@resource_type
class BackupRecoveryPoint(Resource):
    """A recovery point in one of the account's vaults; ``id`` is its ARN's last part."""

    resource_type = "AWS::Backup::RecoveryPoint"
    service = "backup"

    vault_name: str = ""
    source_arn: str = ""
    source_type: str = ""
    status: str = ""
    encrypted: bool = False
    encryption_key_arn: str | None = None


@resource_type
class BackupProtectedResource(Resource):
    """A resource with at least one recovery point (ListProtectedResources); ``arn`` is the resource's ARN."""

    resource_type = "AWS::Backup::ProtectedResource"
    service = "backup"

    protected_type: str = ""  # RDS, DynamoDB, EBS, EC2, ...
    last_backup: datetime | None = None
