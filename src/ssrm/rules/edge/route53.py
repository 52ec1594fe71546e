"""Route 53 hosted zone rules: DNS query logging and DNSSEC signing of public zones."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.edge.route53 import Route53HostedZone
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule


@rule(
    id="route53_public_zone_query_logging", title="Route 53 public hosted zones log DNS queries",
    description=("Query logs show who resolves which names, useful to spot reconnaissance and data exfiltration over "
                 "DNS."),
    resource_type=Route53HostedZone, layer=Layer.NETWORKS, domain=Domain.THREAT_DETECTION,
    severity=Severity.MEDIUM, stage=Stage.RECON, attack=("T1526",),
    phase=Phase.QUICK_WINS, smm="TD1.2", needs=("query_log_group",),
    remediation=Remediation(
        text="Create a query logging configuration to a CloudWatch Logs group in us-east-1 (with a resource "
             "policy letting route53.amazonaws.com write).",
        cli="aws route53 create-query-logging-config --hosted-zone-id ZONE_ID "
            "--cloud-watch-logs-log-group-arn arn:aws:logs:us-east-1:ACCOUNT:log-group:/aws/route53/ZONE",
        terraform='resource "aws_route53_query_log" "this" {\n'
                  '  zone_id                  = aws_route53_zone.this.zone_id\n'
                  '  cloudwatch_log_group_arn = aws_cloudwatch_log_group.dns.arn\n}',
    ),
    references=("FSBP Route53.2",),
    skips="private hosted zones (Route 53 Resolver query logging covers them)",
)
def query_logging(zone: Route53HostedZone, inv: Inventory) -> Verdict:
    if zone.private:
        return not_applicable("private hosted zone")
    if zone.query_log_group:
        return passed(f"queries logged to {zone.query_log_group}")
    return failed(f"public zone {zone.label} does not log DNS queries")


@rule(
    id="route53_public_zone_dnssec", title="Route 53 public hosted zones are signed with DNSSEC",
    resource_type=Route53HostedZone, layer=Layer.NETWORKS, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.INITIAL_ACCESS, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    needs=("dnssec_status",), runtime_only=True,
    remediation=Remediation(
        text="Create a key-signing key (KMS key in us-east-1, ECC_NIST_P256), enable DNSSEC signing, then add "
             "the DS record at the parent zone or registrar.",
        cli="aws route53 create-key-signing-key --hosted-zone-id ZONE_ID --name ksk --status ACTIVE "
            "--key-management-service-arn KMS_KEY_ARN --caller-reference ref && "
            "aws route53 enable-hosted-zone-dnssec --hosted-zone-id ZONE_ID",
        terraform='resource "aws_route53_hosted_zone_dnssec" "this" {\n'
                  '  hosted_zone_id = aws_route53_key_signing_key.this.hosted_zone_id\n}',
    ),
    skips="private hosted zones; whether the parent zone publishes the DS record",
)
def dnssec(zone: Route53HostedZone, inv: Inventory) -> Verdict:
    """Unsigned answers can be spoofed or poisoned on the way to resolvers, redirecting your users."""
    if zone.private:
        return not_applicable("private hosted zone")
    if zone.dnssec_status == "SIGNING":
        return passed("DNSSEC signing")
    return failed(f"public zone {zone.label} DNSSEC status is {zone.dnssec_status}")
