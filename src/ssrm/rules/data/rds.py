"""RDS rules: exposure, encryption, backups, deletion protection, availability, patching, snapshots.

Instance rules about storage, backups and deletion belong to the cluster for Aurora and Multi-AZ cluster
members (the cluster governs them), so those instances are NOT_APPLICABLE and the cluster is judged.
"""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.data.rds import RdsDbCluster, RdsDbClusterSnapshot, RdsDbInstance, RdsDbSnapshot
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule

MIN_BACKUP_DAYS = 7
CLUSTER_MEMBER = "cluster member: the cluster {} governs this"


def governed_by_cluster(db: RdsDbInstance) -> Verdict | None:
    return not_applicable(CLUSTER_MEMBER.format(db.cluster_id)) if db.cluster_id else None


@rule(
    id="rds_instance_public", title="RDS instances are not publicly accessible",
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.CRITICAL,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1110", "T1213.006"), phase=Phase.QUICK_WINS, smm="DP1.1",
    remediation=Remediation(
        text="Turn off public accessibility and reach the database through the VPC (bastion, SSM, VPN).",
        cli="aws rds modify-db-instance --db-instance-identifier DB --no-publicly-accessible --apply-immediately",
        terraform='resource "aws_db_instance" "this" {\n  publicly_accessible = false\n}',
    ),
    references=("CIS 3.2.3", "FSBP RDS.2"),
    skips="whether a security group actually admits the internet (the attack-path engine weighs that)",
)
def instance_public(db: RdsDbInstance, inv: Inventory) -> Verdict:
    """A public endpoint puts the database one password guess away from the internet."""
    if db.publicly_accessible:
        return failed(f"{db.label} is publicly accessible at {db.endpoint or 'a public endpoint'}")
    return passed("not publicly accessible")


@rule(
    id="rds_instance_storage_encrypted", title="RDS instances encrypt storage at rest",
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.HIGH,
    stage=Stage.EXFILTRATE, attack=("T1530", "T1537"), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Encryption cannot be turned on in place: snapshot, copy the snapshot with a KMS key, restore "
             "from the encrypted copy, switch over.",
        cli="aws rds copy-db-snapshot --source-db-snapshot-identifier SNAP --target-db-snapshot-identifier "
            "SNAP-encrypted --kms-key-id KEY_ID",
        terraform='resource "aws_db_instance" "this" {\n  storage_encrypted = true\n'
                  '  kms_key_id        = aws_kms_key.db.arn\n}',
    ),
    references=("CIS 3.2.1", "FSBP RDS.3"),
    skips="Aurora cluster members (judged on the cluster)",
)
def instance_storage_encrypted(db: RdsDbInstance, inv: Inventory) -> Verdict:
    if (member := governed_by_cluster(db)) is not None:
        return member
    if db.storage_encrypted:
        return passed("storage is encrypted")
    return failed(f"{db.label} storage is not encrypted")


@rule(
    id="rds_instance_backups", title=f"RDS instances keep automated backups for {MIN_BACKUP_DAYS} days or more",
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    remediation=Remediation(
        text=f"Set the backup retention period to at least {MIN_BACKUP_DAYS} days.",
        cli=f"aws rds modify-db-instance --db-instance-identifier DB --backup-retention-period {MIN_BACKUP_DAYS} "
            "--apply-immediately",
        terraform=f'resource "aws_db_instance" "this" {{\n  backup_retention_period = {MIN_BACKUP_DAYS}\n}}',
    ),
    references=("FSBP RDS.11",),
    skips="Aurora cluster members (judged on the cluster); read replicas",
)
def instance_backups(db: RdsDbInstance, inv: Inventory) -> Verdict:
    if (member := governed_by_cluster(db)) is not None:
        return member
    if db.backup_retention_days == 0:
        return failed(f"{db.label} has automated backups off (retention 0 days)")
    if db.backup_retention_days < MIN_BACKUP_DAYS:
        return failed(f"{db.label} keeps backups {db.backup_retention_days} days, less than {MIN_BACKUP_DAYS}")
    return passed(f"backups kept {db.backup_retention_days} days")


