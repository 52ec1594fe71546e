"""Operations collectors against moto in-process; APIs moto lacks answered with AWS-shaped dicts.

Shapes used: SSM DescribeInstanceInformation (InstanceInformationList[].InstanceId/PingStatus/...),
ListResourceComplianceSummaries (ResourceComplianceSummaryItems[].ComplianceType/ResourceId/Status), Backup
ListRecoveryPointsByBackupVault (RecoveryPoints[].RecoveryPointArn/ResourceArn/IsEncrypted), ListProtectedResources
(Results[].ResourceArn/ResourceType/LastBackupTime), GetBackupVaultAccessPolicy (Policy) — AWS API references.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import boto3

from ssrm.engine import evaluate
from ssrm.model import Status
from ssrm.model.resources.operations.backup import BackupProtectedResource, BackupRecoveryPoint, BackupVault
from ssrm.model.resources.operations.events import EventBus
from ssrm.model.resources.operations.kinesis import KinesisStream
from ssrm.model.resources.operations.sns import SnsSubscription
from ssrm.model.resources.operations.ssm import SsmDocument, SsmManagedInstance
from ssrm.model.resources.operations.stepfunctions import StepFunctionsStateMachine
from ssrm.rules import operations as operations_rules
from ssrm.rules.catalog import rules_in
from ssrm.sources.aws.collectors.operations import COLLECTORS

REGION = "us-east-1"
RULES = rules_in(operations_rules.MODULES)
SERVICES = [c.name for c in COLLECTORS]
IAM_PREFIX = {"stepfunctions": "states"}
IAM_ACTION = {"budgets:DescribeBudgets": "budgets:ViewBudget",
              "budgets:DescribeNotificationsForBudget": "budgets:ViewBudget"}
VAULT_ARN = f"arn:aws:backup:{REGION}:123456789012:backup-vault:v1"

SSM_REPLIES = {
    "DescribeInstanceInformation": {"InstanceInformationList": [
        {"InstanceId": "i-0abc", "PingStatus": "Online", "PlatformType": "Linux", "AgentVersion": "3.3.1",
         "IsLatestVersion": True, "ComputerName": "web-1"}]},
    "ListResourceComplianceSummaries": {"ResourceComplianceSummaryItems": [
        {"ComplianceType": "Patch", "ResourceType": "ManagedInstance", "ResourceId": "i-0abc",
         "Status": "NON_COMPLIANT", "OverallSeverity": "CRITICAL"}]},
    "GetBackupVaultAccessPolicy": {"BackupVaultName": "v1", "Policy": json.dumps({"Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "backup:DeleteRecoveryPoint", "Resource": "*"}]})},
    "ListRecoveryPointsByBackupVault": {"RecoveryPoints": [
        {"RecoveryPointArn": f"arn:aws:ec2:{REGION}::snapshot/snap-1", "BackupVaultName": "v1",
         "ResourceArn": f"arn:aws:ec2:{REGION}:123456789012:volume/vol-1", "ResourceType": "EBS",
         "Status": "COMPLETED", "IsEncrypted": False}]},
    "ListProtectedResources": {"Results": [
        {"ResourceArn": f"arn:aws:ec2:{REGION}:123456789012:volume/vol-1", "ResourceType": "EBS",
         "LastBackupTime": datetime(2026, 1, 1, tzinfo=UTC)}]},
}


def statuses(inv, rule_id: str) -> dict[str, Status]:
    rule = next(r for r in RULES if r.id == rule_id)
    return {f.resource_id: f.status for f in evaluate(inv, [rule])}


def plant() -> None:
    ssm = boto3.client("ssm", region_name=REGION)
    ssm.create_document(Name="deploy", DocumentType="Command", Content=json.dumps({
        "schemaVersion": "2.2", "description": "d", "mainSteps": [
            {"action": "aws:runShellScript", "name": "run", "inputs": {"runCommand": ["true"]}}]}))
    ssm.modify_document_permission(Name="deploy", PermissionType="Share", AccountIdsToAdd=["all"])
    backup = boto3.client("backup", region_name=REGION)
    backup.create_backup_vault(BackupVaultName="v1")
    backup.create_backup_plan(BackupPlan={"BackupPlanName": "p", "Rules": [
        {"RuleName": "daily", "TargetBackupVaultName": "v1", "Lifecycle": {"DeleteAfterDays": 3}}]})
    boto3.client("kinesis", region_name=REGION).create_stream(StreamName="clicks", ShardCount=1)
    boto3.client("stepfunctions", region_name=REGION).create_state_machine(
        name="flow", roleArn="arn:aws:iam::123456789012:role/r",
        definition='{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}')
    events = boto3.client("events", region_name=REGION)
    events.create_event_bus(Name="orders")
    events.put_permission(EventBusName="orders", Action="events:PutEvents", Principal="*", StatementId="all")
    sns = boto3.client("sns", region_name=REGION)
    topic = sns.create_topic(Name="alerts")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="http", Endpoint="http://hooks.example.com/in")
    boto3.client("cloudwatch", region_name=REGION).put_metric_alarm(
        AlarmName="quiet", MetricName="m", Namespace="ns", Statistic="Sum", Period=60, EvaluationPeriods=1,
        Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold", ActionsEnabled=False)


def test_collectors_with_aws_shaped_answers(mock_scan, answer) -> None:
    plant()
    with answer(SSM_REPLIES):
        inv = mock_scan(SERVICES, regions=[REGION])
    assert inv.gaps == [], [g.describe() for g in inv.gaps]
    node = inv.get(SsmManagedInstance, "i-0abc")
    assert node is not None and node.patch_status == "NON_COMPLIANT" and node.association_status is None
    assert statuses(inv, "ssm_managed_instance_patch_compliant") == {"i-0abc": Status.FAIL}
    document = inv.get(SsmDocument, "deploy")
    assert document is not None and document.public
    assert statuses(inv, "ssm_document_public") == {"deploy": Status.FAIL}
    assert statuses(inv, "backup_vault_policy_public") == {"v1": Status.FAIL}
    assert statuses(inv, "backup_recovery_point_encrypted") == {"snap-1": Status.FAIL}
    assert len(inv.of_type(BackupRecoveryPoint)) == 1 and len(inv.of_type(BackupProtectedResource)) == 1
    assert set(statuses(inv, "backup_plan_min_retention").values()) == {Status.FAIL}
    stream = inv.get(KinesisStream, "clicks")
    assert stream is not None and stream.encryption_type == "NONE"
    assert statuses(inv, "kinesis_stream_encrypted") == {"clicks": Status.FAIL}
    assert inv.get(StepFunctionsStateMachine, "flow") is not None
    assert statuses(inv, "stepfunctions_state_machine_logging") == {"flow": Status.FAIL}
    bus = inv.get(EventBus, "orders")
    assert bus is not None and bus.policy is not None
    assert statuses(inv, "eventbridge_custom_bus_policy")["orders"] is Status.PASS
    assert statuses(inv, "cloudwatch_alarm_actions_enabled") == {"quiet": Status.FAIL}
    assert [s.protocol for s in inv.of_type(SnsSubscription)] == ["http"]
    assert set(statuses(inv, "sns_subscription_https").values()) == {Status.FAIL}


def test_calls_are_covered_by_declared_actions(mock_scan, answer) -> None:
    plant()
    with answer(SSM_REPLIES):
        inv = mock_scan(SERVICES, regions=[REGION])
    declared = {a for c in COLLECTORS for a in c.actions}
    called = set()
    for api in inv.stats.calls_by_api:
        service, operation = api.split(":", 1)
        if service != "sts" and operation != "DescribeRegions":
            action = f"{IAM_PREFIX.get(service, service)}:{operation}"
            called.add(IAM_ACTION.get(action, action))
    assert called and called <= declared, called - declared


def test_unimplemented_apis_become_clean_gaps_and_errors(mock_scan) -> None:
    """moto lacks SSM DescribeInstanceInformation and several Backup reads: gaps and ERROR, never PASS."""
    plant()
    inv = mock_scan(["ssm", "backup"], regions=[REGION])
    apis = {g.api for g in inv.gaps}
    assert {"DescribeInstanceInformation", "ListRecoveryPointsByBackupVault", "ListProtectedResources",
            "GetBackupVaultAccessPolicy"} <= apis
    assert not any(g.api == "(collector)" for g in inv.gaps)
    assert inv.get(SsmDocument, "deploy") is not None  # the rest of the collector still ran
    assert set(statuses(inv, "ssm_managed_instance_patch_compliant").values()) == {Status.ERROR}
    assert statuses(inv, "backup_vault_policy_public") == {"v1": Status.ERROR}
    assert set(statuses(inv, "backup_recovery_point_encrypted").values()) == {Status.ERROR}


def test_denied_reads_become_gaps_and_errors(mock_scan, answer) -> None:
    plant()
    denied = dict.fromkeys(("DescribeStreamSummary", "DescribeStateMachine", "ListEventBuses",
                            "DescribeDocumentPermission", "DescribeAlarms"), "AccessDenied")
    with answer({**SSM_REPLIES, **denied}):
        inv = mock_scan(SERVICES, regions=[REGION])
    assert {g.api for g in inv.gaps} == {"DescribeStreamSummary", "DescribeStateMachine", "ListEventBuses",
                                         "DescribeDocumentPermission", "DescribeAlarms"}
    assert statuses(inv, "kinesis_stream_encrypted") == {"clicks": Status.ERROR}
    assert statuses(inv, "stepfunctions_state_machine_logging") == {"flow": Status.ERROR}
    assert statuses(inv, "ssm_document_public") == {"deploy": Status.ERROR}
    assert set(statuses(inv, "eventbridge_bus_policy_public").values()) == {Status.ERROR}
    assert set(statuses(inv, "cloudwatch_alarm_has_action").values()) == {Status.ERROR}
    vault = inv.get(BackupVault, "v1")
    assert vault is not None and vault.policy is not None
