"""Issue 12 part B: the data, analytics, security-service and account tables. Every rule's field is covered,
a minimal resource is never judged on fields the code does not set, and HCL and CloudFormation agree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ssrm.iac.assess import assess_iac
from ssrm.model import Status
from ssrm.rules.catalog import builtin_rules
from ssrm.sources.iac.mapping.coverage import MAPPED
from ssrm.sources.iac.mapping.service_tables import TABLES
from ssrm.sources.iac.mapping.table import BASE_FIELDS, NO_DEFAULT, Table, read_path
from tests.iac.helpers import fields_read

RULES = builtin_rules()
ROLE = "arn:aws:iam::111122223333:role/r"

# first Terraform kind -> (HCL, CloudFormation resource "X" or None when CloudFormation has no such type)
MINIMAL: dict[str, tuple[str, str | None]] = {
    "aws_elasticache_replication_group": (
        'resource "aws_elasticache_replication_group" "x" {\n  replication_group_id = "x"\n  description = "x"\n}\n',
        "X:\n  Type: AWS::ElastiCache::ReplicationGroup\n  Properties: {ReplicationGroupDescription: x}\n"),
    "aws_elasticache_cluster": (
        'resource "aws_elasticache_cluster" "x" {\n  cluster_id = "x"\n  engine = "redis"\n'
        '  node_type = "cache.t3.micro"\n  num_cache_nodes = 1\n}\n',
        "X:\n  Type: AWS::ElastiCache::CacheCluster\n"
        "  Properties: {ClusterName: x, Engine: redis, CacheNodeType: cache.t3.micro, NumCacheNodes: 1}\n"),
    "aws_redshift_cluster": (
        'resource "aws_redshift_cluster" "x" {\n  cluster_identifier = "x"\n  node_type = "ra3.xlplus"\n'
        '  master_username = "admin1"\n  database_name = "app"\n}\n',
        "X:\n  Type: AWS::Redshift::Cluster\n"
        "  Properties: {ClusterType: single-node, NodeType: ra3.xlplus, MasterUsername: admin1, DBName: app}\n"),
    "aws_efs_file_system": ('resource "aws_efs_file_system" "x" {}\n',
                            "X:\n  Type: AWS::EFS::FileSystem\n  Properties: {}\n"),
    "aws_efs_access_point": ('resource "aws_efs_access_point" "x" { file_system_id = "fs-1" }\n',
                             "X:\n  Type: AWS::EFS::AccessPoint\n  Properties: {FileSystemId: fs-1}\n"),
    "aws_dax_cluster": (
        f'resource "aws_dax_cluster" "x" {{\n  cluster_name = "x"\n  iam_role_arn = "{ROLE}"\n'
        '  node_type = "dax.t3.small"\n  replication_factor = 1\n}\n',
        f"X:\n  Type: AWS::DAX::Cluster\n  Properties: {{ClusterName: x, IAMRoleARN: '{ROLE}', "
        "NodeType: dax.t3.small, ReplicationFactor: 1}\n"),
    "aws_kinesis_stream": ('resource "aws_kinesis_stream" "x" {\n  name = "x"\n  shard_count = 1\n}\n',
                           "X:\n  Type: AWS::Kinesis::Stream\n  Properties: {Name: x, ShardCount: 1}\n"),
    "aws_ebs_snapshot": ('resource "aws_ebs_snapshot" "x" { volume_id = "vol-1" }\n', None),
    "aws_ami": ('resource "aws_ami" "x" { name = "x" }\n', None),
    "aws_db_snapshot": ('resource "aws_db_snapshot" "x" {\n  db_instance_identifier = "db"\n'
                        '  db_snapshot_identifier = "s"\n}\n', None),
    "aws_db_cluster_snapshot": ('resource "aws_db_cluster_snapshot" "x" {\n  db_cluster_identifier = "c"\n'
                                '  db_cluster_snapshot_identifier = "s"\n}\n', None),
    "aws_db_event_subscription": (
        'resource "aws_db_event_subscription" "x" {\n  name = "x"\n  sns_topic = "arn:aws:sns:us-east-1:1:t"\n}\n',
        "X:\n  Type: AWS::RDS::EventSubscription\n"
        "  Properties: {SubscriptionName: x, SnsTopicArn: 'arn:aws:sns:us-east-1:1:t'}\n"),
    "aws_backup_plan": (
        'resource "aws_backup_plan" "x" {\n  name = "x"\n  rule {\n    rule_name = "r"\n'
        '    target_vault_name = "v"\n    schedule = "cron(0 5 * * ? *)"\n  }\n}\n',
        "X:\n  Type: AWS::Backup::BackupPlan\n  Properties:\n    BackupPlan:\n      BackupPlanName: x\n"
        "      BackupPlanRule: [{RuleName: r, TargetBackupVault: v, ScheduleExpression: 'cron(0 5 * * ? *)'}]\n"),
    "aws_backup_vault": ('resource "aws_backup_vault" "x" { name = "x" }\n',
                         "X:\n  Type: AWS::Backup::BackupVault\n  Properties: {BackupVaultName: x}\n"),
    "aws_dms_replication_instance": (
        'resource "aws_dms_replication_instance" "x" {\n  replication_instance_id = "x"\n'
        '  replication_instance_class = "dms.t3.micro"\n}\n',
        "X:\n  Type: AWS::DMS::ReplicationInstance\n"
        "  Properties: {ReplicationInstanceIdentifier: x, ReplicationInstanceClass: dms.t3.micro}\n"),
    "aws_dms_endpoint": (
        'resource "aws_dms_endpoint" "x" {\n  endpoint_id = "x"\n  endpoint_type = "source"\n'
        '  engine_name = "mysql"\n}\n',
        "X:\n  Type: AWS::DMS::Endpoint\n"
        "  Properties: {EndpointIdentifier: x, EndpointType: source, EngineName: mysql}\n"),
    "aws_dms_s3_endpoint": ('resource "aws_dms_s3_endpoint" "x" {\n  endpoint_id = "x"\n  endpoint_type = "target"\n'
                            f'  bucket_name = "b"\n  service_access_role_arn = "{ROLE}"\n}}\n', None),
    "aws_dms_replication_task": (
        'resource "aws_dms_replication_task" "x" {\n  replication_task_id = "x"\n  migration_type = "full-load"\n'
        '  table_mappings = "{}"\n}\n',
        "X:\n  Type: AWS::DMS::ReplicationTask\n"
        "  Properties: {ReplicationTaskIdentifier: x, MigrationType: full-load, TableMappings: '{}'}\n"),
    "aws_msk_cluster": (
        'resource "aws_msk_cluster" "x" {\n  cluster_name = "x"\n  kafka_version = "3.5.1"\n'
        '  number_of_broker_nodes = 2\n  broker_node_group_info {\n    instance_type = "kafka.t3.small"\n'
        '    client_subnets = ["subnet-1", "subnet-2"]\n  }\n}\n',
        "X:\n  Type: AWS::MSK::Cluster\n  Properties:\n    ClusterName: x\n    KafkaVersion: 3.5.1\n"
        "    NumberOfBrokerNodes: 2\n"
        "    BrokerNodeGroupInfo: {InstanceType: kafka.t3.small, ClientSubnets: [subnet-1, subnet-2]}\n"),
    "aws_glue_job": (
        f'resource "aws_glue_job" "x" {{\n  name = "x"\n  role_arn = "{ROLE}"\n'
        '  command { script_location = "s3://b/s.py" }\n}\n',
        f"X:\n  Type: AWS::Glue::Job\n  Properties: {{Name: x, Role: '{ROLE}', "
        "Command: {ScriptLocation: 's3://b/s.py'}}\n"),
    "aws_glue_security_configuration": (
        'resource "aws_glue_security_configuration" "x" {\n  name = "x"\n  encryption_configuration {\n'
        '    cloudwatch_encryption {}\n    job_bookmarks_encryption {}\n    s3_encryption {}\n  }\n}\n',
        "X:\n  Type: AWS::Glue::SecurityConfiguration\n  Properties: {Name: x, EncryptionConfiguration: {}}\n"),
    "aws_glue_data_catalog_encryption_settings": (
        'resource "aws_glue_data_catalog_encryption_settings" "x" {\n  data_catalog_encryption_settings {\n'
        '    connection_password_encryption {}\n    encryption_at_rest {}\n  }\n}\n',
        "X:\n  Type: AWS::Glue::DataCatalogEncryptionSettings\n"
        "  Properties: {CatalogId: '111122223333', DataCatalogEncryptionSettings: {}}\n"),
    "aws_sagemaker_notebook_instance": (
        f'resource "aws_sagemaker_notebook_instance" "x" {{\n  name = "x"\n  role_arn = "{ROLE}"\n'
        '  instance_type = "ml.t3.medium"\n}\n',
        f"X:\n  Type: AWS::SageMaker::NotebookInstance\n  Properties: {{NotebookInstanceName: x, RoleArn: '{ROLE}', "
        "InstanceType: ml.t3.medium}\n"),
    "aws_sagemaker_model": (
        f'resource "aws_sagemaker_model" "x" {{\n  name = "x"\n  execution_role_arn = "{ROLE}"\n}}\n',
        f"X:\n  Type: AWS::SageMaker::Model\n  Properties: {{ModelName: x, ExecutionRoleArn: '{ROLE}'}}\n"),
    "aws_sagemaker_endpoint_configuration": (
        'resource "aws_sagemaker_endpoint_configuration" "x" {\n  name = "x"\n  production_variants {\n'
        '    variant_name = "v"\n    model_name = "m"\n    initial_instance_count = 1\n'
        '    instance_type = "ml.t2.medium"\n  }\n}\n',
        "X:\n  Type: AWS::SageMaker::EndpointConfig\n  Properties:\n    EndpointConfigName: x\n"
        "    ProductionVariants: [{VariantName: v, ModelName: m, InitialInstanceCount: 1, "
        "InstanceType: ml.t2.medium}]\n"),
    "aws_athena_workgroup": ('resource "aws_athena_workgroup" "x" { name = "x" }\n',
                             "X:\n  Type: AWS::Athena::WorkGroup\n  Properties: {Name: x}\n"),
    "aws_emr_cluster": (
        f'resource "aws_emr_cluster" "x" {{\n  name = "x"\n  release_label = "emr-7.0.0"\n'
        f'  service_role = "{ROLE}"\n}}\n',
        f"X:\n  Type: AWS::EMR::Cluster\n  Properties: {{Name: x, ReleaseLabel: emr-7.0.0, ServiceRole: '{ROLE}', "
        "JobFlowRole: r, Instances: {}}\n"),
    "aws_emr_block_public_access_configuration": (
        'resource "aws_emr_block_public_access_configuration" "x" { block_public_security_group_rules = true }\n',
        None),
    "aws_iam_account_password_policy": ('resource "aws_iam_account_password_policy" "x" {}\n', None),
    "aws_s3_account_public_access_block": ('resource "aws_s3_account_public_access_block" "x" {}\n', None),
    "aws_ebs_encryption_by_default": ('resource "aws_ebs_encryption_by_default" "x" {}\n', None),
    "aws_account_alternate_contact": (
        'resource "aws_account_alternate_contact" "x" {\n  alternate_contact_type = "SECURITY"\n'
        '  email_address = "sec@example.com"\n  name = "n"\n  phone_number = "+100"\n  title = "t"\n}\n', None),
    "aws_inspector2_enabler": ('resource "aws_inspector2_enabler" "x" {\n  account_ids = ["111122223333"]\n'
                               '  resource_types = ["EC2"]\n}\n', None),
    "aws_guardduty_detector": ('resource "aws_guardduty_detector" "x" {}\n',
                               "X:\n  Type: AWS::GuardDuty::Detector\n  Properties: {Enable: true}\n"),
    "aws_securityhub_account": ('resource "aws_securityhub_account" "x" {}\n',
                                "X:\n  Type: AWS::SecurityHub::Hub\n  Properties: {}\n"),
    "aws_config_configuration_recorder": (
        f'resource "aws_config_configuration_recorder" "x" {{ role_arn = "{ROLE}" }}\n',
        f"X:\n  Type: AWS::Config::ConfigurationRecorder\n  Properties: {{RoleARN: '{ROLE}'}}\n"),
    "aws_accessanalyzer_analyzer": ('resource "aws_accessanalyzer_analyzer" "x" { analyzer_name = "x" }\n',
                                    "X:\n  Type: AWS::AccessAnalyzer::Analyzer\n"
                                    "  Properties: {AnalyzerName: x, Type: ACCOUNT}\n"),
    "aws_macie2_account": ('resource "aws_macie2_account" "x" {}\n',
                           "X:\n  Type: AWS::Macie::Session\n  Properties: {}\n"),
    "aws_organizations_organization": ('resource "aws_organizations_organization" "x" {}\n',
                                       "X:\n  Type: AWS::Organizations::Organization\n  Properties: {}\n"),
    "aws_iam_saml_provider": ('resource "aws_iam_saml_provider" "x" {\n  name = "x"\n'
                              '  saml_metadata_document = "<m/>"\n}\n',
                              "X:\n  Type: AWS::IAM::SAMLProvider\n"
                              "  Properties: {Name: x, SamlMetadataDocument: <m/>}\n"),
    "aws_iam_openid_connect_provider": (
        'resource "aws_iam_openid_connect_provider" "x" {\n  url = "https://token.example.com"\n'
        '  client_id_list = ["sts.amazonaws.com"]\n}\n',
        "X:\n  Type: AWS::IAM::OIDCProvider\n"
        "  Properties: {Url: 'https://token.example.com', ClientIdList: [sts.amazonaws.com]}\n"),
    "aws_iam_server_certificate": (
        'variable "body" {}\nvariable "key" {}\nresource "aws_iam_server_certificate" "x" {\n  name = "x"\n'
        '  certificate_body = var.body\n  private_key = var.key\n}\n',
        "X:\n  Type: AWS::IAM::ServerCertificate\n  Properties: {ServerCertificateName: x}\n"),
    "aws_acm_certificate": ('resource "aws_acm_certificate" "x" {\n  domain_name = "example.com"\n'
                            '  validation_method = "DNS"\n}\n',
                            "X:\n  Type: AWS::CertificateManager::Certificate\n"
                            "  Properties: {DomainName: example.com, ValidationMethod: DNS}\n"),
    "aws_acmpca_certificate_authority": (
        'resource "aws_acmpca_certificate_authority" "x" {\n  type = "ROOT"\n'
        '  certificate_authority_configuration {\n    key_algorithm = "RSA_4096"\n'
        '    signing_algorithm = "SHA512WITHRSA"\n    subject { common_name = "example.com" }\n  }\n}\n',
        "X:\n  Type: AWS::ACMPCA::CertificateAuthority\n  Properties: {Type: ROOT, KeyAlgorithm: RSA_4096, "
        "SigningAlgorithm: SHA512WITHRSA, Subject: {CommonName: example.com}}\n"),
}

# (rule, why the two formats differ on the minimal resource)
DIFFERENT_DEFAULTS = {
    "redshift_cluster_public": "the AWS provider's default changed in v6; CloudFormation gets the 2025 API default",
    "redshift_cluster_encrypted": "the AWS provider's default changed in v6; CloudFormation gets the 2025 API default",
    "athena_workgroup_enforce_configuration": "the AWS provider defaults to true; the API default is not documented",
}


def _table(kind: str) -> Table:
    return next(t for t in TABLES if t.terraform and t.terraform[0] == kind)


def _write(tmp_path: Path, kind: str, fmt: str) -> Path:
    hcl, cfn = MINIMAL[kind]
    directory = tmp_path / fmt
    directory.mkdir()
    if fmt == "terraform":
        (directory / "main.tf").write_text(hcl)
    else:
        assert cfn is not None
        (directory / "t.yaml").write_text("Resources:\n" + "".join(f"  {line}\n" for line in cfn.splitlines()))
    return directory


def _verdicts(tmp_path: Path, kind: str, fmt: str) -> dict[str, tuple[str, str]]:
    type_name = _table(kind).model.resource_type
    rules = [r for r in RULES if r.resource_type == type_name]
    assessment = assess_iac([_write(tmp_path, kind, fmt)], rules=rules)
    return {f.rule_id: (f.status.value, f.reason) for f in assessment.findings if f.resource_type == type_name}


def _read_fields(directory: Path, type_name: str, rule_id: str) -> tuple[set[str], dict[str, Any]]:
    return fields_read(directory, type_name, next(r for r in RULES if r.id == rule_id))


def test_every_table_is_registered_and_listed_as_mapped() -> None:
    for table in TABLES:
        kinds, types = MAPPED[table.model.resource_type]
        assert set(table.terraform) <= set(kinds) and set(table.cloudformation) <= set(types), table.terraform
    assert {t.terraform[0] for t in TABLES} == set(MINIMAL)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.terraform[0])
def test_every_field_a_rule_reads_is_mapped_or_listed(table: Table) -> None:
    for rule in RULES:
        if rule.resource_type == table.model.resource_type:
            assert set(rule.needs) <= table.covered() | BASE_FIELDS, (rule.id, set(rule.needs) - table.covered())
    for spec in table.fields:
        if spec.default is not NO_DEFAULT:
            assert spec.source, f"{table.model.__name__}.{spec.name}: a default needs its source"


@pytest.mark.parametrize("kind", sorted(MINIMAL))
def test_minimal_resource_never_judged_on_unset_fields(tmp_path: Path, kind: str) -> None:
    """PASS/FAIL only from fields the code sets or whose AWS default is documented; the rest ERROR/N/A."""
    table = _table(kind)
    type_name = table.model.resource_type
    documented = {s.name for s in table.fields if s.default is not NO_DEFAULT} | set(table.constants) \
        | set(table.derived) | BASE_FIELDS
    verdicts = _verdicts(tmp_path, kind, "terraform")
    judged = [r for r in RULES if r.resource_type == type_name]
    assert len(verdicts) == len(judged), (kind, verdicts)
    for rule_id, (status, reason) in verdicts.items():
        if status in (Status.PASS.value, Status.FAIL.value):
            reads, attrs = _read_fields(tmp_path / "terraform", type_name, rule_id)
            written = {s.name for s in table.fields if s.terraform and read_path(attrs, s.terraform) is not None}
            undocumented = reads - documented - written
            assert not undocumented, (rule_id, status, reason, undocumented)


@pytest.mark.parametrize("kind", sorted(k for k, (_, cfn) in MINIMAL.items() if cfn is not None))
def test_hcl_and_cloudformation_agree(tmp_path: Path, kind: str) -> None:
    terraform = {k: v[0] for k, v in _verdicts(tmp_path, kind, "terraform").items() if k not in DIFFERENT_DEFAULTS}
    cloudformation = {k: v[0] for k, v in _verdicts(tmp_path, kind, "cloudformation").items()
                      if k not in DIFFERENT_DEFAULTS}
    assert terraform == cloudformation
