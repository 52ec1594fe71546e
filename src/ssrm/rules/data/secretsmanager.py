"""Secrets Manager rules: automatic rotation, rotation health and age, unused secrets, public policies."""

from __future__ import annotations

from datetime import datetime

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.data.secretsmanager import Secret
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule
from ssrm.rules.data._policies import open_statement_reason
from ssrm.rules.identity.clock import days_since, reference_time
from ssrm.rules.policy import public_statements

MAX_UNUSED_DAYS = 90
MAX_ROTATION_AGE_DAYS = 90
ROTATION_GRACE_DAYS = 1  # a rotation runs within its window, not at the exact hour


def age_in_days(moment: str | None, inv: Inventory) -> int | None:
    """Whole days from an ISO timestamp to the scan's time, or None when the timestamp is absent or unreadable."""
    if not moment:
        return None
    try:
        return days_since(datetime.fromisoformat(moment), reference_time(inv))
    except ValueError:
        return None


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
    description="A resource policy that allows any principal hands the secret to anyone who asks for it.",
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


@rule(
    id="secretsmanager_secret_rotation_succeeds", title="Secrets Manager secrets with rotation rotate on schedule",
    resource_type=Secret, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1078", "T1555.006"), phase=Phase.FOUNDATIONAL, smm="IA2.2",
    remediation=Remediation(
        text="Read the rotation function's CloudWatch logs, fix its permissions or network path, then rotate now.",
        cli="aws secretsmanager rotate-secret --secret-id SECRET_ARN",
        terraform='resource "aws_secretsmanager_secret_rotation" "this" {\n'
                  '  secret_id           = aws_secretsmanager_secret.this.id\n'
                  '  rotation_lambda_arn = aws_lambda_function.rotate.arn\n'
                  '  rotation_rules {\n    automatically_after_days = 30\n  }\n}',
    ),
    references=("FSBP SecretsManager.2",),
    skips="secrets without rotation (secretsmanager_secret_rotation judges them); schedules written as cron or "
          "rate expressions",
)
def secret_rotation_succeeds(secret: Secret, inv: Inventory) -> Verdict:
    """A rotation that keeps failing leaves the old secret valid while everyone believes it rotates."""
    if not secret.rotation_enabled:
        return not_applicable("automatic rotation is not enabled")
    if not secret.rotation_days:
        return not_applicable("rotation schedule is an expression, not a number of days")
    age = age_in_days(secret.last_rotated, inv)
    if age is None:
        return failed(f"secret {secret.label} has rotation enabled but has never rotated")
    if age > secret.rotation_days + ROTATION_GRACE_DAYS:
        return failed(f"secret {secret.label} last rotated {age} days ago, schedule is every "
                      f"{secret.rotation_days} days")
    return passed(f"last rotated {age} days ago, within its {secret.rotation_days}-day schedule")


@rule(
    id="secretsmanager_secret_unused", title=f"Secrets Manager secrets were used in the last {MAX_UNUSED_DAYS} days",
    resource_type=Secret, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1555.006", "T1078"), phase=Phase.EFFICIENT, smm="IA3.1",
    remediation=Remediation(
        text="Confirm nothing needs the secret, then delete it (a recovery window keeps it restorable for 7-30 days).",
        cli="aws secretsmanager delete-secret --secret-id SECRET_ARN --recovery-window-in-days 30",
        terraform="# remove the aws_secretsmanager_secret resource; recovery_window_in_days = 30 keeps it restorable",
    ),
    references=("FSBP SecretsManager.3",),
    skips="secrets with neither an access nor a creation date",
)
def secret_unused(secret: Secret, inv: Inventory) -> Verdict:
    """A secret nobody reads is a live credential nobody watches."""
    accessed = age_in_days(secret.last_accessed, inv)
    if accessed is not None:
        if accessed > MAX_UNUSED_DAYS:
            return failed(f"secret {secret.label} last accessed {accessed} days ago")
        return passed(f"last accessed {accessed} days ago")
    created = age_in_days(secret.created, inv)
    if created is None:
        return not_applicable("neither the last access nor the creation date is known")
    if created > MAX_UNUSED_DAYS:
        return failed(f"secret {secret.label} was created {created} days ago and never accessed")
    return passed(f"created {created} days ago, not yet accessed")


@rule(
    id="secretsmanager_secret_rotated_recently",
    description="A secret that never changes stays useful to whoever copied it; regular rotation limits that window.",
    title=f"Secrets Manager secrets were rotated in the last {MAX_ROTATION_AGE_DAYS} days",
    resource_type=Secret, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1078", "T1555.006"), phase=Phase.FOUNDATIONAL, smm="IA2.2",
    remediation=Remediation(
        text=f"Rotate the secret now and schedule rotation every {MAX_ROTATION_AGE_DAYS} days or less.",
        cli="aws secretsmanager rotate-secret --secret-id SECRET_ARN --rotation-lambda-arn FUNCTION_ARN "
            f"--rotation-rules AutomaticallyAfterDays={MAX_ROTATION_AGE_DAYS}",
        terraform='resource "aws_secretsmanager_secret_rotation" "this" {\n'
                  '  secret_id           = aws_secretsmanager_secret.this.id\n'
                  '  rotation_lambda_arn = aws_lambda_function.rotate.arn\n'
                  f'  rotation_rules {{\n    automatically_after_days = {MAX_ROTATION_AGE_DAYS}\n  }}\n}}',
    ),
    references=("FSBP SecretsManager.4",),
    skips="secrets managed by another AWS service (it rotates them); secrets with neither a rotation nor a "
          "creation date",
)
def secret_rotated_recently(secret: Secret, inv: Inventory) -> Verdict:
    if secret.owning_service:
        return not_applicable(f"managed and rotated by {secret.owning_service}")
    rotated = age_in_days(secret.last_rotated, inv)
    if rotated is not None:
        if rotated > MAX_ROTATION_AGE_DAYS:
            return failed(f"secret {secret.label} last rotated {rotated} days ago")
        return passed(f"last rotated {rotated} days ago")
    created = age_in_days(secret.created, inv)
    if created is None:
        return not_applicable("neither the last rotation nor the creation date is known")
    if created > MAX_ROTATION_AGE_DAYS:
        return failed(f"secret {secret.label} was created {created} days ago and never rotated")
    return passed(f"created {created} days ago")
