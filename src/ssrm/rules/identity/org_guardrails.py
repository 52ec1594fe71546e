"""Organization rules: judged on the records an organization scan adds (``AWS::Organizations::Account``).

They find nothing in a single-account inventory (no such records) and run once on the merged inventory of
``ssrm scan --org``: SCP guardrails per member account (evaluated with the IAM evaluator over the SCPs on
the account's path), the organization trail, delegated administrators, a management account without
workloads, sensitive data apart from internet-facing workloads, production apart from non-production.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ssrm.iam import PolicyError, Principal, can
from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Resource, Severity, Stage, UnknownField
from ssrm.model.resources.apps.awslambda import LambdaFunction
from ssrm.model.resources.apps.elbv2 import LoadBalancerV2
from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.containers.ecs import EcsCluster
from ssrm.model.resources.containers.eks import EksCluster
from ssrm.model.resources.data.dynamodb import DynamoDBTable
from ssrm.model.resources.data.rds import RdsDbCluster, RdsDbInstance
from ssrm.model.resources.data.s3 import S3Bucket
from ssrm.model.resources.data.secretsmanager import Secret
from ssrm.model.resources.identity.cloudtrail import CloudTrailTrail
from ssrm.model.resources.identity.iam import IamRole
from ssrm.model.resources.identity.organizations import OrgAccount, OrgPolicy, OrgUnit
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule

ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
SECURITY_SERVICE_ACTIONS = {
    "CloudTrail": ("cloudtrail:StopLogging", "cloudtrail:DeleteTrail"),
    "GuardDuty": ("guardduty:DeleteDetector", "guardduty:DisassociateFromAdministratorAccount"),
    "Config": ("config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder"),
    "Security Hub": ("securityhub:DisableSecurityHub",),
}
DELEGATED_SERVICES = {
    "GuardDuty": "guardduty.amazonaws.com",
    "Security Hub": "securityhub.amazonaws.com",
    "IAM Access Analyzer": "access-analyzer.amazonaws.com",
    "Config": "config.amazonaws.com",
}
WORKLOAD_TYPES: tuple[type[Resource], ...] = (Instance, LambdaFunction, EcsCluster, EksCluster, RdsDbInstance,
                                              RdsDbCluster, LoadBalancerV2, DynamoDBTable)
DATA_TYPES: tuple[type[Resource], ...] = (S3Bucket, RdsDbInstance, RdsDbCluster, DynamoDBTable, Secret)
SENSITIVE_TAG_KEYS = ("data-classification", "dataclassification", "classification", "sensitivity",
                      "data-sensitivity")
SENSITIVE_VALUES = ("secret", "restricted", "pii", "confidential", "sensitive")


def _require(inv: Inventory, account: str, types: Iterable[str]) -> None:
    """ERROR (not PASS/FAIL) when the listing of one of ``types`` failed in ``account``."""
    wanted = set(types)
    for gap in inv.gaps:
        if gap.resource is None and (gap.account in (None, account)) and wanted & set(gap.resource_types):
            raise UnknownField(next(iter(wanted & set(gap.resource_types))), f"listing failed: {gap.describe()}")


def scp_levels(inv: Inventory, account: OrgAccount) -> list[list[dict[str, Any]]]:
    """SCP documents at each level from the root to the account; UnknownField when one could not be read."""
    policies = {p.id: p for p in inv.of_type(OrgPolicy) if p.kind == "SCP"}
    units = {u.id: u for u in inv.of_type(OrgUnit)}
    levels = []
    for attached in [*(units[p].policy_ids if p in units else [] for p in account.parents), account.policy_ids]:
        level = []
        for policy_id in attached:
            policy = policies.get(policy_id)
            if policy is None:
                continue
            policy.need("document", "targets")
            level.append(policy.document)
        levels.append(level)
    return levels


def _denied(account: OrgAccount, inv: Inventory, action: str, principal_arn: str | None = None,
            context: dict[str, Any] | None = None) -> bool:
    """Do the SCPs above the account definitely deny ``action`` to a principal that is otherwise allowed it?"""
    levels = scp_levels(inv, account)
    if any(not level for level in levels):
        return False
    arn = principal_arn or f"arn:aws:iam::{account.id}:role/any-role"
    try:
        principal = Principal(arn=arn, account=account.id, identity_policies=[ALLOW_ALL], scps=levels)
        return not can(principal, action, "*", context).allowed
    except PolicyError as exc:
        raise UnknownField("document", f"an SCP could not be parsed: {exc}") from exc


def _member_only(account: OrgAccount) -> Verdict | None:
    if account.management:
        return not_applicable("SCPs do not apply to the management account")
    return None


SCP_FIX = Remediation(
    text="Attach an SCP at the root (or each OU) that denies it; exempt only a break-glass role by "
         "aws:PrincipalArn.",
    cli="aws organizations create-policy --type SERVICE_CONTROL_POLICY --name guardrails --content file://scp.json "
        "&& aws organizations attach-policy --policy-id <POLICY_ID> --target-id <ROOT_ID>",
    terraform='resource "aws_organizations_policy" "guardrails" {\n  type    = "SERVICE_CONTROL_POLICY"\n'
              '  content = data.aws_iam_policy_document.guardrails.json\n}',
)


@rule(
    id="organizations_scp_deny_leave_organization", title="An SCP stops member accounts leaving the organization",
    resource_type=OrgAccount, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.CONTROL, attack=("T1666",), phase=Phase.FOUNDATIONAL, smm="IA2.1", needs=("assessed",),
    uses=(OrgPolicy, OrgUnit), remediation=SCP_FIX,
)
def scp_deny_leave(account: OrgAccount, inv: Inventory) -> Verdict:
    """An account that leaves takes itself out of every guardrail and the organization trail."""
    if (skip := _member_only(account)) is not None:
        return skip
    if _denied(account, inv, "organizations:LeaveOrganization"):
        return passed(f"the SCPs above {account.id} deny organizations:LeaveOrganization")
    return failed(f"no SCP above {account.id} ({account.ou_path}) denies organizations:LeaveOrganization")


@rule(
    id="organizations_scp_protect_security_services",
    title="SCPs stop member accounts disabling CloudTrail, GuardDuty, Config and Security Hub",
    resource_type=OrgAccount, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.CONTROL, attack=("T1562.008", "T1562.001"), phase=Phase.FOUNDATIONAL, smm="IA2.1",
    needs=("assessed",), uses=(OrgPolicy, OrgUnit), remediation=SCP_FIX,
)
def scp_protect_security(account: OrgAccount, inv: Inventory) -> Verdict:
    """Whoever takes an account over first turns off what would see them."""
    if (skip := _member_only(account)) is not None:
        return skip
    open_ = [f"{service} ({action})" for service, actions in SECURITY_SERVICE_ACTIONS.items()
             for action in actions if not _denied(account, inv, action)]
    if open_:
        return failed(f"the SCPs above {account.id} leave these open: {', '.join(open_)}")
    return passed(f"the SCPs above {account.id} deny disabling CloudTrail, GuardDuty, Config and Security Hub")


@rule(
    id="organizations_scp_region_restriction", title="An SCP confines member accounts to the regions in use",
    resource_type=OrgAccount, layer=Layer.CLOUD, domain=Domain.GOVERNANCE, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1535",), phase=Phase.QUICK_WINS, smm="SG1.2", needs=("assessed",),
    uses=(OrgPolicy, OrgUnit), remediation=SCP_FIX,
    skips="the regions an SCP allows are not compared with the regions the account uses",
)
def scp_region_restriction(account: OrgAccount, inv: Inventory) -> Verdict:
    """Unused regions are where attackers mine and hide."""
    if (skip := _member_only(account)) is not None:
        return skip
    probe = "ap-southeast-3"
    if _denied(account, inv, "ec2:RunInstances", context={"aws:RequestedRegion": probe}):
        return passed(f"the SCPs above {account.id} deny requests in regions outside an allowed list")
    return failed(f"no SCP above {account.id} restricts regions (a request in {probe} is not denied)")


@rule(
    id="organizations_scp_deny_root_user", title="An SCP denies the root user of member accounts",
    resource_type=OrgAccount, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1078.004",), phase=Phase.QUICK_WINS, smm="IA1.2", needs=("assessed",),
    uses=(OrgPolicy, OrgUnit), remediation=SCP_FIX,
)
def scp_deny_root(account: OrgAccount, inv: Inventory) -> Verdict:
    """Member accounts' root users are rarely needed and often unwatched."""
    if (skip := _member_only(account)) is not None:
        return skip
    root = f"arn:aws:iam::{account.id}:root"
    if _denied(account, inv, "iam:CreateAccessKey", principal_arn=root,
               context={"aws:PrincipalArn": root, "aws:PrincipalType": "Account"}):
        return passed(f"the SCPs above {account.id} deny its root user")
    return failed(f"no SCP above {account.id} denies actions of its root user")


