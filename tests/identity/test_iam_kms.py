"""FSBP KMS.1 and KMS.2: policies that decrypt with every KMS key, and the statements that are scoped enough."""

from __future__ import annotations

from typing import Any

import pytest

from ssrm.engine import judge
from ssrm.model import Inventory, Resource, Status
from ssrm.model.resources.identity.iam import IamGroup, IamManagedPolicy, IamRole, IamUser, InlinePolicy
from ssrm.rules.catalog import find_rule

ACCOUNT = "123456789012"


def document(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def managed(doc: dict[str, Any], aws_managed: bool = False) -> IamManagedPolicy:
    return IamManagedPolicy(arn=f"arn:aws:iam::{ACCOUNT}:policy/p", id="p", name="p", account=ACCOUNT,
                            document=doc, aws_managed=aws_managed)


def verdict(rule_id: str, resource: Resource) -> Status:
    rule = find_rule(rule_id)
    assert rule is not None
    inventory = Inventory(account=ACCOUNT, regions=["us-east-1"])
    inventory.add([resource])
    return judge(rule, resource, inventory).status


@pytest.mark.parametrize(("doc", "expected"), [
    (document(allow("kms:Decrypt")), Status.FAIL),
    (document(allow("kms:*")), Status.FAIL),
    (document(allow("*")), Status.FAIL),
    (document(allow(["kms:ReEncrypt*"], "arn:aws:kms:*:123456789012:key/*")), Status.FAIL),
    (document({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}), Status.FAIL),
    (document({"Effect": "Allow", "Action": "kms:Decrypt", "NotResource": "arn:aws:kms:us-east-1:1:key/x"}),
     Status.FAIL),
    (document(allow("kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/1234abcd")), Status.PASS),
    (document(allow("kms:Decrypt", Condition={"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}})),
     Status.PASS),
    (document(allow("kms:Encrypt")), Status.PASS),
    (document({"Effect": "Allow", "NotAction": "kms:*", "Resource": "*"}), Status.PASS),
    (document({"Effect": "Deny", "Action": "kms:Decrypt", "Resource": "*"}), Status.PASS),
])
def test_customer_managed_policy(doc: dict[str, Any], expected: Status) -> None:
    assert verdict("iam_customer_policy_kms_decrypt_all_keys", managed(doc)) is expected


def test_aws_managed_policies_are_not_judged() -> None:
    policy = managed(document(allow("kms:Decrypt")), aws_managed=True)
    assert verdict("iam_customer_policy_kms_decrypt_all_keys", policy) is Status.NOT_APPLICABLE


@pytest.mark.parametrize(("kind", "cls"), [("user", IamUser), ("group", IamGroup), ("role", IamRole)])
def test_inline_policies_of_each_principal(kind: str, cls: type[IamUser | IamGroup | IamRole]) -> None:
    def principal(doc: dict[str, Any]) -> Resource:
        return cls(arn=f"arn:aws:iam::{ACCOUNT}:{kind}/x", id="x", name="x", account=ACCOUNT,
                   inline_policies=[InlinePolicy(name="inline", document=doc)])

    rule_id = f"iam_{kind}_inline_policy_kms_decrypt_all_keys"
    assert verdict(rule_id, principal(document(allow("kms:Decrypt")))) is Status.FAIL
    assert verdict(rule_id, principal(document(allow("kms:Decrypt", "arn:aws:kms:us-east-1:1:key/k")))) \
        is Status.PASS
