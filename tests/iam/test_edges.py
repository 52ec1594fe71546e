"""Less common shapes: RCPs, NotPrincipal, complete contexts, variable defaults, the benchmark script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ssrm.iam import PolicyError, Principal, RequestContext, ResourceRef, can, parse_policy
from tests.iam.helpers import ACCOUNT, BUCKET, OBJECT, OTHER, ROLE_ARN, USER_ARN, allow, deny, doc

ROOT = Path(__file__).resolve().parents[2]


def test_rcp_deny_outside_the_org() -> None:
    rcp = doc(
        allow("*", Principal="*"),
        deny("s3:*", Principal="*", Condition={"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-mine"}}),
    )
    public = doc(allow("s3:GetObject", f"{BUCKET}/*", Principal="*"))
    target = ResourceRef(OBJECT, account=ACCOUNT, policy=public, rcps=[rcp])
    outsider = Principal(arn=f"arn:aws:iam::{OTHER}:user/bob", org_id="o-else", identity_policies=[doc(allow("*"))])
    insider = Principal(arn=f"arn:aws:iam::{OTHER}:user/kim", org_id="o-mine", identity_policies=[doc(allow("*"))])
    assert not can(outsider, "s3:GetObject", target).allowed
    assert can(insider, "s3:GetObject", target).definitely_allowed


def test_not_principal_deny_spares_the_named_role() -> None:
    policy = doc(
        allow("s3:*", f"{BUCKET}/*", Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"}),
        deny("s3:*", f"{BUCKET}/*", NotPrincipal={"AWS": ROLE_ARN}),
    )
    target = ResourceRef(OBJECT, account=ACCOUNT, policy=policy)
    admin = doc(allow("*"))
    assert can(Principal(arn=ROLE_ARN, identity_policies=[admin]), "s3:GetObject", target).allowed
    assert not can(Principal(arn=USER_ARN, identity_policies=[admin]), "s3:GetObject", target).allowed


def test_complete_context_makes_missing_keys_absent() -> None:
    policy = doc(allow("s3:*", Condition={"Bool": {"aws:SecureTransport": "true"}}))
    principal = Principal(arn=USER_ARN, identity_policies=[policy])
    assert can(principal, "s3:GetObject", OBJECT).conditional
    assert not can(principal, "s3:GetObject", OBJECT, RequestContext.of({}, complete=True)).allowed
    assert can(principal, "s3:GetObject", OBJECT, RequestContext.of({"aws:SecureTransport": True})).allowed


def test_variable_default_value() -> None:
    policy = doc(allow("s3:GetObject", "arn:aws:s3:::home/${aws:PrincipalTag/team, 'none'}/*"))
    principal = Principal(arn=USER_ARN, identity_policies=[policy], tags={})
    assert can(principal, "s3:GetObject", "arn:aws:s3:::home/none/x").definitely_allowed
    literal = doc(allow("s3:GetObject", "arn:aws:s3:::odd/${*}"))
    assert can(Principal(arn=USER_ARN, identity_policies=[literal]), "s3:GetObject", "arn:aws:s3:::odd/*").allowed
    assert not can(Principal(arn=USER_ARN, identity_policies=[literal]), "s3:GetObject", "arn:aws:s3:::odd/x").allowed


def test_bytes_and_bad_principal_values() -> None:
    assert parse_policy(b'{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}').statements
    with pytest.raises(PolicyError, match="not a string"):
        parse_policy(doc(allow("s3:*", Principal={"AWS": [7]})), "resource")
    with pytest.raises(PolicyError, match="Principal must be"):
        parse_policy(doc(allow("s3:*", Principal="someone")), "resource")


def test_principal_with_a_malformed_policy_raises_policy_error() -> None:
    with pytest.raises(PolicyError, match="boundary"):
        Principal(arn=USER_ARN, permissions_boundary={"Statement": {"Effect": "Allow"}})


def test_benchmark_script_runs() -> None:
    script = ROOT / "benchmarks" / "iam_eval.py"
    result = subprocess.run(
        [sys.executable, str(script), "--principals", "50", "--seconds", "0.05"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "evaluations/second" in result.stdout


def test_rcp_caps_a_same_account_admin_but_not_service_linked_roles_nor_other_services() -> None:
    rcp = doc(
        allow("*", Principal="*"),
        deny(["secretsmanager:GetSecretValue", "ec2:TerminateInstances"], Principal="*",
             Condition={"StringNotEquals": {"aws:PrincipalTag/team": "payments"}}),
    )
    secret = ResourceRef(f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db-AbCdEf", rcps=[rcp])
    admin = doc(allow("*"))
    untagged = Principal(arn=USER_ARN, identity_policies=[admin], tags={})
    payments = Principal(arn=ROLE_ARN, identity_policies=[admin], tags={"team": "payments"})
    linked = Principal(arn=f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS",
                       identity_policies=[admin], tags={})
    denied = can(untagged, "secretsmanager:GetSecretValue", secret)
    assert not denied.allowed and "Deny" in denied.reason
    assert can(payments, "secretsmanager:GetSecretValue", secret).definitely_allowed
    assert can(linked, "secretsmanager:GetSecretValue", secret).definitely_allowed, "service-linked roles are exempt"
    instance = ResourceRef(f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-1", rcps=[rcp])
    assert can(untagged, "ec2:TerminateInstances", instance).definitely_allowed, "EC2 does not support RCPs"
