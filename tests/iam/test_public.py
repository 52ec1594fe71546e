"""is_public: any principal or any AWS account, unless conditions pin the callers."""

from __future__ import annotations

from typing import Any

import pytest

from ssrm.iam import PolicyError, is_public
from tests.iam.helpers import ACCOUNT, BUCKET, allow, deny, doc

READ = f"{BUCKET}/*"


def test_no_policy_is_not_public() -> None:
    assert not is_public(None)


@pytest.mark.parametrize("principal", ["*", {"AWS": "*"}, {"AWS": ["arn:aws:iam::1:root", "*"]}])
def test_anyone_is_public(principal: Any) -> None:
    access = is_public(doc(allow("s3:GetObject", READ, Principal=principal, Sid="Open")))
    assert access.public and not access.conditional
    assert [ref.sid for ref in access.statements] == ["Open"]


def test_not_principal_allow_is_public() -> None:
    access = is_public(doc(allow("s3:GetObject", READ, NotPrincipal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"})))
    assert access.public


def test_named_account_is_not_public() -> None:
    assert not is_public(doc(allow("s3:GetObject", READ, Principal={"AWS": "444455556666"})))


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}},
        {"StringEquals": {"aws:SourceVpce": "vpce-1"}},
        {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
        {"StringEquals": {"aws:PrincipalAccount": ACCOUNT}},
        {"ArnLike": {"aws:SourceArn": f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/*"}},
        {"StringEquals": {"AWS:SourceAccount": ACCOUNT}},
    ],
)
def test_restricting_conditions_are_not_public(condition: dict[str, Any]) -> None:
    assert not is_public(doc(allow("s3:GetObject", READ, Principal="*", Condition=condition)))


@pytest.mark.parametrize(
    "condition",
    [
        {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}},
        {"StringLike": {"aws:PrincipalOrgID": "*"}},
        {"StringNotEquals": {"aws:PrincipalAccount": ACCOUNT}},
        {"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}},
    ],
)
def test_conditions_that_do_not_pin_callers_leave_it_public(condition: dict[str, Any]) -> None:
    access = is_public(doc(allow("s3:GetObject", READ, Principal="*", Condition=condition)))
    assert access.public and access.conditional


def test_other_conditions_are_public_but_conditional() -> None:
    access = is_public(
        doc(allow("s3:GetObject", READ, Principal="*", Condition={"Bool": {"aws:SecureTransport": "true"}}))
    )
    assert access.public and access.conditional
    assert "aws:SecureTransport" in access.reason


def test_one_unconditional_public_statement_makes_it_unconditional() -> None:
    access = is_public(
        doc(
            allow("s3:GetObject", READ, Principal="*", Condition={"Bool": {"aws:SecureTransport": "true"}}),
            allow("s3:ListBucket", BUCKET, Principal="*"),
        )
    )
    assert access.public and not access.conditional and len(access.statements) == 2


def test_deny_outside_the_org_neutralizes_a_public_allow() -> None:
    policy = doc(
        allow("s3:GetObject", READ, Principal="*"),
        deny("s3:*", [BUCKET, READ], Principal="*", Condition={"StringNotEquals": {"aws:PrincipalOrgID": "o-abc"}}),
    )
    assert not is_public(policy)


def test_deny_of_other_actions_does_not_neutralize() -> None:
    policy = doc(
        allow("s3:*", READ, Principal="*"),
        deny("s3:PutObject", READ, Principal="*", Condition={"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}),
    )
    assert is_public(policy)


def test_malformed_policy_raises() -> None:
    with pytest.raises(PolicyError):
        is_public({"Statement": [{"Effect": "Allow", "Action": "s3:*"}]})
