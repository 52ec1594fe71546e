"""RDS rules: exposure, encryption, backups, deletion protection, availability, patching, snapshots.

Instance rules about storage, backups and deletion belong to the cluster for Aurora and Multi-AZ cluster
members (the cluster governs them), so those instances are NOT_APPLICABLE and the cluster is judged.
"""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.data.rds import (
    RdsDbCluster,
    RdsDbClusterSnapshot,
    RdsDbInstance,
    RdsDbSnapshot,
    RdsEventSubscription,
)
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule

MIN_BACKUP_DAYS = 7
CLUSTER_MEMBER = "cluster member: the cluster {} governs this"
IAM_AUTH_ENGINES = ("mysql", "mariadb", "postgres", "aurora-mysql", "aurora-postgresql", "aurora")
DEFAULT_PORTS: tuple[tuple[str, int], ...] = (  # engine prefix -> the port AWS picks when none is given
    ("aurora-postgresql", 5432), ("aurora", 3306), ("mysql", 3306), ("mariadb", 3306), ("postgres", 5432),
    ("oracle", 1521), ("sqlserver", 1433), ("db2", 50000),
)

DEFAULT_ADMIN_NAMES = frozenset({"admin", "postgres"})
REQUIRED_LOGS: tuple[tuple[str, frozenset[str]], ...] = (  # engine prefix -> log types FSBP RDS.9 expects
    ("oracle", frozenset({"alert", "audit", "trace", "listener"})),
    ("postgres", frozenset({"postgresql", "upgrade"})),
    ("mysql", frozenset({"audit", "error", "general", "slowquery"})),
    ("mariadb", frozenset({"audit", "error", "general", "slowquery"})),
    ("sqlserver", frozenset({"error", "agent"})),
)
LOGS_ATTACK = ("T1562.008", "T1078")


def aurora_mysql(engine: str) -> bool:
    return engine in ("aurora", "aurora-mysql")


def default_port(engine: str) -> int | None:
    return next((port for prefix, port in DEFAULT_PORTS if engine.startswith(prefix)), None)


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
    description="Encryption at rest protects the database's storage, its automated backups and its snapshots.",
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
    description=("Automated backups with enough retention allow point-in-time recovery after deletion, corruption or "
                 "ransomware."),
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
    description="Deletion protection stops one mistaken or malicious call from destroying the database.",
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
    description=("A standby in another zone takes over when the primary's zone fails; without it the database goes "
                 "down with the zone."),
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
    description="Minor engine versions carry security fixes; automatic upgrades apply them in the maintenance window.",
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
    description="A public snapshot can be copied and restored by any AWS account in the world, with all its data.",
    resource_type=RdsDbClusterSnapshot, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.CRITICAL,
    stage=Stage.EXFILTRATE, attack=("T1537", "T1530"), phase=Phase.QUICK_WINS, smm="DP1.1",
    needs=("shared_with",),
    remediation=Remediation(
        text=SNAPSHOT_PUBLIC_REMEDIATION.text,
        cli="aws rds modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier SNAP "
            "--attribute-name restore --values-to-remove all",
        terraform=SNAPSHOT_PUBLIC_REMEDIATION.terraform,
    ),
    references=("FSBP RDS.1", "FSBP Neptune.3", "FSBP DocumentDB.3"),
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
    description=("A snapshot is a full copy of the database; unencrypted, it can be copied and read by anyone who can "
                 "reach it."),
    resource_type=RdsDbClusterSnapshot, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1537",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text=SNAPSHOT_ENCRYPTION_REMEDIATION.text,
        cli="aws rds copy-db-cluster-snapshot --source-db-cluster-snapshot-identifier SNAP "
            "--target-db-cluster-snapshot-identifier SNAP-encrypted --kms-key-id KEY_ID",
        terraform='resource "aws_rds_cluster" "this" {\n  storage_encrypted = true\n}',
    ),
    references=("FSBP RDS.4", "FSBP Neptune.6"),
    skips="automated snapshots (they inherit the cluster's encryption, judged there)",
)
def cluster_snapshot_encrypted(snapshot: RdsDbClusterSnapshot, inv: Inventory) -> Verdict:
    if snapshot.encrypted:
        return passed("encrypted")
    return failed(f"cluster snapshot {snapshot.label} is not encrypted")


