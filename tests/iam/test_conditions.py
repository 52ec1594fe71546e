"""Conditions: decided where the request context knows the key, 'conditional' where it does not."""

from __future__ import annotations

from typing import Any

import pytest

from ssrm.iam import Principal, RequestContext, ResourceRef, can
from ssrm.iam.conditions import parse_conditions
from ssrm.iam.context import ContextValue
from ssrm.iam.tristate import MAYBE, NO, YES, Tri
from tests.iam.helpers import ACCOUNT, OBJECT, OTHER, USER_ARN, allow, deny, doc


def decide(block: dict[str, Any], values: dict[str, ContextValue] | None = None, complete: bool = False) -> Tri:
    clauses = parse_conditions(block)
    context = RequestContext.of(values or {}, complete=complete)
    return min((clause.evaluate(context) for clause in clauses), default=YES)


CASES: list[tuple[dict[str, Any], dict[str, ContextValue], Tri]] = [
    ({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, {"aws:SourceIp": "203.0.113.7"}, YES),
    ({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.1"]}}, {"aws:SourceIp": "198.51.100.1"}, YES),
    ({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, {"aws:SourceIp": "192.0.2.1"}, NO),
    ({"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, {"aws:SourceIp": "192.0.2.1"}, YES),
    ({"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}, {"aws:SourceIp": "2001:db8::1"}, YES),
    ({"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}, {"aws:SourceIp": "203.0.113.7"}, NO),
    ({"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}, {"aws:PrincipalOrgID": "o-abc"}, YES),
    ({"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}, {"aws:PrincipalOrgID": "O-ABC"}, NO),
    ({"StringEqualsIgnoreCase": {"aws:PrincipalOrgID": "o-abc"}}, {"aws:PrincipalOrgID": "O-ABC"}, YES),
    ({"StringNotEquals": {"aws:PrincipalAccount": ["1", "2"]}}, {"aws:PrincipalAccount": "2"}, NO),
    ({"StringNotEquals": {"aws:PrincipalAccount": ["1", "2"]}}, {"aws:PrincipalAccount": "3"}, YES),
    ({"StringLike": {"aws:SourceVpce": "vpce-1*"}}, {"aws:SourceVpce": "vpce-123"}, YES),
    ({"StringNotLike": {"aws:SourceVpce": "vpce-1*"}}, {"aws:SourceVpce": "vpce-123"}, NO),
    ({"StringEquals": {"sts:ExternalId": "s3cret"}}, {"sts:ExternalId": "s3cret"}, YES),
    ({"Bool": {"aws:SecureTransport": "false"}}, {"aws:SecureTransport": False}, YES),
    ({"Bool": {"aws:SecureTransport": False}}, {"aws:SecureTransport": True}, NO),
    ({"Bool": {"aws:MultiFactorAuthPresent": "true"}}, {"aws:MultiFactorAuthPresent": "TRUE"}, YES),
    ({"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}, {"aws:MultiFactorAuthAge": 60}, YES),
    ({"NumericGreaterThanEquals": {"s3:max-keys": 10}}, {"s3:max-keys": "9"}, NO),
    ({"NumericNotEquals": {"s3:max-keys": "10"}}, {"s3:max-keys": "10.0"}, NO),
    ({"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}, {"aws:CurrentTime": "2026-11-28T12:00:00Z"}, YES),
    ({"DateGreaterThan": {"aws:EpochTime": "1700000000"}}, {"aws:EpochTime": "2026-01-01T00:00:00Z"}, YES),
    ({"DateEquals": {"aws:CurrentTime": "2026-01-01"}}, {"aws:CurrentTime": "2026-01-01T00:00:00+00:00"}, YES),
    (
        {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}},
        {"aws:SourceArn": "arn:aws:sns:eu-west-1:111122223333:t"},
        YES,
    ),
    (
        {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}},
        {"aws:SourceArn": "arn:aws:sns:eu-west-1:999:t"},
        NO,
    ),
    ({"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::logs-*"}}, {"aws:SourceArn": "arn:aws:s3:::logs-a"}, NO),
    ({"StringEquals": {"aws:SourceAccount": ACCOUNT}}, {"aws:SourceAccount": ACCOUNT}, YES),
    ({"BinaryEquals": {"x:blob": "QmluYXJ5"}}, {"x:blob": "QmluYXJ5"}, YES),
    # Keys are case-insensitive.
    ({"StringEquals": {"AWS:SOURCEACCOUNT": ACCOUNT}}, {"aws:sourceaccount": ACCOUNT}, YES),
    # Several operators and keys AND together.
    (
        {"Bool": {"aws:SecureTransport": "true"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
        {"aws:SecureTransport": True, "aws:SourceIp": "192.0.2.1"},
        NO,
    ),
    # Set operators over multi-valued keys.
    ({"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}}, {"aws:TagKeys": ["env"]}, YES),
    ({"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}}, {"aws:TagKeys": ["env", "x"]}, NO),
    ({"ForAnyValue:StringEquals": {"aws:TagKeys": ["env", "team"]}}, {"aws:TagKeys": ["x", "team"]}, YES),
    ({"ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}}, {"aws:TagKeys": ["x"]}, NO),
    ({"ForAllValues:StringNotEquals": {"aws:TagKeys": ["secret"]}}, {"aws:TagKeys": ["a", "b"]}, YES),
    ({"ForAnyValue:StringLike": {"aws:TagKeys": ["cost*"]}}, {"aws:TagKeys": ["costcenter"]}, YES),
]


@pytest.mark.parametrize(("block", "values", "expected"), CASES)
def test_known_values_decide(block: dict[str, Any], values: dict[str, ContextValue], expected: Tri) -> None:
    assert decide(block, values) == expected


def test_unknown_key_stays_undecided() -> None:
    assert decide({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}) == MAYBE
    assert decide({"StringNotEquals": {"aws:PrincipalOrgID": "o-1"}}) == MAYBE
    assert decide({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}}) == MAYBE
    # one decided NO is enough for the whole block
    assert (
        decide(
            {"Bool": {"aws:SecureTransport": "true"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
            {"aws:SecureTransport": False},
        )
        == NO
    )


ABSENT_CASES: list[tuple[dict[str, Any], Tri]] = [
    ({"StringEquals": {"aws:SourceVpce": "vpce-1"}}, NO),
    ({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}, YES),
    ({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}}, YES),
    ({"ForAllValues:StringEquals": {"aws:TagKeys": "env"}}, YES),
    ({"ForAnyValue:StringEquals": {"aws:TagKeys": "env"}}, NO),
    ({"Null": {"aws:SourceVpce": "true"}}, YES),
    ({"Null": {"aws:SourceVpce": "false"}}, NO),
    ({"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}, YES),
]


@pytest.mark.parametrize(("block", "expected"), ABSENT_CASES)
def test_key_known_to_be_absent(block: dict[str, Any], expected: Tri) -> None:
    assert decide(block, {"aws:SourceVpce": None, "aws:TagKeys": None, "aws:MultiFactorAuthPresent": None}) == expected
    assert decide(block, complete=True) == expected


def test_null_with_present_key() -> None:
    assert decide({"Null": {"aws:SourceVpce": "false"}}, {"aws:SourceVpce": "vpce-1"}) == YES


def test_policy_variables_in_condition_values() -> None:
    block = {"StringEquals": {"s3:prefix": "home/${aws:username}/"}}
    assert decide(block, {"s3:prefix": "home/alice/", "aws:username": "alice"}) == YES
    assert decide(block, {"s3:prefix": "home/bob/", "aws:username": "alice"}) == NO
    assert decide(block, {"s3:prefix": "home/alice/"}) == MAYBE


MFA_ONLY = doc(allow("ec2:*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}))


def test_unknown_condition_makes_the_decision_conditional() -> None:
    principal = Principal(arn=USER_ARN, identity_policies=[MFA_ONLY])
    decision = can(principal, "ec2:StopInstances", "*")
    assert decision.allowed and decision.conditional
    assert "aws:MultiFactorAuthPresent" in decision.reason
    assert can(principal, "ec2:StopInstances", "*", {"aws:MultiFactorAuthPresent": True}).definitely_allowed
    assert not can(principal, "ec2:StopInstances", "*", {"aws:MultiFactorAuthPresent": False}).allowed


def test_undecided_deny_makes_an_allow_conditional() -> None:
    policy = doc(allow("s3:*"), deny("s3:*", Condition={"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}))
    principal = Principal(arn=USER_ARN, identity_policies=[policy])
    decision = can(principal, "s3:GetObject", OBJECT)
    assert decision.allowed and decision.conditional and "unless denied" in decision.reason
    assert not can(principal, "s3:GetObject", OBJECT, {"aws:SourceIp": "192.0.2.1"}).allowed
    assert can(principal, "s3:GetObject", OBJECT, {"aws:SourceIp": "203.0.113.9"}).definitely_allowed


def test_principal_facts_feed_conditions() -> None:
    bucket_policy = doc(
        allow("s3:GetObject", Principal="*", Condition={"StringEquals": {"aws:PrincipalOrgID": "o-mine"}})
    )
    target = ResourceRef(OBJECT, account=ACCOUNT, policy=bucket_policy)
    member = Principal(arn=f"arn:aws:iam::{OTHER}:user/bob", org_id="o-mine", identity_policies=[doc(allow("s3:*"))])
    stranger = Principal(arn=f"arn:aws:iam::{OTHER}:user/eve", org_id="o-else", identity_policies=[doc(allow("s3:*"))])
    unknown = Principal(arn=f"arn:aws:iam::{OTHER}:user/kim", identity_policies=[doc(allow("s3:*"))])
    assert can(member, "s3:GetObject", target).definitely_allowed
    assert not can(stranger, "s3:GetObject", target).allowed
    assert can(unknown, "s3:GetObject", target).conditional


def test_principal_account_and_tags_are_known() -> None:
    policy = doc(allow("ec2:*", Condition={"StringEquals": {"aws:PrincipalTag/team": "ops"}}))
    tagged = Principal(arn=USER_ARN, identity_policies=[policy], tags={"team": "ops"})
    untagged = Principal(arn=USER_ARN, identity_policies=[policy], tags={})
    assert can(tagged, "ec2:RunInstances", "*").definitely_allowed
    assert not can(untagged, "ec2:RunInstances", "*").allowed
    by_account = doc(allow("ec2:*", Condition={"StringEquals": {"aws:PrincipalAccount": ACCOUNT}}))
    assert can(Principal(arn=USER_ARN, identity_policies=[by_account]), "ec2:RunInstances", "*").definitely_allowed


def test_resource_variable_uses_username() -> None:
    policy = doc(allow("s3:*", "arn:aws:s3:::home/${aws:username}/*"))
    principal = Principal(arn=USER_ARN, identity_policies=[policy])
    assert can(principal, "s3:GetObject", "arn:aws:s3:::home/alice/notes.txt").definitely_allowed
    assert not can(principal, "s3:GetObject", "arn:aws:s3:::home/bob/notes.txt").allowed
    session_tag = doc(allow("s3:*", "arn:aws:s3:::team/${aws:PrincipalTag/team}/*"))
    untagged = Principal(arn=USER_ARN, identity_policies=[session_tag])
    assert can(untagged, "s3:GetObject", "arn:aws:s3:::team/ops/x").conditional
