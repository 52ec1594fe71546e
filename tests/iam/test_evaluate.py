"""``can`` against hand-worked cases of the AWS evaluation logic."""

from __future__ import annotations

from typing import Any

from ssrm.iam import Principal, ResourceRef, can, parse_policy
from tests.iam.helpers import ACCOUNT, BUCKET, OBJECT, OTHER, ROLE_ARN, USER_ARN, allow, deny, doc


def user(*policies: dict[str, Any], **kwargs: Any) -> Principal:
    return Principal(arn=USER_ARN, identity_policies=list(policies), **kwargs)


def role(*policies: dict[str, Any], **kwargs: Any) -> Principal:
    return Principal(arn=ROLE_ARN, identity_policies=list(policies), **kwargs)


def test_nothing_allowed_by_default() -> None:
    decision = can(user(), "s3:GetObject", OBJECT)
    assert not decision.allowed and not decision.conditional
    assert "implicitly denied" in decision.reason


def test_identity_allow() -> None:
    decision = can(user(doc(allow("s3:GetObject", f"{BUCKET}/*", Sid="Read"))), "s3:GetObject", OBJECT)
    assert decision.allowed and not decision.conditional
    assert [ref.sid for ref in decision.statements] == ["Read"]
    assert "allowed by identity policy" in decision.reason


def test_explicit_deny_beats_allow() -> None:
    principal = user(doc(allow("*"), deny("s3:DeleteBucket", BUCKET, Sid="NoDelete")))
    decision = can(principal, "s3:DeleteBucket", BUCKET)
    assert not decision.allowed
    assert [ref.sid for ref in decision.statements] == ["NoDelete"]
    assert "explicitly denied" in decision.reason
    assert can(principal, "s3:DeleteObject", OBJECT).allowed


def test_deny_in_another_policy_wins_too() -> None:
    principal = user(doc(allow("s3:*")), doc(deny("s3:*", f"{BUCKET}/*")))
    assert not can(principal, "s3:GetObject", OBJECT).allowed
    assert can(principal, "s3:ListBucket", BUCKET).allowed


def test_action_matching_is_case_insensitive() -> None:
    principal = user(doc(allow("S3:getobject", f"{BUCKET}/*")))
    assert can(principal, "s3:GetObject", OBJECT).allowed
    assert can(principal, "S3:GETOBJECT", OBJECT).allowed


def test_resource_matching_is_case_sensitive_with_wildcards() -> None:
    principal = user(doc(allow("s3:GetObject", f"{BUCKET}/reports/*")))
    assert can(principal, "s3:GetObject", OBJECT).allowed
    assert not can(principal, "s3:GetObject", f"{BUCKET}/Reports/q1.csv").allowed
    assert not can(principal, "s3:GetObject", f"{BUCKET}/other/x").allowed
    assert not can(principal, "s3:GetObject", BUCKET).allowed
    question = user(doc(allow("s3:GetObject", f"{BUCKET}/reports/q?.csv")))
    assert can(question, "s3:GetObject", OBJECT).allowed