@rule(
    id="rds_cluster_encrypted", title="RDS and Aurora clusters encrypt storage at rest",
    description="Encryption at rest protects the cluster's storage, its backups and its snapshots.",
    resource_type=RdsDbCluster, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.HIGH,
    stage=Stage.EXFILTRATE, attack=("T1530", "T1537"), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Encryption cannot be turned on in place: snapshot the cluster, restore it with a KMS key.",
        cli="aws rds restore-db-cluster-from-snapshot --db-cluster-identifier NEW --snapshot-identifier SNAP "
            "--engine ENGINE --kms-key-id KEY_ID",
        terraform='resource "aws_rds_cluster" "this" {\n  storage_encrypted = true\n'
                  '  kms_key_id        = aws_kms_key.db.arn\n}',
    ),
    references=("FSBP RDS.27", "FSBP Neptune.1", "FSBP DocumentDB.1"),
    skips="the key used (an AWS-managed aws/rds key counts as encrypted)",
)
def cluster_encrypted(cluster: RdsDbCluster, inv: Inventory) -> Verdict:
    if cluster.storage_encrypted:
        return passed("storage is encrypted")
    return failed(f"cluster {cluster.label} storage is not encrypted")


@rule(
    id="rds_cluster_deletion_protection", title="RDS and Aurora clusters have deletion protection",
    description="Deletion protection stops one mistaken or malicious call from destroying the cluster and its data.",
    resource_type=RdsDbCluster, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1485",), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    remediation=Remediation(
        text="Enable deletion protection on the cluster.",
        cli="aws rds modify-db-cluster --db-cluster-identifier CLUSTER --deletion-protection --apply-immediately",
        terraform='resource "aws_rds_cluster" "this" {\n  deletion_protection = true\n}',
    ),
    references=("FSBP RDS.7", "FSBP Neptune.4", "FSBP DocumentDB.5"),
    skips="final-snapshot settings on delete (not exposed by DescribeDBClusters)",
)
def cluster_deletion_protection(cluster: RdsDbCluster, inv: Inventory) -> Verdict:
    if cluster.deletion_protection:
        return passed("deletion protection is on")
    return failed(f"cluster {cluster.label} can be deleted without first turning protection off")


@rule(
    id="rds_instance_iam_auth", title="RDS instances accept IAM database authentication",
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1078.004", "T1110"), phase=Phase.FOUNDATIONAL, smm="IA2.2",
    remediation=Remediation(
        text="Enable IAM database authentication and have applications connect with short-lived IAM tokens.",
        cli="aws rds modify-db-instance --db-instance-identifier DB --enable-iam-database-authentication "
            "--apply-immediately",
        terraform='resource "aws_db_instance" "this" {\n  iam_database_authentication_enabled = true\n}',
    ),
    references=("FSBP RDS.10",),
    skips="cluster members (judged on the cluster); engines without IAM authentication (Oracle, SQL Server, Db2)",
)
def instance_iam_auth(db: RdsDbInstance, inv: Inventory) -> Verdict:
    """Without IAM authentication every client holds a long-lived database password."""
    if (member := governed_by_cluster(db)) is not None:
        return member
    if not db.engine.startswith(IAM_AUTH_ENGINES):
        return not_applicable(f"engine {db.engine or 'unknown'} has no IAM database authentication")
    if db.iam_auth:
        return passed("IAM database authentication is on")
    return failed(f"{db.label} accepts database passwords only, not IAM authentication")


@rule(
    id="rds_cluster_iam_auth", title="RDS and Aurora clusters accept IAM database authentication",
    description=("IAM authentication replaces long-lived database passwords with short-lived tokens tied to an "
                 "identity you can audit and revoke."),
    resource_type=RdsDbCluster, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1078.004", "T1110"), phase=Phase.FOUNDATIONAL, smm="IA2.2",
    remediation=Remediation(
        text="Enable IAM database authentication on the cluster and connect with short-lived IAM tokens.",
        cli="aws rds modify-db-cluster --db-cluster-identifier CLUSTER --enable-iam-database-authentication "
            "--apply-immediately",
        terraform='resource "aws_rds_cluster" "this" {\n  iam_database_authentication_enabled = true\n}',
    ),
    references=("FSBP RDS.12", "FSBP Neptune.7"),
    skips="engines without IAM authentication (e.g. DocumentDB clusters)",
)
def cluster_iam_auth(cluster: RdsDbCluster, inv: Inventory) -> Verdict:
    if not cluster.engine.lower().startswith((*IAM_AUTH_ENGINES, "neptune")):
        return not_applicable(f"engine {cluster.engine or 'unknown'} has no IAM database authentication")
    if cluster.iam_auth:
        return passed("IAM database authentication is on")
    return failed(f"cluster {cluster.label} accepts database passwords only, not IAM authentication")


