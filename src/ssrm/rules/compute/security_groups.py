"""Security group rules: ports open to the whole internet, and default groups that still carry rules."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.compute.network import PortRule, SecurityGroup
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule
from ssrm.rules.compute.exposure import world_ingress
from ssrm.rules.compute.naming import named

DATABASE_PORTS = {
    3306: "MySQL", 5432: "PostgreSQL", 1433: "SQL Server", 1521: "Oracle", 27017: "MongoDB", 6379: "Redis",
    9200: "Elasticsearch", 5601: "Kibana", 11211: "Memcached",
}
HIGH_RISK_PORTS = {
    20: "FTP data", 21: "FTP", 23: "Telnet", 135: "MS RPC", 137: "NetBIOS", 138: "NetBIOS", 139: "NetBIOS",
    445: "SMB/CIFS", 2375: "Docker API", 2376: "Docker API (TLS)", 2379: "etcd", 5900: "VNC",
    10250: "kubelet",
}
WORLD_SKIPS = ("ingress limited to specific CIDRs, prefix lists or other security groups; egress rules; "
               "whether anything listens on the port")


def open_ports(group: SecurityGroup, ports: dict[int, str]) -> list[str]:
    """'3306 (MySQL) from 0.0.0.0/0' for each listed port the group opens to the internet."""
    found = []
    for port, label in ports.items():
        for permission in world_ingress(group, port):
            found.append(f"{port} ({label}) from {', '.join(permission.world_ranges)}")
            break
    return found


def every_port(permission: PortRule) -> bool:
    """A TCP or UDP permission spanning the whole port range (ICMP "all types" is not a port range)."""
    return (permission.protocol in ("tcp", "udp") and permission.from_port in (0, 1, None)
            and permission.to_port in (65535, None))


def revoke_cli(port: str) -> str:
    return (f"aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port {port} "
            "--cidr 0.0.0.0/0")


def judge_ports(group: SecurityGroup, ports: dict[int, str], what: str) -> Verdict:
    found = open_ports(group, ports)
    if found:
        return failed(f"{named(group)} admits the internet to {what}: " + "; ".join(found))
    return passed(f"{named(group)} opens no {what} to 0.0.0.0/0 or ::/0")


TF_RESTRICT = (
    'resource "aws_vpc_security_group_ingress_rule" "ssh" {\n'
    "  security_group_id = aws_security_group.this.id\n"
    '  ip_protocol       = "tcp"\n  from_port         = 22\n  to_port           = 22\n'
    '  cidr_ipv4         = "203.0.113.0/24" # the admin network, never 0.0.0.0/0\n}'
)


@rule(
    id="ec2_security_group_open_ssh",
    title="Security groups do not allow SSH (22) from the internet",
    resource_type=SecurityGroup, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1110", "T1190", "T1021.008"), phase=Phase.QUICK_WINS, smm="IP1.1",
    remediation=Remediation(
        text="Remove 0.0.0.0/0 and ::/0 from port 22; reach hosts through SSM Session Manager or a VPN.",
        cli=revoke_cli("22"), terraform=TF_RESTRICT),
    references=("CIS 6.3", "CIS 6.4", "FSBP EC2.13"), skips=WORLD_SKIPS,
)
def security_group_open_ssh(group: SecurityGroup, inv: Inventory) -> Verdict:
    """SSH open to the world invites brute force and exploitation of the SSH daemon."""
    return judge_ports(group, {22: "SSH"}, "SSH")


@rule(
    id="ec2_security_group_open_rdp",
    title="Security groups do not allow RDP (3389) from the internet",
    resource_type=SecurityGroup, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1110", "T1190", "T1021.008"), phase=Phase.QUICK_WINS, smm="IP1.1",
    remediation=Remediation(
        text="Remove 0.0.0.0/0 and ::/0 from port 3389; use Fleet Manager or a VPN for remote desktop.",
        cli=revoke_cli("3389"), terraform=TF_RESTRICT.replace("22", "3389").replace('"ssh"', '"rdp"')),
    references=("CIS 6.3", "CIS 6.4", "FSBP EC2.14"), skips=WORLD_SKIPS,
)
def security_group_open_rdp(group: SecurityGroup, inv: Inventory) -> Verdict:
    """RDP open to the world is a leading ransomware entry point."""
    return judge_ports(group, {3389: "RDP"}, "RDP")


@rule(
    id="ec2_security_group_open_database_ports",
    title="Security groups do not expose database ports to the internet",
    resource_type=SecurityGroup, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1110", "T1213.006"), phase=Phase.QUICK_WINS, smm="IP1.1",
    remediation=Remediation(
        text="Allow database ports only from the application's security group, never from 0.0.0.0/0.",
        cli=("aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port 3306 "
             "--cidr 0.0.0.0/0  # then: authorize-security-group-ingress --source-group <app-sg-id>"),
        terraform=('resource "aws_vpc_security_group_ingress_rule" "db" {\n'
                   "  security_group_id            = aws_security_group.db.id\n"
                   '  ip_protocol                  = "tcp"\n  from_port                    = 5432\n'
                   "  to_port                      = 5432\n"
                   "  referenced_security_group_id = aws_security_group.app.id\n}")),
    references=("FSBP EC2.19",),
    skips=WORLD_SKIPS + "; database services outside EC2 security groups (RDS public flag is judged there)",
)
def security_group_open_database_ports(group: SecurityGroup, inv: Inventory) -> Verdict:
    """Databases and caches reachable from anywhere are found by scanners within minutes."""
    return judge_ports(group, DATABASE_PORTS, "database ports")


@rule(
    id="ec2_security_group_open_high_risk_ports",
    title="Security groups do not expose high-risk service ports (Telnet, FTP, SMB, VNC, Docker...)",
    resource_type=SecurityGroup, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1021"), phase=Phase.QUICK_WINS, smm="IP1.1",
    remediation=Remediation(
        text="Close these ports to 0.0.0.0/0 and ::/0; expose only what the application serves.",
        cli=revoke_cli("445"), terraform=TF_RESTRICT.replace("22", "445").replace('"ssh"', '"smb"')),
    references=("FSBP EC2.19", "CIS 6.1.2"), skips=WORLD_SKIPS,
)
def security_group_open_high_risk_ports(group: SecurityGroup, inv: Inventory) -> Verdict:
    """Clear-text and remote-control protocols should never face the internet."""
    return judge_ports(group, HIGH_RISK_PORTS, "high-risk ports")


@rule(
    id="ec2_security_group_open_all_traffic",
    title="Security groups do not allow all ports or protocols from the internet",
    resource_type=SecurityGroup, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE,
    severity=Severity.CRITICAL, stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1046"),
    phase=Phase.QUICK_WINS, smm="IP1.1",
    remediation=Remediation(
        text="Replace the all-traffic rule with rules for the exact ports the workload serves.",
        cli="aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol all --cidr 0.0.0.0/0",
        terraform=TF_RESTRICT.replace("22", "443").replace('"ssh"', '"https"')),
    references=("FSBP EC2.18",), skips=WORLD_SKIPS,
)
def security_group_open_all_traffic(group: SecurityGroup, inv: Inventory) -> Verdict:
    """A rule for every port (or every protocol) from anywhere removes the firewall altogether."""
    wide = [p for p in group.ingress if p.world_ranges and (p.all_traffic or every_port(p))]
    if wide:
        rules = "; ".join(f"{p.describe_ports()} from {', '.join(p.world_ranges)}" for p in wide)
        return failed(f"{named(group)} admits the internet on {rules}")
    return passed(f"{named(group)} has no all-ports rule from the internet")


@rule(
    id="ec2_default_security_group_has_rules",
    title="Default security groups restrict all traffic",
    resource_type=SecurityGroup, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.MEDIUM,
    stage=Stage.DISCOVER_SPREAD, attack=("T1021", "T1046"), phase=Phase.FOUNDATIONAL, smm="IP2.1",
    remediation=Remediation(
        text="Remove every inbound and outbound rule from each VPC's default group and use purpose-made "
             "groups; anything launched without a group otherwise talks to everything else in the group.",
        cli=("aws ec2 revoke-security-group-ingress --group-id <default-sg-id> --ip-permissions "
             "\"$(aws ec2 describe-security-groups --group-ids <default-sg-id> "
             "--query 'SecurityGroups[0].IpPermissions')\"  # and the same with revoke-security-group-egress"),
        terraform=('resource "aws_default_security_group" "default" {\n'
                   "  vpc_id = aws_vpc.main.id\n  # no ingress or egress blocks: all rules are removed\n}")),
    references=("CIS 6.5", "FSBP EC2.2"),
    skips="non-default groups (judged by the open-port rules)",
)
def default_security_group_has_rules(group: SecurityGroup, inv: Inventory) -> Verdict:
    """Resources launched without an explicit group land in the default one; it should allow nothing."""
    if not group.is_default:
        return not_applicable("not a default security group")
    if group.ingress or group.egress:
        inbound = "; ".join(_describe(p) for p in group.ingress) or "none"
        outbound = "; ".join(_describe(p) for p in group.egress) or "none"
        return failed(f"default group {group.id} of {group.vpc_id} has rules: inbound {inbound}; "
                      f"outbound {outbound}")
    return passed(f"default group {group.id} of {group.vpc_id} has no rules")


def _describe(permission: PortRule) -> str:
    sources = [*permission.ipv4_ranges, *permission.ipv6_ranges, *permission.group_ids,
               *permission.prefix_list_ids]
    return f"{permission.describe_ports()} {'/'.join(sources) or 'no source'}"
