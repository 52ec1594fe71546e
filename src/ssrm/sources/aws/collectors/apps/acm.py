"""ACM: ListCertificates (every key type, not only the default RSA_2048 filter) and DescribeCertificate per
certificate, the only call that says what uses it. Certificate tags are not collected."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ssrm.model.resources.apps.acm import AcmCertificate
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

CERTIFICATE = AcmCertificate.resource_type
# Without an explicit filter ListCertificates returns only RSA_2048 certificates: weak keys would hide.
ALL_KEY_TYPES = ("RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1")


def collect(ctx: CollectContext) -> None:
    summaries = ctx.pages("list_certificates", "CertificateSummaryList", resource_types=(CERTIFICATE,),
                          Includes={"keyTypes": list(ALL_KEY_TYPES)})
    if not summaries:
        return
    for certificate in ctx.parallel(lambda summary: _certificate(ctx, summary), summaries):
        ctx.add(certificate)


def _certificate(ctx: CollectContext, summary: dict[str, Any]) -> AcmCertificate:
    arn = summary["CertificateArn"]
    reply = ctx.call("describe_certificate", CertificateArn=arn, resource=arn)
    unknown: dict[str, str] = {}
    if not reply.ok:
        # The summary still says almost everything; only the list of users is missing.
        unknown["in_use_by"] = reply.reason
    detail: dict[str, Any] = {**summary, **(reply.get("Certificate") or {})}
    sans = detail.get("SubjectAlternativeNames") or detail.get("SubjectAlternativeNameSummaries") or ()
    in_use_by = tuple(detail.get("InUseBy") or ())
    return AcmCertificate(
        arn=arn, id=arn.rsplit("/", 1)[-1], name=detail.get("DomainName", ""), account=ctx.account,
        region=ctx.region, domain_name=detail.get("DomainName", ""), subject_alternative_names=tuple(sans),
        status=detail.get("Status", ""), certificate_type=detail.get("Type", ""),
        key_algorithm=detail.get("KeyAlgorithm", ""), not_before=_when(detail.get("NotBefore")),
        not_after=_when(detail.get("NotAfter")), renewal_eligibility=detail.get("RenewalEligibility", ""),
        in_use=bool(in_use_by) or bool(detail.get("InUse")), in_use_by=in_use_by, unknown=unknown,
    )


def _when(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None


COLLECTOR = Collector(
    name="acm", client="acm", scope="regional", resource_types=(CERTIFICATE,),
    actions=("acm:ListCertificates", "acm:DescribeCertificate"),
    collect=collect, title="Certificate Manager",
)