@rule(
    id="rds_cluster_multi_az", title="RDS and Aurora clusters span more than one Availability Zone",
    description=("A cluster in one Availability Zone stops when that zone fails; spreading it keeps the database "
                 "available."),
    resource_type=RdsDbCluster, layer=Layer.CLOUD, domain=Domain.RESILIENCY, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1489",), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    remediation=Remediation(
        text="Add a reader instance in another Availability Zone (Aurora) so the cluster can fail over.",
        cli="aws rds create-db-instance --db-cluster-identifier CLUSTER --db-instance-identifier CLUSTER-reader "
            "--engine ENGINE --db-instance-class CLASS --availability-zone OTHER_AZ",
        terraform='resource "aws_rds_cluster_instance" "reader" {\n  cluster_identifier = aws_rds_cluster.this.id\n'
                  '  availability_zone  = "OTHER_AZ"\n}',
    ),
    references=("FSBP RDS.15", "FSBP Neptune.9"),
    skips="Aurora Serverless v1 clusters (AWS places their capacity)",
)
def cluster_multi_az(cluster: RdsDbCluster, inv: Inventory) -> Verdict:
    if cluster.multi_az:
        return passed("instances in more than one Availability Zone")
    return failed(f"cluster {cluster.label} runs in a single Availability Zone")


@rule(
    id="rds_instance_in_vpc", title="RDS instances run inside a VPC",
    description=("Instances outside a VPC (EC2-Classic) cannot use security groups and network controls as VPC "
                 "instances do."),
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.FOUNDATIONAL, smm="IP2.3",
    remediation=Remediation(
        text="Move the instance into a DB subnet group of a VPC (restore a snapshot into the VPC and switch over).",
        cli="aws rds modify-db-instance --db-instance-identifier DB --db-subnet-group-name SUBNET_GROUP "
            "--apply-immediately",
        terraform='resource "aws_db_instance" "this" {\n  db_subnet_group_name   = aws_db_subnet_group.this.name\n'
                  '  vpc_security_group_ids = [aws_security_group.db.id]\n}',
    ),
    references=("FSBP RDS.18",),
    skips="whether the VPC itself is segmented well (network rules judge that)",
)
def instance_in_vpc(db: RdsDbInstance, inv: Inventory) -> Verdict:
    if db.vpc_id:
        return passed(f"in {db.vpc_id}")
    return failed(f"{db.label} has no DB subnet group in a VPC")


@rule(
    id="rds_instance_default_port", title="RDS instances do not listen on the engine's default port",
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.INFRASTRUCTURE, severity=Severity.LOW,
    stage=Stage.RECON, attack=("T1046",), phase=Phase.FOUNDATIONAL, smm="IP2.1",
    remediation=Remediation(
        text="Move the database to a non-default port and update clients and security groups.",
        cli="aws rds modify-db-instance --db-instance-identifier DB --db-port-number 15432 --apply-immediately",
        terraform='resource "aws_db_instance" "this" {\n  port = 15432\n}',
    ),
    references=("FSBP RDS.23",),
    skips="cluster members (judged on the cluster); instances without an endpoint yet",
)
def instance_default_port(db: RdsDbInstance, inv: Inventory) -> Verdict:
    """Scanners sweep 3306, 5432, 1433 and 1521 first; a custom port drops the database out of the cheap sweep."""
    if (member := governed_by_cluster(db)) is not None:
        return member
    expected = default_port(db.engine)
    if db.port is None or expected is None:
        return not_applicable("no endpoint port yet" if db.port is None else f"engine {db.engine} has no default")
    if db.port == expected:
        return failed(f"{db.label} listens on {db.engine}'s default port {db.port}")
    return passed(f"listens on port {db.port}")


