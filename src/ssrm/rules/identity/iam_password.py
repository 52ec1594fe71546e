"""IAM rules on the account password policy."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.identity.iam import IamPasswordPolicy
from ssrm.rules.base import Verdict, failed, passed, rule

MIN_LENGTH = 14
MIN_REUSE_PREVENTION = 24
AWS_DEFAULT_MIN_LENGTH = 8
PASSWORD_ATTACK = ("T1110.001", "T1110.003", "T1110.004")
SET_POLICY_CLI = ("aws iam update-account-password-policy --minimum-password-length 14 "
                  "--password-reuse-prevention 24 --require-symbols --require-numbers "
                  "--require-uppercase-characters --require-lowercase-characters")
SET_POLICY_TF = ('resource "aws_iam_account_password_policy" "strict" {\n  minimum_password_length = 14\n'
                 '  password_reuse_prevention = 24\n  require_symbols = true\n  require_numbers = true\n'
                 '  require_uppercase_characters = true\n  require_lowercase_characters = true\n}')


@rule(
    id="iam_password_policy_exists", title="An account password policy is set", resource_type=IamPasswordPolicy,
    layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM, stage=Stage.INITIAL_ACCESS,
    attack=PASSWORD_ATTACK, phase=Phase.QUICK_WINS, smm="IA1.1",
    remediation=Remediation(text="Set a password policy for IAM users.", cli=SET_POLICY_CLI,
                            terraform=SET_POLICY_TF),
    references=("FSBP IAM.7",),
)
def password_policy_exists(policy: IamPasswordPolicy, inv: Inventory) -> Verdict:
    """Without a policy, IAM user passwords follow AWS's weak defaults."""
    if policy.exists:
        return passed("an account password policy is set")
    return failed("no account password policy: AWS defaults apply (8 characters, reuse allowed)")


@rule(
    id="iam_password_policy_min_length", title="The password policy requires at least 14 characters",
    resource_type=IamPasswordPolicy, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=PASSWORD_ATTACK, phase=Phase.QUICK_WINS, smm="IA1.1",
    remediation=Remediation(text="Require passwords of 14 characters or more.", cli=SET_POLICY_CLI,
                            terraform=SET_POLICY_TF),
    references=("CIS 2.8", "FSBP IAM.7"),
)
def password_policy_min_length(policy: IamPasswordPolicy, inv: Inventory) -> Verdict:
    """Short passwords fall to guessing and spraying."""
    length = policy.minimum_length if policy.exists else None
    if length is None:
        return failed(f"no password policy: AWS default minimum length is {AWS_DEFAULT_MIN_LENGTH}")
    if length < MIN_LENGTH:
        return failed(f"minimum password length is {length}, below {MIN_LENGTH}")
    return passed(f"minimum password length is {length}")


@rule(
    id="iam_password_policy_reuse", title="The password policy prevents reuse of the last 24 passwords",
    resource_type=IamPasswordPolicy, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.LOW,
    stage=Stage.INITIAL_ACCESS, attack=PASSWORD_ATTACK, phase=Phase.QUICK_WINS, smm="IA1.1",
    remediation=Remediation(text="Remember the last 24 passwords.", cli=SET_POLICY_CLI,
                            terraform=SET_POLICY_TF),
    references=("CIS 2.9",),
)
def password_policy_reuse(policy: IamPasswordPolicy, inv: Inventory) -> Verdict:
    """Reused passwords bring back credentials already leaked elsewhere."""
    remembered = policy.reuse_prevention if policy.exists else None
    if not remembered:
        return failed("password reuse prevention is not set: old passwords can be reused")
    if remembered < MIN_REUSE_PREVENTION:
        return failed(f"password reuse prevention remembers {remembered} passwords, below "
                      f"{MIN_REUSE_PREVENTION}")
    return passed(f"password reuse prevention remembers {remembered} passwords")


# FSBP IAM.10 (from PCI DSS): character classes, length, reuse and maximum age.
STRONG_MIN_LENGTH = 7
STRONG_REUSE_PREVENTION = 4
STRONG_MAX_AGE_DAYS = 90


def _strong_policy_gaps(policy: IamPasswordPolicy) -> list[str]:
    gaps = [name for name, required in (("uppercase", policy.require_uppercase),
                                        ("lowercase", policy.require_lowercase),
                                        ("numbers", policy.require_numbers)) if not required]
    gaps = [f"does not require {', '.join(gaps)}"] if gaps else []
    if (policy.minimum_length or 0) < STRONG_MIN_LENGTH:
        gaps.append(f"minimum length {policy.minimum_length or 'unset'} below {STRONG_MIN_LENGTH}")
    if (policy.reuse_prevention or 0) < STRONG_REUSE_PREVENTION:
        gaps.append(f"reuse prevention {policy.reuse_prevention or 'unset'} below {STRONG_REUSE_PREVENTION}")
    if not policy.max_age_days or policy.max_age_days > STRONG_MAX_AGE_DAYS:
        gaps.append(f"maximum age {policy.max_age_days or 'unset'} above {STRONG_MAX_AGE_DAYS} days")
    return gaps


@rule(
    id="iam_password_policy_strong", title="The password policy meets FSBP's strong configuration",
    resource_type=IamPasswordPolicy, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=PASSWORD_ATTACK, phase=Phase.QUICK_WINS, smm="IA1.1",
    remediation=Remediation(
        text=f"Require uppercase, lowercase and numbers, at least {STRONG_MIN_LENGTH} characters, "
             f"no reuse of the last {STRONG_REUSE_PREVENTION} passwords and expiry within "
             f"{STRONG_MAX_AGE_DAYS} days.",
        cli=SET_POLICY_CLI + f" --max-password-age {STRONG_MAX_AGE_DAYS}",
        terraform=SET_POLICY_TF.replace("\n}", f"\n  max_password_age = {STRONG_MAX_AGE_DAYS}\n}}"),
    ),
    references=("FSBP IAM.10",),
)
def password_policy_strong(policy: IamPasswordPolicy, inv: Inventory) -> Verdict:
    """Weak or never-expiring passwords fall to guessing and live on after a leak."""
    if not policy.exists:
        return failed("no account password policy: AWS defaults apply")
    gaps = _strong_policy_gaps(policy)
    if gaps:
        return failed("password policy " + "; ".join(gaps))
    return passed(f"password policy requires mixed characters, length {policy.minimum_length}, "
                  f"reuse {policy.reuse_prevention}, age {policy.max_age_days} days")
