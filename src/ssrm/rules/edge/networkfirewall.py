"""Network Firewall rules: logging and protection of firewalls, defaults and contents of policies and rule
groups."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.edge.networkfirewall import NetworkFirewall, NetworkFirewallPolicy, NetworkFirewallRuleGroup
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule

# Stateless defaults that do not let unmatched packets straight through.
SAFE_DEFAULTS = ("aws:drop", "aws:forward_to_sfe")
POLICY_CLI = ("aws network-firewall update-firewall-policy --firewall-policy-name POLICY --update-token TOKEN "
              "--firewall-policy file://policy.json")
POLICY_TF = 'resource "aws_networkfirewall_firewall_policy" "this" {{\n  firewall_policy {{\n{}\n  }}\n}}'
FIREWALL_TF = 'resource "aws_networkfirewall_firewall" "this" {{\n{}\n}}'


@rule(
    id="networkfirewall_firewall_logging", title="Network Firewall firewalls send logs to a destination",
    description=("Flow and alert logs are the record of what the firewall saw and blocked; without them its work "
                 "leaves no evidence."),
    resource_type=NetworkFirewall, layer=Layer.NETWORKS, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1562.008", "T1048"), phase=Phase.OPTIMIZED, smm="TD4.2",
    needs=("log_types",),
    remediation=Remediation(
        text="Send at least the ALERT and FLOW logs to CloudWatch Logs, S3 or Firehose.",
        cli="aws network-firewall update-logging-configuration --firewall-name FW --logging-configuration "
            "'LogDestinationConfigs=[{LogType=FLOW,LogDestinationType=S3,LogDestination={bucketName=BUCKET}}]'",
        terraform='resource "aws_networkfirewall_logging_configuration" "this" {\n'
                  '  firewall_arn = aws_networkfirewall_firewall.this.arn\n  logging_configuration {\n'
                  '    log_destination_config {\n      log_type             = "FLOW"\n'
                  '      log_destination_type = "S3"\n      log_destination      = { bucketName = "BUCKET" }\n'
                  '    }\n  }\n}',
    ),
    references=("FSBP NetworkFirewall.2",),
)
def firewall_logging(firewall: NetworkFirewall, inv: Inventory) -> Verdict:
    if firewall.log_types:
        return passed(f"logs {', '.join(firewall.log_types)}")
    return failed(f"firewall {firewall.label} sends no logs")


@rule(
    id="networkfirewall_firewall_deletion_protection", title="Network Firewall firewalls have deletion protection",
    description=("Deletion protection stops the firewall, and the inspection it provides, from disappearing with one "
                 "call."),
    resource_type=NetworkFirewall, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.MEDIUM,
    stage=Stage.CONTROL, attack=("T1562.007",), phase=Phase.EFFICIENT, smm="IP3.3",
    needs=("deletion_protection",),
    remediation=Remediation(
        text="Turn on deletion protection.",
        cli="aws network-firewall update-firewall-delete-protection --firewall-name FW --delete-protection",
        terraform=FIREWALL_TF.format("  delete_protection = true"),
    ),
    references=("FSBP NetworkFirewall.9",),
)
def deletion_protection(firewall: NetworkFirewall, inv: Inventory) -> Verdict:
    if firewall.deletion_protection:
        return passed("deletion protection on")
    return failed(f"firewall {firewall.label} can be deleted without first turning protection off")


@rule(
    id="networkfirewall_firewall_change_protection",
    description=("Change protection stops the firewall's policy and subnet associations from being changed by mistake "
                 "or by an intruder covering tracks."),
    title="Network Firewall firewalls protect their policy and subnets from change",
    resource_type=NetworkFirewall, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.LOW,
    stage=Stage.CONTROL, attack=("T1562.007",), phase=Phase.EFFICIENT, smm="IP3.3",
    needs=("policy_change_protection", "subnet_change_protection"),
    remediation=Remediation(
        text="Turn on firewall policy change protection and subnet change protection.",
        cli="aws network-firewall update-firewall-policy-change-protection --firewall-name FW "
            "--firewall-policy-change-protection && aws network-firewall update-subnet-change-protection "
            "--firewall-name FW --subnet-change-protection",
        terraform=FIREWALL_TF.format("  firewall_policy_change_protection = true\n"
                                     "  subnet_change_protection          = true"),
    ),
)
def change_protection(firewall: NetworkFirewall, inv: Inventory) -> Verdict:
    off = [name for name, on in (("policy", firewall.policy_change_protection),
                                 ("subnet", firewall.subnet_change_protection)) if not on]
    if off:
        return failed(f"firewall {firewall.label} has {' and '.join(off)} change protection off")
    return passed("policy and subnet change protection on")


@rule(
    id="networkfirewall_policy_has_rule_groups", title="Network Firewall policies have at least one rule group",
    description="A policy with no rule group inspects nothing, so traffic passes as if there were no firewall.",
    resource_type=NetworkFirewallPolicy, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE,
    severity=Severity.MEDIUM, stage=Stage.EXFILTRATE, attack=("T1048",), phase=Phase.EFFICIENT, smm="IP3.3",
    remediation=Remediation(
        text="Reference at least one stateless or stateful rule group from the policy.",
        cli=POLICY_CLI,
        terraform=POLICY_TF.format('    stateful_rule_group_reference {\n'
                                   '      resource_arn = aws_networkfirewall_rule_group.egress.arn\n    }'),
    ),
    references=("FSBP NetworkFirewall.3",),
)
def policy_has_rule_groups(policy: NetworkFirewallPolicy, inv: Inventory) -> Verdict:
    count = len(policy.stateless_rule_groups) + len(policy.stateful_rule_groups)
    if count:
        return passed(f"{count} rule group(s)")
    return failed(f"firewall policy {policy.label} references no rule group")


@rule(
    id="networkfirewall_policy_stateless_default_drop",
    description=("Packets that match no stateless rule should be dropped or sent to stateful inspection, never passed "
                 "uninspected."),
    title="Network Firewall policies drop or forward unmatched full packets",
    resource_type=NetworkFirewallPolicy, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE,
    severity=Severity.MEDIUM, stage=Stage.EXFILTRATE, attack=("T1048",), phase=Phase.EFFICIENT, smm="IP3.3",
    remediation=Remediation(
        text="Set the stateless default action for full packets to aws:forward_to_sfe (or aws:drop).",
        cli=POLICY_CLI,
        terraform=POLICY_TF.format('    stateless_default_actions = ["aws:forward_to_sfe"]'),
    ),
    references=("FSBP NetworkFirewall.4",),
)
def stateless_default(policy: NetworkFirewallPolicy, inv: Inventory) -> Verdict:
    if any(a in SAFE_DEFAULTS for a in policy.stateless_default_actions):
        return passed(f"default {', '.join(policy.stateless_default_actions)}")
    shown = ", ".join(policy.stateless_default_actions) or "none"
    return failed(f"firewall policy {policy.label} passes unmatched packets (default {shown})")


@rule(
    id="networkfirewall_policy_stateless_fragment_drop",
    description=("Fragments are a classic way to slip past inspection; unmatched fragments should be dropped or "
                 "inspected."),
    title="Network Firewall policies drop or forward unmatched fragmented packets",
    resource_type=NetworkFirewallPolicy, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE,
    severity=Severity.MEDIUM, stage=Stage.EXFILTRATE, attack=("T1048",), phase=Phase.EFFICIENT, smm="IP3.3",
    remediation=Remediation(
        text="Set the stateless default action for fragmented packets to aws:forward_to_sfe (or aws:drop).",
        cli=POLICY_CLI,
        terraform=POLICY_TF.format('    stateless_fragment_default_actions = ["aws:forward_to_sfe"]'),
    ),
    references=("FSBP NetworkFirewall.5",),
)
def stateless_fragment_default(policy: NetworkFirewallPolicy, inv: Inventory) -> Verdict:
    if any(a in SAFE_DEFAULTS for a in policy.stateless_fragment_default_actions):
        return passed(f"fragment default {', '.join(policy.stateless_fragment_default_actions)}")
    shown = ", ".join(policy.stateless_fragment_default_actions) or "none"
    return failed(f"firewall policy {policy.label} passes unmatched fragments (default {shown})")


@rule(
    id="networkfirewall_rule_group_not_empty", title="Network Firewall stateless rule groups contain rules",
    description="An empty rule group looks like protection in the policy but matches nothing.",
    resource_type=NetworkFirewallRuleGroup, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE,
    severity=Severity.MEDIUM, stage=Stage.EXFILTRATE, attack=("T1048",), phase=Phase.EFFICIENT, smm="IP3.3",
    remediation=Remediation(
        text="Add rules to the stateless rule group, or remove it from the policies that reference it.",
        cli="aws network-firewall update-rule-group --rule-group-name GROUP --type STATELESS --update-token TOKEN "
            "--rule-group file://rules.json",
        terraform='resource "aws_networkfirewall_rule_group" "this" {\n  type = "STATELESS"\n  rule_group {\n'
                  '    rules_source {\n      stateless_rules_and_custom_actions {\n        stateless_rule {\n'
                  '          priority = 1\n        }\n      }\n    }\n  }\n}',
    ),
    references=("FSBP NetworkFirewall.6",),
    skips="stateful rule groups",
)
def rule_group_not_empty(group: NetworkFirewallRuleGroup, inv: Inventory) -> Verdict:
    if group.group_type != "STATELESS":
        return not_applicable(f"{group.group_type} rule group")
    if group.rule_count:
        return passed(f"{group.rule_count} rule(s)")
    return failed(f"stateless rule group {group.label} has no rules")
