"""Redshift cluster rules: exposure, encryption at rest and in transit, logging, backups, upgrades, defaults."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.containers.redshift import RedshiftCluster
from ssrm.rules.base import Verdict, failed, for_message, passed, rule

MODIFY = "aws redshift modify-cluster --cluster-identifier CLUSTER"
TF = 'resource "aws_redshift_cluster" "this" {{\n  {}\n}}'
DEFAULT_ADMIN = "awsuser"
DEFAULT_DB = "dev"


@rule(
    id="redshift_cluster_public", title="Redshift clusters are not publicly accessible",
    description=("A publicly accessible cluster can be reached from the internet; its credentials are then the only "
                 "barrier to the warehouse."),
    resource_type=RedshiftCluster, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.CRITICAL,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1110", "T1530"), phase=Phase.QUICK_WINS, smm="DP1.1",
    remediation=Remediation(
        text="Turn off public accessibility; reach the cluster from inside the VPC.",
        cli=MODIFY + " --no-publicly-accessible",
        terraform=TF.format("publicly_accessible = false"),
    ),
    references=("FSBP Redshift.1",),
    skips="whether a security group admits the internet (the attack-path engine weighs that)",
)
def cluster_public(cluster: RedshiftCluster, inv: Inventory) -> Verdict:
    if cluster.publicly_accessible:
        where = for_message(cluster, "endpoint") or "a public endpoint"
        return failed(f"cluster {cluster.label} is publicly accessible at {where}")
    return passed("not publicly accessible")


@rule(
    id="redshift_cluster_require_ssl", title="Redshift clusters require SSL connections",
    description="Without required SSL, clients may connect unencrypted and send credentials and results in clear text.",
    resource_type=RedshiftCluster, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1", needs=("require_ssl",),
    remediation=Remediation(
        text="Use a custom parameter group with require_ssl=true and reboot the cluster.",
        cli="aws redshift modify-cluster-parameter-group --parameter-group-name GROUP --parameters "
            "ParameterName=require_ssl,ParameterValue=true",
        terraform='resource "aws_redshift_parameter_group" "this" {\n  family = "redshift-1.0"\n'
                  '  parameter {\n    name  = "require_ssl"\n    value = "true"\n  }\n}',
    ),
    references=("FSBP Redshift.2",),
)
def cluster_require_ssl(cluster: RedshiftCluster, inv: Inventory) -> Verdict:
    groups = ", ".join(cluster.parameter_groups) or "no parameter group"
    if cluster.require_ssl:
        return passed(f"require_ssl=true in {groups}")
    return failed(f"cluster {cluster.label} accepts unencrypted connections (require_ssl not true in {groups})")


@rule(
    id="redshift_cluster_automated_snapshots", title="Redshift clusters take automated snapshots",
    description="Automated snapshots allow the warehouse to be restored after deletion or corruption.",
    resource_type=RedshiftCluster, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    remediation=Remediation(
        text="Set an automated snapshot retention period of at least 7 days.",
        cli=MODIFY + " --automated-snapshot-retention-period 7",
        terraform=TF.format("automated_snapshot_retention_period = 7"),
    ),
    references=("FSBP Redshift.3",),
)
def cluster_automated_snapshots(cluster: RedshiftCluster, inv: Inventory) -> Verdict:
    if cluster.automated_snapshot_retention_days >= 7:
        return passed(f"automated snapshots kept {cluster.automated_snapshot_retention_days} days")
    if cluster.automated_snapshot_retention_days == 0:
        return failed(f"cluster {cluster.label} has automated snapshots off")
    return failed(f"cluster {cluster.label} keeps automated snapshots "
                  f"{cluster.automated_snapshot_retention_days} days, less than 7")


@rule(
    id="redshift_cluster_audit_logging", title="Redshift clusters have audit logging enabled",
    description=("Audit logs record connections, users and queries; without them access to the warehouse cannot be "
                 "reviewed."),
    resource_type=RedshiftCluster, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1562.008",), phase=Phase.QUICK_WINS, smm="TD1.2", needs=("audit_logging",),
    remediation=Remediation(
        text="Turn on audit logging to CloudWatch Logs or S3 (and enable_user_activity_logging for queries).",
        cli="aws redshift enable-logging --cluster-identifier CLUSTER --log-destination-type cloudwatch "
            "--log-exports connectionlog userlog useractivitylog",
        terraform='resource "aws_redshift_logging" "this" {\n  cluster_identifier   = aws_redshift_cluster.this.id\n'
                  '  log_destination_type = "cloudwatch"\n  log_exports          = ["connectionlog", "userlog"]\n}',
    ),
    references=("FSBP Redshift.4",),
)
def cluster_audit_logging(cluster: RedshiftCluster, inv: Inventory) -> Verdict:
    if cluster.audit_logging:
        return passed(f"audit logging to {cluster.log_destination or 's3'}")
    return failed(f"cluster {cluster.label} has audit logging off")


@rule(
    id="redshift_cluster_version_upgrade", title="Redshift clusters take major version upgrades automatically",
    description="Version upgrades carry security fixes; a cluster that does not take them keeps known flaws.",
    resource_type=RedshiftCluster, layer=Layer.CLOUD, domain=Domain.VULNERABILITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.FOUNDATIONAL, smm="VM2.1",
    remediation=Remediation(
        text="Allow version upgrades so engine fixes land in the maintenance window.",
        cli=MODIFY + " --allow-version-upgrade",
        terraform=TF.format("allow_version_upgrade = true"),
    ),
    references=("FSBP Redshift.6",),
)
def cluster_version_upgrade(cluster: RedshiftCluster, inv: Inventory) -> Verdict:
    if cluster.allow_version_upgrade:
        return passed("version upgrades allowed")
    return failed(f"cluster {cluster.label} does not allow version upgrades")


@rule(
    id="redshift_cluster_enhanced_vpc_routing", title="Redshift clusters use enhanced VPC routing",
    resource_type=RedshiftCluster, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.EXFILTRATE, attack=("T1048", "T1537"), phase=Phase.EFFICIENT, smm="IP3.3",
    remediation=Remediation(
        text="Turn on enhanced VPC routing so COPY and UNLOAD traffic goes through the VPC's controls.",
        cli=MODIFY + " --enhanced-vpc-routing",
        terraform=TF.format("enhanced_vpc_routing = true"),
    ),
    references=("FSBP Redshift.7",),
)
def cluster_enhanced_vpc_routing(cluster: RedshiftCluster, inv: Inventory) -> Verdict:
    """Without it, UNLOAD to any bucket bypasses VPC endpoint policies and flow logs."""
    if cluster.enhanced_vpc_routing:
        return passed("enhanced VPC routing is on")
    return failed(f"cluster {cluster.label} routes COPY/UNLOAD traffic outside the VPC")


@rule(
    id="redshift_cluster_default_admin_username", title="Redshift clusters do not use the default admin username",
    description=("The default administrator name is the first one attackers try; a custom one removes half of the "
                 "guess."),
    resource_type=RedshiftCluster, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1078.001", "T1110"), phase=Phase.EFFICIENT, smm="IA3.1",
    remediation=Remediation(
        text="The admin username is set at creation: restore a snapshot into a cluster with a unique admin name.",
        cli="aws redshift create-cluster --cluster-identifier NEW --node-type ra3.xlplus "
            "--master-username app_admin --manage-master-password",
        terraform=TF.format('master_username = "app_admin"'),
    ),
    references=("FSBP Redshift.8",),
)
def cluster_default_admin(cluster: RedshiftCluster, inv: Inventory) -> Verdict:
    if cluster.master_username.lower() == DEFAULT_ADMIN:
        return failed(f"cluster {cluster.label} uses the default admin username {cluster.master_username}")
    return passed(f"admin username {cluster.master_username}")


@rule(
    id="redshift_cluster_default_db_name", title="Redshift clusters do not use the default database name",
    description="The default database name is publicly known; a custom one gives attackers one less thing for free.",
    resource_type=RedshiftCluster, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1078.001",), phase=Phase.EFFICIENT, smm="IA3.1",
    remediation=Remediation(
        text="The first database name is set at creation: create the cluster with a non-default name.",
        cli="aws redshift create-cluster --cluster-identifier NEW --node-type ra3.xlplus --db-name app_db "
            "--master-username app_admin --manage-master-password",
        terraform=TF.format('database_name = "app_db"'),
    ),
    references=("FSBP Redshift.9",),
)
def cluster_default_db(cluster: RedshiftCluster, inv: Inventory) -> Verdict:
    if cluster.db_name.lower() == DEFAULT_DB:
        return failed(f"cluster {cluster.label} uses the default database name {cluster.db_name}")
    return passed(f"database name {cluster.db_name}")


@rule(
    id="redshift_cluster_encrypted", title="Redshift clusters are encrypted at rest",
    description="Encryption at rest protects the warehouse's data blocks, backups and snapshots.",
    resource_type=RedshiftCluster, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530", "T1537"), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    remediation=Remediation(
        text="Encrypt the cluster with a KMS key (Redshift migrates the data in place).",
        cli=MODIFY + " --encrypted --kms-key-id KEY_ID",
        terraform=TF.format("encrypted  = true\n  kms_key_id = aws_kms_key.redshift.arn"),
    ),
    references=("FSBP Redshift.10",),
)
def cluster_encrypted(cluster: RedshiftCluster, inv: Inventory) -> Verdict:
    if cluster.encrypted:
        return passed(f"encrypted with {cluster.kms_key_id or 'a KMS key'}")
    return failed(f"cluster {cluster.label} is not encrypted at rest")
