"""IAM rules on the root user."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.identity.iam import IamRootUser
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.identity.clock import days_since, reference_time

ROOT_RECENT_DAYS = 30


@rule(
    id="iam_root_access_keys", title="The root user has no access keys", resource_type=IamRootUser,
    layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.CRITICAL, stage=Stage.INITIAL_ACCESS,
    attack=("T1078.004", "T1552.001"), phase=Phase.QUICK_WINS, smm="IA1.2", needs=("access_keys_present",),
    remediation=Remediation(
        text="Sign in as root, delete every root access key, and use IAM roles for programmatic access.",
        cli="aws iam delete-access-key --access-key-id <ROOT_KEY_ID>  # run with root credentials",
        terraform="# Root access keys cannot be managed by Terraform: delete them in the console "
                  "(Security credentials > Access keys).",
    ),
    references=("CIS 2.4", "FSBP IAM.4"),
)
def root_access_keys(root: IamRootUser, inv: Inventory) -> Verdict:
    """Root keys cannot be limited by any policy: whoever holds one owns the account."""
    # Per-key detail comes from the credential report's root row; without it, the account summary's flag.
    keys = [] if "access_keys" in root.unknown else root.access_keys
    active = [f"key {k.slot}" for k in keys if k.active]
    if active:
        return failed(f"root user has active access {', '.join(active)}")
    if root.access_keys_present:
        return failed("root user has access keys (AccountAccessKeysPresent = 1)")
    return passed("root user has no access keys")


@rule(
    id="iam_root_mfa", title="The root user signs in with MFA", resource_type=IamRootUser, layer=Layer.CLOUD,
    domain=Domain.IDENTITY, severity=Severity.CRITICAL, stage=Stage.INITIAL_ACCESS,
    attack=("T1078.004", "T1110"), phase=Phase.QUICK_WINS, smm="IA1.2", needs=("mfa_active",),
    remediation=Remediation(
        text="Sign in as root and assign an MFA device (preferably a hardware key or passkey).",
        cli="aws iam enable-mfa-device --user-name root --serial-number <MFA_ARN> "
            "--authentication-code1 <CODE1> --authentication-code2 <CODE2>  # with root credentials",
        terraform="# Root MFA cannot be managed by Terraform: assign it in the console as root.",
    ),
    references=("CIS 2.5", "FSBP IAM.9"),
)
def root_mfa(root: IamRootUser, inv: Inventory) -> Verdict:
    """Without MFA, a phished or reused root password is the whole account."""
    if root.mfa_active:
        return passed("root user has MFA enabled")
    return failed("root user has no MFA: its password alone opens the whole account")


@rule(
    id="iam_root_hardware_mfa", title="The root user's MFA is a hardware device", resource_type=IamRootUser,
    layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.LOW, stage=Stage.INITIAL_ACCESS,
    attack=("T1078.004", "T1556.006"), phase=Phase.QUICK_WINS, smm="IA1.2", needs=("mfa_active", "virtual_mfa"),
    remediation=Remediation(
        text="Replace the root user's virtual MFA with a hardware security key kept in a safe.",
        cli="aws iam deactivate-mfa-device --user-name root --serial-number <VIRTUAL_MFA_ARN>  "
            "# then register a FIDO key in the console",
        terraform="# Root MFA cannot be managed by Terraform.",
    ),
    references=("CIS 2.6", "FSBP IAM.6"),
)
def root_hardware_mfa(root: IamRootUser, inv: Inventory) -> Verdict:
    """A virtual MFA lives on a phone that can be lost, cloned or backed up to the cloud."""
    if not root.mfa_active:
        return failed("root user has no MFA device at all")
    if root.virtual_mfa:
        return failed("root user's MFA is a virtual (software) device")
    return passed("root user's MFA is a hardware device")


@rule(
    id="iam_root_recent_use", title="The root user is not used for daily work", resource_type=IamRootUser,
    layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM, stage=Stage.INITIAL_ACCESS,
    attack=("T1078.004",), phase=Phase.QUICK_WINS, smm="IA1.2", needs=("last_used",),
    remediation=Remediation(
        text="Create administrators through IAM Identity Center or IAM roles and keep root for the few "
             "tasks only root can do.",
        cli="aws iam generate-credential-report && aws iam get-credential-report  # review root usage",
        terraform='resource "aws_iam_group" "admins" {\n  name = "admins"\n}',
    ),
    references=("CIS 2.7",),
)
def root_recent_use(root: IamRootUser, inv: Inventory) -> Verdict:
    """Root used within the last 30 days (console password or access key) suggests routine use."""
    if root.last_used is None:
        return passed("no recorded use of the root user")
    age = days_since(root.last_used, reference_time(inv))
    if age < ROOT_RECENT_DAYS:
        return failed(f"root user was used {age} days ago ({root.last_used:%Y-%m-%d})")
    return passed(f"root user last used {age} days ago")
