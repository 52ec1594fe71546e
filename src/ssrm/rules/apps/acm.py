"""ACM certificate rules: expiry and key strength."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.apps.acm import AcmCertificate
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule

EXPIRY_WARNING = timedelta(days=30)
MIN_RSA_BITS = 2048


def _now() -> datetime:
    return datetime.now(UTC)


@rule(
    id="acm_certificate_expiry",
    title="ACM certificates are not expired or about to expire",
    resource_type=AcmCertificate, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    remediation=Remediation(
        text="Renew or re-import the certificate (prefer an ACM-issued, DNS-validated certificate that renews "
             "itself), then delete expired certificates.",
        cli="aws acm request-certificate --domain-name <domain> --validation-method DNS",
        terraform='resource "aws_acm_certificate" "this" {\n  domain_name       = "<domain>"\n'
                  '  validation_method = "DNS"\n  lifecycle {\n    create_before_destroy = true\n  }\n}',
    ),
    references=("FSBP ACM.1",),
    skips="ACM-issued certificates eligible for managed renewal are not flagged before they expire: ACM "
          "renews them. Certificates still pending validation have no validity yet.",
)
def certificate_expiry(cert: AcmCertificate, inv: Inventory) -> Verdict:
    """An expired certificate breaks TLS and trains users to click through warnings (man in the middle)."""
    if cert.status in {"PENDING_VALIDATION", "VALIDATION_TIMED_OUT", "FAILED"} and cert.certificate_type != "IMPORTED":
        return not_applicable(f"certificate is {cert.status}")
    if cert.not_after is None:
        return not_applicable(f"no validity end date (status {cert.status or 'unknown'})")
    now = _now()
    end = cert.not_after.isoformat(timespec="minutes")
    if cert.status == "EXPIRED" or cert.not_after <= now:
        return failed(f"{cert.domain_name} expired on {end}")
    left = cert.not_after - now
    if left <= EXPIRY_WARNING:
        if cert.certificate_type == "AMAZON_ISSUED" and cert.renewal_eligibility == "ELIGIBLE":
            return passed(f"expires {end}; ACM renews it automatically")
        return failed(f"{cert.domain_name} expires in {left.days} days ({end}) and will not renew itself")
    return passed(f"valid until {end}")


@rule(
    id="acm_certificate_rsa_key_length",
    title=f"RSA certificates in ACM use keys of at least {MIN_RSA_BITS} bits",
    resource_type=AcmCertificate, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    remediation=Remediation(
        text="Replace the certificate with one using an RSA 2048+ or ECDSA P-256+ key and move its users "
             "to it.",
        cli="aws acm request-certificate --domain-name <domain> --validation-method DNS --key-algorithm RSA_2048",
        terraform='resource "aws_acm_certificate" "this" {\n  domain_name       = "<domain>"\n'
                  '  validation_method = "DNS"\n  key_algorithm     = "RSA_2048"\n}',
    ),
    references=("FSBP ACM.2",),
    skips="Elliptic-curve certificates (every curve ACM offers is strong enough).",
)
def certificate_key_length(cert: AcmCertificate, inv: Inventory) -> Verdict:
    """Keys shorter than 2048 bits can be factored by a motivated attacker."""
    bits = cert.rsa_key_bits
    if bits is None:
        if not cert.key_algorithm:
            return not_applicable("key algorithm not reported")
        return passed(f"{cert.key_algorithm} key")
    if bits < MIN_RSA_BITS:
        return failed(f"{cert.domain_name} uses {cert.key_algorithm} (< RSA {MIN_RSA_BITS})")
    return passed(f"{cert.key_algorithm} key")