@rule(
    id="rds_instance_enhanced_monitoring", title="RDS instances have enhanced monitoring",
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.LOW,
    stage=Stage.CONTROL, attack=("T1496", "T1489"), phase=Phase.QUICK_WINS, smm="TD1.1",
    remediation=Remediation(
        text="Turn on enhanced monitoring (e.g. every 60 seconds) with a role RDS can use to publish OS metrics.",
        cli="aws rds modify-db-instance --db-instance-identifier DB --monitoring-interval 60 "
            "--monitoring-role-arn ROLE_ARN --apply-immediately",
        terraform='resource "aws_db_instance" "this" {\n  monitoring_interval = 60\n'
                  '  monitoring_role_arn = aws_iam_role.rds_monitoring.arn\n}',
    ),
    references=("FSBP RDS.6",),
    skips="the sampling interval chosen (any interval counts)",
)
def instance_enhanced_monitoring(db: RdsDbInstance, inv: Inventory) -> Verdict:
    """OS-level metrics show a runaway process or resource hijacking that engine metrics miss."""
    if db.monitoring_interval > 0:
        return passed(f"enhanced monitoring every {db.monitoring_interval} seconds")
    return failed(f"{db.label} has no enhanced monitoring")


@rule(
    id="rds_instance_log_exports", title="RDS instances publish their engine's logs to CloudWatch Logs",
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=LOGS_ATTACK, phase=Phase.QUICK_WINS, smm="TD1.2",
    remediation=Remediation(
        text="Publish every log type the engine offers (e.g. MySQL audit, error, general, slowquery) to "
             "CloudWatch Logs; audit logs may also need the engine's audit plugin or parameter.",
        cli="aws rds modify-db-instance --db-instance-identifier DB --cloudwatch-logs-export-configuration "
            "'{\"EnableLogTypes\":[\"audit\",\"error\",\"general\",\"slowquery\"]}' --apply-immediately",
        terraform='resource "aws_db_instance" "this" {\n'
                  '  enabled_cloudwatch_logs_exports = ["audit", "error", "general", "slowquery"]\n}',
    ),
    references=("FSBP RDS.9",),
    skips="cluster members (judged on the cluster); engines without a known log set (e.g. Db2)",
)
def instance_log_exports(db: RdsDbInstance, inv: Inventory) -> Verdict:
    """Database logs are where a stolen login, brute force or mass export shows up."""
    if (member := governed_by_cluster(db)) is not None:
        return member
    required = next((logs for prefix, logs in REQUIRED_LOGS if db.engine.startswith(prefix)), None)
    if required is None:
        return not_applicable(f"engine {db.engine or 'unknown'} has no expected log set")
    missing = sorted(required - set(db.log_exports))
    if missing:
        return failed(f"{db.label} does not publish {', '.join(missing)} logs to CloudWatch Logs")
    return passed("publishes " + ", ".join(sorted(required)) + " logs")


@rule(
    id="rds_postgres_instance_logs", title="RDS for PostgreSQL instances publish PostgreSQL logs to CloudWatch Logs",
    description=("PostgreSQL logs record connections, errors and unusual statements; in CloudWatch they can be kept, "
                 "searched and alarmed on."),
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=LOGS_ATTACK, phase=Phase.QUICK_WINS, smm="TD1.2",
    remediation=Remediation(
        text="Publish the postgresql log type to CloudWatch Logs (set log_connections and pgaudit as needed).",
        cli="aws rds modify-db-instance --db-instance-identifier DB --cloudwatch-logs-export-configuration "
            "'{\"EnableLogTypes\":[\"postgresql\"]}' --apply-immediately",
        terraform='resource "aws_db_instance" "this" {\n  enabled_cloudwatch_logs_exports = ["postgresql"]\n}',
    ),
    references=("FSBP RDS.36",),
    skips="engines other than RDS for PostgreSQL; Multi-AZ cluster members (judged on the cluster)",
)
def postgres_instance_logs(db: RdsDbInstance, inv: Inventory) -> Verdict:
    if db.engine != "postgres":
        return not_applicable(f"engine {db.engine or 'unknown'} is not RDS for PostgreSQL")
    if (member := governed_by_cluster(db)) is not None:
        return member
    if "postgresql" in db.log_exports:
        return passed("publishes postgresql logs")
    return failed(f"{db.label} does not publish postgresql logs to CloudWatch Logs")


