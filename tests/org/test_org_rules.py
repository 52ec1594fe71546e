"""Organization rules, integrations and selection on hand-built records (no emulator)."""

from __future__ import annotations

import json

import pytest

from ssrm.engine import evaluate
from ssrm.model import Inventory, Status
from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.data.s3 import S3Bucket
from ssrm.model.resources.identity.iam import IamOidcProvider, IamRole
from ssrm.model.resources.identity.organizations import OrgAccount, Organization, OrgPolicy, OrgUnit
from ssrm.org.assess import org_rules
from ssrm.org.integrations import find_integrations
from ssrm.org.listing import OrgListing, classify_environment, select_accounts
from ssrm.org.regions import scp_denied
from ssrm.rules.catalog import builtin_rules
from ssrm.sources.aws.errors import UsageError

MGMT, PROD, DEV = "111111111111", "222222222222", "333333333333"
FULL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
GUARD = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": [
    "organizations:LeaveOrganization", "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "guardduty:DeleteDetector",
    "guardduty:DisassociateFromAdministratorAccount", "config:StopConfigurationRecorder",
    "config:DeleteConfigurationRecorder", "securityhub:DisableSecurityHub"], "Resource": "*"}]}
REGIONS = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*",
                                                   "Condition": {"StringNotEquals": {
                                                       "aws:RequestedRegion": ["eu-west-1"]}}}]}


def trust(principal: dict[str, object], condition: dict[str, object] | None = None) -> dict[str, object]:
    statement: dict[str, object] = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [statement]}


def organization(prod_policies: list[str]) -> list[object]:
    return [
        Organization(arn="arn:aws:organizations::111111111111:organization/o-1", id="o-1", account=MGMT,
                     management_account=MGMT, feature_set="ALL"),
        OrgUnit(arn="r", id="r-1", name="Root", path="Root", policy_ids=["p-full"]),
        OrgUnit(arn="ou-p", id="ou-prod", name="Prod", parent_id="r-1", path="Root/Prod", policy_ids=prod_policies),
        OrgUnit(arn="ou-d", id="ou-dev", name="Dev", parent_id="r-1", path="Root/Dev", policy_ids=["p-full"]),
        OrgPolicy(arn="p1", id="p-full", name="FullAWSAccess", document=FULL, targets=["r-1"]),
        OrgPolicy(arn="p2", id="p-guard", name="guard", document=GUARD, targets=["ou-prod"]),
        OrgPolicy(arn="p3", id="p-regions", name="regions", document=REGIONS, targets=["ou-prod"]),
        OrgAccount(arn="a0", id=MGMT, name="management", account=MGMT, management=True, parents=["r-1"],
                   ou_path="Root", policy_ids=["p-full"]),
        OrgAccount(arn="a1", id=PROD, name="shop-prod", account=PROD, parents=["r-1", "ou-prod"],
                   ou_path="Root/Prod", policy_ids=["p-full"], environment="prod"),
        OrgAccount(arn="a2", id=DEV, name="shop-dev", account=DEV, parents=["r-1", "ou-dev"], ou_path="Root/Dev",
                   policy_ids=["p-full"], environment="non-prod"),
    ]


def judged(records: list[object], *extra: object) -> dict[tuple[str, str], tuple[Status, str]]:
    inventory = Inventory(account=MGMT, regions=["us-east-1"], services=None)
    inventory.add([*records, *extra])  # type: ignore[list-item]
    return {(f.rule_id, f.account): (f.status, f.reason) for f in evaluate(inventory, org_rules(builtin_rules()))}


def test_scp_guardrails_pass_where_attached_and_fail_elsewhere() -> None:
    found = judged(organization(["p-full", "p-guard", "p-regions"]))
    assert found[("organizations_scp_deny_leave_organization", PROD)][0] is Status.PASS
    assert found[("organizations_scp_protect_security_services", PROD)][0] is Status.PASS
    assert found[("organizations_scp_region_restriction", PROD)][0] is Status.PASS
    assert found[("organizations_scp_deny_leave_organization", DEV)][0] is Status.FAIL
    status, reason = found[("organizations_scp_protect_security_services", DEV)]
    assert status is Status.FAIL and "cloudtrail:StopLogging" in reason
    assert found[("organizations_scp_deny_leave_organization", MGMT)][0] is Status.NOT_APPLICABLE


def test_unreadable_scp_is_error_not_pass() -> None:
    records = organization(["p-full", "p-guard"])
    records = [r.model_copy(update={"unknown": {"document": "DescribePolicy failed"}})
               if isinstance(r, OrgPolicy) and r.id == "p-guard" else r for r in records]
    assert judged(records)[("organizations_scp_deny_leave_organization", PROD)][0] is Status.ERROR


