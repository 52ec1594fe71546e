"""Issue 18, item 3: verb wildcards (lambda:Get*) count like service wildcards, in managed and inline policies."""

from __future__ import annotations

from pathlib import Path

from ssrm.model.resources.identity.iam import IamManagedPolicy, IamRole, InlinePolicy
from tests.iac.verdicts import iac, live

MANAGED, ROLE, USER = ("iam_managed_policy_service_wildcard", "iam_role_inline_wildcard_actions",
                       "iam_user_inline_wildcard_actions")
VERBS = '["lambda:Get*", "s3:List*", "lambda:Invoke*"]'
TRUST = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
         '"Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}')


def test_terraform_verb_wildcards(tmp_path: Path) -> None:
    found = iac(tmp_path, "main.tf", f"""
resource "aws_iam_policy" "verbs" {{
  name   = "verbs"
  policy = jsonencode({{Version = "2012-10-17", Statement = [{{Effect = "Allow", Action = {VERBS}, Resource = "*"}}]}})
}}
resource "aws_iam_policy" "named" {{
  name   = "named"
  policy = jsonencode({{Version = "2012-10-17",
    Statement = [{{Effect = "Allow", Action = ["lambda:GetFunction"], Resource = "*"}}]}})
}}
resource "aws_iam_role" "r" {{
  name               = "r"
  assume_role_policy = <<JSON
{TRUST}
JSON
}}
resource "aws_iam_role_policy" "inline" {{
  role   = aws_iam_role.r.id
  name   = "inline"
  policy = jsonencode({{Version = "2012-10-17",
    Statement = [{{Effect = "Allow", Action = "s3:Get*", Resource = "*"}}]}})
}}
resource "aws_iam_user" "u" {{ name = "u" }}
resource "aws_iam_user_policy" "u" {{
  user   = aws_iam_user.u.name
  name   = "u"
  policy = jsonencode({{Version = "2012-10-17", Statement = [{{Effect = "Allow", Action = "ec2:*", Resource = "*"}}]}})
}}
""", MANAGED, ROLE, USER)
    status, reason = found[(MANAGED, "aws_iam_policy.verbs")]
    assert status == "FAIL" and "lambda:Get*" in reason and "actions" in reason
    assert found[(MANAGED, "aws_iam_policy.named")][0] == "PASS"
    assert found[(ROLE, "aws_iam_role.r")][0] == "FAIL"
    assert "s3:Get*" in found[(ROLE, "aws_iam_role.r")][1]
    assert found[(USER, "aws_iam_user.u")][0] == "FAIL"


def test_cloudformation_verb_wildcards(tmp_path: Path) -> None:
    found = iac(tmp_path, "t.yaml", f"""
Resources:
  Verbs:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {{Version: "2012-10-17", Statement: [{{Effect: Allow, Action: {VERBS}, Resource: "*"}}]}}
  R:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {TRUST}
      Policies:
        - PolicyName: inline
          PolicyDocument: {{Version: "2012-10-17", Statement: [{{Effect: Allow, Action: "s3:Get*", Resource: "*"}}]}}
""", MANAGED, ROLE)
    assert found[(MANAGED, "Verbs")][0] == "FAIL"
    assert found[(ROLE, "R")][0] == "FAIL"


def test_live_verb_wildcards() -> None:
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:Invoke*", "Resource": "*"}]}
    policy = IamManagedPolicy(arn="arn:aws:iam::111122223333:policy/p", id="p", name="p", document=doc)
    role = IamRole(arn="arn:aws:iam::111122223333:role/r", id="r", name="r",
                   inline_policies=[InlinePolicy(name="i", document=doc)])
    found = live(policy, role, rule_ids=(MANAGED, ROLE))
    assert found[(MANAGED, "p")][0] == "FAIL"
    assert found[(ROLE, "r")][0] == "FAIL"
    single = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjec?", "Resource": "*"}]}
    exact = IamManagedPolicy(arn="arn:aws:iam::111122223333:policy/e", id="e", name="e", document=single)
    assert live(exact, rule_ids=(MANAGED,))[(MANAGED, "e")][0] == "PASS"
