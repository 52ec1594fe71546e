"""Issue 18, items 6 and 7: engine names are case-insensitive; DB subnet groups place instances in a VPC."""

from __future__ import annotations

from pathlib import Path

from ssrm.model.resources.data.rds import RdsDbInstance
from tests.iac.verdicts import iac, live

IAM_AUTH, LOGS, IN_VPC = "rds_instance_iam_auth", "rds_instance_log_exports", "rds_instance_in_vpc"


def test_cloudformation_mixed_case_engine_is_judged(tmp_path: Path) -> None:
    found = iac(tmp_path, "t.yaml", """
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties: {Engine: MySQL, DBInstanceClass: db.t3.micro, EnableCloudwatchLogsExports: [error]}
""", IAM_AUTH, LOGS)
    assert found[(IAM_AUTH, "Db")][0] == "FAIL"
    assert found[(LOGS, "Db")][0] == "FAIL"
    assert "audit" in found[(LOGS, "Db")][1]


def test_terraform_mixed_case_engine_is_judged(tmp_path: Path) -> None:
    found = iac(tmp_path, "main.tf", """
resource "aws_db_instance" "db" {
  engine                              = "MySQL"
  instance_class                      = "db.t3.micro"
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["audit", "error", "general", "slowquery"]
}
""", IAM_AUTH, LOGS)
    assert found[(IAM_AUTH, "aws_db_instance.db")][0] == "PASS"
    assert found[(LOGS, "aws_db_instance.db")][0] == "PASS"


def test_live_engine_case_does_not_matter() -> None:
    db = RdsDbInstance(arn="arn:aws:rds:us-east-1:111122223333:db:x", id="x", engine="Postgres")
    assert db.engine == "postgres"
    assert live(db, rule_ids=(IAM_AUTH,))[(IAM_AUTH, "x")][0] == "FAIL"


def test_terraform_subnet_group_places_the_instance_in_its_vpc(tmp_path: Path) -> None:
    found = iac(tmp_path, "main.tf", """
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.v.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_db_subnet_group" "g" {
  name       = "g"
  subnet_ids = [aws_subnet.a.id]
}
resource "aws_db_instance" "grouped" {
  engine               = "postgres"
  instance_class       = "db.t3.micro"
  db_subnet_group_name = aws_db_subnet_group.g.name
}
resource "aws_db_instance" "default_vpc" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
}
""", IN_VPC)
    status, reason = found[(IN_VPC, "aws_db_instance.grouped")]
    assert status == "PASS" and "aws_vpc.v" in reason
    assert found[(IN_VPC, "aws_db_instance.default_vpc")][0] == "PASS"


def test_cloudformation_subnet_group_places_the_instance_in_its_vpc(tmp_path: Path) -> None:
    found = iac(tmp_path, "t.yaml", """
Resources:
  V:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  A:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref V, CidrBlock: 10.0.1.0/24}
  G:
    Type: AWS::RDS::DBSubnetGroup
    Properties: {DBSubnetGroupDescription: g, SubnetIds: [!Ref A]}
  Db:
    Type: AWS::RDS::DBInstance
    Properties: {Engine: postgres, DBInstanceClass: db.t3.micro, DBSubnetGroupName: !Ref G}
""", IN_VPC)
    status, reason = found[(IN_VPC, "Db")]
    assert status == "PASS" and "V" in reason


def test_live_instance_without_vpc_still_fails() -> None:
    db = RdsDbInstance(arn="arn:aws:rds:us-east-1:111122223333:db:old", id="old", engine="mysql")
    assert live(db, rule_ids=(IN_VPC,))[(IN_VPC, "old")][0] == "FAIL"