def test_management_workloads_trail_and_prod_trust() -> None:
    instance = Instance(arn=f"arn:aws:ec2:us-east-1:{MGMT}:instance/i-1", id="i-1", account=MGMT, region="us-east-1")
    role = IamRole(arn=f"arn:aws:iam::{PROD}:role/deployer", id="deployer", name="deployer", account=PROD,
                   trust_policy=trust({"AWS": f"arn:aws:iam::{DEV}:root"}))
    found = judged(organization(["p-full"]), instance, role)
    assert found[("organizations_management_account_no_workloads", MGMT)][0] is Status.FAIL
    assert found[("organizations_organization_trail", MGMT)][0] is Status.FAIL
    status, reason = found[("organizations_prod_nonprod_no_trust", PROD)]
    assert status is Status.FAIL and DEV in reason
    assert found[("organizations_prod_nonprod_no_trust", DEV)][0] is Status.PASS


def test_sensitive_data_beside_internet_facing_host() -> None:
    bucket = S3Bucket(arn="arn:aws:s3:::customers", id="customers", account=PROD,
                      tags={"data-classification": "restricted"})
    host = Instance(arn=f"arn:aws:ec2:us-east-1:{PROD}:instance/i-2", id="i-2", account=PROD, region="us-east-1",
                    public_ips=("54.1.2.3",))
    found = judged(organization(["p-full"]), bucket, host)
    assert found[("organizations_sensitive_data_apart_from_internet", PROD)][0] is Status.FAIL
    assert found[("organizations_sensitive_data_apart_from_internet", DEV)][0] is Status.NOT_APPLICABLE


def test_scp_denied_regions() -> None:
    levels = [[FULL], [FULL, REGIONS], [FULL]]
    assert scp_denied(PROD, "aws", "Audit", levels, ["eu-west-1", "us-east-1"]) == ["us-east-1"]
    assert scp_denied(PROD, "aws", "Audit", [[FULL], []], ["us-east-1"]) == [], "an empty level proves nothing"


def test_integrations_vendor_github_and_insiders() -> None:
    provider = IamOidcProvider(arn=f"arn:aws:iam::{DEV}:oidc-provider/token.actions.githubusercontent.com",
                               id="gh", account=DEV, url="https://token.actions.githubusercontent.com")
    gh_trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": provider.arn}, "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/shop:*"}}}]}
    roles = [
        IamRole(arn=f"arn:aws:iam::{DEV}:role/datadog", id="dd", name="datadog", account=DEV,
                trust_policy=trust({"AWS": "arn:aws:iam::464622532012:root"})),
        IamRole(arn=f"arn:aws:iam::{DEV}:role/gh", id="gh", name="gh", account=DEV, trust_policy=gh_trust),
        IamRole(arn=f"arn:aws:iam::{DEV}:role/ops", id="ops", name="ops", account=DEV,
                trust_policy=trust({"AWS": f"arn:aws:iam::{MGMT}:root"})),
        IamRole(arn=f"arn:aws:iam::{DEV}:role/anyone", id="any", name="anyone", account=DEV,
                trust_policy=trust({"AWS": "*"})),
    ]
    grant = {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::shared/*"}
    bucket = S3Bucket(arn="arn:aws:s3:::shared", id="shared", account=DEV,
                      policy={"Version": "2012-10-17", "Statement": [grant]})
    inventory = Inventory(account=MGMT, regions=["us-east-1"])
    inventory.add([*organization(["p-full"]), provider, *roles, bucket])  # type: ignore[list-item]
    report = find_integrations(inventory).as_dict()
    by_resource = {(i["resource"], i["party"]): i for i in report["integrations"]}
    vendor = by_resource[(roles[0].arn, "464622532012")]
    assert vendor["party_name"] == "Datadog" and not vendor["locked"] and vendor["severity"] == "high"
    github = by_resource[(roles[1].arn, provider.arn)]
    assert github["locked"] and github["severity"] == "info", "a sub condition locks the GitHub trust"
    assert not any(i["party"] == MGMT for i in report["integrations"]), "organization accounts are insiders"
    assert by_resource[(roles[3].arn, "public")]["severity"] == "critical"
    shared = by_resource[(bucket.arn, "999999999999")]
    assert shared["party_name"] == "unknown account" and "999999999999" in report["unknown_accounts"]
    assert json.dumps(report)


def test_selection_by_account_ou_and_exclusion() -> None:
    records = organization(["p-full"])
    listing = OrgListing(organization=records[0], units=[r for r in records if isinstance(r, OrgUnit)],  # type: ignore[arg-type]
                         accounts=[r for r in records if isinstance(r, OrgAccount)],
                         policies=[r for r in records if isinstance(r, OrgPolicy)])
    assert [a.id for a in select_accounts(listing, [], ["Prod"], [])] == [PROD]
    assert [a.id for a in select_accounts(listing, ["shop-dev"], [], [])] == [DEV]
    assert {a.id for a in select_accounts(listing, [], [], ["Root/Dev"])} == {MGMT, PROD}
    with pytest.raises(UsageError, match="no account or OU"):
        select_accounts(listing, ["nope"], [], [])


def test_environment_from_tags_then_ou() -> None:
    assert classify_environment({"Environment": "Production"}, "Root/Workloads", "x") == "prod"
    assert classify_environment({}, "Root/Workloads/NonProd", "x") == "non-prod"
    assert classify_environment({}, "Root/Workloads", "shop-preprod") == "non-prod"
    assert classify_environment({}, "Root/Security", "log-archive") == ""
