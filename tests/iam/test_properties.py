"""Property tests: ``can`` against a small, deliberately naive reference of the AWS evaluation logic.

The reference below reads the AWS rules literally (explicit deny wins; identity allow needed; the
boundary and every SCP level must allow) and matches globs with a plain recursive function, sharing
no code with the evaluator.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssrm.iam import PolicyError, Principal, can, expand_action, parse_policy
from tests.iam.helpers import USER_ARN

ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "iam:PassRole", "iam:CreateUser", "ec2:RunInstances"]
ACTION_PATTERNS = [*ACTIONS, "s3:*", "s3:Get*", "*", "iam:*", "ec2:Run*", "S3:getobject", "*:PassRole", "s3:?utObject"]
RESOURCES = ["arn:aws:s3:::b/x", "arn:aws:s3:::b/y", "arn:aws:s3:::c/x", "*"]
RESOURCE_PATTERNS = [*RESOURCES, "arn:aws:s3:::b/*", "arn:aws:s3:::?/x", "arn:aws:s3:::c*", "arn:aws:s3:::B/x"]
# Few examples and no example database: the suite must stay fast and leave no files in the work tree.
FAST = settings(max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def glob(pattern: str, text: str) -> bool:
    if not pattern:
        return not text
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        return any(glob(rest, text[i:]) for i in range(len(text) + 1))
    if not text:
        return False
    return (head == "?" or head == text[0]) and glob(rest, text[1:])


def applies(statement: dict[str, Any], action: str, resource: str) -> bool:
    action_key = "Action" if "Action" in statement else "NotAction"
    hit = any(glob(p.lower(), action.lower()) for p in statement[action_key])
    if action_key == "NotAction":
        hit = not hit
    resource_key = "Resource" if "Resource" in statement else "NotResource"
    on = any(glob(p, resource) for p in statement[resource_key])
    if resource_key == "NotResource":
        on = not on
    return hit and on


def allows(document: dict[str, Any], action: str, resource: str) -> bool:
    return any(s["Effect"] == "Allow" and applies(s, action, resource) for s in document["Statement"])


def denies(document: dict[str, Any], action: str, resource: str) -> bool:
    return any(s["Effect"] == "Deny" and applies(s, action, resource) for s in document["Statement"])


def reference(
    identity: list[dict[str, Any]],
    boundary: dict[str, Any] | None,
    scps: list[dict[str, Any]],
    action: str,
    resource: str,
) -> bool:
    every = [*identity, *scps, *([boundary] if boundary else [])]
    if any(denies(d, action, resource) for d in every):
        return False
    if not any(allows(d, action, resource) for d in identity):
        return False
    if boundary is not None and not allows(boundary, action, resource):
        return False
    return all(allows(scp, action, resource) for scp in scps)


statement_strategy = st.builds(
    lambda effect, action_key, actions, resource_key, resources: {
        "Effect": effect,
        action_key: actions,
        resource_key: resources,
    },
    st.sampled_from(["Allow", "Allow", "Deny"]),
    st.sampled_from(["Action", "Action", "NotAction"]),
    st.lists(st.sampled_from(ACTION_PATTERNS), min_size=1, max_size=3),
    st.sampled_from(["Resource", "Resource", "NotResource"]),
    st.lists(st.sampled_from(RESOURCE_PATTERNS), min_size=1, max_size=2),
)
document_strategy = st.builds(
    lambda statements: {"Version": "2012-10-17", "Statement": statements},
    st.lists(statement_strategy, min_size=1, max_size=4),
)


@FAST
@given(
    identity=st.lists(document_strategy, max_size=3),
    boundary=st.none() | document_strategy,
    scps=st.lists(document_strategy, max_size=2),
    action=st.sampled_from(ACTIONS),
    resource=st.sampled_from(RESOURCES),
)
def test_can_agrees_with_the_reference(
    identity: list[dict[str, Any]],
    boundary: dict[str, Any] | None,
    scps: list[dict[str, Any]],
    action: str,
    resource: str,
) -> None:
    principal = Principal(arn=USER_ARN, identity_policies=identity, permissions_boundary=boundary, scps=scps)
    decision = can(principal, action, resource)
    assert decision.allowed == reference(identity, boundary, scps, action, resource), decision.reason
    assert not decision.conditional
    assert can(principal, action.swapcase(), resource).allowed == decision.allowed


@FAST
@given(
    identity=st.lists(document_strategy, max_size=3),
    action=st.sampled_from(ACTIONS),
    resource=st.sampled_from(RESOURCES),
)
def test_a_blanket_deny_always_wins(identity: list[dict[str, Any]], action: str, resource: str) -> None:
    blanket = {"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}
    principal = Principal(arn=USER_ARN, identity_policies=[*identity, blanket])
    assert not can(principal, action, resource).allowed


@FAST
@given(
    identity=st.lists(document_strategy, min_size=1, max_size=3),
    extra=statement_strategy,
    action=st.sampled_from(ACTIONS),
    resource=st.sampled_from(RESOURCES),
)
def test_adding_an_allow_never_removes_access(
    identity: list[dict[str, Any]], extra: dict[str, Any], action: str, resource: str
) -> None:
    before = can(Principal(arn=USER_ARN, identity_policies=identity), action, resource).allowed
    widened = [*identity, {"Statement": [{**extra, "Effect": "Allow"}]}]
    after = can(Principal(arn=USER_ARN, identity_policies=widened), action, resource).allowed
    assert after or not before


CONDITIONS = [
    {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
    {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
    {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
    {"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}},
    {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}},
]
CONTEXT_VALUES = st.fixed_dictionaries(
    {
        "aws:MultiFactorAuthPresent": st.sampled_from([True, False, None]),
        "aws:SourceIp": st.sampled_from(["203.0.113.5", "192.0.2.1"]),
        "aws:SourceVpce": st.sampled_from(["vpce-1", "vpce-2", None]),
    }
)
conditional_statement = st.builds(
    lambda base, condition: {**base, "Condition": condition} if condition else base,
    statement_strategy,
    st.none() | st.sampled_from(CONDITIONS),
)


@FAST
@given(
    statements=st.lists(conditional_statement, min_size=1, max_size=5),
    values=CONTEXT_VALUES,
    action=st.sampled_from(ACTIONS),
    resource=st.sampled_from(RESOURCES),
)
def test_unknown_conditions_bracket_the_known_answer(
    statements: list[dict[str, Any]], values: dict[str, Any], action: str, resource: str
) -> None:
    """Without a context the answer is either the same as with one, or marked conditional; a
    conditional 'allowed' is the optimistic side, so a known context can only keep or remove it."""
    principal = Principal(arn=USER_ARN, identity_policies=[{"Statement": statements}])
    unknown = can(principal, action, resource)
    known = can(principal, action, resource, values)
    assert not known.conditional
    if not unknown.conditional:
        assert known.allowed == unknown.allowed
    if known.allowed:
        assert unknown.allowed


@settings(max_examples=20, deadline=None, database=None)
@given(pattern=st.sampled_from(ACTION_PATTERNS))
def test_expansion_matches_the_glob(pattern: str) -> None:
    expanded = sorted(expand_action(pattern))
    for action in expanded[:: max(1, len(expanded) // 200)]:
        assert glob(pattern.lower(), action.lower())


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(alphabet="ab:*?${}/ 0", max_size=8)
    | st.sampled_from(["Allow", "Deny", "*", "s3:GetObject", "arn:aws:s3:::b/*", "2012-10-17"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "Statement",
                    "Effect",
                    "Action",
                    "NotAction",
                    "Resource",
                    "Principal",
                    "Condition",
                    "AWS",
                    "Service",
                    "StringEquals",
                    "IpAddress",
                    "aws:SourceIp",
                    "Version",
                    "Sid",
                ]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=100, deadline=None, database=None)
@given(document=json_values, kind=st.sampled_from(["identity", "resource", "trust", "scp"]))
def test_parser_never_fails_with_anything_but_policy_error(document: Any, kind: str) -> None:
    for candidate in (document, json.dumps(document)):
        try:
            parse_policy(candidate, kind)
        except PolicyError as error:
            assert "\n" not in str(error)