@rule(
    id="rds_instance_deletion_protection", title="RDS instances have deletion protection",
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1485",), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    remediation=Remediation(
        text="Enable deletion protection so a delete needs a deliberate modify first.",
        cli="aws rds modify-db-instance --db-instance-identifier DB --deletion-protection --apply-immediately",
        terraform='resource "aws_db_instance" "this" {\n  deletion_protection = true\n}',
    ),
    references=("FSBP RDS.8",),
    skips="Aurora cluster members (judged on the cluster)",
)
def instance_deletion_protection(db: RdsDbInstance, inv: Inventory) -> Verdict:
    if (member := governed_by_cluster(db)) is not None:
        return member
    if db.deletion_protection:
        return passed("deletion protection is on")
    return failed(f"{db.label} can be deleted without first turning protection off")


@rule(
    id="rds_instance_multi_az", title="RDS instances run in more than one Availability Zone",
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.RESILIENCY, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1489",), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    remediation=Remediation(
        text="Convert the instance to a Multi-AZ deployment (a standby in another AZ, automatic failover).",
        cli="aws rds modify-db-instance --db-instance-identifier DB --multi-az --apply-immediately",
        terraform='resource "aws_db_instance" "this" {\n  multi_az = true\n}',
    ),
    references=("CIS 3.2.4", "FSBP RDS.5"),
    skips="Aurora cluster members (availability comes from the cluster's replicas)",
)
def instance_multi_az(db: RdsDbInstance, inv: Inventory) -> Verdict:
    if (member := governed_by_cluster(db)) is not None:
        return member
    if db.multi_az:
        return passed("Multi-AZ")
    return failed(f"{db.label} runs in a single Availability Zone")


@rule(
    id="rds_instance_auto_minor_upgrade", title="RDS instances apply minor engine upgrades automatically",
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.VULNERABILITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.FOUNDATIONAL, smm="VM2.1",
    remediation=Remediation(
        text="Enable auto minor version upgrade so security patches land in the maintenance window.",
        cli="aws rds modify-db-instance --db-instance-identifier DB --auto-minor-version-upgrade --apply-immediately",
        terraform='resource "aws_db_instance" "this" {\n  auto_minor_version_upgrade = true\n}',
    ),
    references=("CIS 3.2.2", "FSBP RDS.13"),
    skips="major versions nearing end of standard support (not judged)",
)
def instance_auto_minor_upgrade(db: RdsDbInstance, inv: Inventory) -> Verdict:
    if db.auto_minor_version_upgrade:
        return passed("auto minor version upgrade is on")
    return failed(f"{db.label} ({db.engine} {db.engine_version}) does not take minor upgrades automatically")


SNAPSHOT_PUBLIC_REMEDIATION = Remediation(
    text="Remove \"all\" from the snapshot's restore attribute; share with named accounts only.",
    cli="aws rds modify-db-snapshot-attribute --db-snapshot-identifier SNAP --attribute-name restore "
        "--values-to-remove all",
    terraform="# snapshot sharing is not managed by Terraform's aws_db_snapshot: remove it with the CLI",
)


@rule(
    id="rds_snapshot_public", title="RDS manual snapshots are not shared publicly",
    resource_type=RdsDbSnapshot, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.CRITICAL,
    stage=Stage.EXFILTRATE, attack=("T1537", "T1530"), phase=Phase.QUICK_WINS, smm="DP1.1",
    needs=("shared_with",), remediation=SNAPSHOT_PUBLIC_REMEDIATION, references=("FSBP RDS.1",),
    skips="automated snapshots (they cannot be shared)",
)
def snapshot_public(snapshot: RdsDbSnapshot, inv: Inventory) -> Verdict:
    """Anyone with an AWS account can restore a public snapshot and read the whole database."""
    if snapshot.public:
        return failed(f"snapshot {snapshot.label} of {snapshot.instance_id or 'a DB'} can be restored by anyone")
    if snapshot.shared_with:
        return passed("shared only with accounts " + ", ".join(snapshot.shared_with))
    return passed("not shared")


@rule(
    id="rds_cluster_snapshot_public", title="RDS manual cluster snapshots are not shared publicly",
    resource_type=RdsDbClusterSnapshot, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.CRITICAL,
    stage=Stage.EXFILTRATE, attack=("T1537", "T1530"), phase=Phase.QUICK_WINS, smm="DP1.1",
    needs=("shared_with",),
    remediation=Remediation(
        text=SNAPSHOT_PUBLIC_REMEDIATION.text,
        cli="aws rds modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier SNAP "
            "--attribute-name restore --values-to-remove all",
        terraform=SNAPSHOT_PUBLIC_REMEDIATION.terraform,
    ),
    references=("FSBP RDS.1",),
    skips="automated snapshots (they cannot be shared)",
)
def cluster_snapshot_public(snapshot: RdsDbClusterSnapshot, inv: Inventory) -> Verdict:
    if snapshot.public:
        return failed(f"cluster snapshot {snapshot.label} of {snapshot.cluster_id or 'a cluster'} "
                      "can be restored by anyone")
    return passed("not shared publicly")


