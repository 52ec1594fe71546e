"""AWS Network Firewall (regional): firewalls with their logging, firewall policies, stateless rule groups.

Each listing returns names only, so every firewall, policy and rule group needs its own describe call.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.edge.networkfirewall import NetworkFirewall, NetworkFirewallPolicy, NetworkFirewallRuleGroup
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.edge._shared import tag_dict
from ssrm.sources.aws.context import CollectContext

FIREWALL = NetworkFirewall.resource_type
POLICY = NetworkFirewallPolicy.resource_type
RULE_GROUP = NetworkFirewallRuleGroup.resource_type


def collect(ctx: CollectContext) -> None:
    firewalls = ctx.pages("list_firewalls", "Firewalls", resource_types=(FIREWALL,))
    for firewall in ctx.parallel(lambda f: firewall_of(ctx, f), firewalls or []):
        ctx.add(firewall)
    policies = ctx.pages("list_firewall_policies", "FirewallPolicies", resource_types=(POLICY,))
    for policy in ctx.parallel(lambda p: policy_of(ctx, p), policies or []):
        if policy is not None:
            ctx.add(policy)
    groups = ctx.pages("list_rule_groups", "RuleGroups", Type="STATELESS", resource_types=(RULE_GROUP,))
    for group in ctx.parallel(lambda g: rule_group_of(ctx, g), groups or []):
        if group is not None:
            ctx.add(group)


def firewall_of(ctx: CollectContext, summary: dict[str, Any]) -> NetworkFirewall:
    arn, name = summary["FirewallArn"], summary.get("FirewallName", "")
    detail = ctx.call("describe_firewall", FirewallArn=arn, resource=name)
    logging = ctx.call("describe_logging_configuration", FirewallArn=arn, resource=name)
    firewall = detail.get("Firewall") or {}
    unknown: dict[str, str] = {}
    if not detail.ok:
        unknown.update(dict.fromkeys(("policy_arn", "deletion_protection", "policy_change_protection",
                                      "subnet_change_protection"), detail.reason))
    if not logging.ok:
        unknown["log_types"] = logging.reason
    destinations = (logging.get("LoggingConfiguration") or {}).get("LogDestinationConfigs") or []
    return NetworkFirewall(
        arn=arn, id=name, name=name, account=ctx.account, region=ctx.region, tags=tag_dict(firewall.get("Tags")),
        vpc_id=firewall.get("VpcId", ""), policy_arn=firewall.get("FirewallPolicyArn", ""),
        deletion_protection=bool(firewall.get("DeleteProtection")),
        policy_change_protection=bool(firewall.get("FirewallPolicyChangeProtection")),
        subnet_change_protection=bool(firewall.get("SubnetChangeProtection")),
        log_types=sorted({d["LogType"] for d in destinations if d.get("LogType") and d.get("LogDestination")}),
        unknown=unknown,
    )


def policy_of(ctx: CollectContext, summary: dict[str, Any]) -> NetworkFirewallPolicy | None:
    """The policy, or None when it cannot be described: the gap (no ``resource``, so it marks the region's policy
    listing incomplete) turns every policy rule there into ERROR; a policy judged on nothing would lie."""
    arn, name = summary["Arn"], summary.get("Name", "")
    reply = ctx.call("describe_firewall_policy", FirewallPolicyArn=arn, resource_types=(POLICY,))
    if not reply.ok:
        return None
    header, policy = reply.get("FirewallPolicyResponse") or {}, reply.get("FirewallPolicy") or {}
    return NetworkFirewallPolicy(
        arn=arn, id=name, name=name, account=ctx.account, region=ctx.region, tags=tag_dict(header.get("Tags")),
        stateless_rule_groups=[r["ResourceArn"] for r in policy.get("StatelessRuleGroupReferences") or []
                               if r.get("ResourceArn")],
        stateful_rule_groups=[r["ResourceArn"] for r in policy.get("StatefulRuleGroupReferences") or []
                              if r.get("ResourceArn")],
        stateless_default_actions=list(policy.get("StatelessDefaultActions") or []),
        stateless_fragment_default_actions=list(policy.get("StatelessFragmentDefaultActions") or []),
    )


def rule_group_of(ctx: CollectContext, summary: dict[str, Any]) -> NetworkFirewallRuleGroup | None:
    arn, name = summary["Arn"], summary.get("Name", "")
    reply = ctx.call("describe_rule_group", RuleGroupArn=arn, Type="STATELESS", resource_types=(RULE_GROUP,))
    if not reply.ok:
        return None
    header = reply.get("RuleGroupResponse") or {}
    source = (reply.get("RuleGroup") or {}).get("RulesSource") or {}
    rules = (source.get("StatelessRulesAndCustomActions") or {}).get("StatelessRules") or []
    return NetworkFirewallRuleGroup(
        arn=arn, id=name, name=name, account=ctx.account, region=ctx.region, tags=tag_dict(header.get("Tags")),
        group_type=header.get("Type", "STATELESS"), rule_count=len(rules),
    )


COLLECTOR = Collector(
    name="networkfirewall",
    client="network-firewall",
    scope="regional",
    resource_types=(FIREWALL, POLICY, RULE_GROUP),
    actions=("network-firewall:ListFirewalls", "network-firewall:DescribeFirewall",
             "network-firewall:DescribeLoggingConfiguration", "network-firewall:ListFirewallPolicies",
             "network-firewall:DescribeFirewallPolicy", "network-firewall:ListRuleGroups",
             "network-firewall:DescribeRuleGroup"),
    collect=collect,
    title="Network Firewall",
)
