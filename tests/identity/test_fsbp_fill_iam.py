"""FSBP IAM.10, IAM.19 and IAM.21 on resources built directly."""

from __future__ import annotations

from ssrm.model import Status
from ssrm.model.resources.identity.iam import IamManagedPolicy, IamPasswordPolicy, IamUser
from tests.identity.helpers import ACCOUNT, status, verdict


def password_policy(**fields: object) -> IamPasswordPolicy:
    return IamPasswordPolicy(arn=f"arn:aws:iam::{ACCOUNT}:account-password-policy", id="password-policy",
                             account=ACCOUNT, **fields)


def managed(*actions: str, aws_managed: bool = False, effect: str = "Allow") -> IamManagedPolicy:
    document = {"Version": "2012-10-17",
                "Statement": [{"Effect": effect, "Action": list(actions), "Resource": "*"}]}
    return IamManagedPolicy(arn=f"arn:aws:iam::{ACCOUNT}:policy/p", id="p", name="p", account=ACCOUNT,
                            document=document, aws_managed=aws_managed)


def test_password_policy_strong() -> None:
    strong = password_policy(exists=True, minimum_length=14, require_uppercase=True, require_lowercase=True,
                             require_numbers=True, require_symbols=True, reuse_prevention=24, max_age_days=90)
    assert status("iam_password_policy_strong", strong) is Status.PASS
    weak = strong.model_copy(update={"require_numbers": False, "max_age_days": None})
    failing = verdict("iam_password_policy_strong", weak)
    assert failing.status is Status.FAIL and "numbers" in failing.reason and "maximum age" in failing.reason
    assert status("iam_password_policy_strong", password_policy()) is Status.FAIL


def test_user_mfa_enabled() -> None:
    def user(**fields: object) -> IamUser:
        return IamUser(arn=f"arn:aws:iam::{ACCOUNT}:user/u", id="u", name="u", account=ACCOUNT, **fields)

    assert status("iam_user_mfa_enabled", user(mfa_active=True)) is Status.PASS
    failing = verdict("iam_user_mfa_enabled", user(password_enabled=False))
    assert failing.status is Status.FAIL and "u" in failing.reason
    assert status("iam_user_mfa_enabled", user(unknown={"mfa_active": "report denied"})) is Status.ERROR


def test_managed_policy_service_wildcard() -> None:
    assert status("iam_managed_policy_service_wildcard", managed("s3:GetObject", "s3:ListBucket")) is Status.PASS
    verb = verdict("iam_managed_policy_service_wildcard", managed("s3:GetObject", "s3:List*"))
    assert verb.status is Status.FAIL and "s3:List*" in verb.reason and "List" in verb.reason  # issue 18 item 3
    failing = verdict("iam_managed_policy_service_wildcard", managed("s3:*", "ec2:DescribeInstances"))
    assert failing.status is Status.FAIL and "s3:*" in failing.reason
    assert status("iam_managed_policy_service_wildcard", managed("*")) is Status.FAIL
    assert status("iam_managed_policy_service_wildcard", managed("s3:*", effect="Deny")) is Status.PASS
    assert status("iam_managed_policy_service_wildcard", managed("s3:*", aws_managed=True)) \
        is Status.NOT_APPLICABLE
    unread = managed("s3:GetObject").model_copy(update={"unknown": {"document": "GetPolicyVersion denied"}})
    assert status("iam_managed_policy_service_wildcard", unread) is Status.ERROR
