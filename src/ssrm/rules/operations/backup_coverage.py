"""Which data stores AWS Backup protects: RDS instances, DynamoDB tables, EBS volumes.

"Protected" is read from ListProtectedResources: the resource has at least one recovery point in this
account. That is what a restore needs; a plan selection that never produced a recovery point does not count.
"""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Resource, Severity, Stage
from ssrm.model.resources.compute.ebs import Volume
from ssrm.model.resources.data.dynamodb import DynamoDBTable
from ssrm.model.resources.data.rds import RdsDbInstance
from ssrm.model.resources.operations.backup import BackupProtectedResource
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.operations._scope import require_scanned

SELECTION_TF = ('resource "aws_backup_selection" "this" {\n  plan_id      = aws_backup_plan.this.id\n'
                '  iam_role_arn = aws_iam_role.backup.arn\n  resources    = [RESOURCE_ARN]\n}')
SELECTION_CLI = ("aws backup create-backup-selection --backup-plan-id PLAN_ID --backup-selection "
                 "SelectionName=data,IamRoleArn=BACKUP_ROLE_ARN,Resources=RESOURCE_ARN")


def protected(resource: Resource, inv: Inventory) -> Verdict:
    require_scanned(inv, "backup")
    record = inv.get(BackupProtectedResource, resource.arn)
    if record is None:
        return failed(f"{resource.label} has no AWS Backup recovery point")
    when = record.last_backup.isoformat() if record.last_backup else "unknown time"
    return passed(f"protected by AWS Backup (last backup {when})")


@rule(
    id="backup_rds_instance_protected", title="RDS DB instances are protected by AWS Backup",
    description=("A database outside every backup plan depends on its own retention settings alone; a backup plan adds"
                 " independent, centrally governed copies."),
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    uses=(BackupProtectedResource,),
    remediation=Remediation(text="Add the instance to a backup plan selection.", cli=SELECTION_CLI,
                            terraform=SELECTION_TF),
    references=("FSBP RDS.26",),
    skips="RDS automated backups and manual snapshots (judged by rds_instance_backups)",
)
def rds_protected(db: RdsDbInstance, inv: Inventory) -> Verdict:
    return protected(db, inv)


@rule(
    id="backup_dynamodb_table_protected", title="DynamoDB tables are protected by AWS Backup",
    description=("A table outside every backup plan cannot be restored after deletion, corruption or ransomware beyond"
                 " its own point-in-time window."),
    resource_type=DynamoDBTable, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    uses=(BackupProtectedResource,),
    remediation=Remediation(text="Add the table to a backup plan selection.", cli=SELECTION_CLI,
                            terraform=SELECTION_TF),
    references=("FSBP DynamoDB.4",),
    skips="DynamoDB on-demand backups made outside AWS Backup; point-in-time recovery (dynamodb_table_pitr)",
)
def dynamodb_protected(table: DynamoDBTable, inv: Inventory) -> Verdict:
    return protected(table, inv)


@rule(
    id="backup_ebs_volume_protected", title="EBS volumes are protected by AWS Backup",
    resource_type=Volume, layer=Layer.HOSTS, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    uses=(BackupProtectedResource,),
    remediation=Remediation(text="Add the volume (or its instance) to a backup plan selection.",
                            cli=SELECTION_CLI, terraform=SELECTION_TF),
    references=("FSBP EC2.28",),
    skips="snapshots made by Data Lifecycle Manager or by hand",
)
def ebs_protected(volume: Volume, inv: Inventory) -> Verdict:
    """A volume also counts as protected when the instance it is attached to is backed up whole."""
    for instance_id in volume.attached_instance_ids:
        if inv.get(BackupProtectedResource, instance_id) is not None:
            return passed(f"attached instance {instance_id} is protected by AWS Backup")
    return protected(volume, inv)
