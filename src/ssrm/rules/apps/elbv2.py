"""Load balancer (elbv2) rules: what reaches the application in clear text, with old TLS, or unlogged."""

from __future__ import annotations

import re

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage, Status
from ssrm.model.resources.apps.elbv2 import LoadBalancerV2
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule

# Predefined security policies that still negotiate TLS 1.0 or 1.1, with their lowest protocol.
OUTDATED_TLS_POLICIES: dict[str, str] = {
    "ELBSecurityPolicy-2016-08": "TLSv1.0",
    "ELBSecurityPolicy-2015-05": "TLSv1.0",
    "ELBSecurityPolicy-TLS-1-0-2015-04": "TLSv1.0",
    "ELBSecurityPolicy-FS-2018-06": "TLSv1.0",
    "ELBSecurityPolicy-TLS13-1-0-2021-06": "TLSv1.0",
    "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04": "TLSv1.0",
    "ELBSecurityPolicy-TLS-1-1-2017-01": "TLSv1.1",
    "ELBSecurityPolicy-FS-1-1-2019-08": "TLSv1.1",
    "ELBSecurityPolicy-TLS13-1-1-2021-06": "TLSv1.1",
    "ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04": "TLSv1.1",
}
# Newer policy names carry their lowest version: ...-TLS13-1-2-..., ...-TLS-1-2-..., ...-FS-1-2-...
VERSION_IN_NAME = re.compile(r"(?:TLS13|TLS|FS)-1-([0-3])(?:-|$)")
POLICY_FLOOR = "ELBSecurityPolicy-TLS13-1-2-2021-06"


def lowest_tls(policy: str) -> str | None:
    """The lowest TLS version ``policy`` accepts, or None when ssrm does not know the policy."""
    if policy in OUTDATED_TLS_POLICIES:
        return OUTDATED_TLS_POLICIES[policy]
    match = VERSION_IN_NAME.search(policy)
    return f"TLSv1.{match.group(1)}" if match else None


@rule(
    id="elbv2_http_redirects_to_https",
    title="Application Load Balancer HTTP listeners redirect to HTTPS",
    resource_type=LoadBalancerV2, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    needs=("listeners",),
    remediation=Remediation(
        text="Make the HTTP listener's default action a permanent redirect to HTTPS:443.",
        cli="aws elbv2 modify-listener --listener-arn <listener> --default-actions "
            "'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'",
        terraform='resource "aws_lb_listener" "http" {\n  port     = 80\n  protocol = "HTTP"\n  default_action {\n'
                  '    type = "redirect"\n    redirect {\n      protocol    = "HTTPS"\n      port        = "443"\n'
                  '      status_code = "HTTP_301"\n    }\n  }\n}',
    ),
    references=("FSBP ELB.1",),
    skips="Network and Gateway Load Balancers (no HTTP listeners). Path-specific listener rules are not "
          "read: the default action decides.",
)
def http_redirects(lb: LoadBalancerV2, inv: Inventory) -> Verdict:
    """Plain HTTP carries sessions and credentials readable by anyone on the path."""
    if not lb.is_application:
        return not_applicable(f"{lb.lb_type} load balancer")
    http = [listener for listener in lb.listeners if listener.protocol == "HTTP"]
    if not http:
        return not_applicable("no HTTP listener")
    plain = [listener for listener in http if not listener.redirects_to_https]
    if plain:
        described = ", ".join(
            f"{listener.label} ({'+'.join(a.type for a in listener.default_actions) or 'no action'})"
            for listener in plain
        )
        return failed(f"HTTP listener serves without redirecting to HTTPS: {described}")
    return passed(", ".join(listener.label for listener in http) + " redirect to HTTPS")


