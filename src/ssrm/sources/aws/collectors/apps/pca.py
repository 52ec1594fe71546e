"""AWS Private CA: ListCertificateAuthorities (paginated; type and status are in the listing)."""

from __future__ import annotations

from ssrm.model.resources.apps.pca import PrivateCertificateAuthority
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.context import CollectContext

AUTHORITY = PrivateCertificateAuthority.resource_type


def collect(ctx: CollectContext) -> None:
    for item in ctx.pages("list_certificate_authorities", "CertificateAuthorities",
                          resource_types=(AUTHORITY,)) or []:
        arn = item["Arn"]
        subject = ((item.get("CertificateAuthorityConfiguration") or {}).get("Subject") or {}).get("CommonName", "")
        ctx.add(PrivateCertificateAuthority(
            arn=arn, id=arn.rsplit("/", 1)[-1], name=subject or arn.rsplit("/", 1)[-1], account=ctx.account,
            region=ctx.region, ca_type=item.get("Type", ""), status=item.get("Status", ""),
        ))


COLLECTOR = Collector(
    name="acm-pca", client="acm-pca", scope="regional", title="Private CA", resource_types=(AUTHORITY,),
    actions=("acm-pca:ListCertificateAuthorities",), collect=collect,
)
