"""Resource control policies cap access within a member account, as the attack graph sees it.

The Capital One world (a web host whose role may read a confidential bucket) placed in a member account of
an organization: an RCP that caps reads to tagged principals cuts the path, one that only keeps outsiders
out leaves it (the role is an insider), and the management account's resources are never capped.
"""

from __future__ import annotations

from typing import Any

from ssrm.model import Resource
from ssrm.model.resources.identity.organizations import OrgAccount, Organization, OrgPolicy, OrgUnit
from ssrm.paths import build_graph, find_paths
from tests.builders import ACCOUNT, doc, inventory
from tests.paths.test_paths_and_plan import capital_one

RCP_FULL = doc({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"})
TAGGED_READERS_ONLY = doc({"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*",
                           "Condition": {"StringNotEquals": {"aws:PrincipalTag/data-reader": "true"}}})
INSIDERS_ONLY = doc({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                     "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-shop"},
                                   "Bool": {"aws:PrincipalIsAWSService": "false"}}})
EC2_ONLY_DENY = doc({"Effect": "Deny", "Principal": "*", "Action": "ec2:*", "Resource": "*"})


def org_records(rcp: dict[str, Any], *, management: bool = False) -> list[Resource]:
    """The member account ``ACCOUNT`` under OU Workloads, with ``rcp`` attached to that OU."""
    manager = ACCOUNT if management else "999988887777"
    return [
        Organization(arn="arn:aws:organizations::999988887777:organization/o-shop", id="o-shop", account=manager,
                     management_account=manager, feature_set="ALL"),
        OrgUnit(arn="root", id="r-1", name="Root", path="Root", policy_ids=["p-rcp-full"]),
        OrgUnit(arn="ou", id="ou-work", name="Workloads", parent_id="r-1", path="Root/Workloads",
                policy_ids=["p-rcp-full", "p-cap"]),
        OrgPolicy(arn="p1", id="p-rcp-full", name="RCPFullAWSAccess", kind="RCP", document=RCP_FULL,
                  targets=["r-1", "ou-work", ACCOUNT]),
        OrgPolicy(arn="p2", id="p-cap", name="cap", kind="RCP", document=rcp, targets=["ou-work"]),
        OrgAccount(arn=f"arn:aws:organizations::{manager}:account/o-shop/{ACCOUNT}", id=ACCOUNT, name="shop",
                   account=ACCOUNT, management=management, parents=["r-1", "ou-work"], ou_path="Root/Workloads",
                   policy_ids=["p-rcp-full"]),
    ]


def paths_to_data(rcp: dict[str, Any] | None, *, management: bool = False) -> list[Any]:
    inv, findings, _, data = capital_one()
    if rcp is not None:
        inv = inventory(*inv.resources, *org_records(rcp, management=management))
    return [p for p in find_paths(build_graph(inv, findings)) if p.nodes[-1] == data.arn]


def test_without_an_rcp_the_web_role_reads_the_bucket() -> None:
    assert len(paths_to_data(None)) == 1


def test_rcp_capping_reads_to_tagged_principals_cuts_the_path_within_the_account() -> None:
    assert paths_to_data(TAGGED_READERS_ONLY) == []


def test_rcp_keeping_outsiders_out_leaves_the_insider_path_unconditional() -> None:
    found = paths_to_data(INSIDERS_ONLY)
    assert len(found) == 1
    assert not any(e.conditional for e in found[0].edges), "the role's organization is known: no open condition"


def test_rcps_do_not_cap_the_management_account_nor_other_services() -> None:
    assert len(paths_to_data(TAGGED_READERS_ONLY, management=True)) == 1
    assert len(paths_to_data(EC2_ONLY_DENY)) == 1
