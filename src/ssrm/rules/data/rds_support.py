"""RDS engines past the end of their standard support."""

from __future__ import annotations

from datetime import date

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.data.rds import RdsDbInstance
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule
from ssrm.rules.identity.clock import reference_time

# (engine, major version) -> end of RDS standard support, from the Amazon RDS release calendars
# ("Supported MySQL major versions on Amazon RDS", "Amazon RDS for PostgreSQL release calendar").
# After it, RDS charges Extended Support and community security fixes stop.
END_OF_STANDARD_SUPPORT: dict[tuple[str, str], date] = {
    ("mysql", "5.5"): date(2018, 12, 1), ("mysql", "5.6"): date(2022, 3, 1), ("mysql", "5.7"): date(2024, 2, 29),
    ("mysql", "8.0"): date(2026, 7, 31),
    ("postgres", "9"): date(2022, 4, 26), ("postgres", "10"): date(2023, 4, 17), ("postgres", "11"): date(2024, 2, 29),
    ("postgres", "12"): date(2025, 2, 28), ("postgres", "13"): date(2026, 2, 28),
    ("aurora-mysql", "5.7"): date(2024, 10, 31), ("aurora-postgresql", "11"): date(2024, 2, 29),
    ("aurora-postgresql", "12"): date(2025, 2, 28), ("aurora-postgresql", "13"): date(2026, 2, 28),
}


def major_version(engine: str, version: str) -> str:
    """``8.0.35`` -> ``8.0`` for MySQL, ``13.7`` -> ``13`` for PostgreSQL (``9.6`` -> ``9``)."""
    parts = version.split(".")
    if "mysql" in engine:
        return ".".join(parts[:2])
    return parts[0]


@rule(
    id="rds_instance_engine_end_of_support",
    title="RDS instances run an engine version within standard support",
    resource_type=RdsDbInstance, layer=Layer.CLOUD, domain=Domain.VULNERABILITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.FOUNDATIONAL, smm="VM2.1",
    needs=("engine", "engine_version"),
    remediation=Remediation(
        text="Upgrade to a major version in standard support (test with a blue/green deployment first).",
        cli="aws rds modify-db-instance --db-instance-identifier DB --engine-version NEW_VERSION "
            "--allow-major-version-upgrade --apply-immediately",
        terraform='resource "aws_db_instance" "this" {\n  engine_version              = "8.4"\n'
                  '  allow_major_version_upgrade = true\n}'),
    skips="engines other than MySQL, PostgreSQL and Aurora; instances without a version in code (AWS picks "
          "its current default)",
)
def instance_engine_end_of_support(db: RdsDbInstance, inv: Inventory) -> Verdict:
    """Past standard support an engine gets no community security fixes, and costs Extended Support fees."""
    if not db.engine_version:
        return not_applicable(f"{db.label} names no engine version (AWS creates its current default)")
    major = major_version(db.engine, db.engine_version)
    ended = END_OF_STANDARD_SUPPORT.get((db.engine, major))
    if ended is None:
        return passed(f"{db.engine} {db.engine_version} is not past standard support")
    if ended <= reference_time(inv).date():
        return failed(f"{db.label} runs {db.engine} {db.engine_version}: standard support ended {ended.isoformat()}")
    return passed(f"{db.engine} {db.engine_version} is in standard support until {ended.isoformat()}")
