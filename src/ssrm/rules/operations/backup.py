"""AWS Backup rules: encrypted recovery points, vault keys, locks and policies, plan retention."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage, UnknownField
from ssrm.model.arn import arn_part
from ssrm.model.resources.account import Account
from ssrm.model.resources.data.kms import KmsKey
from ssrm.model.resources.operations.backup import BackupPlan, BackupRecoveryPoint, BackupVault
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.identity.listing import not_scanned, require_listed
from ssrm.rules.policy import actions_of, public_statements

MIN_RETENTION_DAYS = 35  # the default of AWS Config's backup-plan-min-frequency-and-min-retention-check


@rule(
    id="backup_recovery_point_encrypted", title="AWS Backup recovery points are encrypted at rest",
    description=("Recovery points are full copies of the data; unencrypted ones are the easiest place to take that "
                 "data from."),
    resource_type=BackupRecoveryPoint, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Recovery points inherit the source's encryption (e.g. an unencrypted EBS volume or RDS instance): "
             "encrypt the source, or copy the recovery point to a vault that encrypts with a KMS key.",
        cli="aws backup start-copy-job --recovery-point-arn RP_ARN --source-backup-vault-name VAULT "
            "--destination-backup-vault-arn ENCRYPTED_VAULT_ARN --iam-role-arn BACKUP_ROLE_ARN",
        terraform='resource "aws_backup_vault" "this" {\n  name        = "encrypted"\n'
                  '  kms_key_arn = aws_kms_key.backup.arn\n}',
    ),
    references=("FSBP Backup.1",),
    skips="recovery points in vaults of other accounts",
)
def recovery_point_encrypted(point: BackupRecoveryPoint, inv: Inventory) -> Verdict:
    if point.encrypted:
        return passed(f"encrypted with {point.encryption_key_arn or 'a KMS key'}")
    return failed(f"recovery point {point.id} of {point.source_arn or 'unknown resource'} is not encrypted")


@rule(
    id="backup_vault_cmk_encryption", title="Backup vaults encrypt with a customer-managed KMS key",
    description=("A customer-managed key lets you control and audit who can decrypt backups, and revoke that access "
                 "independently of the backup service."),
    resource_type=BackupVault, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1530"), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("encryption_key_arn",), uses=(KmsKey,),
    remediation=Remediation(
        text="Create a new vault encrypted with a customer-managed key (the key of a vault cannot change) and "
             "point the plans at it: its key policy then decides who can restore.",
        cli="aws backup create-backup-vault --backup-vault-name VAULT --encryption-key-arn KEY_ARN",
        terraform='resource "aws_backup_vault" "this" {\n  name        = "main"\n'
                  '  kms_key_arn = aws_kms_key.backup.arn\n}',
    ),
    skips="logically air-gapped vaults (AWS-owned keys by design)",
)
def vault_cmk(vault: BackupVault, inv: Inventory) -> Verdict:
    key_arn = vault.encryption_key_arn
    if not key_arn:
        return failed(f"vault {vault.label} reports no KMS key")
    key_account = key_arn.split(":")[4] if key_arn.count(":") >= 5 else ""
    if key_account and vault.account and key_account != vault.account:
        return passed(f"encrypted with key {key_arn} of account {key_account} (customer-managed)")
    key = inv.get(KmsKey, key_arn) or inv.get(KmsKey, key_arn.rsplit("/", 1)[-1])
    if key is None:
        raise UnknownField("encryption_key_arn", f"key {key_arn} is not in the inventory (KMS not scanned?)")
    if key.key_manager == "CUSTOMER":
        return passed(f"encrypted with customer-managed key {key_arn}")
    return failed(f"vault {vault.label} is encrypted with AWS-managed key {key_arn}")


@rule(
    id="backup_vault_policy_public", title="Backup vault access policies do not grant access to anyone",
    resource_type=BackupVault, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("policy",),
    remediation=Remediation(
        text="Remove the statements open to Principal \"*\" (or pin them with aws:PrincipalOrgID); keep a Deny of "
             "backup:DeleteRecoveryPoint for everyone but a break-glass role.",
        cli="aws backup put-backup-vault-access-policy --backup-vault-name VAULT --policy file://vault-policy.json",
        terraform='resource "aws_backup_vault_policy" "this" {\n  backup_vault_name = aws_backup_vault.this.name\n'
                  '  policy            = data.aws_iam_policy_document.vault.json\n}',
    ),
    skips="Deny statements (they only restrict)",
)
def vault_policy_public(vault: BackupVault, inv: Inventory) -> Verdict:
    """Anyone allowed to delete or copy recovery points can destroy the restore path or take the data."""
    open_statements = public_statements(vault.policy)
    if open_statements:
        actions = ", ".join(actions_of(open_statements[0])) or "NotAction"
        return failed(f"vault policy allows {actions} to Principal \"*\" with no restricting condition")
    return passed("no vault policy statement is open to anyone" if vault.policy else "no vault access policy")


@rule(
    id="backup_vault_lock", title="Backup vaults holding recovery points are protected by Vault Lock",
    description=("Vault Lock stops anyone, including an attacker with administrator rights, from deleting recovery "
                 "points or shortening their retention."),
    resource_type=BackupVault, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    remediation=Remediation(
        text="Put a Vault Lock (governance, then compliance mode) with a minimum retention so that no one, an "
             "attacker with admin rights included, can delete recovery points early (ransomware).",
        cli="aws backup put-backup-vault-lock-configuration --backup-vault-name VAULT --min-retention-days 7",
        terraform='resource "aws_backup_vault_lock_configuration" "this" {\n'
                  '  backup_vault_name  = aws_backup_vault.this.name\n  min_retention_days = 7\n}',
    ),
    skips="whether the lock is in compliance mode (immutable) or governance mode",
)
def vault_lock(vault: BackupVault, inv: Inventory) -> Verdict:
    if vault.locked:
        return passed(f"vault locked (minimum retention {vault.min_retention_days} days)")
    return failed(f"vault {vault.label} has no Vault Lock ({vault.recovery_points} recovery points deletable)")


@rule(
    id="backup_plan_min_retention", title="Backup plan rules keep recovery points at least 35 days",
    resource_type=BackupPlan, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    needs=("rules",),
    remediation=Remediation(
        text="Set each rule's lifecycle DeleteAfterDays to 35 or more (or leave it unset to keep them).",
        cli="aws backup update-backup-plan --backup-plan-id PLAN_ID --backup-plan file://plan.json",
        terraform='resource "aws_backup_plan" "this" {\n  rule {\n    lifecycle {\n      delete_after = 35\n'
                  '    }\n  }\n}',
    ),
    skips="backup frequency; retention of cross-region copies",
)
def plan_retention(plan: BackupPlan, inv: Inventory) -> Verdict:
    """Short retention means an intrusion found after a few weeks has no clean restore point left."""
    if not plan.rules:
        return failed(f"plan {plan.label} has no rules")
    short = [r for r in plan.rules if r.delete_after_days is not None and r.delete_after_days < MIN_RETENTION_DAYS]
    if short:
        return failed(f"rule {short[0].name} deletes recovery points after {short[0].delete_after_days} days")
    return passed(f"every rule keeps recovery points at least {MIN_RETENTION_DAYS} days")


@rule(
    id="backup_cross_region_copy", title="Backups are copied to a second region",
    description=("A region-wide outage, or an intruder who deletes the vaults of one region, leaves nothing to "
                 "restore unless a backup plan also copies recovery points to a vault in another region."),
    resource_type=Account, layer=Layer.CLOUD, domain=Domain.RESILIENCY, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.OPTIMIZED, smm="RS4.1",
    uses=(BackupPlan,),
    remediation=Remediation(
        text="Add a copy action to the plan's rules that sends recovery points to a vault in a second region "
             "(ideally a second account too), with its own retention.",
        cli="aws backup update-backup-plan --backup-plan-id PLAN_ID --backup-plan file://plan-with-copy.json",
        terraform='resource "aws_backup_plan" "this" {\n  rule {\n    copy_action {\n'
                  '      destination_vault_arn = aws_backup_vault.dr_region.arn\n    }\n  }\n}',
    ),
    skips="copies made outside AWS Backup (S3 replication, database read replicas in another region)",
)
def cross_region_copy(account: Account, inv: Inventory) -> Verdict:
    skipped = not_scanned(inv, "backup", "AWS Backup")
    if skipped:
        return skipped
    plans = list(inv.of_type(BackupPlan))
    for plan in plans:
        plan.need("rules")
        for plan_rule in plan.rules:
            remote = [v for v in plan_rule.copy_to_vaults if arn_part(v, "region") not in ("", plan.region)]
            if remote:
                return passed(f"plan {plan.name} rule {plan_rule.name} copies to {remote[0]}")
    require_listed(inv, BackupPlan.resource_type)
    if not plans:
        return failed("no backup plan: nothing is backed up, let alone to a second region")
    return failed(f"none of {len(plans)} backup plan(s) copies recovery points to another region")
