"""The IAM collector against moto in-process: principals, policies, credentials, account settings."""

from __future__ import annotations

import json

import pytest

from ssrm.model import Status
from ssrm.model.resources.identity.iam import (
    IamGroup,
    IamInstanceProfile,
    IamManagedPolicy,
    IamPasswordPolicy,
    IamRole,
    IamRootUser,
    IamSamlProvider,
    IamUser,
)
from tests.identity.helpers import findings, refuse, result_for

ALLOW_ALL = json.dumps({"Version": "2012-10-17",
                        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
EC2_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def _plant(iam) -> None:
    custom = iam.create_policy(PolicyName="custom-admin", PolicyDocument=ALLOW_ALL)["Policy"]["Arn"]
    iam.create_group(GroupName="admins")
    iam.attach_group_policy(GroupName="admins", PolicyArn=custom)
    iam.create_user(UserName="bob", Tags=[{"Key": "team", "Value": "shop"}])
    iam.create_login_profile(UserName="bob", Password="Summer2024!")
    iam.add_user_to_group(GroupName="admins", UserName="bob")
    iam.create_access_key(UserName="bob")
    iam.create_access_key(UserName="bob")
    iam.put_user_policy(UserName="bob", PolicyName="everything", PolicyDocument=ALLOW_ALL)
    iam.create_role(RoleName="web-role", AssumeRolePolicyDocument=EC2_TRUST)
    iam.create_instance_profile(InstanceProfileName="web-profile")
    iam.add_role_to_instance_profile(InstanceProfileName="web-profile", RoleName="web-role")
    iam.update_account_password_policy(MinimumPasswordLength=8)
    iam.create_saml_provider(Name="okta", SAMLMetadataDocument="<x/>" * 300)


def test_iam_collects_principals_policies_and_credentials(mock_scan, monkeypatch: pytest.MonkeyPatch) -> None:
    """AWS-managed policies are left unloaded here (moto needs ~1 s per backend for them): the demo test
    covers attached AWS-managed documents."""
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")
    import boto3

    _plant(boto3.client("iam", region_name="us-east-1"))
    inv = mock_scan(["iam"], regions=["us-east-1"])

    assert not inv.gaps
    bob = inv.get(IamUser, "bob")
    assert bob is not None and bob.region == "global" and bob.tags == {"team": "shop"}
    assert bob.password_enabled and not bob.mfa_active and len(bob.active_keys) == 2
    assert bob.groups == ["admins"] and [p.name for p in bob.inline_policies] == ["everything"]
    assert inv.get(IamGroup, "admins").members == ["bob"]
    role = inv.get(IamRole, "web-role")
    assert role.trust_policy["Statement"][0]["Principal"] == {"Service": "ec2.amazonaws.com"}
    profile = inv.get(IamInstanceProfile, "web-profile")
    assert profile.role_arns == [role.arn] and role.instance_profile_arns == [profile.arn]
    custom = inv.get(IamManagedPolicy, "arn:aws:iam::123456789012:policy/custom-admin")
    assert custom.name == "custom-admin" and not custom.aws_managed and custom.attachment_count == 1
    assert custom.document["Statement"][0]["Action"] == "*"
    policy = inv.of_type(IamPasswordPolicy)[0]
    assert policy.exists and policy.minimum_length == 8
    assert [p.name for p in inv.of_type(IamSamlProvider)] == ["okta"]
    root = inv.of_type(IamRootUser)[0]
    assert not root.mfa_active and "mfa_active" not in root.unknown

    assert result_for(inv, "iam_user_console_mfa", "bob").status is Status.FAIL
    assert result_for(inv, "iam_user_multiple_active_keys", "bob").status is Status.FAIL
    assert result_for(inv, "iam_user_inline_full_admin", "bob").status is Status.FAIL
    assert result_for(inv, "iam_managed_policy_full_admin", custom.arn).status is Status.FAIL
    assert result_for(inv, "iam_password_policy_min_length", policy.id).status is Status.FAIL
    assert inv.stats.calls_by_api["iam:GetAccountAuthorizationDetails"] == 1


def test_iam_refused_listing_is_a_gap_and_error(mock_scan, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")
    import boto3

    boto3.client("iam", region_name="us-east-1").create_user(UserName="carol")
    refuse(monkeypatch, "GetAccountAuthorizationDetails", "GetAccountPasswordPolicy", "DescribeOrganization")
    inv = mock_scan(["iam", "organizations"], regions=["us-east-1"])

    apis = {g.api for g in inv.gaps}
    assert {"GetAccountAuthorizationDetails", "GetAccountPasswordPolicy"} <= apis
    assert not inv.of_type(IamUser) and not inv.of_type(IamPasswordPolicy)
    for rule_id in ("iam_user_console_mfa", "iam_role_trust_any_principal", "iam_password_policy_min_length"):
        results = findings(inv, rule_id)
        assert results and all(f.status is Status.ERROR for f in results), rule_id
        assert "AccessDenied" in results[0].reason
    # account-level rules that look IAM principals up cannot pass either
    assert findings(inv, "iam_support_role_exists")[0].status is Status.ERROR
    assert findings(inv, "organizations_account_in_organization")[0].status is Status.ERROR


def test_iam_refused_credential_report_makes_user_fields_unknown(mock_scan, monkeypatch) -> None:
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")
    import boto3

    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_user(UserName="dave")
    iam.create_login_profile(UserName="dave", Password="Passw0rd!long")
    refuse(monkeypatch, "GenerateCredentialReport")
    inv = mock_scan(["iam"], regions=["us-east-1"])

    dave = inv.get(IamUser, "dave")
    assert "mfa_active" in dave.unknown and "AccessDenied" in dave.unknown["mfa_active"]
    result = result_for(inv, "iam_user_console_mfa", "dave")
    assert result.status is Status.ERROR and "could not be read" in result.reason
    assert result_for(inv, "iam_user_direct_policies", "dave").status is Status.PASS
