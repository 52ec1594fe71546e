"""grants_full_admin and actions_allowed."""

from __future__ import annotations

from ssrm.iam import actions_allowed, grants_full_admin, parse_policy, service_actions
from tests.iam.helpers import BUCKET, allow, deny, doc


def test_full_admin_shapes() -> None:
    assert grants_full_admin(doc(allow("*")))
    assert grants_full_admin(doc(allow("*:*")))
    assert grants_full_admin({"Statement": {"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}})
    assert grants_full_admin(parse_policy(doc(allow("*"))))


def test_not_full_admin() -> None:
    assert not grants_full_admin(doc(allow("iam:*")))
    assert not grants_full_admin(doc(allow("*", BUCKET)))
    assert not grants_full_admin(doc(allow("*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})))
    assert not grants_full_admin(doc({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}))


def test_deny_everywhere_cancels_scoped_or_conditional_deny_does_not() -> None:
    assert not grants_full_admin(doc(allow("*"), deny("iam:*")))
    assert not grants_full_admin(doc(allow("*"), {"Effect": "Deny", "NotAction": "iam:Get*", "Resource": "*"}))
    assert grants_full_admin(doc(allow("*"), deny("s3:*", f"{BUCKET}/*")))
    assert grants_full_admin(doc(allow("*"), deny("*", Condition={"Bool": {"aws:SecureTransport": "false"}})))


def test_actions_allowed_for_one_service() -> None:
    allowed = actions_allowed([doc(allow(["iam:PassRole", "iam:Get*", "s3:*"]))], "iam")
    assert "iam:PassRole" in allowed and "iam:GetRole" in allowed
    assert "iam:CreateUser" not in allowed
    assert all(action.startswith("iam:") for action in allowed)


def test_actions_allowed_union_minus_unconditional_deny() -> None:
    policies = [doc(allow("s3:*")), doc(deny("s3:Delete*"))]
    allowed = actions_allowed(policies, "s3")
    assert "s3:GetObject" in allowed and "s3:DeleteObject" not in allowed
    scoped_deny = [doc(allow("s3:*"), deny("s3:DeleteObject", f"{BUCKET}/*"))]
    assert "s3:DeleteObject" in actions_allowed(scoped_deny, "s3")


def test_actions_allowed_not_action_and_conditions() -> None:
    not_iam = doc({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})
    assert actions_allowed([not_iam], "iam") == set()
    assert actions_allowed(not_iam, "s3") == set(service_actions("s3"))
    conditional = doc(allow("ec2:RunInstances", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}))
    assert actions_allowed([conditional], "ec2") == {"ec2:RunInstances"}
    assert actions_allowed([conditional], "ec2", include_conditional=False) == set()


def test_actions_allowed_keeps_actions_newer_than_the_catalog() -> None:
    assert actions_allowed([doc(allow("s3:FutureAction"))], "S3") == {"s3:futureaction"}
