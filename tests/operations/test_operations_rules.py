"""Every operations rule on at least one passing and one failing resource (models built directly)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from ssrm.engine import judge
from ssrm.model import Gap, Inventory, Resource, Status
from ssrm.model.resources.account import Account
from ssrm.model.resources.apps.logs import MetricFilter, MetricTransformation
from ssrm.model.resources.compute.ebs import Volume
from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.data.dynamodb import DynamoDBTable
from ssrm.model.resources.data.kms import KmsKey
from ssrm.model.resources.data.rds import RdsDbInstance
from ssrm.model.resources.identity.cloudtrail import CloudTrailTrail
from ssrm.model.resources.operations.backup import (
    BackupPlan,
    BackupProtectedResource,
    BackupRecoveryPoint,
    BackupRule,
    BackupVault,
)
from ssrm.model.resources.operations.cloudwatch import CloudWatchAlarm
from ssrm.model.resources.operations.events import EventArchive, EventBus
from ssrm.model.resources.operations.kinesis import KinesisStream
from ssrm.model.resources.operations.sns import SnsSubscription
from ssrm.model.resources.operations.ssm import SsmDocument, SsmManagedInstance
from ssrm.model.resources.operations.stepfunctions import StepFunctionsStateMachine
from ssrm.rules import operations as operations_rules
from ssrm.rules.catalog import rules_in
from ssrm.rules.operations import monitoring

ACCOUNT, REGION = "111122223333", "us-east-1"
RULES = {r.id: r for r in rules_in(operations_rules.MODULES)}
TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:alerts"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234"
OPEN = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "backup:DeleteRecoveryPoint", "Resource": "*"}]}
OWN = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "*",
                      "Resource": "*"}]}


def make(cls: type[Resource], ident: str = "r1", **fields: Any) -> Any:
    arn = fields.pop("arn", f"arn:aws:{cls.service}:{REGION}:{ACCOUNT}:{ident}")
    return cls(arn=arn, id=ident, name=ident, account=ACCOUNT, region=REGION, **fields)


def inventory(*resources: Resource) -> Inventory:
    inv = Inventory(account=ACCOUNT, regions=[REGION])
    inv.add(resources)
    return inv


def verdict(rule_id: str, resource: Resource, *others: Resource) -> Status:
    return judge(RULES[rule_id], resource, inventory(resource, *others)).status


RDS = make(RdsDbInstance, "db1", arn=f"arn:aws:rds:{REGION}:{ACCOUNT}:db:db1")
TABLE = make(DynamoDBTable, "carts", arn=f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/carts")
VOLUME = make(Volume, "vol-1", arn=f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/vol-1")


def protected(resource: Resource) -> BackupProtectedResource:
    return make(BackupProtectedResource, resource.id, arn=resource.arn, last_backup=datetime(2026, 1, 1, tzinfo=UTC))


# (rule id, passing resource + lookups, failing resource + lookups)
CASES: list[tuple[str, tuple[Resource, ...], tuple[Resource, ...]]] = [
    ("ssm_ec2_instance_managed", (make(Instance, "i-1", state="running"), make(SsmManagedInstance, "i-1")),
     (make(Instance, "i-1", state="running"), make(SsmManagedInstance, "i-2"))),
    ("ssm_managed_instance_patch_compliant", (make(SsmManagedInstance, patch_status="COMPLIANT"),),
     (make(SsmManagedInstance, patch_status="NON_COMPLIANT"),)),
    ("ssm_managed_instance_association_compliant", (make(SsmManagedInstance, association_status="COMPLIANT"),),
     (make(SsmManagedInstance, association_status="NON_COMPLIANT"),)),
    ("ssm_managed_instance_agent_online", (make(SsmManagedInstance, ping_status="Online"),),
     (make(SsmManagedInstance, ping_status="ConnectionLost"),)),
    ("ssm_document_public", (make(SsmDocument, shared_with_accounts=("444455556666",)),),
     (make(SsmDocument, public=True),)),
    ("backup_recovery_point_encrypted", (make(BackupRecoveryPoint, encrypted=True),),
     (make(BackupRecoveryPoint, encrypted=False),)),
    ("backup_vault_cmk_encryption", (make(BackupVault, encryption_key_arn=KEY), make(KmsKey, "1234", arn=KEY)),
     (make(BackupVault, encryption_key_arn=KEY), make(KmsKey, "1234", arn=KEY, key_manager="AWS"))),
    ("backup_vault_policy_public", (make(BackupVault, policy=OWN),), (make(BackupVault, policy=OPEN),)),
    ("backup_vault_lock", (make(BackupVault, locked=True, min_retention_days=7),), (make(BackupVault),)),
    ("backup_plan_min_retention", (make(BackupPlan, rules=(BackupRule(name="daily", delete_after_days=35),)),),
     (make(BackupPlan, rules=(BackupRule(name="daily", delete_after_days=7),)),)),
    ("backup_rds_instance_protected", (RDS, protected(RDS)), (RDS,)),
    ("backup_dynamodb_table_protected", (TABLE, protected(TABLE)), (TABLE,)),
    ("backup_ebs_volume_protected", (VOLUME, protected(VOLUME)), (VOLUME,)),
    ("cloudwatch_alarm_actions_enabled", (make(CloudWatchAlarm),), (make(CloudWatchAlarm, actions_enabled=False),)),
    ("cloudwatch_alarm_has_action", (make(CloudWatchAlarm, alarm_actions=(TOPIC,)),), (make(CloudWatchAlarm),)),
    ("kinesis_stream_encrypted", (make(KinesisStream, encryption_type="KMS"),), (make(KinesisStream),)),
    ("kinesis_stream_retention", (make(KinesisStream, retention_hours=168),), (make(KinesisStream),)),
    ("stepfunctions_state_machine_logging", (make(StepFunctionsStateMachine, logging_level="ERROR"),),
     (make(StepFunctionsStateMachine),)),
    ("stepfunctions_state_machine_tracing", (make(StepFunctionsStateMachine, tracing_enabled=True),),
     (make(StepFunctionsStateMachine),)),
    ("eventbridge_bus_policy_public", (make(EventBus, "custom", policy=OWN),),
     (make(EventBus, "custom", policy=OPEN),)),
    ("eventbridge_custom_bus_policy", (make(EventBus, "custom", policy=OWN),), (make(EventBus, "custom"),)),
    ("eventbridge_bus_archive",
     (make(EventBus, "custom", arn="bus-arn"), make(EventArchive, event_source_arn="bus-arn")),
     (make(EventBus, "custom", arn="bus-arn"), make(EventArchive, event_source_arn="other"))),
    ("sns_subscription_https", (make(SnsSubscription, topic_arn=TOPIC, protocol="https"),),
     (make(SnsSubscription, topic_arn=TOPIC, protocol="http"),)),
]


@pytest.mark.parametrize(("rule_id", "good", "bad"), CASES, ids=[c[0] for c in CASES])
def test_rule_passes_and_fails(rule_id: str, good: tuple[Resource, ...], bad: tuple[Resource, ...]) -> None:
    assert verdict(rule_id, *good) is Status.PASS
    assert verdict(rule_id, *bad) is Status.FAIL


def test_not_applicable_and_unknown_cases() -> None:
    assert verdict("ssm_ec2_instance_managed", make(Instance, "i-1", state="stopped")) is Status.NOT_APPLICABLE
    assert verdict("ssm_managed_instance_patch_compliant", make(SsmManagedInstance)) is Status.NOT_APPLICABLE
    assert verdict("eventbridge_custom_bus_policy", make(EventBus, "default")) is Status.NOT_APPLICABLE
    unread = make(SsmManagedInstance, unknown={"patch_status": "AccessDenied"})
    assert verdict("ssm_managed_instance_patch_compliant", unread) is Status.ERROR
    assert verdict("backup_vault_cmk_encryption", make(BackupVault, encryption_key_arn=KEY)) is Status.ERROR
    other_account = make(BackupVault, encryption_key_arn="arn:aws:kms:us-east-1:999999999999:key/x")
    assert verdict("backup_vault_cmk_encryption", other_account) is Status.PASS
    attached = make(Volume, "vol-2", attached_instance_ids=("i-9",))
    assert verdict("backup_ebs_volume_protected", attached, make(BackupProtectedResource, "i-9")) is Status.PASS


# --- CIS 5.x: trail -> log group -> metric filter -> alarm -> topic with a confirmed subscription -------------

GROUP = "trail-logs"
TRAIL = make(CloudTrailTrail, "main", multi_region=True, logging=True, management_events=True,
             management_read_write="All",
             cloudwatch_log_group_arn=f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{GROUP}:*")
ROOT_ACCOUNT = Account(arn=f"arn:aws:iam::{ACCOUNT}:root", id=ACCOUNT, account=ACCOUNT)
ROOT_PATTERN = ('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && '
                '$.eventType != "AwsServiceEvent" }')


def chain(pattern: str = ROOT_PATTERN, *, confirmed: bool = True, trail: CloudTrailTrail = TRAIL,
          actions: bool = True) -> Inventory:
    metric = MetricTransformation(namespace="CISBenchmark", name="RootUsage", value="1")
    return inventory(
        ROOT_ACCOUNT, trail,
        make(MetricFilter, "root-usage", log_group_name=GROUP, pattern=pattern, metrics=(metric,)),
        make(CloudWatchAlarm, "root-alarm", namespace="CISBenchmark", metric_name="RootUsage",
             alarm_actions=(TOPIC,), actions_enabled=actions),
        make(SnsSubscription, "sub", topic_arn=TOPIC, protocol="email", pending=not confirmed),
    )


def monitor(rule_id: str, inv: Inventory) -> tuple[Status, str]:
    result = judge(RULES[rule_id], ROOT_ACCOUNT, inv)
    return result.status, result.reason


def test_monitoring_full_chain_passes() -> None:
    status, reason = monitor("cloudwatch_monitor_root_usage", chain())
    assert status is Status.PASS and "root-alarm" in reason


def test_monitoring_each_broken_link_fails_with_reason() -> None:
    assert monitor("cloudwatch_monitor_root_usage", chain(confirmed=False))[0] is Status.FAIL
    assert monitor("cloudwatch_monitor_root_usage", chain(actions=False))[0] is Status.FAIL
    status, reason = monitor("cloudwatch_monitor_iam_policy_changes", chain())
    assert status is Status.FAIL and "no metric filter" in reason
    single_region = TRAIL.model_copy(update={"multi_region": False})
    status, reason = monitor("cloudwatch_monitor_root_usage", chain(trail=single_region))
    assert status is Status.FAIL and "multi-region" in reason


@pytest.mark.parametrize("rule_id", sorted(r for r in RULES if r.startswith("cloudwatch_monitor_")))
def test_each_cis_rule_passes_with_its_own_pattern_and_fails_without(rule_id: str) -> None:
    pattern = RULES[rule_id].remediation.cli.split("'")[1]
    assert monitor(rule_id, chain(pattern))[0] is Status.PASS
    assert monitor(rule_id, chain("{ $.eventName = Nothing }"))[0] is Status.FAIL


def test_monitoring_errors_when_links_could_not_be_read() -> None:
    inv = chain()
    inv.add_gaps([Gap(service="cloudwatch", region=REGION, api="DescribeAlarms", error="AccessDenied",
                      resource_types=("AWS::CloudWatch::Alarm",))])
    assert monitor("cloudwatch_monitor_root_usage", inv)[0] is Status.ERROR
    unread = TRAIL.model_copy(update={"unknown": {"logging": "AccessDenied"}})
    assert monitor("cloudwatch_monitor_root_usage", chain(trail=unread))[0] is Status.ERROR
    assert len([r for r in RULES if r.startswith("cloudwatch_monitor_")]) == 15
    assert monitoring.cis_pattern(("$.a=1", "$.eventName=X"), "&&") == "{ ($.a = 1) && (($.eventName = X)) }"
