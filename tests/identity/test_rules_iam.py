"""Each IAM rule on a passing and a failing resource, built directly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ssrm.engine import judge
from ssrm.model import Gap, Inventory, Status
from ssrm.model.resources.account import Account
from ssrm.model.resources.identity.iam import (
    AccessKeyState,
    IamGroup,
    IamManagedPolicy,
    IamPasswordPolicy,
    IamRole,
    IamRootUser,
    IamSamlProvider,
    IamServerCertificate,
    IamUser,
    InlinePolicy,
)
from tests.identity.helpers import ACCOUNT, rule_by_id, status, verdict

NOW = datetime.now(UTC)
ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
S3_ONLY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess"


def days_ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def user(name: str = "u", **fields) -> IamUser:
    return IamUser(arn=f"arn:aws:iam::{ACCOUNT}:user/{name}", id=name, name=name, account=ACCOUNT, **fields)


def role(name: str = "r", trust: dict | None = None, **fields) -> IamRole:
    return IamRole(arn=f"arn:aws:iam::{ACCOUNT}:role/{name}", id=name, name=name, account=ACCOUNT,
                   trust_policy=trust or {}, **fields)


def trust(principal, condition: dict | None = None) -> dict:
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [statement]}


def root(**fields) -> IamRootUser:
    return IamRootUser(arn=f"arn:aws:iam::{ACCOUNT}:root", id=f"{ACCOUNT}:root", name="root", account=ACCOUNT,
                       **fields)


def key(slot: int = 1, active: bool = True, rotated: int = 10, used: int | None = 1) -> AccessKeyState:
    return AccessKeyState(slot=slot, active=active, last_rotated=days_ago(rotated),
                          last_used=days_ago(used) if used is not None else None)


def account() -> Account:
    return Account(arn=f"arn:aws:iam::{ACCOUNT}:root", id=ACCOUNT, account=ACCOUNT)


CASES = [
    ("iam_root_access_keys", root(), root(access_keys_present=True, access_keys=[key()])),
    ("iam_root_mfa", root(mfa_active=True), root(mfa_active=False)),
    ("iam_root_hardware_mfa", root(mfa_active=True), root(mfa_active=True, virtual_mfa=True)),
    ("iam_root_recent_use", root(last_used=days_ago(200)), root(last_used=days_ago(2))),
    ("iam_user_console_mfa", user(password_enabled=True, mfa_active=True), user(password_enabled=True)),
    ("iam_user_unused_credentials", user(access_keys=[key(used=3)]),
     user(password_enabled=True, password_last_used=days_ago(60), created=days_ago(400))),
    ("iam_user_access_key_rotation", user(access_keys=[key(rotated=30)]), user(access_keys=[key(rotated=120)])),
    ("iam_user_multiple_active_keys", user(access_keys=[key(1), key(2, active=False)]),
     user(access_keys=[key(1), key(2)])),
    ("iam_user_admin_attached_directly", user(groups=["admins"]), user(attached_policy_arns=[ADMIN_ARN])),
    ("iam_user_direct_policies", user(groups=["devs"]),
     user(inline_policies=[InlinePolicy(name="p", document=S3_ONLY)])),
    ("iam_managed_policy_full_admin",
     IamManagedPolicy(arn=f"arn:aws:iam::{ACCOUNT}:policy/s3", id="s3", name="s3", document=S3_ONLY),
     IamManagedPolicy(arn=f"arn:aws:iam::{ACCOUNT}:policy/all", id="all", name="all", document=ALLOW_ALL)),
    ("iam_user_inline_full_admin", user(inline_policies=[InlinePolicy(name="s3", document=S3_ONLY)]),
     user(inline_policies=[InlinePolicy(name="all", document=ALLOW_ALL)])),
    ("iam_group_inline_full_admin", IamGroup(arn="arn:aws:iam::1:group/g", id="g", name="g"),
     IamGroup(arn="arn:aws:iam::1:group/g", id="g", name="g",
              inline_policies=[InlinePolicy(name="all", document=ALLOW_ALL)])),
    ("iam_role_inline_full_admin", role(inline_policies=[InlinePolicy(name="s3", document=S3_ONLY)]),
     role(inline_policies=[InlinePolicy(name="all", document=ALLOW_ALL)])),
    ("iam_role_trust_any_principal", role(trust=trust({"Service": "ec2.amazonaws.com"})),
     role(trust=trust({"AWS": "*"}, {"StringEquals": {"sts:ExternalId": "guessable"}}))),
    ("iam_role_cross_account_external_id",
     role(trust=trust({"AWS": "arn:aws:iam::444455556666:root"}, {"StringEquals": {"sts:ExternalId": "x1"}})),
     role(trust=trust({"AWS": "arn:aws:iam::999988887777:root"}))),
    ("iam_password_policy_exists", IamPasswordPolicy(arn="pp", id="pp", exists=True, minimum_length=14),
     IamPasswordPolicy(arn="pp", id="pp", exists=False)),
    ("iam_password_policy_min_length", IamPasswordPolicy(arn="pp", id="pp", exists=True, minimum_length=16),
     IamPasswordPolicy(arn="pp", id="pp", exists=True, minimum_length=8)),
    ("iam_password_policy_reuse", IamPasswordPolicy(arn="pp", id="pp", exists=True, reuse_prevention=24),
     IamPasswordPolicy(arn="pp", id="pp", exists=True, reuse_prevention=5)),
    ("iam_server_certificate_expired",
     IamServerCertificate(arn="c", id="c", name="c", expiration=NOW + timedelta(days=30)),
     IamServerCertificate(arn="c", id="c", name="c", expiration=days_ago(3))),
]


@pytest.mark.parametrize(("rule_id", "good", "bad"), CASES, ids=[c[0] for c in CASES])
def test_rule_passes_good_and_fails_bad(rule_id: str, good, bad) -> None:
    assert status(rule_id, good) is Status.PASS, verdict(rule_id, good).reason
    failing = verdict(rule_id, bad)
    assert failing.status is Status.FAIL, failing.reason
    assert "\n" not in failing.reason and len(failing.reason) < 200


def test_fail_reasons_name_the_offending_value() -> None:
    assert "999988887777" in verdict("iam_role_cross_account_external_id",
                                     role(trust=trust({"AWS": "999988887777"}))).reason
    assert "AdministratorAccess" in verdict("iam_user_admin_attached_directly",
                                            user(attached_policy_arns=[ADMIN_ARN])).reason
    assert "120 days" in verdict("iam_user_access_key_rotation", user(access_keys=[key(rotated=120)])).reason


def test_admin_policy_found_through_customer_policy_document() -> None:
    custom = IamManagedPolicy(arn=f"arn:aws:iam::{ACCOUNT}:policy/god", id="god", name="god", document=ALLOW_ALL)
    bad = user(attached_policy_arns=[custom.arn])
    assert status("iam_user_admin_attached_directly", bad, custom) is Status.FAIL


def test_support_role_and_federation_on_account() -> None:
    support = role("support", attached_policy_arns=["arn:aws:iam::aws:policy/AWSSupportAccess"])
    assert status("iam_support_role_exists", account(), support) is Status.PASS
    assert status("iam_support_role_exists", account(), role("other")) is Status.FAIL
    saml = IamSamlProvider(arn=f"arn:aws:iam::{ACCOUNT}:saml-provider/okta", id="okta", name="okta")
    assert status("iam_federation_configured", account(), saml) is Status.PASS
    assert status("iam_federation_configured", account()) is Status.FAIL


def test_unknown_credentials_give_error_not_pass() -> None:
    unreadable = user(unknown={"mfa_active": "AccessDenied", "password_enabled": "AccessDenied",
                               "access_keys": "AccessDenied", "password_last_used": "AccessDenied"})
    for rule_id in ("iam_user_console_mfa", "iam_user_unused_credentials", "iam_user_access_key_rotation"):
        assert status(rule_id, unreadable) is Status.ERROR
    assert status("iam_root_recent_use", root(unknown={"last_used": "no row"})) is Status.ERROR
    unread_policy = IamManagedPolicy(arn="arn:aws:iam::aws:policy/X", id="x", unknown={"document": "denied"})
    assert status("iam_user_admin_attached_directly", user(attached_policy_arns=[unread_policy.arn]),
                  unread_policy) is Status.ERROR


def test_global_listing_gap_makes_account_rules_error() -> None:
    inventory = Inventory(account=ACCOUNT, regions=["us-east-1"])
    inventory.add([account()])
    inventory.add_gaps([Gap(service="iam", region="us-east-1", api="GetAccountAuthorizationDetails",
                            error="AccessDenied", resource_types=("AWS::IAM::Role",))])
    result = judge(rule_by_id("iam_support_role_exists"), account(), inventory)
    assert result.status is Status.ERROR and "AccessDenied" in result.reason


def test_aws_managed_things_never_fail() -> None:
    """AdministratorAccess existing, service-linked roles, same-account and service trust: no FAIL."""
    admin = IamManagedPolicy(arn=ADMIN_ARN, id=ADMIN_ARN, name="AdministratorAccess", aws_managed=True,
                             document=ALLOW_ALL, attachment_count=1)
    linked = role("AWSServiceRoleForSupport", path="/aws-service-role/support.amazonaws.com/",
                  trust=trust({"AWS": "*"}), inline_policies=[InlinePolicy(name="x", document=ALLOW_ALL)])
    same_account = role("ops", trust=trust({"AWS": f"arn:aws:iam::{ACCOUNT}:role/admin"}))
    group = IamGroup(arn="arn:aws:iam::1:group/admins", id="admins", name="admins",
                     attached_policy_arns=[ADMIN_ARN])
    checks = [("iam_managed_policy_full_admin", admin)]
    checks += [(r, linked) for r in ("iam_role_trust_any_principal", "iam_role_cross_account_external_id",
                                     "iam_role_inline_full_admin")]
    checks += [("iam_role_cross_account_external_id", same_account), ("iam_group_inline_full_admin", group)]
    for rule_id, resource in checks:
        assert status(rule_id, resource) is not Status.FAIL, rule_id
