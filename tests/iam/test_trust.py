"""trusts: who may assume a role and what guards them."""

from __future__ import annotations

from typing import Any

from ssrm.iam import trusts
from tests.iam.helpers import ACCOUNT, OTHER


def trust(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def assume(principal: Any, action: Any = "sts:AssumeRole", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Principal": principal, "Action": action, **extra}


def test_service_principal() -> None:
    [entry] = trusts(trust(assume({"Service": "lambda.amazonaws.com"})))
    assert (entry.kind, entry.value, entry.external_id) == ("service", "lambda.amazonaws.com", False)
    assert entry.actions == ("sts:AssumeRole",)


def test_other_account_with_and_without_external_id() -> None:
    guarded = assume({"AWS": f"arn:aws:iam::{OTHER}:root"}, Condition={"StringEquals": {"sts:ExternalId": "x"}})
    open_ = assume({"AWS": "999988887777"})
    entries = trusts(trust(guarded, open_), account=ACCOUNT)
    by_account = {entry.account: entry for entry in entries}
    assert by_account[OTHER].kind == "account" and by_account[OTHER].external_id
    assert by_account[OTHER].cross_account and by_account[OTHER].restricted
    assert not by_account["999988887777"].external_id and not by_account["999988887777"].conditional


def test_same_account_role_is_not_cross_account() -> None:
    [entry] = trusts(trust(assume({"AWS": f"arn:aws:iam::{ACCOUNT}:role/ci"})), account=ACCOUNT)
    assert (entry.kind, entry.cross_account) == ("aws", False)


def test_anyone_and_not_principal() -> None:
    [anyone] = trusts(trust(assume("*")), account=ACCOUNT)
    assert anyone.kind == "anyone" and anyone.cross_account
    [everyone_but] = trusts(trust({"Effect": "Allow", "NotPrincipal": {"AWS": OTHER}, "Action": "sts:AssumeRole"}))
    assert everyone_but.kind == "anyone"


def test_federated_web_identity_and_mfa() -> None:
    provider = f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"
    entries = trusts(
        trust(
            assume(
                {"Federated": provider},
                "sts:AssumeRoleWithWebIdentity",
                Condition={"StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/*"}},
            ),
            assume(
                {"AWS": f"arn:aws:iam::{ACCOUNT}:user/admin"},
                Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}},
            ),
        )
    )
    federated, user = entries
    assert federated.kind == "federated" and federated.actions == ("sts:AssumeRoleWithWebIdentity",)
    assert federated.conditional and "token.actions.githubusercontent.com:sub" in federated.condition_keys
    assert user.mfa and not federated.mfa


def test_wildcard_action_and_unrelated_statements() -> None:
    entries = trusts(
        trust(
            assume({"Service": "ec2.amazonaws.com"}, "sts:*"),
            assume({"Service": "ecs.amazonaws.com"}, "sts:TagSession"),
        )
    )
    assert [entry.value for entry in entries] == ["ec2.amazonaws.com"]
    assert set(entries[0].actions) == {"sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"}


def test_unconditional_deny_removes_a_principal() -> None:
    entries = trusts(
        trust(
            assume({"AWS": [OTHER, "999988887777"]}),
            {"Effect": "Deny", "Principal": {"AWS": OTHER}, "Action": "sts:AssumeRole"},
        )
    )
    assert [entry.value for entry in entries] == ["999988887777"]
