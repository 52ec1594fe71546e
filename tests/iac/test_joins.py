"""Issue 12, item 3: companions join their resource by reference, even when its name is known only at apply."""

from __future__ import annotations

from pathlib import Path

from tests.iac.verdicts import iac

DIRECT, KEYS, IN_VPC = "iam_user_direct_policies", "iam_user_long_lived_access_keys", "rds_instance_in_vpc"


def test_terraform_user_named_from_a_data_source(tmp_path: Path) -> None:
    found = iac(tmp_path, "main.tf", """
data "aws_caller_identity" "me" {}
resource "aws_iam_user" "u" { name = "ci-${data.aws_caller_identity.me.account_id}" }
resource "aws_iam_user_policy" "p" {
  user   = aws_iam_user.u.name
  name   = "p"
  policy = jsonencode({Version = "2012-10-17",
    Statement = [{Effect = "Allow", Action = "s3:GetObject", Resource = "*"}]})
}
resource "aws_iam_access_key" "k" { user = aws_iam_user.u.name }
resource "aws_iam_user" "other" { name = "other" }
resource "aws_db_subnet_group" "g" {
  name       = "db-${data.aws_caller_identity.me.account_id}"
  subnet_ids = ["subnet-1"]
}
resource "aws_db_instance" "db" {
  engine               = "postgres"
  instance_class       = "db.t3.micro"
  db_subnet_group_name = aws_db_subnet_group.g.name
}
""", DIRECT, KEYS, IN_VPC)
    assert found[(DIRECT, "aws_iam_user.u")][0] == "FAIL"
    assert found[(KEYS, "aws_iam_user.u")][0] == "FAIL"
    assert found[(DIRECT, "aws_iam_user.other")][0] == "PASS"
    assert found[(KEYS, "aws_iam_user.other")][0] == "PASS"
    assert found[(IN_VPC, "aws_db_instance.db")][0] == "PASS"


def test_cloudformation_joins_by_ref(tmp_path: Path) -> None:
    found = iac(tmp_path, "t.yaml", """
Resources:
  U:
    Type: AWS::IAM::User
    Properties: {UserName: !Sub "ci-${AWS::AccountId}"}
  K:
    Type: AWS::IAM::AccessKey
    Properties: {UserName: !Ref U}
  Other:
    Type: AWS::IAM::User
""", KEYS)
    assert found[(KEYS, "U")][0] == "FAIL"
    assert found[(KEYS, "Other")][0] == "PASS"


def test_message_only_fields_do_not_turn_a_verdict_into_error(tmp_path: Path) -> None:
    """Issue 12: IMDSv1 allowed is decided by http_tokens; the profile ARN only words the reason."""
    found = iac(tmp_path, "main.tf", """
variable "profile" {}
resource "aws_instance" "web" {
  ami                  = "ami-12345678"
  instance_type        = "t3.micro"
  iam_instance_profile = var.profile
  metadata_options { http_tokens = "optional" }
}
""", "ec2_instance_imdsv1_allowed", "ec2_instance_no_instance_profile")
    assert found[("ec2_instance_imdsv1_allowed", "aws_instance.web")][0] == "FAIL"
    assert found[("ec2_instance_no_instance_profile", "aws_instance.web")][0] == "ERROR"  # decides this one


def test_search_domain_policy_companion_joins_its_domain(tmp_path: Path) -> None:
    """terragoat's pattern: the domain's open policy sits in aws_elasticsearch_domain_policy, naming the domain by
    domain_name (was PASS "no access policy")."""
    found = iac(tmp_path, "main.tf", """
resource "aws_elasticsearch_domain" "d" { domain_name = "d1" }
resource "aws_opensearch_domain" "closed" { domain_name = "d2" }
data "aws_iam_policy_document" "open" {
  statement {
    actions   = ["es:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
resource "aws_elasticsearch_domain_policy" "p" {
  domain_name     = aws_elasticsearch_domain.d.domain_name
  access_policies = data.aws_iam_policy_document.open.json
}
""", "opensearch_domain_policy_public")
    assert found[("opensearch_domain_policy_public", "aws_elasticsearch_domain.d")][0] == "FAIL"
    assert found[("opensearch_domain_policy_public", "aws_opensearch_domain.closed")][0] == "PASS"
