"""The maturity model's automatable controls added last: spend alerts (TD1.3), findings routed to people and
playbooks (IR1.1, IR3.2), WAF custom and rate-based rules (AS3.2, AS3.3), cross-region backup copies (RS4.1)
and data perimeters (IA4.1). Rules on models built directly; collectors against the emulator."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from ssrm.engine import evaluate, judge
from ssrm.model import Gap, Inventory, Resource, Status
from ssrm.model.resources.account import Account
from ssrm.model.resources.edge.wafv2 import WafRule, WafV2WebAcl
from ssrm.model.resources.identity.organizations import OrgAccount, OrgPolicy, OrgUnit
from ssrm.model.resources.operations.backup import BackupPlan, BackupRule
from ssrm.model.resources.operations.budgets import Budget
from ssrm.model.resources.operations.cloudwatch import CloudWatchAlarm
from ssrm.model.resources.operations.events import EventRule
from ssrm.rules.catalog import builtin_rules

ACCOUNT, REGION = "111122223333", "us-east-1"
RULES = {r.id: r for r in builtin_rules()}
TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:alerts"
MACHINE = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:isolate"
FINDINGS = {"source": ["aws.guardduty"], "detail-type": ["GuardDuty Finding"]}


def make(cls: type[Resource], ident: str = "r1", **fields: Any) -> Any:
    arn = fields.pop("arn", f"arn:aws:{cls.service}:{REGION}:{ACCOUNT}:{ident}")
    return cls(arn=arn, id=ident, name=ident, account=ACCOUNT, region=fields.pop("region", REGION), **fields)


def verdict(rule_id: str, resource: Resource, *others: Resource, services: list[str] | None = None,
            gaps: list[Gap] | None = None) -> Status:
    inv = Inventory(account=ACCOUNT, regions=[REGION], services=services)
    inv.add([resource, *others])
    inv.gaps.extend(gaps or [])
    return judge(RULES[rule_id], resource, inv).status


ACCOUNT_RECORD = Account(arn=f"arn:aws:::{ACCOUNT}:account", id=ACCOUNT, account=ACCOUNT)


# --- TD1.3: spend alerts ---------------------------------------------------------------------------------
def test_spend_alert_from_a_budget_or_a_billing_alarm() -> None:
    budget = make(Budget, "monthly", budget_type="COST", limit="500 USD", notifications=1)
    silent = make(Budget, "silent", budget_type="COST", notifications=0)
    alarm = make(CloudWatchAlarm, "bill", namespace="AWS/Billing", metric_name="EstimatedCharges",
                 actions_enabled=True, alarm_actions=(TOPIC,))
    other_alarm = make(CloudWatchAlarm, "cpu", namespace="AWS/EC2", metric_name="CPUUtilization",
                       actions_enabled=True, alarm_actions=(TOPIC,))
    assert verdict("budgets_spend_alert", ACCOUNT_RECORD, budget) is Status.PASS
    assert verdict("budgets_spend_alert", ACCOUNT_RECORD, alarm) is Status.PASS
    assert verdict("budgets_spend_alert", ACCOUNT_RECORD, silent, other_alarm) is Status.FAIL
    assert verdict("budgets_spend_alert", ACCOUNT_RECORD) is Status.FAIL


def test_spend_alert_is_never_failed_on_what_was_not_read() -> None:
    unread = make(Budget, "monthly", budget_type="COST", unknown={"notifications": "AccessDenied"})
    assert verdict("budgets_spend_alert", ACCOUNT_RECORD, unread) is Status.ERROR
    listing_failed = Gap(service="budgets", region="global", api="DescribeBudgets", error="AccessDenied", message="no",
                         resource_types=[Budget.resource_type])
    assert verdict("budgets_spend_alert", ACCOUNT_RECORD, gaps=[listing_failed]) is Status.ERROR
    assert verdict("budgets_spend_alert", ACCOUNT_RECORD, services=["cloudwatch"]) is Status.NOT_APPLICABLE
    assert verdict("budgets_spend_alert", ACCOUNT_RECORD, services=["s3"]) is Status.NOT_APPLICABLE


# --- IR1.1 / IR3.2: findings routed and automated ------------------------------------------------------
def test_findings_routed_to_people_and_to_a_playbook() -> None:
    to_topic = make(EventRule, "to-topic", state="ENABLED", event_pattern=FINDINGS, targets=(TOPIC,))
    to_machine = make(EventRule, "to-machine", state="ENABLED", event_pattern=FINDINGS, targets=(MACHINE,))
    disabled = make(EventRule, "off", state="DISABLED", event_pattern=FINDINGS, targets=(MACHINE,))
    other = make(EventRule, "nightly", state="ENABLED", event_pattern={"source": ["aws.ec2"]},
                 unknown={"targets": "targets are read only for rules on security findings"})
    assert verdict("eventbridge_security_findings_routed", ACCOUNT_RECORD, to_topic) is Status.PASS
    assert verdict("eventbridge_security_findings_automated", ACCOUNT_RECORD, to_topic) is Status.FAIL
    assert verdict("eventbridge_security_findings_automated", ACCOUNT_RECORD, to_topic, to_machine) is Status.PASS
    assert verdict("eventbridge_security_findings_routed", ACCOUNT_RECORD, disabled, other) is Status.FAIL
    assert verdict("eventbridge_security_findings_automated", ACCOUNT_RECORD, disabled) is Status.FAIL


def test_findings_rules_unknown_targets_or_listing_give_error() -> None:
    unread = make(EventRule, "r", state="ENABLED", event_pattern=FINDINGS, unknown={"targets": "AccessDenied"})
    assert verdict("eventbridge_security_findings_routed", ACCOUNT_RECORD, unread) is Status.ERROR
    failed_listing = Gap(service="events", region=REGION, api="ListRules", error="AccessDenied", message="no",
                         resource_types=[EventRule.resource_type])
    assert verdict("eventbridge_security_findings_routed", ACCOUNT_RECORD, gaps=[failed_listing]) is Status.ERROR
    assert verdict("eventbridge_security_findings_routed", ACCOUNT_RECORD, services=["s3"]) is Status.NOT_APPLICABLE


# --- AS3.2 / AS3.3: WAF rules of one's own, rate limits -----------------------------------------------------
def test_waf_custom_and_rate_based_rules() -> None:
    managed = WafRule(name="common", action="None", managed_group="AWS/AWSManagedRulesCommonRuleSet", rule_group=True)
    rate = WafRule(name="per-ip", action="Block", rate_based=True)
    geo = WafRule(name="geo", action="Block")
    only_managed = make(WafV2WebAcl, "a1", rules=[managed])
    both = make(WafV2WebAcl, "a2", rules=[managed, rate])
    custom = make(WafV2WebAcl, "a3", rules=[managed, geo])
    unread = make(WafV2WebAcl, "a4", unknown={"rules": "GetWebACL denied"})
    assert verdict("wafv2_web_acl_custom_rules", only_managed) is Status.FAIL
    assert verdict("wafv2_web_acl_custom_rules", custom) is Status.PASS
    assert verdict("wafv2_web_acl_rate_based_rule", custom) is Status.FAIL
    assert verdict("wafv2_web_acl_rate_based_rule", both) is Status.PASS
    assert verdict("wafv2_web_acl_custom_rules", both) is Status.PASS  # a rate-based rule is one's own
    assert verdict("wafv2_web_acl_rate_based_rule", unread) is Status.ERROR


# --- RS4.1: backups copied to a second region ---------------------------------------------------------------
def test_backup_cross_region_copy() -> None:
    remote = f"arn:aws:backup:eu-west-1:{ACCOUNT}:backup-vault:dr"
    local = f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:copy"
    copying = make(BackupPlan, "p1", rules=(BackupRule(name="daily", vault="main", copy_to_vaults=(remote,)),))
    same_region = make(BackupPlan, "p2", rules=(BackupRule(name="daily", vault="main", copy_to_vaults=(local,)),))
    assert verdict("backup_cross_region_copy", ACCOUNT_RECORD, copying) is Status.PASS
    assert verdict("backup_cross_region_copy", ACCOUNT_RECORD, same_region) is Status.FAIL
    assert verdict("backup_cross_region_copy", ACCOUNT_RECORD) is Status.FAIL
    unread = make(BackupPlan, "p3", unknown={"rules": "GetBackupPlan denied"})
    assert verdict("backup_cross_region_copy", ACCOUNT_RECORD, unread) is Status.ERROR
    assert verdict("backup_cross_region_copy", ACCOUNT_RECORD, services=["s3"]) is Status.NOT_APPLICABLE


# --- IA4.1: data perimeters -----------------------------------------------------------------------------
def perimeter_org(*policies: OrgPolicy) -> tuple[OrgAccount, list[Resource]]:
    root = make(OrgUnit, "r-root", policy_ids=[p.id for p in policies])
    member = make(OrgAccount, "222233334444", parents=["r-root"], ou_path="Root")
    return member, [root, *policies]


def deny(condition_key: str) -> dict[str, Any]:
    return {"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                           "Condition": {"StringNotEqualsIfExists": {condition_key: "o-abc"}}}]}


@pytest.mark.parametrize(("kind", "key", "expected"), [
    ("RCP", "aws:PrincipalOrgID", Status.PASS),
    ("SCP", "aws:ResourceOrgID", Status.PASS),
    ("SCP", "aws:PrincipalOrgID", Status.FAIL),  # an SCP's principals are always the org's own
    ("SCP", "aws:RequestedRegion", Status.FAIL),
])
def test_data_perimeter(kind: str, key: str, expected: Status) -> None:
    member, others = perimeter_org(make(OrgPolicy, "p-1", kind=kind, document=deny(key)))
    assert verdict("organizations_data_perimeter", member, *others) is expected


def test_data_perimeter_unreadable_policy_and_management_account() -> None:
    member, others = perimeter_org(make(OrgPolicy, "p-1", kind="RCP", unknown={"document": "denied"}))
    assert verdict("organizations_data_perimeter", member, *others) is Status.ERROR
    management = make(OrgAccount, "111122223333", management=True)
    assert verdict("organizations_data_perimeter", management) is Status.NOT_APPLICABLE


# --- collectors against the emulator ---------------------------------------------------------------------
def test_budgets_and_event_rules_collected(mock_scan) -> None:
    account = boto3.client("sts", region_name=REGION).get_caller_identity()["Account"]
    boto3.client("budgets", region_name=REGION).create_budget(
        AccountId=account,
        Budget={"BudgetName": "monthly", "BudgetType": "COST", "TimeUnit": "MONTHLY",
                "BudgetLimit": {"Amount": "500", "Unit": "USD"}},
        NotificationsWithSubscribers=[{
            "Notification": {"NotificationType": "ACTUAL", "ComparisonOperator": "GREATER_THAN", "Threshold": 80},
            "Subscribers": [{"SubscriptionType": "EMAIL", "Address": "finops@example.com"}]}])
    events = boto3.client("events", region_name=REGION)
    events.put_rule(Name="findings", EventPattern=json.dumps(FINDINGS), State="ENABLED")
    events.put_targets(Rule="findings", Targets=[{"Id": "t", "Arn": f"arn:aws:sns:{REGION}:{account}:alerts"}])
    events.put_rule(Name="nightly", ScheduleExpression="rate(1 day)", State="ENABLED")
    inv = mock_scan(["budgets", "events", "cloudwatch"], regions=[REGION])
    assert [g.describe() for g in inv.gaps] == []
    budget = inv.get(Budget, "monthly")
    assert budget is not None and budget.notifications == 1 and budget.limit.startswith("500")
    rules = {r.name: r for r in inv.of_type(EventRule)}
    assert rules["findings"].targets == (f"arn:aws:sns:{REGION}:{account}:alerts",)
    assert "targets" in rules["nightly"].unknown and rules["nightly"].schedule == "rate(1 day)"
    found = {f.rule_id: f.status for f in evaluate(inv, [RULES["budgets_spend_alert"],
                                                         RULES["eventbridge_security_findings_routed"],
                                                         RULES["eventbridge_security_findings_automated"]])}
    assert found == {"budgets_spend_alert": Status.PASS, "eventbridge_security_findings_routed": Status.PASS,
                     "eventbridge_security_findings_automated": Status.FAIL}


# --- TD4.1: GuardDuty threat intelligence ---------------------------------------------------------------------
def test_guardduty_threat_intel_sets() -> None:
    from ssrm.model.resources.identity.guardduty import GuardDutyDetector

    with_sets = make(GuardDutyDetector, "d1", status="ENABLED", threat_intel_sets=2)
    without = make(GuardDutyDetector, "d2", status="ENABLED")
    disabled = make(GuardDutyDetector, "d3", status="DISABLED", threat_intel_sets=1)
    unread = make(GuardDutyDetector, "d4", status="ENABLED", unknown={"threat_intel_sets": "AccessDenied"})
    assert verdict("guardduty_threat_intel_sets", with_sets) is Status.PASS
    assert verdict("guardduty_threat_intel_sets", without) is Status.FAIL
    assert verdict("guardduty_threat_intel_sets", disabled) is Status.FAIL
    assert verdict("guardduty_threat_intel_sets", unread) is Status.ERROR


def test_guardduty_threat_intel_sets_read_from_the_api(mock_scan, answer) -> None:
    """The emulator lacks ListThreatIntelSets: an AWS-shaped answer stands in for it."""
    boto3.client("guardduty", region_name=REGION).create_detector(Enable=True)
    with answer({"ListThreatIntelSets": {"ThreatIntelSetIds": ["abc123"]}}):
        inv = mock_scan(["guardduty"], regions=[REGION])
    assert [g.describe() for g in inv.gaps] == []
    assert {f.status for f in evaluate(inv, [RULES["guardduty_threat_intel_sets"]])} == {Status.PASS}


# --- IR4.4: Config remediates automatically; SA4.1: Audit Manager gathers evidence ------------------------------
def test_config_auto_remediation_collected_and_judged(mock_scan, answer) -> None:
    from ssrm.model.resources.identity.config import ConfigRecorder

    config = boto3.client("config", region_name=REGION)
    config.put_configuration_recorder(ConfigurationRecorder={
        "name": "default", "roleARN": "arn:aws:iam::123456789012:role/config",
        "recordingGroup": {"allSupported": True}})
    config.put_config_rule(ConfigRule={"ConfigRuleName": "s3-public-read", "Source": {
        "Owner": "AWS", "SourceIdentifier": "S3_BUCKET_PUBLIC_READ_PROHIBITED"}})
    # the emulator lacks DescribeRemediationConfigurations: an AWS-shaped answer stands in for it
    with answer({"DescribeRemediationConfigurations": {"RemediationConfigurations": [
            {"ConfigRuleName": "s3-public-read", "TargetType": "SSM_DOCUMENT",
             "TargetId": "AWS-DisableS3BucketPublicReadWrite", "Automatic": True}]}}):
        inv = mock_scan(["config"], regions=[REGION])
    [recorder] = inv.of_type(ConfigRecorder)
    assert recorder.auto_remediations == 1
    assert {f.status for f in evaluate(inv, [RULES["config_auto_remediation"]])} == {Status.PASS}
    manual = make(ConfigRecorder, "r2")
    unread = make(ConfigRecorder, "r3", unknown={"auto_remediations": "AccessDenied"})
    assert verdict("config_auto_remediation", manual) is Status.FAIL
    assert verdict("config_auto_remediation", unread) is Status.ERROR


def test_audit_manager_evidence(mock_scan, answer) -> None:
    from ssrm.model.resources.identity.auditmanager import AuditManagerStatus

    with answer({"GetAccountStatus": {"status": "ACTIVE"},
                 "ListAssessments": {"assessmentMetadata": [{"name": "cis", "status": "ACTIVE"}]}}):
        inv = mock_scan(["auditmanager"], regions=[REGION])
    assert [g.describe() for g in inv.gaps] == []
    assert {f.status for f in evaluate(inv, [RULES["auditmanager_evidence_collection"]])} == {Status.PASS}
    idle = make(AuditManagerStatus, "am", status="ACTIVE", active_assessments=0)
    off = make(AuditManagerStatus, "am", status="INACTIVE")
    unread = make(AuditManagerStatus, "am", unknown={"status": "AccessDenied", "active_assessments": "AccessDenied"})
    assert verdict("auditmanager_evidence_collection", ACCOUNT_RECORD, idle) is Status.FAIL
    assert verdict("auditmanager_evidence_collection", ACCOUNT_RECORD, off) is Status.FAIL
    assert verdict("auditmanager_evidence_collection", ACCOUNT_RECORD, unread) is Status.ERROR
    assert verdict("auditmanager_evidence_collection", ACCOUNT_RECORD, services=["s3"]) is Status.NOT_APPLICABLE


def test_arn_parts() -> None:
    from ssrm.model.arn import arn_part

    vault = f"arn:aws:backup:eu-west-1:{ACCOUNT}:backup-vault:dr"
    assert [arn_part(vault, p) for p in ("partition", "service", "region", "account")] == [
        "aws", "backup", "eu-west-1", ACCOUNT]
    assert arn_part("arn:aws:s3:::bucket", "region") == "" and arn_part("not-an-arn", "service") == ""
