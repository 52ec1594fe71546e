"""Classic Load Balancer rules (FSBP ELB.2, 3, 7, 9, 10, 14). Classic ELBs predate most of what elbv2 does;
the lasting advice is to migrate, and until then to terminate TLS with managed certificates."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.apps.elb import ClassicLoadBalancer
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule

SECURE = ("HTTPS", "SSL")
SAFE_DESYNC = ("defensive", "strictest")


@rule(
    id="elb_classic_acm_certificate",
    title="Classic Load Balancers with TLS listeners use certificates from ACM",
    resource_type=ClassicLoadBalancer, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1040",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("listeners",),
    remediation=Remediation(
        text="Request or import the certificate in ACM and set it on the HTTPS/SSL listeners, so it renews and "
             "its private key never leaves AWS.",
        cli="aws elb set-load-balancer-listener-ssl-certificate --load-balancer-name <LB> --load-balancer-port 443 "
            "--ssl-certificate-id <ACM_CERT_ARN>",
        terraform='resource "aws_elb" "this" {\n  listener {\n    lb_protocol        = "https"\n'
                  '    ssl_certificate_id = aws_acm_certificate.this.arn\n    # ...\n  }\n}',
    ),
    references=("FSBP ELB.2",),
    skips="Load balancers without HTTPS or SSL listeners.",
)
def classic_acm_certificate(lb: ClassicLoadBalancer, inv: Inventory) -> Verdict:
    """IAM server certificates are uploaded keys that nobody renews or rotates."""
    secure = [listener for listener in lb.listeners if listener.protocol in SECURE]
    if not secure:
        return not_applicable("no HTTPS or SSL listener")
    others = [f"{listener.protocol}/{listener.port}" for listener in secure
              if not (listener.certificate_id or "").startswith("arn:aws:acm:")]
    if others:
        return failed(f"listener(s) {', '.join(others)} use a certificate not issued or imported in ACM")
    return passed("every TLS listener uses an ACM certificate")


@rule(
    id="elb_classic_tls_listeners",
    title="Classic Load Balancer listeners terminate HTTPS or TLS",
    resource_type=ClassicLoadBalancer, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1040",), phase=Phase.QUICK_WINS, smm="DP1.1",
    needs=("listeners",),
    remediation=Remediation(
        text="Replace HTTP and TCP listeners by HTTPS or SSL listeners (redirect HTTP in the application, or "
             "better, migrate to an Application Load Balancer with an HTTP-to-HTTPS redirect).",
        cli="aws elb create-load-balancer-listeners --load-balancer-name <LB> --listeners "
            "Protocol=HTTPS,LoadBalancerPort=443,InstanceProtocol=HTTP,InstancePort=80,SSLCertificateId=<ARN>",
        terraform='resource "aws_elb" "this" {\n  listener {\n    lb_port     = 443\n    lb_protocol = "https"\n'
                  '    # ...\n  }\n}',
    ),
    references=("FSBP ELB.3",),
    skips="Load balancers with no listener.",
)
def classic_tls_listeners(lb: ClassicLoadBalancer, inv: Inventory) -> Verdict:
    """Plain HTTP or TCP listeners put session cookies and credentials on the wire in clear text."""
    if not lb.listeners:
        return not_applicable("no listener")
    plain = [f"{listener.protocol}/{listener.port}" for listener in lb.listeners if listener.protocol not in SECURE]
    if plain:
        return failed(f"listener(s) {', '.join(plain)} carry traffic unencrypted")
    return passed("every listener terminates HTTPS or TLS")


def _attribute_rule_text(label: str) -> str:
    return f"{label} is on"


@rule(
    id="elb_classic_connection_draining",
    title="Classic Load Balancers drain connections before deregistering instances",
    resource_type=ClassicLoadBalancer, layer=Layer.APPS, domain=Domain.RESILIENCY, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1499",), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    needs=("connection_draining",),
    remediation=Remediation(
        text="Enable connection draining (e.g. 300 seconds) so deployments do not cut users off.",
        cli="aws elb modify-load-balancer-attributes --load-balancer-name <LB> --load-balancer-attributes "
            "'{\"ConnectionDraining\":{\"Enabled\":true,\"Timeout\":300}}'",
        terraform='resource "aws_elb" "this" {\n  connection_draining         = true\n'
                  '  connection_draining_timeout = 300\n}',
    ),
    references=("FSBP ELB.7",),
)
def classic_connection_draining(lb: ClassicLoadBalancer, inv: Inventory) -> Verdict:
    """Without draining, every instance replacement drops the requests in flight."""
    if lb.connection_draining:
        return passed(_attribute_rule_text("connection draining"))
    return failed("connection draining is off: requests in flight are cut when an instance leaves")


@rule(
    id="elb_classic_cross_zone",
    title="Classic Load Balancers balance across Availability Zones",
    resource_type=ClassicLoadBalancer, layer=Layer.APPS, domain=Domain.RESILIENCY, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1499",), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    needs=("cross_zone",),
    remediation=Remediation(
        text="Enable cross-zone load balancing so one zone's instances are not overloaded while another's idle.",
        cli="aws elb modify-load-balancer-attributes --load-balancer-name <LB> --load-balancer-attributes "
            "'{\"CrossZoneLoadBalancing\":{\"Enabled\":true}}'",
        terraform='resource "aws_elb" "this" {\n  cross_zone_load_balancing = true\n}',
    ),
    references=("FSBP ELB.9",),
)
def classic_cross_zone(lb: ClassicLoadBalancer, inv: Inventory) -> Verdict:
    """Uneven load turns one zone's trouble into an outage."""
    if lb.cross_zone:
        return passed(_attribute_rule_text("cross-zone load balancing"))
    return failed("cross-zone load balancing is off")


