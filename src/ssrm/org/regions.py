"""Per account: which regions to scan, which are disabled for the account, which an SCP denies.

A region can be absent from a member's scan for two different reasons, which the report keeps apart:
- *disabled for the account*: an opt-in region the account has not enabled (DescribeRegions says so);
- *denied by an SCP*: enabled, but the organization's service control policies deny requests there
  (evaluated from the SCPs attached on the account's path, with ``aws:RequestedRegion`` set).
An SCP whose outcome depends on keys ssrm cannot know (the caller's ARN, tags) leaves the region scanned.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from ssrm.iam import PolicyError, Principal, can
from ssrm.model import Gap
from ssrm.org.member import MemberAccess, MemberAccessError, member_session
from ssrm.sources.aws.clients import new_client
from ssrm.sources.aws.context import error_of
from ssrm.sources.aws.session import ENABLED_OPT_IN, HOME_REGION

ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
PROBE_ACTION = "ec2:DescribeInstances"


@dataclass
class AccountPlan:
    """The outcome of reaching one account: where to scan it, or the gap that stopped it."""

    account: str
    partition: str = "aws"
    regions: list[str] = field(default_factory=list)
    disabled_regions: list[str] = field(default_factory=list)
    scp_denied_regions: list[str] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    denied: Gap | None = None
    calls: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "account": self.account, "partition": self.partition, "regions": self.regions,
            "disabled_regions": self.disabled_regions, "scp_denied_regions": self.scp_denied_regions,
            "gaps": [g.model_dump(mode="json") for g in self.gaps],
            "denied": self.denied.model_dump(mode="json") if self.denied else None, "calls": self.calls,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AccountPlan:
        return cls(account=data["account"], partition=data.get("partition", "aws"), regions=list(data["regions"]),
                   disabled_regions=list(data["disabled_regions"]),
                   scp_denied_regions=list(data["scp_denied_regions"]),
                   gaps=[Gap.model_validate(g) for g in data.get("gaps") or []],
                   denied=Gap.model_validate(data["denied"]) if data.get("denied") else None,
                   calls=int(data.get("calls") or 0))


def scp_denied(account: str, partition: str, role_name: str, levels: Sequence[Sequence[dict[str, Any]]],
               regions: Sequence[str]) -> list[str]:
    """Regions where the SCPs above ``account`` definitely deny a read by the member role."""
    if not levels or any(not level for level in levels):
        return []  # an unreadable or empty level: nothing definite can be said
    try:
        principal = Principal(arn=f"arn:{partition}:iam::{account}:role/{role_name}", account=account,
                              identity_policies=[ALLOW_ALL], scps=[list(level) for level in levels])
        denied = []
        for region in regions:
            decision = can(principal, PROBE_ACTION, f"arn:{partition}:ec2:{region}:{account}:instance/*",
                           {"aws:RequestedRegion": region})
            if not decision.allowed:
                denied.append(region)
        return denied
    except PolicyError:
        return []


def plan_account(access: MemberAccess, account: str, requested: Sequence[str] | None,
                 levels: Sequence[Sequence[dict[str, Any]]], management: bool) -> AccountPlan:
    """Assume the member role, confirm the account answers, discover its regions."""
    plan = AccountPlan(account=account)
    try:
        session, partition = member_session(access, account)
    except MemberAccessError as exc:
        plan.denied = Gap(service="sts", region="global", api=exc.api, error=exc.code, message=exc.message,
                          account=account)
        return plan
    plan.partition = partition
    endpoint = access.options().endpoint
    config = Config(retries={"mode": "standard", "max_attempts": access.max_attempts or 3})
    home = HOME_REGION.get(partition, "us-east-1")
    try:
        plan.calls += 1
        identity = _client(session, access, "sts", endpoint_url=endpoint, config=config).get_caller_identity()
        if str(identity.get("Account")) != account:
            raise MemberAccessError("GetCallerIdentity", "WrongAccount",
                                    f"credentials answer for {identity.get('Account')}, not {account}")
    except (ClientError, BotoCoreError) as exc:
        code, message = error_of(exc)
        plan.denied = Gap(service="sts", region="global", api="GetCallerIdentity", error=code, message=message,
                          account=account)
        return plan
    except MemberAccessError as exc:
        plan.denied = Gap(service="sts", region="global", api=exc.api, error=exc.code, message=exc.message,
                          account=account)
        return plan
    status: dict[str, str] = {}
    try:
        plan.calls += 1
        ec2 = _client(session, access, "ec2", region_name=access.region or home, endpoint_url=endpoint,
                      config=config)
        for region in ec2.describe_regions(AllRegions=True)["Regions"]:
            status[region["RegionName"]] = region.get("OptInStatus", "opt-in-not-required")
    except (ClientError, BotoCoreError) as exc:
        code, message = error_of(exc)
        if code in ("AccessDenied", "UnauthorizedOperation", "AccessDeniedException"):
            plan.denied = Gap(service="ec2", region="global", api="DescribeRegions", error=code, message=message,
                              account=account)
            return plan
        plan.gaps.append(Gap(service="ec2", region="global", api="DescribeRegions", error=code, message=message,
                             account=account))
    candidates = list(dict.fromkeys(requested)) if requested else sorted(status) or [access.region or home]
    plan.disabled_regions = [r for r in candidates if status and status.get(r, "not-opted-in") not in ENABLED_OPT_IN]
    enabled = [r for r in candidates if r not in plan.disabled_regions]
    plan.scp_denied_regions = [] if management else scp_denied(account, partition, access.role_name, levels, enabled)
    plan.regions = [r for r in enabled if r not in plan.scp_denied_regions]
    return plan


def _client(session: boto3.Session, access: MemberAccess, service: str, **kwargs: Any) -> Any:
    client = new_client(session, service, **kwargs)
    if access.latency_seconds > 0:  # benchmarks: the same injected round trip as every other call
        client.meta.events.register("before-send", lambda **_: time.sleep(access.latency_seconds))
    return client