@rule(
    id="rds_aurora_mysql_audit_logs", title="Aurora MySQL clusters publish audit logs to CloudWatch Logs",
    description=("Audit logs record connections and queries; published to CloudWatch they survive the instance and can"
                 " be searched and alarmed on."),
    resource_type=RdsDbCluster, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=LOGS_ATTACK, phase=Phase.QUICK_WINS, smm="TD1.2",
    remediation=Remediation(
        text="Turn on advanced auditing (server_audit_logging=1 in the cluster parameter group) and publish the "
             "audit log type to CloudWatch Logs.",
        cli="aws rds modify-db-cluster --db-cluster-identifier CLUSTER --cloudwatch-logs-export-configuration "
            "'{\"EnableLogTypes\":[\"audit\"]}' --apply-immediately",
        terraform='resource "aws_rds_cluster" "this" {\n  enabled_cloudwatch_logs_exports = ["audit"]\n}',
    ),
    references=("FSBP RDS.34",),
    skips="engines other than Aurora MySQL; the server_audit_events chosen",
)
def aurora_mysql_audit_logs(cluster: RdsDbCluster, inv: Inventory) -> Verdict:
    if not aurora_mysql(cluster.engine):
        return not_applicable(f"engine {cluster.engine or 'unknown'} is not Aurora MySQL")
    if "audit" in cluster.log_exports:
        return passed("publishes audit logs")
    return failed(f"cluster {cluster.label} does not publish audit logs to CloudWatch Logs")


@rule(
    id="rds_aurora_postgres_logs", title="Aurora PostgreSQL clusters publish PostgreSQL logs to CloudWatch Logs",
    description=("PostgreSQL logs record connections, errors and slow or unusual statements; in CloudWatch they can be"
                 " kept, searched and alarmed on."),
    resource_type=RdsDbCluster, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=LOGS_ATTACK, phase=Phase.QUICK_WINS, smm="TD1.2",
    remediation=Remediation(
        text="Publish the postgresql log type of the cluster to CloudWatch Logs.",
        cli="aws rds modify-db-cluster --db-cluster-identifier CLUSTER --cloudwatch-logs-export-configuration "
            "'{\"EnableLogTypes\":[\"postgresql\"]}' --apply-immediately",
        terraform='resource "aws_rds_cluster" "this" {\n  enabled_cloudwatch_logs_exports = ["postgresql"]\n}',
    ),
    references=("FSBP RDS.37",),
    skips="engines other than Aurora PostgreSQL",
)
def aurora_postgres_logs(cluster: RdsDbCluster, inv: Inventory) -> Verdict:
    if cluster.engine != "aurora-postgresql":
        return not_applicable(f"engine {cluster.engine or 'unknown'} is not Aurora PostgreSQL")
    if "postgresql" in cluster.log_exports:
        return passed("publishes postgresql logs")
    return failed(f"cluster {cluster.label} does not publish postgresql logs to CloudWatch Logs")


@rule(
    id="rds_cluster_copy_tags_to_snapshot", title="RDS and Aurora clusters copy their tags to snapshots",
    resource_type=RdsDbCluster, layer=Layer.CLOUD, domain=Domain.GOVERNANCE, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1537",), phase=Phase.EFFICIENT, smm="SG3.3",
    remediation=Remediation(
        text="Copy tags to snapshots so ownership, classification and tag-based access policies follow the data.",
        cli="aws rds modify-db-cluster --db-cluster-identifier CLUSTER --copy-tags-to-snapshot --apply-immediately",
        terraform='resource "aws_rds_cluster" "this" {\n  copy_tags_to_snapshot = true\n}',
    ),
    references=("FSBP RDS.16", "FSBP Neptune.8"),
    skips="snapshots taken before the setting was turned on",
)
def cluster_copy_tags_to_snapshot(cluster: RdsDbCluster, inv: Inventory) -> Verdict:
    """An untagged snapshot escapes tag-based access control and nobody knows whose data it holds."""
    if cluster.copy_tags_to_snapshot:
        return passed("tags are copied to snapshots")
    return failed(f"cluster {cluster.label} does not copy its tags to snapshots")


