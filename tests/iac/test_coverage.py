"""Issue 12: every type a rule needs is mapped or listed; table-mapped types never PASS/FAIL on unset fields;
HCL and CloudFormation give the same verdicts for every table-mapped type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ssrm.iac.assess import assess_iac
from ssrm.model import Status
from ssrm.rules.catalog import builtin_rules
from ssrm.sources.iac.mapping.cloudformation.catalog import COMPANIONS as CFN_COMPANIONS
from ssrm.sources.iac.mapping.cloudformation.catalog import MAPPERS as CFN_MAPPERS
from ssrm.sources.iac.mapping.coverage import MAPPED, NOT_YET_MAPPED, RUNTIME_ONLY
from ssrm.sources.iac.mapping.table import BASE_FIELDS, NO_DEFAULT, Table, read_path
from ssrm.sources.iac.mapping.tables import TABLES
from ssrm.sources.iac.mapping.terraform.catalog import COMPANIONS as TF_COMPANIONS
from ssrm.sources.iac.mapping.terraform.catalog import MAPPERS as TF_MAPPERS
from tests.iac.helpers import fields_read

RULES = builtin_rules()


def test_every_type_a_rule_needs_is_mapped_or_listed() -> None:
    needed = {r.resource_type for r in RULES} | {t for r in RULES for t in r.uses}
    lists = [set(MAPPED), set(RUNTIME_ONLY), set(NOT_YET_MAPPED)]
    for type_name in needed:
        assert sum(type_name in listed for listed in lists) == 1, f"{type_name}: mapped, runtime-only or not yet"
    for type_name, (terraform, cloudformation) in MAPPED.items():
        assert all(k in TF_MAPPERS for k in terraform), type_name
        assert all(k in CFN_MAPPERS for k in cloudformation), type_name
    assert not set(TF_COMPANIONS) & set(TF_MAPPERS) and not set(CFN_COMPANIONS) & set(CFN_MAPPERS)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.model.resource_type)
def test_every_field_a_rule_reads_is_mapped_or_listed(table: Table) -> None:
    for rule in RULES:
        if rule.resource_type == table.model.resource_type:
            assert set(rule.needs) <= table.covered() | BASE_FIELDS, (rule.id, set(rule.needs) - table.covered())
    for spec in table.fields:
        if spec.default is not NO_DEFAULT:
            assert spec.source, f"{table.model.__name__}.{spec.name}: a default needs its source"


MINIMAL: dict[str, tuple[str, str]] = {
    "AWS::EKS::Cluster": ('resource "aws_eks_cluster" "x" {\n  name = "x"\n  role_arn = "arn:aws:iam::1:role/r"\n'
                          '  vpc_config { subnet_ids = ["subnet-1"] }\n}\n',
                          "X:\n  Type: AWS::EKS::Cluster\n  Properties:\n    Name: x\n"
                          "    RoleArn: arn:aws:iam::1:role/r\n"
                          "    ResourcesVpcConfig: {SubnetIds: [subnet-1]}\n"),
    "AWS::ECR::Repository": ('resource "aws_ecr_repository" "x" { name = "x" }\n',
                             "X:\n  Type: AWS::ECR::Repository\n  Properties: {RepositoryName: x}\n"),
    "AWS::DynamoDB::Table": ('resource "aws_dynamodb_table" "x" {\n  name = "x"\n  hash_key = "id"\n'
                             '  attribute {\n    name = "id"\n    type = "S"\n  }\n}\n',
                             "X:\n  Type: AWS::DynamoDB::Table\n  Properties:\n    TableName: x\n"
                             "    KeySchema: [{AttributeName: id, KeyType: HASH}]\n"
                             "    AttributeDefinitions: [{AttributeName: id, AttributeType: S}]\n"),
    "AWS::RDS::DBCluster": ('resource "aws_rds_cluster" "x" {\n  cluster_identifier = "x"\n'
                            '  engine = "aurora-postgresql"\n}\n',
                            "X:\n  Type: AWS::RDS::DBCluster\n"
                            "  Properties: {DBClusterIdentifier: x, Engine: aurora-postgresql}\n"),
    "AWS::IAM::Group": ('resource "aws_iam_group" "x" { name = "x" }\n',
                        "X:\n  Type: AWS::IAM::Group\n  Properties: {GroupName: x}\n"),
    "AWS::EC2::VPCEndpoint": ('resource "aws_vpc_endpoint" "x" {\n  vpc_id = "vpc-1"\n'
                              '  service_name = "com.amazonaws.us-east-1.s3"\n  tags = { Name = "x" }\n}\n',
                              "X:\n  Type: AWS::EC2::VPCEndpoint\n  Properties:\n    VpcId: vpc-1\n"
                              "    ServiceName: com.amazonaws.us-east-1.s3\n    Tags: [{Key: Name, Value: x}]\n"),
    "AWS::OpenSearchService::Domain": ('resource "aws_opensearch_domain" "x" { domain_name = "x" }\n',
                                       "X:\n  Type: AWS::OpenSearchService::Domain\n  Properties: {DomainName: x}\n"),
    "AWS::SecretsManager::Secret": ('resource "aws_secretsmanager_secret" "x" { name = "x" }\n',
                                    "X:\n  Type: AWS::SecretsManager::Secret\n  Properties: {Name: x}\n"),
    "AWS::Logs::LogGroup": ('resource "aws_cloudwatch_log_group" "x" { name = "x" }\n',
                            "X:\n  Type: AWS::Logs::LogGroup\n  Properties: {LogGroupName: x}\n"),
    "AWS::RDS::DBInstance": ('resource "aws_db_instance" "x" {\n  identifier = "x"\n  engine = "postgres"\n'
                             '  instance_class = "db.t3.micro"\n}\n',
                             "X:\n  Type: AWS::RDS::DBInstance\n"
                             "  Properties: {DBInstanceIdentifier: x, Engine: postgres,\n"
                             "               DBInstanceClass: db.t3.micro}\n"),
    "AWS::CloudTrail::Trail": ('resource "aws_cloudtrail" "x" {\n  name = "x"\n  s3_bucket_name = "logs"\n}\n',
                               "X:\n  Type: AWS::CloudTrail::Trail\n"
                               "  Properties: {TrailName: x, S3BucketName: logs, IsLogging: true}\n"),
    "AWS::KMS::Key": ('resource "aws_kms_key" "x" { description = "x" }\n',
                      "X:\n  Type: AWS::KMS::Key\n  Properties: {Description: x}\n"),
    "AWS::EC2::Volume": ('resource "aws_ebs_volume" "x" {\n  availability_zone = "us-east-1a"\n  size = 8\n}\n',
                         "X:\n  Type: AWS::EC2::Volume\n  Properties: {AvailabilityZone: us-east-1a, Size: 8}\n"),
    "AWS::SQS::Queue": ('resource "aws_sqs_queue" "x" { name = "x" }\n',
                        "X:\n  Type: AWS::SQS::Queue\n  Properties: {QueueName: x}\n"),
    "AWS::SNS::Topic": ('resource "aws_sns_topic" "x" { name = "x" }\n',
                        "X:\n  Type: AWS::SNS::Topic\n  Properties: {TopicName: x}\n"),
    "AWS::Lambda::Function": ('resource "aws_lambda_function" "x" {\n  function_name = "x"\n'
                              '  role = "arn:aws:iam::1:role/r"\n  runtime = "python3.12"\n  handler = "a.b"\n}\n',
                              "X:\n  Type: AWS::Lambda::Function\n  Properties:\n    FunctionName: x\n"
                              "    Role: arn:aws:iam::1:role/r\n    Runtime: python3.12\n    Handler: a.b\n"),
    "AWS::EC2::Subnet": ('resource "aws_subnet" "x" {\n  vpc_id = "vpc-1"\n  cidr_block = "10.0.1.0/24"\n'
                         '  tags = { Name = "x" }\n}\n',
                         "X:\n  Type: AWS::EC2::Subnet\n  Properties:\n    VpcId: vpc-1\n"
                         "    CidrBlock: 10.0.1.0/24\n    Tags: [{Key: Name, Value: x}]\n"),
    "AWS::S3::Bucket": ('resource "aws_s3_bucket" "x" { bucket = "x" }\n',
                        "X:\n  Type: AWS::S3::Bucket\n  Properties: {BucketName: x}\n"),
    "AWS::EC2::SecurityGroup": ('resource "aws_security_group" "x" {\n  name = "x"\n  vpc_id = "vpc-1"\n'
                                '  ingress {\n    protocol = "tcp"\n    from_port = 443\n    to_port = 443\n'
                                '    cidr_blocks = ["10.0.0.0/8"]\n  }\n}\n',
                                "X:\n  Type: AWS::EC2::SecurityGroup\n  Properties:\n    GroupName: x\n"
                                "    GroupDescription: Managed by Terraform\n    VpcId: vpc-1\n"
                                "    SecurityGroupIngress:\n"
                                "      - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}\n"
                                "    SecurityGroupEgress: []\n"),
    "AWS::EC2::RouteTable": ('resource "aws_route_table" "x" {\n  vpc_id = "vpc-1"\n  tags = { Name = "x" }\n}\n',
                             "X:\n  Type: AWS::EC2::RouteTable\n"
                             "  Properties: {VpcId: vpc-1, Tags: [{Key: Name, Value: x}]}\n"),
    "AWS::EC2::InternetGateway": ('resource "aws_internet_gateway" "x" { tags = { Name = "x" } }\n',
                                  "X:\n  Type: AWS::EC2::InternetGateway\n"
                                  "  Properties: {Tags: [{Key: Name, Value: x}]}\n"),
    "AWS::EC2::NetworkAcl": ('resource "aws_network_acl" "x" {\n  vpc_id = "vpc-1"\n  tags = { Name = "x" }\n}\n',
                             "X:\n  Type: AWS::EC2::NetworkAcl\n"
                             "  Properties: {VpcId: vpc-1, Tags: [{Key: Name, Value: x}]}\n"),
    "AWS::IAM::Role": ('resource "aws_iam_role" "x" {\n  name = "x"\n  assume_role_policy = jsonencode({\n'
                       '    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",\n'
                       '      Principal = { Service = "ec2.amazonaws.com" } }]\n  })\n}\n',
                       "X:\n  Type: AWS::IAM::Role\n  Properties:\n    RoleName: x\n"
                       "    AssumeRolePolicyDocument:\n      Version: '2012-10-17'\n      Statement:\n"
                       "        - {Effect: Allow, Action: sts:AssumeRole, Principal: {Service: ec2.amazonaws.com}}\n"),
    "AWS::IAM::User": ('resource "aws_iam_user" "x" { name = "x" }\n',
                       "X:\n  Type: AWS::IAM::User\n  Properties: {UserName: x}\n"),
    "AWS::IAM::ManagedPolicy": ('resource "aws_iam_policy" "x" {\n  name = "x"\n  policy = jsonencode({\n'
                                '    Version = "2012-10-17"\n'
                                '    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]\n'
                                '  })\n}\n',
                                "X:\n  Type: AWS::IAM::ManagedPolicy\n  Properties:\n    ManagedPolicyName: x\n"
                                "    PolicyDocument:\n      Version: '2012-10-17'\n      Statement:\n"
                                "        - {Effect: Allow, Action: s3:GetObject, Resource: '*'}\n"),
    "AWS::IAM::InstanceProfile": ('resource "aws_iam_instance_profile" "x" { name = "x" }\n',
                                  "X:\n  Type: AWS::IAM::InstanceProfile\n"
                                  "  Properties: {InstanceProfileName: x, Roles: []}\n"),
    "AWS::EC2::Instance": ('resource "aws_instance" "x" {\n  ami = "ami-1"\n  instance_type = "t3.micro"\n}\n',
                           "X:\n  Type: AWS::EC2::Instance\n  Properties: {ImageId: ami-1, InstanceType: t3.micro}\n"),
    "AWS::EC2::VPC": ('resource "aws_vpc" "x" {\n  cidr_block = "10.0.0.0/16"\n  tags = { Name = "x" }\n}\n',
                      "X:\n  Type: AWS::EC2::VPC\n  Properties:\n    CidrBlock: 10.0.0.0/16\n"
                      "    Tags: [{Key: Name, Value: x}]\n"),
    "AWS::EC2::FlowLog": ('resource "aws_flow_log" "x" {\n  vpc_id = "vpc-1"\n  traffic_type = "ALL"\n'
                          '  log_destination = "arn:aws:s3:::logs"\n  log_destination_type = "s3"\n}\n',
                          "X:\n  Type: AWS::EC2::FlowLog\n  Properties:\n    ResourceId: vpc-1\n"
                          "    ResourceType: VPC\n    TrafficType: ALL\n    LogDestination: arn:aws:s3:::logs\n"
                          "    LogDestinationType: s3\n"),
}


def _verdicts(tmp_path: Path, type_name: str, fmt: str) -> dict[str, tuple[str, str]]:
    hcl, cfn = MINIMAL[type_name]
    directory = tmp_path / fmt
    directory.mkdir()
    if fmt == "terraform":
        (directory / "main.tf").write_text(hcl)
    else:
        (directory / "t.yaml").write_text("Resources:\n" + "".join(f"  {line}\n" for line in cfn.splitlines()))
    rules = [r for r in RULES if r.resource_type == type_name]
    assessment = assess_iac([directory], rules=rules)
    return {f.rule_id: (f.status.value, f.reason) for f in assessment.findings if f.resource_type == type_name}


def _read_fields(type_name: str, tmp_path: Path, rule_id: str) -> tuple[set[str], dict[str, Any]]:
    return fields_read(tmp_path / "terraform", type_name, next(r for r in RULES if r.id == rule_id))


@pytest.mark.parametrize("type_name", sorted(MINIMAL))
def test_minimal_resource_never_judged_on_unset_fields(tmp_path: Path, type_name: str) -> None:
    """PASS/FAIL only from fields the code sets or whose AWS default is documented; the rest ERROR/N/A."""
    table = next(t for t in TABLES if t.model.resource_type == type_name)
    documented = {s.name for s in table.fields if s.default is not NO_DEFAULT} | set(table.constants) \
        | set(table.derived) | BASE_FIELDS
    verdicts = _verdicts(tmp_path, type_name, "terraform")
    assert verdicts or not any(r.resource_type == type_name for r in RULES), type_name
    for rule_id, (status, reason) in verdicts.items():
        if status in (Status.PASS.value, Status.FAIL.value):
            reads, attrs = _read_fields(type_name, tmp_path, rule_id)
            written = {s.name for s in table.fields if s.terraform and read_path(attrs, s.terraform) is not None}
            undocumented = reads - documented - written
            assert not undocumented, (rule_id, status, reason, undocumented)


@pytest.mark.parametrize("type_name", sorted(MINIMAL))
def test_hcl_and_cloudformation_agree(tmp_path: Path, type_name: str) -> None:
    terraform = {k: v[0] for k, v in _verdicts(tmp_path, type_name, "terraform").items()}
    cloudformation = {k: v[0] for k, v in _verdicts(tmp_path, type_name, "cloudformation").items()}
    assert terraform == cloudformation


def test_undeclarable_lookups_are_not_applicable(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_ebs_volume" "v" {\n  availability_zone = "us-east-1a"\n'
                                      '  size = 1\n  encrypted = true\n}\n'
                                      'resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }\n'
                                      'resource "aws_vpc_endpoint" "s3" {\n  vpc_id = aws_vpc.v.id\n'
                                      '  service_name = "com.amazonaws.us-east-1.s3"\n}\n')
    rules = [r for r in RULES if r.id in ("backup_ebs_volume_protected", "ec2_vpc_no_endpoints")]
    found = {f.rule_id: f for f in assess_iac([tmp_path], rules=rules).findings}
    assert found["backup_ebs_volume_protected"].status is Status.NOT_APPLICABLE
    assert "recovery points" in found["backup_ebs_volume_protected"].reason
    assert found["ec2_vpc_no_endpoints"].status is Status.PASS
