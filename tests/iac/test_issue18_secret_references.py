"""Issue 18, item 5: references to secrets are secrets (Lambda environment, outputs, variable defaults)."""

from __future__ import annotations

from pathlib import Path

from ssrm.model.resources.apps.awslambda import LambdaFunction
from tests.iac.verdicts import iac, live

ENV, OUTPUT, DEFAULT = "lambda_function_env_secrets", "iam_output_exposes_secret", "iam_variable_secret_default"

TERRAFORM = """
variable "db_password" {}
variable "api_token" { default = "s3cr3t-t0ken-value" }
variable "admin_password" { default = "changeme" }
variable "region" { default = "eu-west-1" }
resource "aws_iam_user" "ci" { name = "ci" }
resource "aws_iam_access_key" "ci" { user = aws_iam_user.ci.name }
resource "aws_lambda_function" "keyed" {
  function_name = "keyed"
  role          = "arn:aws:iam::111122223333:role/r"
  runtime       = "python3.12"
  handler       = "app.handler"
  environment {
    variables = {
      KEY_ID     = aws_iam_access_key.ci.id
      KEY_SECRET = aws_iam_access_key.ci.secret
      DB_PASS    = var.db_password
    }
  }
}
resource "aws_lambda_function" "clean" {
  function_name = "clean"
  role          = "arn:aws:iam::111122223333:role/r"
  runtime       = "python3.12"
  handler       = "app.handler"
  environment {
    variables = { REGION = var.region }
  }
}
output "secret" { value = aws_iam_access_key.ci.secret }
output "hidden" {
  value     = aws_iam_access_key.ci.secret
  sensitive = true
}
output "user" { value = aws_iam_user.ci.name }
"""


def test_terraform_secret_references(tmp_path: Path) -> None:
    found = iac(tmp_path, "main.tf", TERRAFORM, ENV, OUTPUT, DEFAULT)
    status, reason = found[(ENV, "aws_lambda_function.keyed")]
    assert status == "FAIL"
    assert "access key id of aws_iam_access_key.ci" in reason
    assert "secret access key of aws_iam_access_key.ci" in reason
    assert "db_password" in reason
    assert found[(ENV, "aws_lambda_function.clean")][0] == "PASS"
    assert found[(OUTPUT, "output.secret")][0] == "FAIL"
    status, reason = found[(OUTPUT, "output.hidden")]
    assert status == "FAIL" and "still in the state" in reason
    assert found[(OUTPUT, "output.user")][0] == "PASS"
    assert found[(DEFAULT, "var.api_token")][0] == "FAIL"
    assert found[(DEFAULT, "var.admin_password")][0] == "PASS"  # a placeholder
    assert found[(DEFAULT, "var.db_password")][0] == "PASS"
    assert found[(DEFAULT, "var.region")][0] == "NOT_APPLICABLE"


def test_cloudformation_secret_references(tmp_path: Path) -> None:
    found = iac(tmp_path, "t.yaml", """
Parameters:
  DBPassword: {Type: String, NoEcho: true, Default: Sup3rS3cretPass}
  Environment: {Type: String, Default: prod}
Resources:
  User:
    Type: AWS::IAM::User
  AccessKey:
    Type: AWS::IAM::AccessKey
    Properties: {UserName: !Ref User}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::111122223333:role/r
      Runtime: python3.12
      Handler: app.handler
      Code: {ZipFile: "def handler(e, c): pass"}
      Environment:
        Variables:
          KEY_ID: !Ref AccessKey
          KEY_SECRET: !GetAtt AccessKey.SecretAccessKey
          DB: "{{resolve:secretsmanager:prod/db:SecretString:password}}"
Outputs:
  SecretKey:
    Value: !GetAtt AccessKey.SecretAccessKey
  UserName:
    Value: !Ref User
""", ENV, OUTPUT, DEFAULT)
    status, reason = found[(ENV, "Fn")]
    assert status == "FAIL" and "secret access key of AccessKey" in reason and "access key id of AccessKey" in reason
    assert "prod/db" in reason
    assert found[(OUTPUT, "Outputs.SecretKey")][0] == "FAIL"
    assert found[(OUTPUT, "Outputs.UserName")][0] == "PASS"
    status, reason = found[(DEFAULT, "Parameters.DBPassword")]
    assert status == "FAIL" and "masked" in reason
    assert found[(DEFAULT, "Parameters.Environment")][0] == "NOT_APPLICABLE"


def test_live_environment_with_a_credential_still_fails() -> None:
    function = LambdaFunction(arn="arn:aws:lambda:us-east-1:111122223333:function:f", id="f", name="f",
                              environment_variable_names=("TOKEN",),
                              environment_secret_hints=("password or token in f environment variable TOKEN (TOKEN=…)",))
    assert live(function, rule_ids=(ENV,))[(ENV, "f")][0] == "FAIL"