@rule(
    id="rds_instance_copy_tags_to_snapshot", title="RDS instances copy their tags to snapshots",
    description=("Tags carry ownership and data classification; snapshots without them escape the controls and reviews"
                 " that rely on tags."),
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.GOVERNANCE, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1537",), phase=Phase.EFFICIENT, smm="SG3.3",
    remediation=Remediation(
        text="Copy tags to snapshots so ownership, classification and tag-based access policies follow the data.",
        cli="aws rds modify-db-instance --db-instance-identifier DB --copy-tags-to-snapshot --apply-immediately",
        terraform='resource "aws_db_instance" "this" {\n  copy_tags_to_snapshot = true\n}',
    ),
    references=("FSBP RDS.17",),
    skips="cluster members (judged on the cluster); snapshots taken before the setting was turned on",
)
def instance_copy_tags_to_snapshot(db: RdsDbInstance, inv: Inventory) -> Verdict:
    if (member := governed_by_cluster(db)) is not None:
        return member
    if db.copy_tags_to_snapshot:
        return passed("tags are copied to snapshots")
    return failed(f"{db.label} does not copy its tags to snapshots")


def admin_name_verdict(label: str, username: str | None) -> Verdict:
    if not username:
        return not_applicable("master username not reported")
    if username.lower() in DEFAULT_ADMIN_NAMES:
        return failed(f"{label} uses the default administrator name {username!r}")
    return passed("custom administrator name")


@rule(
    id="rds_cluster_custom_admin_name", title="RDS and Aurora clusters use a custom administrator name",
    resource_type=RdsDbCluster, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1110", "T1078.001"), phase=Phase.FOUNDATIONAL, smm="IA2.2",
    remediation=Remediation(
        text="The master username cannot be changed: restore a snapshot into a new cluster created with a custom "
             "master username, switch over, and prefer IAM authentication for people.",
        cli="aws rds restore-db-cluster-from-snapshot --db-cluster-identifier NEW --snapshot-identifier SNAP "
            "--engine ENGINE  # then create users; new clusters: create-db-cluster --master-username CUSTOM",
        terraform='resource "aws_rds_cluster" "this" {\n  master_username = "dbmaster_9f3"\n}',
    ),
    references=("FSBP RDS.24",),
    skips="other guessable names than admin and postgres",
)
def cluster_custom_admin_name(cluster: RdsDbCluster, inv: Inventory) -> Verdict:
    """A default admin name leaves a password guess as the only unknown."""
    return admin_name_verdict(f"cluster {cluster.label}", cluster.master_username)


@rule(
    id="rds_instance_custom_admin_name", title="RDS instances use a custom administrator name",
    description=("The default administrator name is the first one attackers try; a custom one removes half of the "
                 "guess."),
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1110", "T1078.001"), phase=Phase.FOUNDATIONAL, smm="IA2.2",
    remediation=Remediation(
        text="The master username cannot be changed: create a new instance with a custom master username, "
             "migrate the data, switch over.",
        cli="aws rds create-db-instance --db-instance-identifier NEW --engine ENGINE --db-instance-class CLASS "
            "--master-username CUSTOM --manage-master-user-password",
        terraform='resource "aws_db_instance" "this" {\n  username = "dbmaster_9f3"\n}',
    ),
    references=("FSBP RDS.25",),
    skips="cluster members (judged on the cluster); other guessable names than admin and postgres",
)
def instance_custom_admin_name(db: RdsDbInstance, inv: Inventory) -> Verdict:
    if (member := governed_by_cluster(db)) is not None:
        return member
    return admin_name_verdict(db.label, db.master_username)


@rule(
    id="rds_cluster_auto_minor_upgrade", title="RDS and Aurora clusters apply minor engine upgrades automatically",
    description=("Minor engine versions carry security fixes; automatic upgrades apply them in the maintenance window "
                 "without waiting for someone."),
    resource_type=RdsDbCluster, layer=Layer.CLOUD, domain=Domain.VULNERABILITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.FOUNDATIONAL, smm="VM2.1",
    remediation=Remediation(
        text="Enable auto minor version upgrade on the cluster so security patches land in the maintenance window.",
        cli="aws rds modify-db-cluster --db-cluster-identifier CLUSTER --auto-minor-version-upgrade "
            "--apply-immediately",
        terraform='resource "aws_rds_cluster" "this" {\n  auto_minor_version_upgrade = true\n}',
    ),
    references=("FSBP RDS.35",),
    skips="clusters for which DescribeDBClusters reports no setting",
)
def cluster_auto_minor_upgrade(cluster: RdsDbCluster, inv: Inventory) -> Verdict:
    if cluster.auto_minor_version_upgrade is None:
        return not_applicable("auto minor version upgrade not reported for this cluster")
    if cluster.auto_minor_version_upgrade:
        return passed("auto minor version upgrade is on")
    return failed(f"cluster {cluster.label} ({cluster.engine} {cluster.engine_version}) does not take minor "
                  "upgrades automatically")


