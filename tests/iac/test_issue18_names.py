"""Issue 18, item 10: no blank names in reasons; resource_id is the address in code, the name its own field."""

from __future__ import annotations

from pathlib import Path

from ssrm.engine import evaluate
from ssrm.iac.assess import assess_iac
from ssrm.model import Inventory
from ssrm.model.resources.identity.iam import IamManagedPolicy
from tests.iac.verdicts import rules

RULE = "iam_managed_policy_full_admin"
ADMIN = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'


def _findings(directory: Path) -> dict[str, tuple[str, str, str]]:
    assessment = assess_iac([directory], rules=rules(RULE, "iam_user_direct_policies"))
    return {f"{f.rule_id} {f.resource_id}": (f.status.value, f.reason, f.resource_name) for f in assessment.findings}


def test_terraform_name_known_at_apply_uses_the_address(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(f"""
data "aws_caller_identity" "me" {{}}
resource "aws_iam_policy" "admin" {{
  name   = "admin-${{data.aws_caller_identity.me.account_id}}"
  policy = <<JSON
{ADMIN}
JSON
}}
resource "aws_iam_policy" "named" {{
  name   = "named"
  policy = <<JSON
{ADMIN}
JSON
}}
""")
    found = _findings(tmp_path)
    status, reason, name = found[f"{RULE} aws_iam_policy.admin"]
    assert status == "FAIL" and "aws_iam_policy.admin" in reason and "  " not in reason
    assert name == "aws_iam_policy.admin"
    status, reason, name = found[f"{RULE} aws_iam_policy.named"]
    assert name == "named" and "named" in reason


def test_cloudformation_without_names_uses_the_logical_id(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(f"""
Resources:
  Admin:
    Type: AWS::IAM::ManagedPolicy
    Properties: {{PolicyDocument: {ADMIN}}}
  User:
    Type: AWS::IAM::User
  Extra:
    Type: AWS::IAM::Policy
    Properties: {{PolicyName: extra, Users: [!Ref User], PolicyDocument: {ADMIN}}}
""")
    found = _findings(tmp_path)
    status, reason, _ = found[f"{RULE} Admin"]
    assert status == "FAIL" and "policy Admin allows" in reason
    status, reason, _ = found["iam_user_direct_policies User"]
    assert status == "FAIL" and reason.startswith("User has policies")


def test_live_resource_id_is_the_aws_id() -> None:
    policy = IamManagedPolicy(arn="arn:aws:iam::111122223333:policy/p", id="ANPA0000", name="p",
                              document={"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
    inventory = Inventory(account="111122223333", regions=["us-east-1"], resources=[policy])
    finding = evaluate(inventory, rules(RULE))[0]
    assert (finding.resource_id, finding.resource_name) == ("ANPA0000", "p")
