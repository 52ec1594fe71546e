"""Issue 18, item 9: rules users expect on code (long-lived keys, public IP at launch, end-of-life software,
Lambda secrets without a customer-managed key), in both formats and, where they run live, on live shapes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ssrm.engine import evaluate
from ssrm.model import Inventory
from ssrm.model.resources.apps.awslambda import LambdaFunction
from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.compute.network import Route, RouteTable
from ssrm.model.resources.data.rds import RdsDbInstance
from ssrm.model.resources.identity.iam import AccessKeyState, IamUser
from tests.iac.verdicts import iac, live, rules

KEYS, PUBLIC_IP, EOL = ("iam_user_long_lived_access_keys", "ec2_instance_public_ip_in_public_subnet",
                        "ec2_instance_end_of_life_software")
RDS_EOL, CMK = "rds_instance_engine_end_of_support", "lambda_function_env_secrets_cmk"
ALL = (KEYS, PUBLIC_IP, EOL, RDS_EOL, CMK)

TERRAFORM = """
resource "aws_iam_user" "ci" { name = "ci" }
resource "aws_iam_access_key" "ci" { user = aws_iam_user.ci.name }
resource "aws_iam_user" "person" { name = "person" }
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "aws_internet_gateway" "igw" { vpc_id = aws_vpc.v.id }
resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.v.id
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}
resource "aws_route_table" "public" {
  vpc_id = aws_vpc.v.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }
}
resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}
data "aws_ami" "bionic" {
  most_recent = true
  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd/ubuntu-bionic-18.04-amd64-server-*"]
  }
}
resource "aws_instance" "web" {
  ami           = data.aws_ami.bionic.id
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.public.id
  user_data     = "curl -sL https://deb.nodesource.com/setup_8.x | bash -"
}
resource "aws_instance" "private" {
  ami                         = "ami-12345678"
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.public.id
  associate_public_ip_address = false
}
resource "aws_db_instance" "old" {
  engine         = "mysql"
  engine_version = "8.0.35"
  instance_class = "db.t3.micro"
}
resource "aws_db_instance" "new" {
  engine         = "mysql"
  engine_version = "8.4.3"
  instance_class = "db.t3.micro"
}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::111122223333:role/r"
  runtime       = "python3.12"
  handler       = "app.handler"
  environment {
    variables = { DB_PASSWORD = "hunter2hunter2" }
  }
}
resource "aws_lambda_function" "keyed" {
  function_name = "keyed"
  role          = "arn:aws:iam::111122223333:role/r"
  runtime       = "python3.12"
  handler       = "app.handler"
  kms_key_arn   = "arn:aws:kms:us-east-1:111122223333:key/abc"
  environment {
    variables = { DB_PASSWORD = "hunter2hunter2" }
  }
}
"""


def test_terraform(tmp_path: Path) -> None:
    found = iac(tmp_path, "main.tf", TERRAFORM, *ALL)
    assert found[(KEYS, "aws_iam_user.ci")][0] == "FAIL"
    assert found[(KEYS, "aws_iam_user.person")][0] == "PASS"
    assert found[(PUBLIC_IP, "aws_instance.web")][0] == "FAIL"
    assert found[(PUBLIC_IP, "aws_instance.private")][0] == "PASS"
    status, reason = found[(EOL, "aws_instance.web")]
    assert status == "FAIL" and "ubuntu 18.04" in reason and "nodejs 8" in reason
    assert found[(EOL, "aws_instance.private")][0] == "PASS"
    status, reason = found[(RDS_EOL, "aws_db_instance.old")]
    assert status == "FAIL" and "2026-07-31" in reason
    assert found[(RDS_EOL, "aws_db_instance.new")][0] == "PASS"
    assert found[(CMK, "aws_lambda_function.fn")][0] == "FAIL"
    assert found[(CMK, "aws_lambda_function.keyed")][0] == "PASS"


def test_cloudformation(tmp_path: Path) -> None:
    found = iac(tmp_path, "t.yaml", """
Parameters:
  LatestAmi:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/canonical/ubuntu/server/18.04/stable/current/amd64/hvm/ebs-gp2/ami-id
Resources:
  User:
    Type: AWS::IAM::User
  Key:
    Type: AWS::IAM::AccessKey
    Properties: {UserName: !Ref User}
  V:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Igw:
    Type: AWS::EC2::InternetGateway
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref V, InternetGatewayId: !Ref Igw}
  Public:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref V, CidrBlock: 10.0.1.0/24, MapPublicIpOnLaunch: true}
  Rt:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref V}
  Default:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
  Assoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref Public, RouteTableId: !Ref Rt}
  Web:
    Type: AWS::EC2::Instance
    Properties: {ImageId: !Ref LatestAmi, SubnetId: !Ref Public}
  Db:
    Type: AWS::RDS::DBInstance
    Properties: {Engine: MySQL, EngineVersion: "5.7.44", DBInstanceClass: db.t3.micro}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::111122223333:role/r
      Runtime: python3.12
      Handler: app.handler
      Code: {ZipFile: "x"}
      Environment: {Variables: {API_TOKEN: abcdefabcdef123456}}
""", *ALL)
    assert found[(KEYS, "User")][0] == "FAIL"
    assert found[(PUBLIC_IP, "Web")][0] == "FAIL"
    assert "ubuntu 18.04" in found[(EOL, "Web")][1] and found[(EOL, "Web")][0] == "FAIL"
    assert found[(RDS_EOL, "Db")][0] == "FAIL"
    assert found[(CMK, "Fn")][0] == "FAIL"


def test_live_shapes() -> None:
    user = IamUser(arn="arn:aws:iam::111122223333:user/u", id="u", name="u",
                   access_keys=[AccessKeyState(slot=1, active=True)])
    table = RouteTable(arn="arn:aws:ec2:us-east-1:111122223333:route-table/rtb-1", id="rtb-1", vpc_id="vpc-1",
                       region="us-east-1", subnet_ids=("subnet-1",),
                       routes=(Route(destination="0.0.0.0/0", target="igw-1", target_kind="gateway"),))
    instance = Instance(arn="arn:aws:ec2:us-east-1:111122223333:instance/i-1", id="i-1", region="us-east-1",
                        state="running", subnet_id="subnet-1", vpc_id="vpc-1", public_ips=("203.0.113.5",))
    db = RdsDbInstance(arn="arn:aws:rds:us-east-1:111122223333:db:d", id="d", engine="postgres",
                       engine_version="12.19")
    fn = LambdaFunction(arn="arn:aws:lambda:us-east-1:111122223333:function:f", id="f", name="f",
                        environment_variable_names=("SECRET_KEY",))
    found = live(user, table, instance, db, fn, rule_ids=ALL)
    assert found[(KEYS, "u")][0] == "FAIL"
    assert found[(PUBLIC_IP, "i-1")][0] == "FAIL"
    assert found[(EOL, "i-1")][0] == "NOT_APPLICABLE"  # the live scan does not read image names or user data
    assert found[(RDS_EOL, "d")][0] == "FAIL"
    assert found[(CMK, "f")][0] == "FAIL"


def test_end_of_support_follows_the_scan_date() -> None:
    db = RdsDbInstance(arn="arn:aws:rds:us-east-1:111122223333:db:d", id="d", engine="mysql", engine_version="8.0.40")
    inventory = Inventory(account="111122223333", regions=["us-east-1"], resources=[db],
                          finished_at=datetime(2025, 1, 1, tzinfo=UTC))
    assert evaluate(inventory, rules(RDS_EOL))[0].status.value == "PASS"