SNAPSHOT_ENCRYPTION_REMEDIATION = Remediation(
    text="Copy the snapshot with a KMS key, delete the unencrypted one; encrypt the source database.",
    cli="aws rds copy-db-snapshot --source-db-snapshot-identifier SNAP --target-db-snapshot-identifier "
        "SNAP-encrypted --kms-key-id KEY_ID",
    terraform='resource "aws_db_snapshot_copy" "encrypted" {\n  source_db_snapshot_identifier = '
              'aws_db_snapshot.this.db_snapshot_arn\n  target_db_snapshot_identifier = "snap-encrypted"\n'
              '  kms_key_id                    = aws_kms_key.db.arn\n}',
)


@rule(
    id="rds_snapshot_encrypted", title="RDS manual snapshots are encrypted",
    resource_type=RdsDbSnapshot, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1537",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=SNAPSHOT_ENCRYPTION_REMEDIATION, references=("FSBP RDS.4",),
    skips="automated snapshots (they inherit the instance's encryption, judged there)",
)
def snapshot_encrypted(snapshot: RdsDbSnapshot, inv: Inventory) -> Verdict:
    """An unencrypted snapshot can be shared with, and restored in, any account without a key grant."""
    if snapshot.encrypted:
        return passed("encrypted")
    return failed(f"snapshot {snapshot.label} is not encrypted")


@rule(
    id="rds_cluster_snapshot_encrypted", title="RDS manual cluster snapshots are encrypted",
    resource_type=RdsDbClusterSnapshot, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1537",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text=SNAPSHOT_ENCRYPTION_REMEDIATION.text,
        cli="aws rds copy-db-cluster-snapshot --source-db-cluster-snapshot-identifier SNAP "
            "--target-db-cluster-snapshot-identifier SNAP-encrypted --kms-key-id KEY_ID",
        terraform='resource "aws_rds_cluster" "this" {\n  storage_encrypted = true\n}',
    ),
    references=("FSBP RDS.4",),
    skips="automated snapshots (they inherit the cluster's encryption, judged there)",
)
def cluster_snapshot_encrypted(snapshot: RdsDbClusterSnapshot, inv: Inventory) -> Verdict:
    if snapshot.encrypted:
        return passed("encrypted")
    return failed(f"cluster snapshot {snapshot.label} is not encrypted")


@rule(
    id="rds_cluster_encrypted", title="RDS and Aurora clusters encrypt storage at rest",
    resource_type=RdsDbCluster, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.HIGH,
    stage=Stage.EXFILTRATE, attack=("T1530", "T1537"), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Encryption cannot be turned on in place: snapshot the cluster, restore it with a KMS key.",
        cli="aws rds restore-db-cluster-from-snapshot --db-cluster-identifier NEW --snapshot-identifier SNAP "
            "--engine ENGINE --kms-key-id KEY_ID",
        terraform='resource "aws_rds_cluster" "this" {\n  storage_encrypted = true\n'
                  '  kms_key_id        = aws_kms_key.db.arn\n}',
    ),
    references=("FSBP RDS.27",),
    skips="the key used (an AWS-managed aws/rds key counts as encrypted)",
)
def cluster_encrypted(cluster: RdsDbCluster, inv: Inventory) -> Verdict:
    if cluster.storage_encrypted:
        return passed("storage is encrypted")
    return failed(f"cluster {cluster.label} storage is not encrypted")


@rule(
    id="rds_cluster_deletion_protection", title="RDS and Aurora clusters have deletion protection",
    resource_type=RdsDbCluster, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1485",), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    remediation=Remediation(
        text="Enable deletion protection on the cluster.",
        cli="aws rds modify-db-cluster --db-cluster-identifier CLUSTER --deletion-protection --apply-immediately",
        terraform='resource "aws_rds_cluster" "this" {\n  deletion_protection = true\n}',
    ),
    references=("FSBP RDS.7",),
    skips="final-snapshot settings on delete (not exposed by DescribeDBClusters)",
)
def cluster_deletion_protection(cluster: RdsDbCluster, inv: Inventory) -> Verdict:
    if cluster.deletion_protection:
        return passed("deletion protection is on")
    return failed(f"cluster {cluster.label} can be deleted without first turning protection off")