def _management_only(account: OrgAccount) -> Verdict | None:
    return None if account.management else not_applicable("judged on the management account")


@rule(
    id="organizations_organization_trail", title="An organization trail records every account",
    resource_type=OrgAccount, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.HIGH,
    stage=Stage.CONTROL, attack=("T1562.008",), phase=Phase.QUICK_WINS, smm="TD1.2", needs=("assessed",),
    uses=(CloudTrailTrail,),
    remediation=Remediation(text="Create a multi-region organization trail in the management account (or its "
                                 "delegated administrator) and keep it logging.",
                            cli="aws cloudtrail create-trail --name org-trail --s3-bucket-name <BUCKET> "
                                "--is-organization-trail --is-multi-region-trail",
                            terraform='resource "aws_cloudtrail" "org" {\n  name                  = "org-trail"\n'
                                      '  s3_bucket_name        = var.trail_bucket\n  is_organization_trail = true\n'
                                      '  is_multi_region_trail = true\n}'),
)
def organization_trail(account: OrgAccount, inv: Inventory) -> Verdict:
    """One trail that member accounts cannot turn off."""
    if (skip := _management_only(account)) is not None:
        return skip
    _require(inv, account.id, [CloudTrailTrail.resource_type])
    trails = [t for t in inv.of_type(CloudTrailTrail) if t.organization_trail]
    logging = [t for t in trails if t.logging and t.multi_region]
    if logging:
        return passed(f"organization trail {logging[0].name or logging[0].id} is multi-region and logging")
    if trails:
        return failed(f"organization trail {trails[0].name or trails[0].id} is not logging in every region")
    return failed("no organization trail: each account's logging is only as good as that account keeps it")