@rule(
    id="rds_aurora_mysql_backtracking", title="Aurora MySQL clusters have backtracking",
    resource_type=RdsDbCluster, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1485",), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    remediation=Remediation(
        text="Set a backtrack window (e.g. 24 hours) to rewind the cluster after a destructive change; clusters "
             "created without it must be restored from a snapshot with backtracking on.",
        cli="aws rds modify-db-cluster --db-cluster-identifier CLUSTER --backtrack-window 86400 --apply-immediately",
        terraform='resource "aws_rds_cluster" "this" {\n  backtrack_window = 86400\n}',
    ),
    references=("FSBP RDS.14",),
    skips="engines other than Aurora MySQL; Aurora global and Serverless clusters (no backtracking there)",
)
def aurora_mysql_backtracking(cluster: RdsDbCluster, inv: Inventory) -> Verdict:
    """Backtracking undoes a bad DELETE in minutes instead of a full restore."""
    if not aurora_mysql(cluster.engine):
        return not_applicable(f"engine {cluster.engine or 'unknown'} has no backtracking")
    if cluster.backtrack_window > 0:
        return passed(f"backtrack window {cluster.backtrack_window} seconds")
    return failed(f"cluster {cluster.label} has backtracking off")


@rule(
    id="rds_cluster_default_port", title="RDS and Aurora clusters do not listen on the engine's default port",
    description=("Scanners look for databases on default ports first; a non-default port removes the cluster from the "
                 "cheapest sweeps (it is no access control)."),
    resource_type=RdsDbCluster, layer=Layer.CLOUD, domain=Domain.INFRASTRUCTURE, severity=Severity.LOW,
    stage=Stage.RECON, attack=("T1046",), phase=Phase.FOUNDATIONAL, smm="IP2.1",
    remediation=Remediation(
        text="Move the cluster to a non-default port and update clients and security groups.",
        cli="aws rds modify-db-cluster --db-cluster-identifier CLUSTER --port 15432 --apply-immediately",
        terraform='resource "aws_rds_cluster" "this" {\n  port = 15432\n}',
    ),
    references=("FSBP RDS.23",),
    skips="clusters that report no port; engines without a known default",
)
def cluster_default_port(cluster: RdsDbCluster, inv: Inventory) -> Verdict:
    expected = default_port(cluster.engine)
    if cluster.port is None or expected is None:
        return not_applicable("no port reported" if cluster.port is None else f"engine {cluster.engine} has no default")
    if cluster.port == expected:
        return failed(f"cluster {cluster.label} listens on {cluster.engine}'s default port {cluster.port}")
    return passed(f"listens on port {cluster.port}")


EVENT_ATTACK = ("T1562.008", "T1489")
EVENT_SKIPS = "subscriptions for other source types; whether anyone reads the SNS topic"


def subscription_remediation(source_type: str, categories: tuple[str, ...]) -> Remediation:
    listed = " ".join(f'"{c}"' for c in categories)
    quoted = ", ".join(f'"{c}"' for c in categories)
    return Remediation(
        text=f"Subscribe an SNS topic someone watches to the {source_type} events: {', '.join(categories)}.",
        cli=f"aws rds create-event-subscription --subscription-name {source_type}-events --sns-topic-arn TOPIC_ARN "
            f"--source-type {source_type} --event-categories {listed}",
        terraform=f'resource "aws_db_event_subscription" "{source_type.replace("-", "_")}" {{\n'
                  f'  name        = "{source_type}-events"\n  sns_topic   = aws_sns_topic.alerts.arn\n'
                  f'  source_type = "{source_type}"\n  event_categories = [{quoted}]\n}}',
    )


