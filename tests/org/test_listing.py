"""Reading the organization: the OU tree level by level, policies and tags fetched side by side, the
same listing as a walk one call at a time would give."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from ssrm.demo.server import drop_iam_accounts
from ssrm.org.listing import read_organization
from ssrm.sources.aws.errors import UsageError

DENY_LEAVE = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}


def plant() -> tuple[Any, dict[str, str]]:
    org = boto3.client("organizations", region_name="us-east-1")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    workloads = org.create_organizational_unit(ParentId=root, Name="Workloads")["OrganizationalUnit"]["Id"]
    prod = org.create_organizational_unit(ParentId=workloads, Name="Prod")["OrganizationalUnit"]["Id"]
    payments = org.create_organizational_unit(ParentId=prod, Name="Payments")["OrganizationalUnit"]["Id"]
    sandbox = org.create_organizational_unit(ParentId=root, Name="Sandbox")["OrganizationalUnit"]["Id"]
    ids: dict[str, str] = {"root": root, "prod": prod, "payments": payments}
    for name, parent, tags in (("pay-1", payments, [{"Key": "env", "Value": "production"}]),
                               ("web", prod, []), ("try", sandbox, [{"Key": "owner", "Value": "kim"}])):
        status = org.create_account(AccountName=name, Email=f"{name}@example.com", Tags=tags)["CreateAccountStatus"]
        account = status["AccountId"]
        org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=parent)
        ids[name] = account
    policy = org.create_policy(Name="no-leave", Description="", Type="SERVICE_CONTROL_POLICY",
                               Content=json.dumps(DENY_LEAVE))["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=policy, TargetId=prod)
    ids["policy"] = policy
    return org, ids


@pytest.fixture(scope="module")
def planted() -> Iterator[tuple[Any, dict[str, str]]]:
    with mock_aws():
        yield plant()
        drop_iam_accounts()  # the reset would load every AWS managed policy into each new account first


def test_nested_units_accounts_policies_and_tags(planted: tuple[Any, dict[str, str]]) -> None:
    org, ids = planted
    listing = read_organization(org, concurrency=4)
    paths = [u.path for u in listing.units]
    assert paths == ["Root", "Root/Sandbox", "Root/Workloads", "Root/Workloads/Prod", "Root/Workloads/Prod/Payments"]
    payments = listing.account(ids["pay-1"])
    assert payments is not None
    assert payments.ou_path == "Root/Workloads/Prod/Payments"
    assert payments.parents[0] == ids["root"] and payments.parents[-2:] == [ids["prod"], ids["payments"]]
    assert payments.tags == {"env": "production"} and payments.environment == "prod"
    assert listing.account(ids["try"]).tags == {"owner": "kim"}  # type: ignore[union-attr]
    prod_unit = next(u for u in listing.units if u.id == ids["prod"])
    assert ids["policy"] in prod_unit.policy_ids
    assert [a.id for a in listing.accounts] == sorted(a.id for a in listing.accounts)
    levels = listing.levels(payments)
    assert DENY_LEAVE in levels[2], "the SCP attached to Prod applies two levels above the account"
    assert listing.calls >= 12 and not [g for g in listing.gaps if g.api != "ListDelegatedAdministrators"]


def test_a_refused_tag_read_is_a_gap_not_a_lost_listing(planted: tuple[Any, dict[str, str]],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    org, ids = planted
    real = org.list_tags_for_resource

    def refuse_one(**params: Any) -> Any:
        if params["ResourceId"] == ids["web"]:
            raise org.exceptions.AccessDeniedException({"Error": {"Code": "AccessDeniedException",
                                                                  "Message": "no"}}, "ListTagsForResource")
        return real(**params)

    monkeypatch.setattr(org, "can_paginate", lambda operation: False)
    monkeypatch.setattr(org, "list_tags_for_resource", refuse_one)
    listing = read_organization(org)
    assert len(listing.accounts) == 4
    assert [g.api for g in listing.gaps if g.error == "AccessDeniedException"] == ["ListTagsForResource"]


def test_a_refused_account_listing_stops_with_one_clear_error(planted: tuple[Any, dict[str, str]],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    org, _ = planted

    def refuse(**params: Any) -> Any:
        raise org.exceptions.AccessDeniedException({"Error": {"Code": "AccessDeniedException", "Message": "no"}},
                                                   "ListAccountsForParent")

    monkeypatch.setattr(org, "can_paginate", lambda operation: False)
    monkeypatch.setattr(org, "list_accounts_for_parent", refuse)
    with pytest.raises(UsageError, match="list_accounts_for_parent: AccessDeniedException"):
        read_organization(org)
