"""Issue 12 part D: the tables of the later collectors' types (tables_late.py). Every field a rule reads is
covered, a minimal resource is never judged on fields the code does not set, HCL and CloudFormation agree, and
the joins by reference (event targets, API caches, assessments) follow references, not names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ssrm.iac.assess import assess_iac
from ssrm.model import Resource, Status
from ssrm.rules.catalog import builtin_rules
from ssrm.sources.iac.loader import load_iac
from ssrm.sources.iac.mapping.coverage import MAPPED, NOT_YET_MAPPED
from ssrm.sources.iac.mapping.table import BASE_FIELDS, NO_DEFAULT, Table, read_path
from ssrm.sources.iac.mapping.tables_late import TABLES
from tests.iac.test_coverage_services import _read_fields

RULES = builtin_rules()

# first Terraform kind -> (HCL, CloudFormation resource "X" or None when CloudFormation has no such type)
MINIMAL: dict[str, tuple[str, str | None]] = {
    "aws_cloudwatch_event_rule": (
        'resource "aws_cloudwatch_event_rule" "x" {\n  name = "x"\n  schedule_expression = "rate(1 hour)"\n}\n',
        "X:\n  Type: AWS::Events::Rule\n  Properties: {Name: x, ScheduleExpression: 'rate(1 hour)'}\n"),
    "aws_budgets_budget": (
        'resource "aws_budgets_budget" "x" {\n  name = "x"\n  budget_type = "COST"\n  limit_amount = "100"\n'
        '  limit_unit = "USD"\n  time_unit = "MONTHLY"\n}\n',
        "X:\n  Type: AWS::Budgets::Budget\n  Properties:\n    Budget: {BudgetName: x, BudgetType: COST, "
        "TimeUnit: MONTHLY, BudgetLimit: {Amount: 100, Unit: USD}}\n"),
    "aws_cloudformation_stack": (
        'resource "aws_cloudformation_stack" "x" {\n  name = "x"\n  template_url = "https://b.s3.amazonaws.com/t"\n}\n',
        "X:\n  Type: AWS::CloudFormation::Stack\n  Properties: {TemplateURL: 'https://b.s3.amazonaws.com/t'}\n"),
    "aws_fsx_openzfs_file_system": (
        'resource "aws_fsx_openzfs_file_system" "x" {\n  storage_capacity = 64\n  subnet_ids = ["subnet-1"]\n'
        '  deployment_type = "SINGLE_AZ_1"\n  throughput_capacity = 64\n}\n',
        "X:\n  Type: AWS::FSx::FileSystem\n  Properties: {FileSystemType: OPENZFS, StorageCapacity: 64, "
        "SubnetIds: [subnet-1], OpenZFSConfiguration: {DeploymentType: SINGLE_AZ_1, ThroughputCapacity: 64}}\n"),
    "aws_s3_access_point": ('resource "aws_s3_access_point" "x" {\n  bucket = "b"\n  name = "x"\n}\n',
                            "X:\n  Type: AWS::S3::AccessPoint\n  Properties: {Bucket: b, Name: x}\n"),
    "aws_appsync_graphql_api": (
        'resource "aws_appsync_graphql_api" "x" {\n  name = "x"\n  authentication_type = "API_KEY"\n}\n',
        "X:\n  Type: AWS::AppSync::GraphQLApi\n  Properties: {Name: x, AuthenticationType: API_KEY}\n"),
    "aws_ec2_client_vpn_endpoint": (
        'resource "aws_ec2_client_vpn_endpoint" "x" {\n  server_certificate_arn = "arn:aws:acm:us-east-1:1:c/1"\n'
        '  client_cidr_block = "10.9.0.0/22"\n  authentication_options {\n    type = "certificate-authentication"\n'
        '    root_certificate_chain_arn = "arn:aws:acm:us-east-1:1:c/2"\n  }\n'
        '  connection_log_options { enabled = false }\n}\n',
        "X:\n  Type: AWS::EC2::ClientVpnEndpoint\n  Properties:\n"
        "    ServerCertificateArn: 'arn:aws:acm:us-east-1:1:c/1'\n    ClientCidrBlock: 10.9.0.0/22\n"
        "    AuthenticationOptions: [{Type: certificate-authentication, MutualAuthentication: "
        "{ClientRootCertificateChainArn: 'arn:aws:acm:us-east-1:1:c/2'}}]\n"
        "    ConnectionLogOptions: {Enabled: false}\n"),
    "aws_auditmanager_account_registration": ('resource "aws_auditmanager_account_registration" "x" {}\n', None),
}


def _table(kind: str) -> Table:
    return next(t for t in TABLES if t.terraform and t.terraform[0] == kind)


def _write(directory: Path, fmt: str, hcl: str, cfn: str | None) -> Path:
    directory.mkdir(parents=True)
    if fmt == "terraform":
        (directory / "main.tf").write_text(hcl)
    else:
        assert cfn is not None
        (directory / "t.yaml").write_text("Resources:\n" + "".join(f"  {line}\n" for line in cfn.splitlines()))
    return directory


def _verdicts(directory: Path, type_name: str) -> dict[str, tuple[str, str]]:
    rules = [r for r in RULES if r.resource_type == type_name]
    assessment = assess_iac([directory], rules=rules)
    return {f.rule_id: (f.status.value, f.reason) for f in assessment.findings if f.resource_type == type_name}


def _records(directory: Path, type_name: str) -> list[Resource]:
    return [r for _, r in load_iac([directory]).records if r.resource_type == type_name]


def _one(tmp_path: Path, fmt: str, hcl: str, cfn: str | None, type_name: str) -> Resource:
    found = _records(_write(tmp_path / fmt, fmt, hcl, cfn), type_name)
    assert len(found) == 1, found
    return found[0]


def test_every_table_is_registered_and_listed_as_mapped() -> None:
    assert not NOT_YET_MAPPED
    for table in TABLES:
        kinds, types = MAPPED[table.model.resource_type]
        assert set(table.terraform) == set(kinds) and set(table.cloudformation) == set(types), table.terraform
    assert {t.terraform[0] for t in TABLES} == set(MINIMAL)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.terraform[0])
def test_every_field_is_mapped_or_listed(table: Table) -> None:
    """Stronger than "every field a rule reads": the account-wide rules that look these types up read most of
    them, so every field is covered, and every default names its source."""
    assert not table.unmapped(), table.unmapped()
    for rule in RULES:
        if rule.resource_type == table.model.resource_type:
            assert set(rule.needs) <= table.covered() | BASE_FIELDS, rule.id
    for spec in table.fields:
        if spec.default is not NO_DEFAULT:
            assert spec.source, f"{table.model.__name__}.{spec.name}: a default needs its source"


@pytest.mark.parametrize("kind", sorted(MINIMAL))
def test_minimal_resource_never_judged_on_unset_fields(tmp_path: Path, kind: str) -> None:
    table = _table(kind)
    type_name = table.model.resource_type
    documented = {s.name for s in table.fields if s.default is not NO_DEFAULT} | set(table.constants) \
        | set(table.derived) | BASE_FIELDS
    directory = _write(tmp_path / "terraform", "terraform", *MINIMAL[kind])
    verdicts = _verdicts(directory, type_name)
    assert len(verdicts) == len([r for r in RULES if r.resource_type == type_name]), (kind, verdicts)
    for rule_id, (status, reason) in verdicts.items():
        if status in (Status.PASS.value, Status.FAIL.value):
            reads, attrs = _read_fields(directory, type_name, rule_id)
            written = {s.name for s in table.fields if s.terraform and read_path(attrs, s.terraform) is not None}
            assert not reads - documented - written, (rule_id, status, reason, reads - documented - written)


@pytest.mark.parametrize("kind", sorted(k for k, (_, cfn) in MINIMAL.items() if cfn is not None))
def test_hcl_and_cloudformation_agree(tmp_path: Path, kind: str) -> None:
    type_name = _table(kind).model.resource_type
    hcl, cfn = MINIMAL[kind]
    terraform = _verdicts(_write(tmp_path / "terraform", "terraform", hcl, cfn), type_name)
    cloudformation = _verdicts(_write(tmp_path / "cloudformation", "cloudformation", hcl, cfn), type_name)
    assert {k: v[0] for k, v in terraform.items()} == {k: v[0] for k, v in cloudformation.items()}


def _fields(resource: Resource, *names: str) -> dict[str, Any]:
    return {n: ("unknown" if n in resource.unknown else getattr(resource, n)) for n in names}


# --- joins and defaults, per type ----------------------------------------------------------------------
RULE_HCL = '''
resource "aws_sns_topic" "alerts" { name = "alerts" }
resource "aws_cloudwatch_event_rule" "findings" {
  event_pattern = jsonencode({ source = ["aws.guardduty"] })
}
resource "aws_cloudwatch_event_target" "page" {
  rule = aws_cloudwatch_event_rule.findings.name
  arn  = "arn:aws:sns:us-east-1:111122223333:alerts"
}
'''
RULE_CFN = '''Findings:
  Type: AWS::Events::Rule
  Properties:
    EventPattern: {source: [aws.guardduty]}
    Targets: [{Id: page, Arn: 'arn:aws:sns:us-east-1:111122223333:alerts'}]
'''


@pytest.mark.parametrize("fmt", ["terraform", "cloudformation"])
def test_event_rule_targets_joined_by_reference(tmp_path: Path, fmt: str) -> None:
    """The rule has no name in code (known only at apply): its target still joins through the reference."""
    rule = _one(tmp_path, fmt, RULE_HCL, RULE_CFN, "AWS::Events::Rule")
    assert _fields(rule, "state", "bus_name", "targets", "schedule") == {
        "state": "ENABLED", "bus_name": "default", "targets": ("arn:aws:sns:us-east-1:111122223333:alerts",),
        "schedule": ""}
    assert rule.sources == ("aws.guardduty",)  # type: ignore[attr-defined]


def test_event_rule_disabled_by_older_argument_and_target_on_other_bus(tmp_path: Path) -> None:
    hcl = ('resource "aws_cloudwatch_event_rule" "r" {\n  name = "r"\n  is_enabled = false\n}\n'
           'resource "aws_cloudwatch_event_target" "t" {\n  rule = "r"\n  event_bus_name = "other"\n'
           '  arn = "arn:aws:sns:us-east-1:1:t"\n}\n')
    rule = _one(tmp_path, "terraform", hcl, None, "AWS::Events::Rule")
    assert _fields(rule, "state", "targets") == {"state": "DISABLED", "targets": ()}


def test_event_rule_target_naming_an_unknown_rule_makes_targets_unknown(tmp_path: Path) -> None:
    hcl = ('variable "rule" {}\nresource "aws_cloudwatch_event_rule" "r" { name = "r" }\n'
           'resource "aws_cloudwatch_event_target" "t" {\n  rule = var.rule\n  arn = "arn:aws:sns:us-east-1:1:t"\n}\n')
    rule = _one(tmp_path, "terraform", hcl, None, "AWS::Events::Rule")
    assert "targets" in rule.unknown


@pytest.mark.parametrize("fmt", ["terraform", "cloudformation"])
def test_budget_counts_its_notifications(tmp_path: Path, fmt: str) -> None:
    hcl = MINIMAL["aws_budgets_budget"][0].replace(
        '}\n', '  notification {\n    comparison_operator = "GREATER_THAN"\n    threshold = 80\n'
        '    threshold_type = "PERCENTAGE"\n    notification_type = "ACTUAL"\n'
        '    subscriber_email_addresses = ["a@example.com"]\n  }\n}\n')
    cfn = MINIMAL["aws_budgets_budget"][1] or ""
    cfn += ("  NotificationsWithSubscribers:\n    - Notification: {ComparisonOperator: GREATER_THAN, Threshold: 80, "
            "NotificationType: ACTUAL}\n      Subscribers: [{SubscriptionType: EMAIL, Address: a@example.com}]\n")
    budget = _one(tmp_path, fmt, hcl, cfn.replace("\n  Notifications", "\n    Notifications"), "AWS::Budgets::Budget")
    assert _fields(budget, "budget_type", "limit", "notifications") == {
        "budget_type": "COST", "limit": "100 USD", "notifications": 1}
    assert budget.name == "x"


@pytest.mark.parametrize("fmt", ["terraform", "cloudformation"])
def test_stack_notifications_and_role(tmp_path: Path, fmt: str) -> None:
    topic = "arn:aws:sns:us-east-1:111122223333:stack-events"
    hcl = MINIMAL["aws_cloudformation_stack"][0].replace('}\n', f'  notification_arns = ["{topic}"]\n'
                                                                f'  iam_role_arn = "arn:aws:iam::1:role/cfn"\n}}\n')
    cfn = (MINIMAL["aws_cloudformation_stack"][1] or "").replace("}", f", NotificationARNs: ['{topic}']}}")
    stack = _one(tmp_path, fmt, hcl, cfn, "AWS::CloudFormation::Stack")
    assert stack.notification_arns == [topic]  # type: ignore[attr-defined]
    assert "status" in stack.unknown
    if fmt == "terraform":
        assert stack.role_arn == "arn:aws:iam::1:role/cfn"  # type: ignore[attr-defined]
    else:
        assert "role_arn" in stack.unknown


def test_fsx_kinds_other_than_openzfs_are_not_applicable(tmp_path: Path) -> None:
    hcl = ('resource "aws_fsx_lustre_file_system" "x" {\n  storage_capacity = 1200\n'
           '  subnet_ids = ["subnet-1"]\n}\n')
    verdicts = _verdicts(_write(tmp_path / "tf", "terraform", hcl, None), "AWS::FSx::FileSystem")
    assert verdicts["fsx_openzfs_copy_tags"][0] == Status.NOT_APPLICABLE.value


@pytest.mark.parametrize("fmt", ["terraform", "cloudformation"])
def test_fsx_openzfs_copying_tags_passes(tmp_path: Path, fmt: str) -> None:
    hcl = MINIMAL["aws_fsx_openzfs_file_system"][0].replace(
        '}\n', '  copy_tags_to_backups = true\n  copy_tags_to_volumes = true\n}\n')
    cfn = (MINIMAL["aws_fsx_openzfs_file_system"][1] or "").replace(
        "ThroughputCapacity: 64}", "ThroughputCapacity: 64, CopyTagsToBackups: true, CopyTagsToVolumes: true}")
    directory = _write(tmp_path / fmt, fmt, hcl, cfn)
    assert _verdicts(directory, "AWS::FSx::FileSystem")["fsx_openzfs_copy_tags"][0] == Status.PASS.value


@pytest.mark.parametrize("fmt", ["terraform", "cloudformation"])
def test_access_point_defaults_and_vpc_origin(tmp_path: Path, fmt: str) -> None:
    point = _one(tmp_path / "a", fmt, *MINIMAL["aws_s3_access_point"], "AWS::S3::AccessPoint")
    assert _fields(point, "network_origin", "bucket") == {"network_origin": "Internet", "bucket": "b"}
    assert point.block.fully_on  # type: ignore[attr-defined]
    hcl = ('resource "aws_s3_access_point" "x" {\n  bucket = "b"\n  name = "x"\n'
           '  vpc_configuration { vpc_id = "vpc-1" }\n'
           '  public_access_block_configuration { block_public_policy = false }\n}\n')
    cfn = ("X:\n  Type: AWS::S3::AccessPoint\n  Properties:\n    Bucket: b\n    VpcConfiguration: {VpcId: vpc-1}\n"
           "    PublicAccessBlockConfiguration: {BlockPublicAcls: true, IgnorePublicAcls: true, "
           "BlockPublicPolicy: false, RestrictPublicBuckets: true}\n")
    point = _one(tmp_path / "b", fmt, hcl, cfn, "AWS::S3::AccessPoint")
    assert point.network_origin == "VPC"  # type: ignore[attr-defined]
    assert point.block.off_settings() == ["BlockPublicPolicy"]  # type: ignore[attr-defined]


def test_access_point_partial_block_in_cloudformation_is_unknown(tmp_path: Path) -> None:
    cfn = ("X:\n  Type: AWS::S3::AccessPoint\n  Properties:\n    Bucket: b\n"
           "    PublicAccessBlockConfiguration: {BlockPublicAcls: true}\n")
    directory = _write(tmp_path / "cfn", "cloudformation", "", cfn)
    verdicts = _verdicts(directory, "AWS::S3::AccessPoint")
    assert verdicts["s3_access_point_block_public_access"][0] == Status.ERROR.value


APPSYNC_HCL = '''
resource "aws_appsync_graphql_api" "x" {
  authentication_type = "API_KEY"
  name = "x"
  log_config {
    cloudwatch_logs_role_arn = "arn:aws:iam::1:role/logs"
    field_log_level = "ERROR"
  }
}
resource "aws_appsync_api_cache" "c" {
  api_id = aws_appsync_graphql_api.x.id
  api_caching_behavior = "FULL_REQUEST_CACHING"
  type = "SMALL"
  ttl = 60
}
'''
APPSYNC_CFN = '''Api:
  Type: AWS::AppSync::GraphQLApi
  Properties:
    Name: x
    AuthenticationType: API_KEY
    LogConfig: {CloudWatchLogsRoleArn: 'arn:aws:iam::1:role/logs', FieldLogLevel: ERROR}
Cache:
  Type: AWS::AppSync::ApiCache
  Properties: {ApiId: !GetAtt Api.ApiId, ApiCachingBehavior: FULL_REQUEST_CACHING, Type: SMALL, Ttl: 60}
'''


@pytest.mark.parametrize("fmt", ["terraform", "cloudformation"])
def test_appsync_cache_joined_by_reference(tmp_path: Path, fmt: str) -> None:
    directory = _write(tmp_path / fmt, fmt, APPSYNC_HCL, APPSYNC_CFN)
    (api,) = _records(directory, "AWS::AppSync::GraphQLApi")
    assert _fields(api, "field_log_level", "cache", "cache_encrypted_at_rest") == {
        "field_log_level": "ERROR", "cache": True, "cache_encrypted_at_rest": False}
    verdicts = {k: v[0] for k, v in _verdicts(directory, "AWS::AppSync::GraphQLApi").items()}
    assert verdicts == {"appsync_api_cache_encrypted_at_rest": Status.FAIL.value,
                        "appsync_api_field_level_logging": Status.PASS.value}


def test_appsync_cache_naming_an_unknown_api_is_an_error(tmp_path: Path) -> None:
    hcl = ('variable "api" {}\nresource "aws_appsync_graphql_api" "x" {\n  name = "x"\n'
           '  authentication_type = "API_KEY"\n}\nresource "aws_appsync_api_cache" "c" {\n  api_id = var.api\n'
           '  api_caching_behavior = "FULL_REQUEST_CACHING"\n  type = "SMALL"\n  ttl = 60\n}\n')
    verdicts = _verdicts(_write(tmp_path / "tf", "terraform", hcl, None), "AWS::AppSync::GraphQLApi")
    assert verdicts["appsync_api_cache_encrypted_at_rest"][0] == Status.ERROR.value


def test_audit_manager_counts_assessments(tmp_path: Path) -> None:
    hcl = MINIMAL["aws_auditmanager_account_registration"][0] + (
        'resource "aws_auditmanager_assessment" "cis" {\n  name = "cis"\n  framework_id = "f"\n}\n')
    status = _one(tmp_path, "terraform", hcl, None, "AWS::AuditManager::AccountStatus")
    assert _fields(status, "status", "active_assessments") == {"status": "ACTIVE", "active_assessments": 1}


def test_audit_manager_without_registration_declares_nothing(tmp_path: Path) -> None:
    hcl = 'resource "aws_auditmanager_assessment" "cis" {\n  name = "cis"\n  framework_id = "f"\n}\n'
    directory = _write(tmp_path / "tf", "terraform", hcl, None)
    assert _records(directory, "AWS::AuditManager::AccountStatus") == []
    assert "aws_auditmanager_assessment" not in load_iac([directory]).unmapped
