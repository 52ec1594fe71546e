"""Network reachability and the other services, from Terraform and CloudFormation alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssrm.iac.assess import IacAssessment
from ssrm.rules.catalog import builtin_rules
from tests.iac.helpers import FIXTURES, assess, by_name

NETWORK = FIXTURES / "network"
EXPOSURE = "ec2_instance_public_admin_ports"


@pytest.mark.parametrize("path", [NETWORK / "terraform", NETWORK / "cloudformation" / "template.yaml"])
def test_exposure_follows_declared_routes(path: Path) -> None:
    result = assess(path, rules=builtin_rules())
    statuses = {(name, status) for rule, name, status in by_name(result.findings, result) if rule == EXPOSURE}
    assert statuses == {("exposed", "FAIL"), ("internal", "PASS"), ("somewhere", "ERROR")}
    somewhere = next(f for f in result.findings if f.rule_id == EXPOSURE and f.status.value == "ERROR")
    assert "subnet-0abc is not declared in the code" in somewhere.reason


def test_both_formats_agree_on_the_network() -> None:
    rules = builtin_rules()
    terraform = assess(NETWORK / "terraform", rules=rules)
    cloudformation = assess(NETWORK / "cloudformation" / "template.yaml", rules=rules)

    def network_findings(result: IacAssessment) -> set[tuple[str, str, str]]:
        return {f for f in by_name(result.findings, result) if f[0].startswith(("ec2_instance_public", "ec2_vpc"))}

    assert network_findings(terraform) == network_findings(cloudformation)


def test_services_agree_across_formats() -> None:
    """KMS, SQS (+policy), SNS, RDS, EBS, CloudTrail, IAM users/policies, Lambda (+permission, URL)."""
    rules = builtin_rules()
    services = FIXTURES / "services"
    terraform = assess(services / "terraform", rules=rules)
    cloudformation = assess(services / "cloudformation" / "template.yaml", rules=rules)
    assert by_name(terraform.findings, terraform) == by_name(cloudformation.findings, cloudformation)
    found = by_name(terraform.findings, terraform)
    assert {("kms_key_rotation", "fail-key", "FAIL"), ("kms_key_rotation", "pass-key", "PASS"),
            ("ec2_ebs_volume_unencrypted", "unknown-volume", "ERROR"), ("rds_instance_public", "fail-db", "FAIL"),
            ("lambda_function_env_secrets", "fail-function", "FAIL")} <= found


def test_subnet_of_a_vpc_declared_elsewhere_has_unknown_routes(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'variable "vpc_id" {}\n'
        'resource "aws_subnet" "s" {\n  vpc_id = var.vpc_id\n  cidr_block = "10.0.0.0/24"\n}\n'
        'resource "aws_security_group" "ssh" {\n  ingress {\n    protocol = "tcp"\n    from_port = 22\n'
        '    to_port = 22\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n'
        'resource "aws_instance" "i" {\n  subnet_id = aws_subnet.s.id\n  associate_public_ip_address = true\n'
        '  vpc_security_group_ids = [aws_security_group.ssh.id]\n}\n')
    result = assess(tmp_path, rules=builtin_rules())
    exposure = next(f for f in result.findings if f.rule_id == EXPOSURE)
    assert exposure.status.value == "ERROR" and "VPC is declared elsewhere" in exposure.reason


def test_network_acl_denying_ssh_blocks_the_exposure(tmp_path: Path) -> None:
    tree = tmp_path / "tf"
    tree.mkdir()
    main = (NETWORK / "terraform" / "main.tf").read_text()
    (tree / "main.tf").write_text(main + """
resource "aws_network_acl" "public" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = [aws_subnet.public.id]
  ingress {
    rule_no    = 100
    action     = "deny"
    protocol   = "tcp"
    cidr_block = "0.0.0.0/0"
    from_port  = 22
    to_port    = 22
  }
  ingress {
    rule_no    = 200
    action     = "allow"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
}
""")
    template = (NETWORK / "cloudformation" / "template.yaml").read_text() + """
  PublicAcl:
    Type: AWS::EC2::NetworkAcl
    Properties: {VpcId: !Ref Main}
  DenySsh:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref PublicAcl, RuleNumber: 100, RuleAction: deny, Protocol: 6, Egress: false,
                 CidrBlock: 0.0.0.0/0, PortRange: {From: 22, To: 22}}
  AllowRest:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref PublicAcl, RuleNumber: 200, RuleAction: allow, Protocol: -1, Egress: false,
                 CidrBlock: 0.0.0.0/0}
  PublicAclAssociation:
    Type: AWS::EC2::SubnetNetworkAclAssociation
    Properties: {SubnetId: !Ref Public, NetworkAclId: !Ref PublicAcl}
"""
    (tmp_path / "stack.yaml").write_text(template)
    rules = builtin_rules()
    for path in (tree, tmp_path / "stack.yaml"):
        result = assess(path, rules=rules)
        exposed = next(f for f in result.findings if f.rule_id == EXPOSURE and "exposed" in f.reason)
        assert exposed.status.value == "PASS" and "network ACL" in exposed.reason, path
