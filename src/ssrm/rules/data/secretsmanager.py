"""Secrets Manager rules: automatic rotation, resource policies open to anyone."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.data.secretsmanager import Secret
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule
from ssrm.rules.data._policies import open_statement_reason
from ssrm.rules.policy import public_statements


@rule(
    id="secretsmanager_secret_rotation", title="Secrets Manager secrets rotate automatically",
    resource_type=Secret, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1078", "T1555.006"), phase=Phase.FOUNDATIONAL, smm="IA2.2",
    remediation=Remediation(
        text="Attach a rotation function (AWS provides templates for RDS, Redshift, DocumentDB) and a schedule.",
        cli="aws secretsmanager rotate-secret --secret-id SECRET_ARN --rotation-lambda-arn FUNCTION_ARN "
            "--rotation-rules AutomaticallyAfterDays=30",
        terraform='resource "aws_secretsmanager_secret_rotation" "this" {\n'
                  '  secret_id           = aws_secretsmanager_secret.this.id\n'
                  '  rotation_lambda_arn = aws_lambda_function.rotate.arn\n'
                  '  rotation_rules {\n    automatically_after_days = 30\n  }\n}',
    ),
    references=("FSBP SecretsManager.1",),
    skips="secrets managed by another AWS service (OwningService, e.g. RDS master passwords), which rotates them",
)
def secret_rotation(secret: Secret, inv: Inventory) -> Verdict:
    """A leaked secret that never rotates stays valid for as long as the attacker likes."""
    if secret.owning_service:
        return not_applicable(f"managed and rotated by {secret.owning_service}")
    if secret.rotation_enabled:
        days = f" every {secret.rotation_days} days" if secret.rotation_days else ""
        return passed(f"rotation enabled{days}")
    return failed(f"secret {secret.label} has no automatic rotation")


@rule(
    id="secretsmanager_secret_policy_public", title="Secrets Manager resource policies do not grant access to anyone",
    resource_type=Secret, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.CRITICAL,
    stage=Stage.INITIAL_ACCESS, attack=("T1555.006",), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("policy",),
    remediation=Remediation(
        text="Remove the statement open to Principal \"*\" or pin it with aws:PrincipalOrgID / aws:SourceVpce; "
             "turn on BlockPublicPolicy when putting policies.",
        cli="aws secretsmanager put-resource-policy --secret-id SECRET_ARN --resource-policy file://policy.json "
            "--block-public-policy",
        terraform='resource "aws_secretsmanager_secret_policy" "this" {\n'
                  '  secret_arn          = aws_secretsmanager_secret.this.arn\n'
                  '  policy              = data.aws_iam_policy_document.secret.json\n'
                  '  block_public_policy = true\n}',
    ),
    skips="statements pinned by an organization, account, VPC endpoint or source condition",
)
def secret_policy_public(secret: Secret, inv: Inventory) -> Verdict:
    open_statements = public_statements(secret.policy)
    if open_statements:
        return failed(open_statement_reason("secret", open_statements[0]))
    return passed("no resource policy statement is open to anyone")