@rule(
    id="organizations_delegated_security_admins",
    title="Security services are administered from a delegated account, not the management account",
    resource_type=OrgAccount, layer=Layer.CLOUD, domain=Domain.INFRASTRUCTURE, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1078.004",), phase=Phase.FOUNDATIONAL, smm="IP2.4", needs=("assessed",),
    remediation=Remediation(text="Register a security tooling account as delegated administrator of GuardDuty, "
                                 "Security Hub, IAM Access Analyzer and Config.",
                            cli="aws organizations register-delegated-administrator --account-id <SECURITY_ACCOUNT> "
                                "--service-principal guardduty.amazonaws.com",
                            terraform='resource "aws_guardduty_organization_admin_account" "security" {\n'
                                      '  admin_account_id = var.security_account_id\n}'),
)
def delegated_admins(account: OrgAccount, inv: Inventory) -> Verdict:
    """Day-to-day security work then never needs the management account."""
    if (skip := _management_only(account)) is not None:
        return skip
    delegated = {s for a in inv.of_type(OrgAccount) if not a.management for s in a.delegated_services}
    missing = [name for name, principal in DELEGATED_SERVICES.items() if principal not in delegated]
    if missing:
        return failed(f"no delegated administrator for {', '.join(missing)}")
    return passed("GuardDuty, Security Hub, IAM Access Analyzer and Config have a delegated administrator")


@rule(
    id="organizations_management_account_no_workloads", title="The management account runs no workloads",
    resource_type=OrgAccount, layer=Layer.CLOUD, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.DISCOVER_SPREAD, attack=("T1078.004",), phase=Phase.FOUNDATIONAL, smm="IP2.4", needs=("assessed",),
    uses=(Instance, LambdaFunction), remediation=Remediation(
        text="Move workloads out of the management account: SCPs do not apply there and its roles can reach "
             "every member account.",
        cli="aws organizations create-account --account-name <WORKLOAD> --email <EMAIL>  # then move the workload",
        terraform='resource "aws_organizations_account" "workload" {\n  name  = "workload"\n'
                  '  email = var.workload_email\n}'),
)
def management_no_workloads(account: OrgAccount, inv: Inventory) -> Verdict:
    """A compromised workload in the management account is a compromised organization."""
    if (skip := _management_only(account)) is not None:
        return skip
    scanned = [t for t in WORKLOAD_TYPES if inv.scanned(t.service)]
    _require(inv, account.id, [t.resource_type for t in scanned])
    found = [r for t in scanned for r in inv.of_type(t) if r.account == account.id]
    if found:
        names = ", ".join(f"{r.label} ({r.resource_type})" for r in found[:5])
        return failed(f"the management account runs {len(found)} workload resources: {names}")
    if not scanned:
        return not_applicable("no workload service was scanned")
    missing = sorted({t.service for t in WORKLOAD_TYPES} - {t.service for t in scanned})
    return passed(f"the management account runs no workloads in {', '.join(sorted({t.service for t in scanned}))}"
                  + (f" (not scanned: {', '.join(missing)})" if missing else ""))