@rule(
    id="elb_classic_multi_az",
    title="Classic Load Balancers span at least two Availability Zones",
    resource_type=ClassicLoadBalancer, layer=Layer.APPS, domain=Domain.RESILIENCY, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1499",), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    needs=("availability_zones",),
    remediation=Remediation(
        text="Enable a second Availability Zone (or subnet) on the load balancer and register instances there.",
        cli="aws elb enable-availability-zones-for-load-balancer --load-balancer-name <LB> "
            "--availability-zones <ZONE>",
        terraform='resource "aws_elb" "this" {\n  subnets = [aws_subnet.a.id, aws_subnet.b.id]\n}',
    ),
    references=("FSBP ELB.10",),
)
def classic_multi_az(lb: ClassicLoadBalancer, inv: Inventory) -> Verdict:
    """One zone is one failure away from no service at all."""
    zones = sorted(lb.availability_zones)
    if len(zones) >= 2:
        return passed(f"spans {', '.join(zones)}")
    return failed(f"spans only {', '.join(zones) or 'no zone'}")


@rule(
    id="elb_classic_desync_mitigation",
    title="Classic Load Balancers mitigate HTTP desync in defensive or strictest mode",
    resource_type=ClassicLoadBalancer, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.QUICK_WINS, smm="AS1.1",
    needs=("desync_mitigation_mode",),
    remediation=Remediation(
        text="Set the desync mitigation mode to defensive (the default) or strictest.",
        cli="aws elb modify-load-balancer-attributes --load-balancer-name <LB> --load-balancer-attributes "
            "'{\"AdditionalAttributes\":[{\"Key\":\"elb.http.desyncmitigationmode\",\"Value\":\"defensive\"}]}'",
        terraform='resource "aws_elb" "this" {\n  desync_mitigation_mode = "defensive"\n}',
    ),
    references=("FSBP ELB.14",),
)
def classic_desync(lb: ClassicLoadBalancer, inv: Inventory) -> Verdict:
    """Monitor mode lets ambiguous requests through: request smuggling against the backends."""
    if lb.desync_mitigation_mode in SAFE_DESYNC:
        return passed(f"desync mitigation mode {lb.desync_mitigation_mode}")
    return failed(f"desync mitigation mode is {lb.desync_mitigation_mode}: smuggled requests reach the backends")