def test_not_action_with_allow_grants_everything_else() -> None:
    principal = user(doc({"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}))
    assert can(principal, "s3:GetObject", OBJECT).allowed
    assert can(principal, "ec2:RunInstances", "*").allowed
    assert not can(principal, "iam:CreateUser", "*").allowed
    assert not can(principal, "IAM:createuser", "*").allowed


def test_not_resource() -> None:
    principal = user(doc({"Effect": "Allow", "Action": "s3:*", "NotResource": [BUCKET, f"{BUCKET}/*"]}))
    assert can(principal, "s3:GetObject", "arn:aws:s3:::elsewhere/k").allowed
    assert not can(principal, "s3:GetObject", OBJECT).allowed
    denying = user(doc(allow("s3:*"), {"Effect": "Deny", "Action": "s3:*", "NotResource": f"{BUCKET}/*"}))
    assert can(denying, "s3:GetObject", OBJECT).allowed
    assert not can(denying, "s3:GetObject", "arn:aws:s3:::elsewhere/k").allowed


def test_actions_without_resource_level_need_star() -> None:
    scoped = user(doc(allow("s3:ListAllMyBuckets", BUCKET)))
    assert not can(scoped, "s3:ListAllMyBuckets", "*").allowed
    assert can(user(doc(allow("s3:ListAllMyBuckets"))), "s3:ListAllMyBuckets", "*").allowed


def test_permissions_boundary_intersects() -> None:
    boundary = doc(allow(["s3:*", "logs:*"]))
    principal = user(doc(allow(["s3:*", "iam:*"])), permissions_boundary=boundary)
    assert can(principal, "s3:GetObject", OBJECT).allowed
    iam = can(principal, "iam:CreateUser", "*")
    assert not iam.allowed and "permissions boundary" in iam.reason
    assert not can(principal, "logs:PutLogEvents", "*").allowed  # boundary alone grants nothing


def test_deny_in_boundary_applies() -> None:
    principal = user(doc(allow("*")), permissions_boundary=doc(allow("*"), deny("s3:*", f"{BUCKET}/*")))
    assert not can(principal, "s3:GetObject", OBJECT).allowed


def test_scp_deny_and_scp_allow_list() -> None:
    scp = doc(allow("*"), deny("s3:DeleteBucket"))
    principal = user(doc(allow("*")), scps=[scp])
    assert not can(principal, "s3:DeleteBucket", BUCKET).allowed
    assert can(principal, "s3:GetObject", OBJECT).allowed
    allow_list = user(doc(allow("*")), scps=[doc(allow("*")), doc(allow(["s3:*", "ec2:*"]))])
    assert can(allow_list, "ec2:RunInstances", "*").allowed
    decision = can(allow_list, "iam:CreateUser", "*")
    assert not decision.allowed and "service control policy at organization level 1" in decision.reason


def test_scp_level_with_several_policies_needs_only_one() -> None:
    level = [doc(allow("s3:*")), doc(allow("ec2:*"))]
    principal = user(doc(allow("*")), scps=[doc(allow("*")), level])
    assert can(principal, "ec2:RunInstances", "*").allowed
    assert can(principal, "s3:GetObject", OBJECT).allowed
    assert not can(principal, "iam:ListUsers", "*").allowed


def test_scp_never_grants() -> None:
    assert not can(user(scps=[doc(allow("*"))]), "s3:GetObject", OBJECT).allowed


def test_session_policy_intersects() -> None:
    principal = role(doc(allow(["s3:*", "ec2:*"])), session_policy=doc(allow("s3:Get*")))
    assert can(principal, "s3:GetObject", OBJECT).allowed
    assert not can(principal, "s3:PutObject", OBJECT).allowed
    assert "session policy" in can(principal, "ec2:RunInstances", "*").reason


def bucket(policy: dict[str, Any], account: str = ACCOUNT, path: str = OBJECT) -> ResourceRef:
    return ResourceRef(path, account=account, policy=policy)


def test_same_account_resource_policy_grants_without_identity_policy() -> None:
    policy = doc(allow("s3:GetObject", f"{BUCKET}/*", Principal={"AWS": USER_ARN}))
    decision = can(user(), "s3:GetObject", bucket(policy))
    assert decision.allowed
    assert decision.statements[0].policy_kind == "resource"


def test_resource_policy_naming_the_account_delegates_to_iam() -> None:
    policy = doc(allow("s3:GetObject", f"{BUCKET}/*", Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))
    assert not can(user(), "s3:GetObject", bucket(policy)).allowed
    assert can(user(doc(allow("s3:GetObject"))), "s3:GetObject", bucket(policy)).allowed


def test_boundary_does_not_cut_a_grant_to_the_user_arn_but_cuts_one_to_a_role_arn() -> None:
    boundary = doc(allow("ec2:*"))
    to_user = doc(allow("s3:GetObject", f"{BUCKET}/*", Principal={"AWS": USER_ARN}))
    assert can(user(permissions_boundary=boundary), "s3:GetObject", bucket(to_user)).allowed
    to_role = doc(allow("s3:GetObject", f"{BUCKET}/*", Principal={"AWS": ROLE_ARN}))
    assert not can(role(permissions_boundary=boundary), "s3:GetObject", bucket(to_role)).allowed
    assert can(role(), "s3:GetObject", bucket(to_role)).allowed


def test_grant_to_the_session_arn_is_not_cut_by_the_session_policy() -> None:
    session_arn = f"arn:aws:sts::{ACCOUNT}:assumed-role/app/build-42"
    to_session = doc(allow("s3:GetObject", f"{BUCKET}/*", Principal={"AWS": session_arn}))
    to_role = doc(allow("s3:GetObject", f"{BUCKET}/*", Principal={"AWS": ROLE_ARN}))
    principal = role(session_policy=doc(allow("ec2:*")), session_arn=session_arn)
    assert can(principal, "s3:GetObject", bucket(to_session)).allowed
    assert not can(principal, "s3:GetObject", bucket(to_role)).allowed


def test_cross_account_needs_both_sides() -> None:
    outsider = Principal(arn=f"arn:aws:iam::{OTHER}:user/bob", identity_policies=[doc(allow("s3:GetObject"))])
    no_policy = can(outsider, "s3:GetObject", ResourceRef(OBJECT, account=ACCOUNT))
    assert not no_policy.allowed and "needs a resource policy" in no_policy.reason
    to_account = doc(allow("s3:GetObject", f"{BUCKET}/*", Principal={"AWS": OTHER}))
    assert can(outsider, "s3:GetObject", bucket(to_account)).allowed
    identity_missing = Principal(arn=f"arn:aws:iam::{OTHER}:user/bob")
    assert not can(identity_missing, "s3:GetObject", bucket(to_account)).allowed
    to_someone_else = doc(allow("s3:GetObject", f"{BUCKET}/*", Principal={"AWS": "999988887777"}))
    refused = can(outsider, "s3:GetObject", bucket(to_someone_else))
    assert not refused.allowed and "resource policy to allow" in refused.reason


def test_public_resource_policy_still_needs_identity_side_cross_account() -> None:
    public = doc(allow("s3:GetObject", f"{BUCKET}/*", Principal="*"))
    outsider = Principal(arn=f"arn:aws:iam::{OTHER}:user/bob", identity_policies=[doc(allow("s3:*"))])
    assert can(outsider, "s3:GetObject", bucket(public)).allowed
    assert can(user(), "s3:GetObject", bucket(public)).allowed  # same account: the bucket policy suffices


def test_resource_policy_deny_applies() -> None:
    policy = doc(deny("s3:*", f"{BUCKET}/*", Principal="*"))
    assert not can(user(doc(allow("*"))), "s3:GetObject", bucket(policy)).allowed


def test_kms_key_needs_its_key_policy() -> None:
    key_arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/0000-1111"
    admin = user(doc(allow("*")))
    delegating = ResourceRef(key_arn, policy=doc(allow("kms:*", Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"})))
    assert can(admin, "kms:Decrypt", delegating).allowed
    closed = ResourceRef(key_arn, policy=doc(allow("kms:*", Principal={"AWS": ROLE_ARN})))
    decision = can(admin, "kms:Decrypt", closed)
    assert not decision.allowed and "own policy must allow" in decision.reason


def test_role_trust_policy_governs_assume_role() -> None:
    trust = {"Statement": {"Effect": "Allow", "Principal": {"AWS": USER_ARN}, "Action": "sts:AssumeRole"}}
    target = ResourceRef(f"arn:aws:iam::{ACCOUNT}:role/deploy", policy=trust)
    assert target.policy_required
    assert can(user(), "sts:AssumeRole", target).allowed  # named directly: no identity policy needed
    other_user = Principal(arn=f"arn:aws:iam::{ACCOUNT}:user/eve", identity_policies=[doc(allow("sts:*"))])
    assert not can(other_user, "sts:AssumeRole", target).allowed


def test_service_principal_uses_resource_policy_only() -> None:
    policy = doc(allow("s3:PutObject", f"{BUCKET}/*", Principal={"Service": "cloudtrail.amazonaws.com"}))
    service = Principal(arn="cloudtrail.amazonaws.com")
    assert can(service, "s3:PutObject", bucket(policy)).allowed
    assert not can(service, "s3:DeleteObject", bucket(policy)).allowed


def test_root_user_holds_its_account_permissions_but_not_past_scps() -> None:
    root = Principal(arn=f"arn:aws:iam::{ACCOUNT}:root")
    assert can(root, "iam:CreateUser", "*").allowed
    assert "root user" in can(root, "iam:CreateUser", "*").reason
    fenced = Principal(arn=f"arn:aws:iam::{ACCOUNT}:root", scps=[doc(allow("*"), deny("iam:*"))])
    assert not can(fenced, "iam:CreateUser", "*").allowed


def test_shared_parsed_policy_objects() -> None:
    shared = parse_policy(doc(allow("s3:GetObject")), name="shared")
    first = Principal(arn=USER_ARN, identity_policies=[shared])
    second = Principal(arn=ROLE_ARN, identity_policies=[shared])
    assert first.identity[0] is second.identity[0]
    assert can(first, "s3:GetObject", OBJECT).statements[0].policy_name == "shared"


def test_merged_identity_keeps_each_statement_origin() -> None:
    principal = user(doc(allow("s3:GetObject", Sid="A")), doc(allow("s3:GetObject", Sid="B")))
    names = {ref.policy_name for ref in can(principal, "s3:GetObject", OBJECT).statements}
    assert names == {"alice identity #0", "alice identity #1"}


def test_decision_is_truthy_and_has_a_readable_repr() -> None:
    decision = can(user(doc(allow("s3:*"))), "s3:GetObject", OBJECT)
    assert decision
    assert "allowed=True" in repr(decision)
    assert decision.definitely_allowed


def test_memoized_caller_side_does_not_leak_across_targets() -> None:
    admin = parse_policy(doc(allow("*")), name="admin")
    first = Principal(arn=USER_ARN, identity_policies=[admin])
    second = Principal(arn=f"arn:aws:iam::{ACCOUNT}:user/bob", identity_policies=[admin])
    assert first.policy_set is second.policy_set
    assert can(first, "s3:GetObject", OBJECT).allowed
    assert can(second, "s3:GetObject", OBJECT).allowed  # answered from the shared memo
    walled = bucket(doc(deny("s3:*", f"{BUCKET}/*", Principal="*")))
    assert not can(first, "s3:GetObject", walled).allowed
    assert not can(first, "s3:GetObject", ResourceRef(OBJECT, account=OTHER)).allowed
    conditional = Principal(
        arn=USER_ARN, identity_policies=[admin, doc(deny("s3:*", Condition={"Bool": {"aws:SecureTransport": "false"}}))]
    )
    assert can(conditional, "s3:GetObject", OBJECT).conditional
    assert not can(conditional, "s3:GetObject", OBJECT, {"aws:SecureTransport": False}).allowed
