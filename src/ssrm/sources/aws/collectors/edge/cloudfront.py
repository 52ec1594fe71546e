"""CloudFront (global): distributions from ListDistributions; logging and the default root object need
GetDistributionConfig per distribution (no batch form); S3 origins are checked for existence with HeadBucket.
"""

from __future__ import annotations

import re
from typing import Any

from ssrm.model.resources.edge.cloudfront import CloudFrontDistribution, CloudFrontOrigin
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.edge._shared import marker_pages
from ssrm.sources.aws.context import CollectContext

DISTRIBUTION = CloudFrontDistribution.resource_type
# bucket.s3.amazonaws.com, bucket.s3.eu-west-1.amazonaws.com, bucket.s3-eu-west-1.amazonaws.com (+ .cn)
S3_DOMAIN = re.compile(r"^(?P<bucket>.+?)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$")
# HeadBucket answers with a bare status (no error body): 404 = no such bucket; 403/301 = it exists (someone
# else's, or in another region). Any other error leaves the answer unknown.
BUCKET_MISSING = ("HTTP 404",)
BUCKET_EXISTS = ("HTTP 403", "HTTP 301")


def collect(ctx: CollectContext) -> None:
    summaries = marker_pages(ctx, "list_distributions", ("DistributionList", "Items"), marker_in="Marker",
                             resource_types=(DISTRIBUTION,))
    for distribution in ctx.parallel(lambda s: distribution_of(ctx, s), summaries or []):
        ctx.add(distribution)


def origin_of(origin: dict[str, Any]) -> CloudFrontOrigin:
    domain = origin.get("DomainName", "")
    custom = origin.get("CustomOriginConfig")
    match = S3_DOMAIN.match(domain)
    # AWS always sends S3OriginConfig for a bucket origin; the emulator leaves it out, so the domain decides too.
    s3 = custom is None and ("S3OriginConfig" in origin or match is not None)
    ssl = ((custom or {}).get("OriginSslProtocols") or {}).get("Items") or []
    return CloudFrontOrigin(
        id=origin.get("Id", domain), domain_name=domain, s3=s3,
        bucket=match.group("bucket") if s3 and match else None,
        origin_access_control_id=origin.get("OriginAccessControlId") or None,
        origin_access_identity=(origin.get("S3OriginConfig") or {}).get("OriginAccessIdentity") or None,
        protocol_policy=(custom or {}).get("OriginProtocolPolicy"), ssl_protocols=tuple(ssl),
    )


def viewer_policies(summary: dict[str, Any]) -> list[str]:
    behaviors = [summary.get("DefaultCacheBehavior") or {}, *((summary.get("CacheBehaviors") or {}).get("Items") or [])]
    return [b.get("ViewerProtocolPolicy", "allow-all") for b in behaviors]


def missing_buckets(ctx: CollectContext, origins: list[CloudFrontOrigin], name: str) -> tuple[list[str], str | None]:
    """Origin buckets HeadBucket reports as non-existent, and why the answer is unknown (if it is)."""
    missing: list[str] = []
    for bucket in sorted({o.bucket for o in origins if o.bucket}):
        reply = ctx.call("head_bucket", service="s3", Bucket=bucket, absent=BUCKET_MISSING + BUCKET_EXISTS,
                     resource=name)
        if reply.absent and reply.error in BUCKET_MISSING:
            missing.append(bucket)
        elif not reply.ok and not reply.absent:
            return missing, reply.reason
    return missing, None


def default_certificate(certificate: dict[str, Any]) -> bool:
    if "CloudFrontDefaultCertificate" in certificate:
        return bool(certificate["CloudFrontDefaultCertificate"])
    return not certificate.get("ACMCertificateArn") and not certificate.get("IAMCertificateId")


def distribution_of(ctx: CollectContext, summary: dict[str, Any]) -> CloudFrontDistribution:
    dist_id = summary["Id"]
    origins = [origin_of(o) for o in (summary.get("Origins") or {}).get("Items") or []]
    certificate = summary.get("ViewerCertificate") or {}
    unknown: dict[str, str] = {}
    reply = ctx.call("get_distribution_config", Id=dist_id, resource=dist_id)
    config = reply.get("DistributionConfig") or {}
    if not reply.ok:
        unknown.update(dict.fromkeys(("logging_enabled", "logging_bucket", "default_root_object"), reply.reason))
    logging = config.get("Logging") or {}
    missing, why = missing_buckets(ctx, origins, dist_id)
    if why:
        unknown["missing_s3_origins"] = why
    return CloudFrontDistribution(
        arn=summary.get("ARN") or ctx.arn("cloudfront", f"distribution/{dist_id}"), id=dist_id,
        name=summary.get("DomainName", dist_id), account=ctx.account, region=ctx.resource_region,
        domain_name=summary.get("DomainName", ""), enabled=bool(summary.get("Enabled", True)), origins=origins,
        origin_groups=int((summary.get("OriginGroups") or {}).get("Quantity") or 0),
        viewer_protocol_policies=viewer_policies(summary), web_acl_id=summary.get("WebACLId") or None,
        default_certificate=default_certificate(certificate),
        ssl_support_method=certificate.get("SSLSupportMethod"),
        minimum_protocol_version=certificate.get("MinimumProtocolVersion"),
        geo_restriction=((summary.get("Restrictions") or {}).get("GeoRestriction") or {}).get("RestrictionType",
                                                                                             "none"),
        default_root_object=config.get("DefaultRootObject") or None,
        logging_enabled=bool(logging.get("Enabled")), logging_bucket=logging.get("Bucket") or None,
        missing_s3_origins=missing, unknown=unknown,
    )


COLLECTOR = Collector(
    name="cloudfront",
    client="cloudfront",
    scope="global",
    resource_types=(DISTRIBUTION,),
    actions=("cloudfront:ListDistributions", "cloudfront:GetDistributionConfig", "s3:ListBucket"),
    collect=collect,
    title="CloudFront",
)
