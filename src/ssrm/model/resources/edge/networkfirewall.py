"""AWS Network Firewall: firewalls, their policies and rule groups."""

from __future__ import annotations

from pydantic import Field

from ssrm.model.resource import Resource, resource_type


@resource_type
class NetworkFirewall(Resource):
    resource_type = "AWS::NetworkFirewall::Firewall"
    service = "network-firewall"

    vpc_id: str = ""
    policy_arn: str = ""
    deletion_protection: bool = False
    policy_change_protection: bool = False
    subnet_change_protection: bool = False
    log_types: list[str] = Field(default_factory=list)  # ALERT | FLOW | TLS with a destination


@resource_type
class NetworkFirewallPolicy(Resource):
    resource_type = "AWS::NetworkFirewall::FirewallPolicy"
    service = "network-firewall"

    stateless_rule_groups: list[str] = Field(default_factory=list)
    stateful_rule_groups: list[str] = Field(default_factory=list)
    stateless_default_actions: list[str] = Field(default_factory=list)
    stateless_fragment_default_actions: list[str] = Field(default_factory=list)


@resource_type
class NetworkFirewallRuleGroup(Resource):
    resource_type = "AWS::NetworkFirewall::RuleGroup"
    service = "network-firewall"

    group_type: str = "STATELESS"  # STATELESS | STATEFUL
    rule_count: int = 0
