"""Network ACL rules: stateless subnet firewalls that let the internet reach administration ports."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.compute.network import NetworkAcl
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.compute.exposure import ADMIN_PORTS, acl_decision
from ssrm.rules.compute.naming import named


@rule(
    id="ec2_network_acl_open_admin_ports",
    title="Network ACLs do not allow ingress from 0.0.0.0/0 to SSH or RDP",
    resource_type=NetworkAcl, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1110", "T1190"), phase=Phase.FOUNDATIONAL, smm="IP2.1",
    remediation=Remediation(
        text="Add a deny entry for ports 22 and 3389 from 0.0.0.0/0 (and ::/0) numbered below the broad "
             "allow, or narrow the allow to the admin network.",
        cli=("aws ec2 create-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number 50 "
             "--protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny"),
        terraform=('resource "aws_network_acl_rule" "deny_ssh" {\n'
                   "  network_acl_id = aws_network_acl.main.id\n  rule_number    = 50\n"
                   '  egress         = false\n  protocol       = "tcp"\n  rule_action    = "deny"\n'
                   '  cidr_block     = "0.0.0.0/0"\n  from_port      = 22\n  to_port        = 22\n}')),
    references=("CIS 6.2", "FSBP EC2.21"),
    skips="entries for narrower CIDRs (they do not decide for the whole internet); egress entries",
)
def network_acl_open_admin_ports(acl: NetworkAcl, inv: Inventory) -> Verdict:
    """Entries are read in rule-number order: a lower-numbered deny for the internet wins over an allow."""
    opened = []
    for port in ADMIN_PORTS:
        entry = acl_decision(acl, port)
        if entry is not None and entry.allows:
            source = entry.cidr or entry.ipv6_cidr
            opened.append(f"{port} (entry {entry.rule_number} allows {source})")
    if opened:
        return failed(f"network ACL {named(acl)} admits the internet to " + ", ".join(opened))
    return passed(f"network ACL {named(acl)} admits no internet traffic to ports 22 or 3389")


@rule(
    id="ec2_network_acl_unused",
    title="Network ACLs not associated with any subnet are removed",
    resource_type=NetworkAcl, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.LOW,
    stage=Stage.DISCOVER_SPREAD, attack=("T1562.007",), phase=Phase.FOUNDATIONAL, smm="IP2.1",
    needs=("subnet_ids",),
    remediation=Remediation(
        text="Delete network ACLs that no subnet uses, so nobody attaches a forgotten, unreviewed rule set.",
        cli="aws ec2 delete-network-acl --network-acl-id <acl-id>",
        terraform="# remove the unused aws_network_acl resource from the configuration"),
    references=("FSBP EC2.16",),
    skips="none: default ACLs left without subnets count as unused too",
)
def network_acl_unused(acl: NetworkAcl, inv: Inventory) -> Verdict:
    """Unused ACLs are unreviewed rule sets waiting to be attached by mistake."""
    if acl.subnet_ids:
        return passed(f"network ACL {named(acl)} is associated with {len(acl.subnet_ids)} subnet(s)")
    default = " (the VPC's default)" if acl.is_default else ""
    return failed(f"network ACL {named(acl)}{default} is associated with no subnet")