@rule(
    id="elbv2_listener_outdated_tls_policy",
    title="HTTPS and TLS listeners refuse TLS 1.0 and 1.1",
    resource_type=LoadBalancerV2, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    needs=("listeners",),
    remediation=Remediation(
        text=f"Switch the listener to a TLS 1.2+ security policy such as {POLICY_FLOOR}.",
        cli=f"aws elbv2 modify-listener --listener-arn <listener> --ssl-policy {POLICY_FLOOR}",
        terraform=f'resource "aws_lb_listener" "https" {{\n  ssl_policy = "{POLICY_FLOOR}"\n}}',
    ),
    skips="Plain HTTP/TCP/UDP listeners (judged by elbv2_http_redirects_to_https where it applies).",
)
def listener_tls_policy(lb: LoadBalancerV2, inv: Inventory) -> Verdict:
    """TLS 1.0 and 1.1 have known weaknesses and are out of PCI DSS and most baselines."""
    tls = [listener for listener in lb.listeners if listener.terminates_tls]
    if not tls:
        return not_applicable("no HTTPS or TLS listener")
    outdated, unknown = [], []
    for listener in tls:
        lowest = lowest_tls(listener.ssl_policy or "")
        if lowest is None:
            unknown.append(f"{listener.label} {listener.ssl_policy or '(no policy)'}")
        elif lowest in {"TLSv1.0", "TLSv1.1"}:
            outdated.append(f"{listener.label} {listener.ssl_policy} (allows {lowest})")
    if outdated:
        return failed("outdated TLS policy: " + ", ".join(outdated))
    if unknown:
        return Verdict(Status.ERROR, "security policy not recognized, protocols unknown: " + ", ".join(unknown))
    return passed(", ".join(f"{listener.label} {listener.ssl_policy}" for listener in tls))


@rule(
    id="elbv2_drop_invalid_header_fields",
    title="Application Load Balancers drop invalid HTTP header fields",
    resource_type=LoadBalancerV2, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.QUICK_WINS, smm="AS1.1",
    needs=("drop_invalid_header_fields",),
    remediation=Remediation(
        text="Enable routing.http.drop_invalid_header_fields so malformed headers (request smuggling, "
             "header injection) never reach the targets.",
        cli="aws elbv2 modify-load-balancer-attributes --load-balancer-arn <lb> "
            "--attributes Key=routing.http.drop_invalid_header_fields.enabled,Value=true",
        terraform='resource "aws_lb" "this" {\n  drop_invalid_header_fields = true\n}',
    ),
    references=("FSBP ELB.4",),
    skips="Network and Gateway Load Balancers (they do not parse HTTP).",
)
def drops_invalid_headers(lb: LoadBalancerV2, inv: Inventory) -> Verdict:
    """Invalid header fields forwarded to targets enable HTTP desync and header-injection attacks."""
    if not lb.is_application:
        return not_applicable(f"{lb.lb_type} load balancer")
    if lb.drop_invalid_header_fields:
        return passed("invalid header fields are dropped")
    return failed("routing.http.drop_invalid_header_fields.enabled is false")


@rule(
    id="elbv2_deletion_protection",
    title="Load balancers have deletion protection",
    resource_type=LoadBalancerV2, layer=Layer.APPS, domain=Domain.RESILIENCY, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1489"), phase=Phase.QUICK_WINS, smm="RS1.1",
    needs=("deletion_protection",),
    remediation=Remediation(
        text="Enable deletion protection on production load balancers.",
        cli="aws elbv2 modify-load-balancer-attributes --load-balancer-arn <lb> "
            "--attributes Key=deletion_protection.enabled,Value=true",
        terraform='resource "aws_lb" "this" {\n  enable_deletion_protection = true\n}',
    ),
    references=("FSBP ELB.6",),
)
def deletion_protected(lb: LoadBalancerV2, inv: Inventory) -> Verdict:
    """One API call (or a stray terraform destroy) takes the front door down."""
    if lb.deletion_protection:
        return passed("deletion protection is on")
    return failed("deletion_protection.enabled is false")


