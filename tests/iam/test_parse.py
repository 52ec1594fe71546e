"""Parsing: every shape AWS returns is read, every malformed document is a one-line PolicyError."""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

import pytest

from ssrm.iam import PolicyError, PolicyKind, parse_policy
from tests.iam.helpers import allow, doc


def test_statement_may_be_a_single_object_and_strings_or_lists() -> None:
    policy = parse_policy({"Version": "2012-10-17", "Statement": allow("s3:GetObject", "arn:aws:s3:::b/*")})
    assert len(policy.statements) == 1
    listed = parse_policy(doc(allow(["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::a", "arn:aws:s3:::b"])))
    assert listed.statements[0].actions.patterns == ("s3:GetObject", "s3:PutObject")


def test_json_text_and_url_encoded_json_are_accepted() -> None:
    text = json.dumps(doc(allow("s3:*")))
    assert parse_policy(text).statements[0].ref.effect == "Allow"
    assert len(parse_policy(urllib.parse.quote(text)).statements) == 1


def test_sid_and_names_travel_into_refs() -> None:
    policy = parse_policy(doc(allow("s3:*", Sid="ReadAll")), name="reader")
    ref = policy.statements[0].ref
    assert (ref.policy_name, ref.sid, ref.index, ref.policy_kind) == ("reader", "ReadAll", 0, PolicyKind.IDENTITY)
    assert "Sid 'ReadAll'" in str(ref)


def test_trust_policy_needs_no_resource() -> None:
    trust = {
        "Version": "2012-10-17",
        "Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
    }
    statement = parse_policy(trust, "trust").statements[0]
    assert statement.resources is None
    assert statement.principals is not None and statement.principals.services == {"ec2.amazonaws.com"}


MALFORMED: list[tuple[Any, str, str]] = [
    ([], "identity", "must be an object"),
    ("{not json", "identity", "not valid JSON"),
    ({"Version": "2012-10-17"}, "identity", "missing Statement"),
    ({"Statement": "nope"}, "identity", "Statement must be"),
    ({"Statement": [42]}, "identity", "must be an object"),
    ({"Version": "2019-01-01", "Statement": []}, "identity", "Version must be"),
    (doc({"Effect": "allow", "Action": "s3:*", "Resource": "*"}), "identity", 'Effect must be "Allow" or "Deny"'),
    (doc({"Effect": "Allow", "Resource": "*"}), "identity", "missing Action"),
    (doc({"Effect": "Allow", "Action": "s3:*"}), "identity", "missing Resource"),
    (doc({"Effect": "Allow", "Action": "s3:*", "NotAction": "s3:Get*", "Resource": "*"}), "identity", "both"),
    (doc(allow("GetObject")), "identity", 'is not "service:Action"'),
    (doc(allow([])), "identity", "empty list"),
    (doc(allow("s3:*", Principal="*")), "identity", "Principal is not allowed"),
    (doc(allow("s3:*")), "resource", "missing Principal"),
    (doc(allow("s3:*", Principal={"Robot": "x"})), "resource", "unknown principal type"),
    (doc(allow("s3:*", Condition={"StringEqualz": {"aws:UserAgent": "x"}})), "identity", "unknown condition operator"),
    (doc(allow("s3:*", Condition={"IpAddress": {"aws:SourceIp": "not-an-ip"}})), "identity", "not an IP"),
    (doc(allow("s3:*", Condition={"NumericLessThan": {"s3:max-keys": "ten"}})), "identity", "not a numeric"),
    (doc(allow("s3:*", Condition={"Bool": "true"})), "identity", "must map keys"),
    (doc(allow("s3:*", Condition={"Bool": {"aws:SecureTransport": {"x": 1}}})), "identity", "not a string"),
    (doc(allow("s3:*", Condition={"NullIfExists": {"aws:TokenIssueTime": "true"}})), "identity", "Null cannot"),
    (doc(allow("s3:*", Extra=1)), "identity", "unknown element 'Extra'"),
]


@pytest.mark.parametrize(("document", "kind", "message"), MALFORMED)
def test_malformed_documents_raise_one_line_policy_errors(document: Any, kind: str, message: str) -> None:
    with pytest.raises(PolicyError) as caught:
        parse_policy(document, kind, name="broken")
    text = str(caught.value)
    assert message in text
    assert "\n" not in text
    assert "broken" in text


def test_error_names_the_statement_and_sid() -> None:
    document = doc(allow("s3:*"), {"Sid": "Bad", "Effect": "Maybe", "Action": "s3:*", "Resource": "*"})
    with pytest.raises(PolicyError, match=r"policy 'p': statement 1 \(Sid 'Bad'\): Effect"):
        parse_policy(document, name="p")
