"""RDS rules on encryption in transit that the DB parameter group enforces (FSBP RDS.38, RDS.39)."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage, UnknownField
from ssrm.model.resources.data.rds import RdsDbInstance
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule


def tls_verdict(db: RdsDbInstance, engine: str, parameter: str) -> Verdict:
    if db.engine != engine:
        return not_applicable(f"engine {db.engine or 'unknown'}, not {engine}")
    db.need("tls_required")
    if db.tls_required:
        return passed(f"unencrypted connections refused: {db.tls_setting}")
    if db.tls_required is None:
        raise UnknownField("tls_required", f"{parameter} of parameter group {db.parameter_group or '?'} "
                                           "was not recorded")
    return failed(f"unencrypted connections accepted: {db.tls_setting}")


def tls_remediation(parameter: str, family: str) -> Remediation:
    return Remediation(
        text=f"Use a custom DB parameter group with {parameter}=1 (a default group cannot be changed); the "
             "parameter is dynamic, no reboot needed.",
        cli=f"aws rds create-db-parameter-group --db-parameter-group-name tls-required --db-parameter-group-family "
            f"{family} --description 'TLS required' && aws rds modify-db-parameter-group --db-parameter-group-name "
            f"tls-required --parameters ParameterName={parameter},ParameterValue=1,ApplyMethod=immediate && "
            "aws rds modify-db-instance --db-instance-identifier DB --db-parameter-group-name tls-required",
        terraform=f'resource "aws_db_parameter_group" "tls" {{\n  family = "{family}"\n  parameter {{\n'
                  f'    name  = "{parameter}"\n    value = "1"\n  }}\n}}',
    )


@rule(
    id="rds_instance_postgres_tls_required", title="RDS for PostgreSQL instances refuse unencrypted connections",
    description=("Without rds.force_ssl a client may connect in clear text, and credentials and query results cross "
                 "the network readable by anyone on the path."),
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1", runtime_only=True,
    remediation=tls_remediation("rds.force_ssl", "postgres16"),
    references=("FSBP RDS.38",),
    skips="Aurora PostgreSQL (its cluster parameter group governs TLS); other engines",
)
def postgres_tls_required(db: RdsDbInstance, inv: Inventory) -> Verdict:
    return tls_verdict(db, "postgres", "rds.force_ssl")


@rule(
    id="rds_instance_mysql_tls_required", title="RDS for MySQL instances refuse unencrypted connections",
    description=("Without require_secure_transport a client may connect in clear text, and credentials and query "
                 "results cross the network readable by anyone on the path."),
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1", runtime_only=True,
    remediation=tls_remediation("require_secure_transport", "mysql8.0"),
    references=("FSBP RDS.39",),
    skips="Aurora MySQL (its cluster parameter group governs TLS); MariaDB and other engines",
)
def mysql_tls_required(db: RdsDbInstance, inv: Inventory) -> Verdict:
    return tls_verdict(db, "mysql", "require_secure_transport")
