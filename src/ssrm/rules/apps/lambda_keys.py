"""Lambda environments that hold secrets are encrypted with a key the customer controls."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.apps.awslambda import LambdaFunction
from ssrm.model.secrets import PASSWORD_NAME
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule


def secret_variables(function: LambdaFunction) -> list[str]:
    """Variables that hold a secret: named like one, or found holding a credential."""
    named = [n for n in function.environment_variable_names if PASSWORD_NAME.search(n)]
    found = [n for n in function.environment_variable_names
             if any(f"variable {n} " in hint for hint in function.environment_secret_hints)]
    return list(dict.fromkeys([*found, *named]))


@rule(
    id="lambda_function_env_secrets_cmk",
    title="Lambda environments holding secrets are encrypted with a customer-managed key",
    resource_type=LambdaFunction, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.DISCOVER_SPREAD, attack=("T1552.001",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("environment_variable_names", "environment_secret_hints", "kms_key_arn"),
    remediation=Remediation(
        text="Move the secret to Secrets Manager; until then encrypt the environment with a customer-managed "
             "KMS key so reading it needs kms:Decrypt on a key you control and audit.",
        cli="aws lambda update-function-configuration --function-name <function> --kms-key-arn <key-arn>",
        terraform='resource "aws_lambda_function" "this" {\n  kms_key_arn = aws_kms_key.lambda.arn\n}'),
    skips="functions whose environment holds nothing named or found to be a secret",
)
def function_env_secrets_cmk(function: LambdaFunction, inv: Inventory) -> Verdict:
    """With the AWS-managed key, anyone allowed lambda:GetFunctionConfiguration reads the secrets."""
    secrets = secret_variables(function)
    if not secrets:
        return not_applicable("no environment variable holds a secret")
    if function.kms_key_arn:
        return passed(f"environment ({', '.join(secrets[:4])}) encrypted with {function.kms_key_arn}")
    return failed(f"environment variables {', '.join(secrets[:4])} hold secrets under the AWS-managed key only")
