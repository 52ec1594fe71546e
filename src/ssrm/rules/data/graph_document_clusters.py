"""Neptune and DocumentDB clusters: what their FSBP controls ask beyond the RDS cluster rules they share.

Both run on the RDS control plane (DescribeDBClusters returns them with engine ``neptune`` or ``docdb``), so
encryption, snapshots, deletion protection, IAM authentication, tags and Multi-AZ are judged by the
``rds_cluster_*`` rules; these two add the audit log export and the backup retention FSBP sets for them.
"""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.data.rds import RdsDbCluster
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule

ENGINES = {"neptune": "Neptune", "docdb": "DocumentDB"}
MINIMUM_RETENTION_DAYS = 7  # FSBP DocumentDB.2's default parameter; Neptune.5 asks for backups at all


def _engine(cluster: RdsDbCluster) -> str | None:
    return ENGINES.get(cluster.engine.lower())


@rule(
    id="rds_graph_document_cluster_audit_logs",
    title="Neptune and DocumentDB clusters publish audit logs to CloudWatch Logs",
    resource_type=RdsDbCluster, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530", "T1562.008"), phase=Phase.FOUNDATIONAL, smm="TD2.1",
    needs=("log_exports",),
    remediation=Remediation(
        text="Turn on audit logging in the cluster parameter group (neptune_enable_audit_log=1 or audit_logs="
             "enabled) and export the audit log type to CloudWatch Logs.",
        cli="aws rds modify-db-cluster --db-cluster-identifier <CLUSTER> "
            "--cloudwatch-logs-export-configuration '{\"EnableLogTypes\":[\"audit\"]}'",
        terraform='resource "aws_neptune_cluster" "this" {\n  enable_cloudwatch_logs_exports = ["audit"]\n}',
    ),
    references=("FSBP Neptune.2", "FSBP DocumentDB.4"),
    skips="Aurora and RDS clusters (their own log rules judge them).",
)
def cluster_audit_logs(cluster: RdsDbCluster, inv: Inventory) -> Verdict:
    """Without audit logs nobody can tell who read or changed the graph or the documents."""
    engine = _engine(cluster)
    if engine is None:
        return not_applicable(f"engine {cluster.engine or 'unknown'} is not Neptune or DocumentDB")
    if "audit" in (t.lower() for t in cluster.log_exports):
        return passed(f"{engine} cluster {cluster.label} exports audit logs")
    exported = ", ".join(cluster.log_exports) or "nothing"
    return failed(f"{engine} cluster {cluster.label} does not export audit logs (exports {exported})")


@rule(
    id="rds_graph_document_cluster_backup_retention",
    title=f"Neptune and DocumentDB clusters keep automated backups for at least {MINIMUM_RETENTION_DAYS} days",
    resource_type=RdsDbCluster, layer=Layer.CLOUD, domain=Domain.RESILIENCY, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    needs=("backup_retention_days",),
    remediation=Remediation(
        text=f"Set the backup retention period to {MINIMUM_RETENTION_DAYS} days or more.",
        cli=f"aws rds modify-db-cluster --db-cluster-identifier <CLUSTER> --backup-retention-period "
            f"{MINIMUM_RETENTION_DAYS} --apply-immediately",
        terraform=f'resource "aws_docdb_cluster" "this" {{\n  backup_retention_period = {MINIMUM_RETENTION_DAYS}\n}}',
    ),
    references=("FSBP Neptune.5", "FSBP DocumentDB.2"),
    skips="Aurora and RDS clusters (their own backup rules judge them).",
)
def cluster_backup_retention(cluster: RdsDbCluster, inv: Inventory) -> Verdict:
    """A ransomware delete or a bad migration is recoverable only from backups that are still there."""
    engine = _engine(cluster)
    if engine is None:
        return not_applicable(f"engine {cluster.engine or 'unknown'} is not Neptune or DocumentDB")
    days = cluster.backup_retention_days
    if days >= MINIMUM_RETENTION_DAYS:
        return passed(f"{engine} cluster {cluster.label} keeps backups for {days} days")
    return failed(f"{engine} cluster {cluster.label} keeps backups for {days} day(s), fewer than "
                  f"{MINIMUM_RETENTION_DAYS}")