@rule(
    id="elbv2_access_logs",
    title="Application Load Balancers write access logs",
    resource_type=LoadBalancerV2, layer=Layer.APPS, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1562.008"), phase=Phase.QUICK_WINS, smm="TD1.2",
    needs=("access_logs_enabled",),
    remediation=Remediation(
        text="Enable access logs to an S3 bucket whose policy lets the regional ELB log delivery write to it.",
        cli="aws elbv2 modify-load-balancer-attributes --load-balancer-arn <lb> --attributes "
            "Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=<log-bucket>",
        terraform='resource "aws_lb" "this" {\n  access_logs {\n    bucket  = aws_s3_bucket.lb_logs.id\n'
                  '    enabled = true\n  }\n}',
    ),
    references=("FSBP ELB.5", "CIS 4.10"),
    skips="Network and Gateway Load Balancers (access logs exist only for NLB TLS listeners).",
)
def access_logged(lb: LoadBalancerV2, inv: Inventory) -> Verdict:
    """Without access logs, exploitation attempts against the application leave no trace to investigate."""
    if not lb.is_application:
        return not_applicable(f"{lb.lb_type} load balancer")
    if lb.access_logs_enabled:
        return passed(f"access logs to s3://{lb.access_logs_bucket or '?'}")
    return failed("access_logs.s3.enabled is false")


DESYNC_ACCEPTED = ("defensive", "strictest")


@rule(
    id="elbv2_desync_mitigation_mode",
    title="Application Load Balancers use defensive or strictest desync mitigation",
    resource_type=LoadBalancerV2, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.QUICK_WINS, smm="AS1.1",
    needs=("desync_mitigation_mode",),
    remediation=Remediation(
        text="Set routing.http.desync_mitigation_mode to defensive (the default) or strictest.",
        cli="aws elbv2 modify-load-balancer-attributes --load-balancer-arn <lb> "
            "--attributes Key=routing.http.desync_mitigation_mode,Value=defensive",
        terraform='resource "aws_lb" "this" {\n  desync_mitigation_mode = "defensive"\n}',
    ),
    references=("FSBP ELB.12",),
    skips="Network and Gateway Load Balancers (they do not parse HTTP).",
)
def desync_mitigated(lb: LoadBalancerV2, inv: Inventory) -> Verdict:
    """In monitor mode ambiguous requests reach the targets, opening the door to HTTP request smuggling."""
    if not lb.is_application:
        return not_applicable(f"{lb.lb_type} load balancer")
    mode = lb.desync_mitigation_mode or "defensive"
    label = mode if lb.desync_mitigation_mode else "defensive (default)"
    if mode in DESYNC_ACCEPTED:
        return passed(f"desync mitigation mode {label}")
    return failed(f"desync mitigation mode is {mode}")


MIN_ZONES = 2


@rule(
    id="elbv2_multiple_availability_zones",
    title="Load balancers span at least two Availability Zones",
    resource_type=LoadBalancerV2, layer=Layer.APPS, domain=Domain.RESILIENCY, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1499",), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    needs=("availability_zones",),
    remediation=Remediation(
        text=f"Attach subnets in at least {MIN_ZONES} Availability Zones to the load balancer.",
        cli="aws elbv2 set-subnets --load-balancer-arn <lb> --subnets <subnet-az-a> <subnet-az-b>",
        terraform='resource "aws_lb" "this" {\n  subnets = [aws_subnet.a.id, aws_subnet.b.id]\n}',
    ),
    references=("FSBP ELB.13",),
)
def spans_zones(lb: LoadBalancerV2, inv: Inventory) -> Verdict:
    """A load balancer in a single zone goes down with that zone."""
    zones = sorted(set(lb.availability_zones))
    if len(zones) >= MIN_ZONES:
        return passed(f"{len(zones)} Availability Zones: {', '.join(zones)}")
    return failed(f"only {len(zones)} Availability Zone(s): {', '.join(zones) or 'none'}")