def _sensitive(resource: Resource) -> bool:
    return any(k.lower() in SENSITIVE_TAG_KEYS and v.lower() in SENSITIVE_VALUES for k, v in resource.tags.items())


def _internet_facing(inv: Inventory, account: str) -> list[Resource]:
    found: list[Resource] = [i for i in inv.of_type(Instance) if i.account == account and i.has_public_ip]
    found += [lb for lb in inv.of_type(LoadBalancerV2) if lb.account == account and lb.internet_facing]
    found += [f for f in inv.of_type(LambdaFunction) if f.account == account and f.function_urls]
    return found


@rule(
    id="organizations_sensitive_data_apart_from_internet",
    title="Sensitive data stores do not share an account with internet-facing workloads",
    resource_type=OrgAccount, layer=Layer.CLOUD, domain=Domain.INFRASTRUCTURE, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="IP2.4", needs=("assessed",),
    uses=(Instance, LoadBalancerV2, LambdaFunction, S3Bucket),
    skips="sensitivity comes from tags (data-classification and similar); untagged stores are not judged",
    remediation=Remediation(text="Segment accounts by data sensitivity: keep sensitive stores in accounts that "
                                 "expose nothing to the internet, reached through narrow cross-account roles.",
                            cli="aws organizations create-account --account-name <DATA_ACCOUNT> --email <EMAIL>  "
                                "# then move the sensitive stores there",
                            terraform='resource "aws_organizations_account" "data" {\n  name  = "data"\n'
                                      '  email = var.data_email\n}'),
)
def sensitive_apart(account: OrgAccount, inv: Inventory) -> Verdict:
    """The account boundary is the strongest one AWS offers: use it between exposure and data."""
    exposure: tuple[type[Resource], ...] = (Instance, LoadBalancerV2, LambdaFunction)
    _require(inv, account.id, [t.resource_type for t in (*DATA_TYPES, *exposure)])
    sensitive = [r for t in DATA_TYPES for r in inv.of_type(t) if r.account == account.id and _sensitive(r)]
    if not sensitive:
        return not_applicable(f"account {account.id} holds no data store tagged sensitive")
    exposed = _internet_facing(inv, account.id)
    if exposed:
        return failed(f"account {account.id} holds sensitive {sensitive[0].label} and internet-facing "
                      f"{exposed[0].label} ({len(exposed)} exposed in all)")
    unscanned = sorted({t.service for t in exposure if not inv.scanned(t.service)})
    if unscanned:  # nothing exposed among what was read does not mean nothing is exposed
        return not_applicable(f"{', '.join(unscanned)} not scanned: exposure of account {account.id} unknown")
    return passed(f"account {account.id} holds {len(sensitive)} sensitive stores and nothing internet-facing")


@rule(
    id="organizations_prod_nonprod_no_trust", title="Production and non-production accounts do not trust each other",
    resource_type=OrgAccount, layer=Layer.CLOUD, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.DISCOVER_SPREAD, attack=("T1550.001",), phase=Phase.FOUNDATIONAL, smm="IP2.4", needs=("assessed",),
    uses=(IamRole,),
    skips="environments come from account tags, else OU or account names; accounts with neither are not judged",
    remediation=Remediation(text="Remove the trust; deploy to production from a pipeline account, not from "
                                 "development.",
                            cli="aws iam update-assume-role-policy --role-name <ROLE> --policy-document file://trust.json",
                            terraform='resource "aws_iam_role" "deployer" {\n'
                                      '  assume_role_policy = data.aws_iam_policy_document.same_environment.json\n}'),
)
def prod_nonprod_trust(account: OrgAccount, inv: Inventory) -> Verdict:
    """A foothold in development must not be a foothold in production."""
    from ssrm.iam import trusts

    if account.environment not in ("prod", "non-prod"):
        return not_applicable(f"account {account.id} is neither production nor non-production by its tags or OU")
    _require(inv, account.id, [IamRole.resource_type])
    other = {a.id for a in inv.of_type(OrgAccount) if a.environment not in ("", account.environment)}
    crossing = []
    for role in inv.of_type(IamRole):
        if role.account != account.id or not role.trust_policy or role.service_linked:
            continue
        try:
            entries = trusts(role.trust_policy, account.id)
        except PolicyError:
            role.need("trust_policy")
            continue
        crossing += [f"{role.name} trusts {e.account}" for e in entries if e.account in other]
    if crossing:
        return failed(f"{account.environment} account {account.id}: {'; '.join(crossing[:5])}")
    return passed(f"no role of {account.environment} account {account.id} trusts the other environment")