def subscription_verdict(sub: RdsEventSubscription, source_type: str, categories: tuple[str, ...]) -> Verdict:
    """Judge a subscription on the categories it delivers for one source type (empty lists mean "all")."""
    if sub.source_type not in (None, source_type):
        return not_applicable(f"subscription for {sub.source_type}, not {source_type}")
    if not sub.enabled:
        return failed(f"event subscription {sub.label} for {source_type} is disabled")
    missing = [c for c in categories if sub.event_categories and c not in sub.event_categories]
    if missing:
        return failed(f"event subscription {sub.label} for {source_type} leaves out {', '.join(missing)} events")
    return passed(f"delivers {', '.join(categories)} events for {source_type}")


CLUSTER_EVENTS = ("failure", "maintenance")
INSTANCE_EVENTS = ("maintenance", "configuration change", "failure")
PARAMETER_GROUP_EVENTS = ("maintenance", "configuration change")
SECURITY_GROUP_EVENTS = ("configuration change", "failure")


@rule(
    id="rds_event_subscription_cluster", title="RDS event subscriptions for clusters cover failure and maintenance",
    description=("Event subscriptions tell you when a cluster fails or goes into maintenance, instead of finding out "
                 "from users."),
    resource_type=RdsEventSubscription, layer=Layer.CLOUD, domain=Domain.ASSURANCE, severity=Severity.LOW,
    stage=Stage.CONTROL, attack=EVENT_ATTACK, phase=Phase.FOUNDATIONAL, smm="SA2.1",
    remediation=subscription_remediation("db-cluster", CLUSTER_EVENTS), references=("FSBP RDS.19",),
    skips=EVENT_SKIPS,
)
def event_subscription_cluster(sub: RdsEventSubscription, inv: Inventory) -> Verdict:
    return subscription_verdict(sub, "db-cluster", CLUSTER_EVENTS)


@rule(
    id="rds_event_subscription_instance",
    description=("Event subscriptions report failures, maintenance and configuration changes of instances as they "
                 "happen."),
    title="RDS event subscriptions for instances cover failure, maintenance and configuration change",
    resource_type=RdsEventSubscription, layer=Layer.CLOUD, domain=Domain.ASSURANCE, severity=Severity.LOW,
    stage=Stage.CONTROL, attack=EVENT_ATTACK, phase=Phase.FOUNDATIONAL, smm="SA2.1",
    remediation=subscription_remediation("db-instance", INSTANCE_EVENTS), references=("FSBP RDS.20",),
    skips=EVENT_SKIPS,
)
def event_subscription_instance(sub: RdsEventSubscription, inv: Inventory) -> Verdict:
    return subscription_verdict(sub, "db-instance", INSTANCE_EVENTS)


@rule(
    id="rds_event_subscription_parameter_group",
    title="RDS event subscriptions for parameter groups cover maintenance and configuration change",
    resource_type=RdsEventSubscription, layer=Layer.CLOUD, domain=Domain.ASSURANCE, severity=Severity.LOW,
    stage=Stage.CONTROL, attack=EVENT_ATTACK, phase=Phase.FOUNDATIONAL, smm="SA2.1",
    remediation=subscription_remediation("db-parameter-group", PARAMETER_GROUP_EVENTS), references=("FSBP RDS.21",),
    skips=EVENT_SKIPS + "; regions with no subscription at all (nothing to judge)",
)
def event_subscription_parameter_group(sub: RdsEventSubscription, inv: Inventory) -> Verdict:
    """A parameter change can switch off logging or TLS enforcement: someone should hear about it."""
    return subscription_verdict(sub, "db-parameter-group", PARAMETER_GROUP_EVENTS)


@rule(
    id="rds_event_subscription_security_group",
    description="Changes to DB security groups change who can connect; a subscription makes each change visible.",
    title="RDS event subscriptions for DB security groups cover configuration change and failure",
    resource_type=RdsEventSubscription, layer=Layer.CLOUD, domain=Domain.ASSURANCE, severity=Severity.LOW,
    stage=Stage.CONTROL, attack=EVENT_ATTACK, phase=Phase.FOUNDATIONAL, smm="SA2.1",
    remediation=subscription_remediation("db-security-group", SECURITY_GROUP_EVENTS), references=("FSBP RDS.22",),
    skips=EVENT_SKIPS + "; regions with no subscription at all (nothing to judge)",
)
def event_subscription_security_group(sub: RdsEventSubscription, inv: Inventory) -> Verdict:
    return subscription_verdict(sub, "db-security-group", SECURITY_GROUP_EVENTS)
