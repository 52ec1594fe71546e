"""IAM rules on users: MFA, stale and old credentials, directly attached permissions."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage, UnknownField
from ssrm.model.resources.identity.iam import IamManagedPolicy, IamUser
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.identity.clock import days_since, reference_time
from ssrm.rules.identity.listing import require_listed
from ssrm.rules.policy import grants_everything

UNUSED_DAYS = 45
KEY_MAX_AGE_DAYS = 90
ADMINISTRATOR_ACCESS = ":iam::aws:policy/AdministratorAccess"


@rule(
    id="iam_user_console_mfa", title="IAM users with a console password have MFA", resource_type=IamUser,
    layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.HIGH, stage=Stage.INITIAL_ACCESS,
    attack=("T1078.004", "T1110.003", "T1110.004"), phase=Phase.QUICK_WINS, smm="IA1.1",
    needs=("password_enabled", "mfa_active"),
    remediation=Remediation(
        text="Assign an MFA device to the user, and require MFA with a policy condition "
             "(aws:MultiFactorAuthPresent) until they do.",
        cli="aws iam enable-mfa-device --user-name <USER> --serial-number <MFA_ARN> "
            "--authentication-code1 <CODE1> --authentication-code2 <CODE2>",
        terraform='resource "aws_iam_virtual_mfa_device" "user" {\n  virtual_mfa_device_name = "<USER>"\n}',
    ),
    references=("CIS 2.10", "FSBP IAM.5"),
)
def user_console_mfa(user: IamUser, inv: Inventory) -> Verdict:
    """Console passwords are guessed, sprayed and phished; MFA stops a stolen one."""
    if not user.password_enabled:
        return passed(f"{user.name} has no console password")
    if user.mfa_active:
        return passed(f"{user.name} has a console password and MFA")
    return failed(f"{user.name} signs in to the console with a password and no MFA")


def _stale_credentials(user: IamUser, inv: Inventory) -> list[str]:
    now = reference_time(inv)
    stale: list[str] = []
    if user.password_enabled:
        if user.password_last_used is not None:
            age = days_since(user.password_last_used, now)
            if age >= UNUSED_DAYS:
                stale.append(f"console password unused for {age} days")
        elif user.created is not None and days_since(user.created, now) >= UNUSED_DAYS:
            stale.append(f"console password never used in {days_since(user.created, now)} days")
    for key in user.active_keys:
        if key.last_used is not None:
            age = days_since(key.last_used, now)
            if age >= UNUSED_DAYS:
                stale.append(f"access key {key.slot} unused for {age} days")
        elif key.last_rotated is not None and days_since(key.last_rotated, now) >= UNUSED_DAYS:
            stale.append(f"access key {key.slot} never used in {days_since(key.last_rotated, now)} days")
    return stale


@rule(
    id="iam_user_unused_credentials", title="IAM user credentials unused for 45 days are disabled",
    resource_type=IamUser, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1078.004",), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("password_enabled", "password_last_used", "access_keys"),
    remediation=Remediation(
        text="Deactivate access keys and remove console passwords that have not been used for 45 days.",
        cli="aws iam update-access-key --user-name <USER> --access-key-id <KEY_ID> --status Inactive && "
            "aws iam delete-login-profile --user-name <USER>",
        terraform='resource "aws_iam_access_key" "user" {\n  user   = "<USER>"\n  status = "Inactive"\n}',
    ),
    references=("CIS 2.11", "FSBP IAM.8", "FSBP IAM.22"),
)
def user_unused_credentials(user: IamUser, inv: Inventory) -> Verdict:
    """Passwords and active keys idle for 45 days or more (or never used in that time)."""
    stale = _stale_credentials(user, inv)
    if stale:
        return failed(f"{user.name}: " + "; ".join(stale))
    return passed(f"{user.name} has no credentials unused for {UNUSED_DAYS} days")


@rule(
    id="iam_user_access_key_rotation", title="Active access keys are rotated within 90 days",
    resource_type=IamUser, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1078.004", "T1552.001"), phase=Phase.FOUNDATIONAL, smm="IA2.2",
    needs=("access_keys",),
    remediation=Remediation(
        text="Create a new key, move the workload to it, then deactivate and delete the old one; better, "
             "replace long-lived keys with roles.",
        cli="aws iam create-access-key --user-name <USER> && "
            "aws iam update-access-key --user-name <USER> --access-key-id <OLD_KEY_ID> --status Inactive",
        terraform='resource "aws_iam_access_key" "rotated" {\n  user = "<USER>"\n}',
    ),
    references=("CIS 2.12", "FSBP IAM.3"),
)
def user_access_key_rotation(user: IamUser, inv: Inventory) -> Verdict:
    """Long-lived keys leak through code, logs and laptops; age widens the window."""
    now = reference_time(inv)
    old: list[str] = []
    for key in user.active_keys:
        if key.last_rotated is None:
            raise UnknownField("access_keys", f"creation date of access key {key.slot} not reported")
        age = days_since(key.last_rotated, now)
        if age > KEY_MAX_AGE_DAYS:
            old.append(f"access key {key.slot} is {age} days old")
    if old:
        return failed(f"{user.name}: " + "; ".join(old))
    if not user.active_keys:
        return passed(f"{user.name} has no active access keys")
    return passed(f"{user.name}'s active keys are at most {KEY_MAX_AGE_DAYS} days old")


@rule(
    id="iam_user_multiple_active_keys", title="IAM users have at most one active access key",
    resource_type=IamUser, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.LOW,
    stage=Stage.INITIAL_ACCESS, attack=("T1098.001",), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("access_keys",),
    remediation=Remediation(
        text="Keep one active key per user (two only during a rotation); deactivate the other.",
        cli="aws iam update-access-key --user-name <USER> --access-key-id <KEY_ID> --status Inactive",
        terraform='resource "aws_iam_access_key" "only" {\n  user = "<USER>"\n}',
    ),
)
def user_multiple_active_keys(user: IamUser, inv: Inventory) -> Verdict:
    """Two active keys usually mean a rotation never finished, or a key handed out and forgotten."""
    active = user.active_keys
    if len(active) > 1:
        return failed(f"{user.name} has {len(active)} active access keys")
    return passed(f"{user.name} has {len(active)} active access key(s)")


def _is_admin_policy(arn: str, inv: Inventory) -> bool:
    if arn.endswith(ADMINISTRATOR_ACCESS):
        return True
    policy = inv.get(IamManagedPolicy, arn)
    if policy is None:
        return False
    policy.need("document")
    return grants_everything(policy.document)


@rule(
    id="iam_user_admin_attached_directly", title="No administrator policy is attached directly to a user",
    resource_type=IamUser, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.DISCOVER_SPREAD, attack=("T1078.004", "T1098.003"), phase=Phase.EFFICIENT, smm="IA3.1",
    uses=(IamManagedPolicy,),
    remediation=Remediation(
        text="Grant administration through a role assumed with MFA (or an Identity Center permission set), "
             "and detach the policy from the user.",
        cli="aws iam detach-user-policy --user-name <USER> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess",
        terraform='resource "aws_iam_group_policy_attachment" "admins" {\n  group      = "admins"\n'
                  '  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}',
    ),
    references=("CIS 2.14", "FSBP IAM.1"),
)
def user_admin_attached_directly(user: IamUser, inv: Inventory) -> Verdict:
    """Long-lived user credentials with full admin are the costliest thing to leak."""
    require_listed(inv, IamManagedPolicy.resource_type)
    admin = [arn.rsplit("/", 1)[-1] for arn in user.attached_policy_arns if _is_admin_policy(arn, inv)]
    if admin:
        return failed(f"{user.name} has full-admin policy {', '.join(admin)} attached directly")
    return passed(f"{user.name} has no administrator policy attached directly")


@rule(
    id="iam_user_direct_policies", title="IAM users receive permissions only through groups",
    resource_type=IamUser, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.LOW,
    stage=Stage.DISCOVER_SPREAD, attack=("T1078.004",), phase=Phase.EFFICIENT, smm="IA3.1",
    remediation=Remediation(
        text="Move the user's policies to a group that matches their job and add the user to it.",
        cli="aws iam add-user-to-group --user-name <USER> --group-name <GROUP> && "
            "aws iam detach-user-policy --user-name <USER> --policy-arn <POLICY_ARN>",
        terraform='resource "aws_iam_user_group_membership" "user" {\n  user   = "<USER>"\n'
                  '  groups = ["<GROUP>"]\n}',
    ),
    references=("CIS 2.13", "FSBP IAM.2"),
)
def user_direct_policies(user: IamUser, inv: Inventory) -> Verdict:
    """Permissions attached to individual users drift and escape review."""
    direct = [arn.rsplit("/", 1)[-1] for arn in user.attached_policy_arns]
    direct += [f"inline {p.name}" for p in user.inline_policies]
    if direct:
        return failed(f"{user.name} has policies attached directly: {', '.join(direct)}")
    return passed(f"{user.name} gets permissions only through groups")


@rule(
    id="iam_user_mfa_enabled", title="Every IAM user has an MFA device", resource_type=IamUser,
    layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM, stage=Stage.INITIAL_ACCESS,
    attack=("T1078.004", "T1110.003"), phase=Phase.QUICK_WINS, smm="IA1.1",
    needs=("mfa_active",),
    remediation=Remediation(
        text="Assign an MFA device to every IAM user, or replace users with federated identities or roles.",
        cli="aws iam enable-mfa-device --user-name <USER> --serial-number <MFA_ARN> "
            "--authentication-code1 <CODE1> --authentication-code2 <CODE2>",
        terraform='resource "aws_iam_virtual_mfa_device" "user" {\n  virtual_mfa_device_name = "<USER>"\n}',
    ),
    references=("FSBP IAM.19",),
)
def user_mfa_enabled(user: IamUser, inv: Inventory) -> Verdict:
    """A user without MFA can be taken over with one leaked secret, and gains a password at any time."""
    if user.mfa_active:
        return passed(f"{user.name} has MFA")
    return failed(f"{user.name} has no MFA device")
