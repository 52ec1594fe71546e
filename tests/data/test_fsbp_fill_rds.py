"""RDS rules added to cover FSBP controls: a passing and a failing instance or cluster each."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from ssrm.engine import judge
from ssrm.model import Inventory, Resource, Status
from ssrm.model.resources.data.rds import RdsDbCluster, RdsDbInstance, RdsEventSubscription
from ssrm.rules import data as data_rules
from ssrm.rules.catalog import rules_in

ACCOUNT = "123456789012"
RULES = {r.id: r for r in rules_in(data_rules.MODULES)}


def db(**fields: Any) -> RdsDbInstance:
    fields.setdefault("engine", "postgres")
    return RdsDbInstance(arn=f"arn:aws:rds:us-east-1:{ACCOUNT}:db:d", id="d", account=ACCOUNT,
                         region="us-east-1", **fields)


def cluster(**fields: Any) -> RdsDbCluster:
    fields.setdefault("engine", "aurora-postgresql")
    return RdsDbCluster(arn=f"arn:aws:rds:us-east-1:{ACCOUNT}:cluster:c", id="c", account=ACCOUNT,
                        region="us-east-1", **fields)


def subscription(source_type: str | None, *categories: str, enabled: bool = True) -> RdsEventSubscription:
    return RdsEventSubscription(arn=f"arn:aws:rds:us-east-1:{ACCOUNT}:es:s", id="s", account=ACCOUNT,
                                region="us-east-1", source_type=source_type, event_categories=list(categories),
                                enabled=enabled)


CASES: dict[str, tuple[Resource, Resource]] = {  # rule id -> (passing, failing)
    "rds_instance_iam_auth": (db(iam_auth=True), db()),
    "rds_cluster_iam_auth": (cluster(iam_auth=True), cluster()),
    "rds_cluster_multi_az": (cluster(multi_az=True), cluster()),
    "rds_instance_in_vpc": (db(vpc_id="vpc-1"), db()),
    "rds_instance_default_port": (db(port=15432), db(port=5432)),
    "rds_instance_enhanced_monitoring": (db(monitoring_interval=60), db()),
    "rds_instance_log_exports": (db(log_exports=["postgresql", "upgrade"]), db(log_exports=["postgresql"])),
    "rds_postgres_instance_logs": (db(log_exports=["postgresql"]), db(log_exports=["upgrade"])),
    "rds_aurora_mysql_audit_logs": (cluster(engine="aurora-mysql", log_exports=["audit", "error"]),
                                    cluster(engine="aurora-mysql", log_exports=["error"])),
    "rds_aurora_postgres_logs": (cluster(log_exports=["postgresql"]), cluster()),
    "rds_cluster_copy_tags_to_snapshot": (cluster(copy_tags_to_snapshot=True), cluster()),
    "rds_instance_copy_tags_to_snapshot": (db(copy_tags_to_snapshot=True), db()),
    "rds_cluster_custom_admin_name": (cluster(master_username="dbmaster"), cluster(master_username="postgres")),
    "rds_instance_custom_admin_name": (db(master_username="dbmaster"), db(master_username="Admin")),
    "rds_cluster_auto_minor_upgrade": (cluster(auto_minor_version_upgrade=True),
                                       cluster(auto_minor_version_upgrade=False)),
    "rds_aurora_mysql_backtracking": (cluster(engine="aurora-mysql", backtrack_window=86400),
                                      cluster(engine="aurora-mysql")),
    "rds_cluster_default_port": (cluster(port=15432), cluster(port=5432)),
    "rds_event_subscription_cluster": (subscription("db-cluster", "failure", "maintenance", "notification"),
                                       subscription("db-cluster", "failure")),
    "rds_event_subscription_instance": (subscription("db-instance"),
                                        subscription("db-instance", "failure", "maintenance")),
    "rds_event_subscription_parameter_group": (
        subscription("db-parameter-group", "maintenance", "configuration change"),
        subscription("db-parameter-group", "maintenance", "configuration change", enabled=False)),
    "rds_event_subscription_security_group": (subscription(None),
                                              subscription("db-security-group", "configuration change")),
}


def inventory(resource: Resource) -> Inventory:
    inv = Inventory(account=ACCOUNT, regions=["us-east-1"])
    inv.add([resource])
    return inv


def status(rule_id: str, resource: Resource) -> Status:
    return judge(RULES[rule_id], resource, inventory(resource)).status


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_and_fails(rule_id: str) -> None:
    good, bad = CASES[rule_id]
    verdict = judge(RULES[rule_id], good, inventory(good))
    assert verdict.status is Status.PASS, verdict.reason
    verdict = judge(RULES[rule_id], bad, inventory(bad))
    assert verdict.status is Status.FAIL, verdict.reason
    assert verdict.reason and "\n" not in verdict.reason


def test_engines_and_members_out_of_scope() -> None:
    assert status("rds_instance_iam_auth", db(engine="sqlserver-se")) is Status.NOT_APPLICABLE
    assert status("rds_instance_iam_auth", db(cluster_id="aurora-1")) is Status.NOT_APPLICABLE
    assert status("rds_cluster_iam_auth", cluster(engine="docdb")) is Status.NOT_APPLICABLE  # Neptune has IAM auth
    assert status("rds_instance_default_port", db()) is Status.NOT_APPLICABLE  # no endpoint yet
    assert status("rds_instance_default_port", db(engine="mysql", port=3306)) is Status.FAIL


def test_engine_specific_rules_skip_other_engines() -> None:
    assert status("rds_postgres_instance_logs", db(engine="mysql")) is Status.NOT_APPLICABLE
    assert status("rds_aurora_mysql_audit_logs", cluster()) is Status.NOT_APPLICABLE
    assert status("rds_aurora_postgres_logs", cluster(engine="aurora-mysql")) is Status.NOT_APPLICABLE
    assert status("rds_aurora_mysql_backtracking", cluster()) is Status.NOT_APPLICABLE
    assert status("rds_instance_log_exports", db(engine="db2-se")) is Status.NOT_APPLICABLE
    assert status("rds_instance_log_exports", db(engine="mysql", log_exports=["error"])) is Status.FAIL


def test_unreported_settings_never_pass() -> None:
    assert status("rds_cluster_auto_minor_upgrade", cluster()) is Status.NOT_APPLICABLE
    assert status("rds_instance_custom_admin_name", db()) is Status.NOT_APPLICABLE
    assert status("rds_cluster_default_port", cluster()) is Status.NOT_APPLICABLE
    member = db(cluster_id="aurora-1")
    for rule_id in ("rds_instance_log_exports", "rds_instance_copy_tags_to_snapshot", "rds_instance_custom_admin_name"):
        assert status(rule_id, member) is Status.NOT_APPLICABLE


def test_collector_reads_the_new_instance_and_cluster_fields(mock_scan) -> None:
    rds = boto3.client("rds", region_name="us-east-1")
    rds.create_db_instance(DBInstanceIdentifier="pg", Engine="postgres", DBInstanceClass="db.t3.micro",
                           MasterUsername="postgres", MasterUserPassword="x" * 16, AllocatedStorage=20, Port=5432,
                           EnableCloudwatchLogsExports=["postgresql"], CopyTagsToSnapshot=True,
                           MonitoringInterval=60, MonitoringRoleArn=f"arn:aws:iam::{ACCOUNT}:role/monitoring")
    rds.create_db_cluster(DBClusterIdentifier="am", Engine="aurora-mysql", MasterUsername="dbmaster",
                          MasterUserPassword="x" * 16, BacktrackWindow=3600, EnableCloudwatchLogsExports=["audit"],
                          CopyTagsToSnapshot=True, Port=13306)
    inv = mock_scan(["rds"], regions=["us-east-1"])
    instance = inv.get(RdsDbInstance, "pg")
    aurora = inv.get(RdsDbCluster, "am")
    assert instance is not None and aurora is not None
    assert (instance.monitoring_interval, instance.log_exports, instance.copy_tags_to_snapshot,
            instance.master_username, instance.port) == (60, ["postgresql"], True, "postgres", 5432)
    assert (aurora.port, aurora.log_exports, aurora.copy_tags_to_snapshot, aurora.master_username,
            aurora.backtrack_window) == (13306, ["audit"], True, "dbmaster", 3600)
    assert judge(RULES["rds_instance_custom_admin_name"], instance, inv).status is Status.FAIL
    assert judge(RULES["rds_aurora_mysql_audit_logs"], aurora, inv).status is Status.PASS


def test_subscriptions_judged_only_for_their_source_type() -> None:
    assert status("rds_event_subscription_cluster", subscription("db-instance")) is Status.NOT_APPLICABLE
    everything = subscription(None, "failure")
    assert status("rds_event_subscription_cluster", everything) is Status.FAIL
    assert status("rds_event_subscription_instance", everything) is Status.FAIL


def test_collector_reads_event_subscriptions(mock_scan) -> None:
    rds = boto3.client("rds", region_name="us-east-1")
    rds.create_event_subscription(SubscriptionName="db-events", SnsTopicArn=f"arn:aws:sns:us-east-1:{ACCOUNT}:t",
                                  SourceType="db-instance", EventCategories=["failure", "maintenance"], Enabled=True)
    inv = mock_scan(["rds"], regions=["us-east-1"])
    found = inv.get(RdsEventSubscription, "db-events")
    assert found is not None and found.enabled and found.source_type == "db-instance"
    assert found.event_categories == ["failure", "maintenance"]
    verdict = judge(RULES["rds_event_subscription_instance"], found, inv)
    assert verdict.status is Status.FAIL and "configuration change" in verdict.reason
