"""CloudFront rules: viewer and origin transport, origin access, WAF, logging, resilience."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.edge.cloudfront import CloudFrontDistribution
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule

CLI_UPDATE = ("aws cloudfront get-distribution-config --id DIST_ID > dist.json && "
              "aws cloudfront update-distribution --id DIST_ID --if-match ETAG --distribution-config file://dist.json")
MODERN_VIEWER_TLS = ("TLSv1.2_", "TLSv1.3_")
DIST = "aws_cloudfront_distribution"


@rule(
    id="cloudfront_distribution_default_root_object",
    title="CloudFront distributions with S3 origins have a default root object",
    resource_type=CloudFrontDistribution, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.CRITICAL,
    stage=Stage.RECON, attack=("T1619", "T1530"), phase=Phase.QUICK_WINS, smm="DP1.1",
    needs=("default_root_object",),
    remediation=Remediation(
        text="Set a default root object (e.g. index.html) so a request for / never reaches the bucket root.",
        cli=CLI_UPDATE + "  # with DefaultRootObject=index.html",
        terraform=f'resource "{DIST}" "this" {{\n  default_root_object = "index.html"\n}}',
    ),
    references=("FSBP CloudFront.1",),
    skips="distributions without an S3 REST origin (the application behind a custom origin answers /)",
)
def default_root_object(dist: CloudFrontDistribution, inv: Inventory) -> Verdict:
    """Without one, a request for / is passed to the origin: an S3 origin may answer with its object listing."""
    if not dist.s3_origins:
        return not_applicable("no S3 origin")
    if dist.default_root_object:
        return passed(f"default root object {dist.default_root_object}")
    return failed(f"{dist.label} has no default root object")


@rule(
    id="cloudfront_distribution_https_only", title="CloudFront distributions require HTTPS from viewers",
    description=("Viewers allowed to use HTTP send cookies and form data in clear text and can be redirected by anyone"
                 " on their network path."),
    resource_type=CloudFrontDistribution, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    remediation=Remediation(
        text="Set every cache behavior's viewer protocol policy to redirect-to-https or https-only.",
        cli=CLI_UPDATE + "  # with ViewerProtocolPolicy=redirect-to-https",
        terraform=f'resource "{DIST}" "this" {{\n  default_cache_behavior {{\n'
                  '    viewer_protocol_policy = "redirect-to-https"\n  }\n}',
    ),
    references=("FSBP CloudFront.3",),
)
def https_only(dist: CloudFrontDistribution, inv: Inventory) -> Verdict:
    clear = [i for i, p in enumerate(dist.viewer_protocol_policies) if p == "allow-all"]
    if clear:
        where = "the default behavior" if clear[0] == 0 else f"path behavior #{clear[0]}"
        return failed(f"{dist.label} serves plain HTTP (viewer protocol policy allow-all on {where})")
    return passed("every behavior redirects to or requires HTTPS")


@rule(
    id="cloudfront_distribution_origin_failover", title="CloudFront distributions have origin failover",
    description=("An origin group lets CloudFront switch to a second origin when the first fails, keeping the site up "
                 "during an outage or attack."),
    resource_type=CloudFrontDistribution, layer=Layer.APPS, domain=Domain.RESILIENCY, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1498", "T1499"), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    remediation=Remediation(
        text="Create an origin group with a primary and a secondary origin and route behaviors to it.",
        cli=CLI_UPDATE + "  # with OriginGroups={Quantity=1,Items=[...]}",
        terraform=f'resource "{DIST}" "this" {{\n  origin_group {{\n    origin_id = "group"\n'
                  '    failover_criteria { status_codes = [500, 502, 503, 504] }\n'
                  '    member { origin_id = "primary" }\n    member { origin_id = "secondary" }\n  }\n}',
    ),
    references=("FSBP CloudFront.4",),
)
def origin_failover(dist: CloudFrontDistribution, inv: Inventory) -> Verdict:
    if dist.origin_groups:
        return passed(f"{dist.origin_groups} origin group(s)")
    return failed(f"{dist.label} has no origin group: one failing origin takes the site down")


@rule(
    id="cloudfront_distribution_logging", title="CloudFront distributions log viewer requests",
    description=("Access logs are the record of who requested what from the edge; without them an attack through the "
                 "CDN cannot be traced."),
    resource_type=CloudFrontDistribution, layer=Layer.APPS, domain=Domain.THREAT_DETECTION,
    severity=Severity.MEDIUM, stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1562.008"), phase=Phase.QUICK_WINS,
    smm="TD1.2", needs=("logging_enabled",),
    remediation=Remediation(
        text="Turn on standard logging to an S3 bucket (or a CloudWatch Logs / Firehose delivery).",
        cli=CLI_UPDATE + "  # with Logging={Enabled=true,Bucket=logs.s3.amazonaws.com,Prefix=cf/}",
        terraform=f'resource "{DIST}" "this" {{\n  logging_config {{\n'
                  '    bucket = "logs.s3.amazonaws.com"\n    prefix = "cf/"\n  }\n}',
    ),
    references=("FSBP CloudFront.5",),
    skips="standard logging v2 deliveries (CloudWatch vended logs) are configured outside the distribution "
          "and not read",
)
def logging_enabled(dist: CloudFrontDistribution, inv: Inventory) -> Verdict:
    if dist.logging_enabled:
        return passed(f"access logs to {dist.logging_bucket}")
    return failed(f"{dist.label} has standard logging off")


@rule(
    id="cloudfront_distribution_waf", title="CloudFront distributions are protected by a WAF web ACL",
    description="A WAF web ACL filters injection, scanning and bot traffic at the edge before it reaches any origin.",
    resource_type=CloudFrontDistribution, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1499.002"), phase=Phase.QUICK_WINS, smm="AS1.1",
    remediation=Remediation(
        text="Associate a WAFv2 web ACL of CLOUDFRONT scope (created in us-east-1) with the distribution.",
        cli=CLI_UPDATE + "  # with WebACLId=<web ACL ARN>",
        terraform=f'resource "{DIST}" "this" {{\n  web_acl_id = aws_wafv2_web_acl.edge.arn\n}}',
    ),
    references=("FSBP CloudFront.6",),
    skips="what the web ACL's rules actually block (judged on the web ACL)",
)
def waf(dist: CloudFrontDistribution, inv: Inventory) -> Verdict:
    if dist.web_acl_id:
        return passed(f"web ACL {dist.web_acl_id}")
    return failed(f"{dist.label} has no WAF web ACL")


@rule(
    id="cloudfront_distribution_custom_certificate", title="CloudFront distributions use a custom TLS certificate",
    resource_type=CloudFrontDistribution, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    remediation=Remediation(
        text="Serve your own domain with an ACM certificate (issued in us-east-1) and a modern security policy.",
        cli=CLI_UPDATE + "  # with ViewerCertificate={ACMCertificateArn=ARN,SSLSupportMethod=sni-only,"
                         "MinimumProtocolVersion=TLSv1.2_2021}",
        terraform=f'resource "{DIST}" "this" {{\n  viewer_certificate {{\n'
                  '    acm_certificate_arn      = aws_acm_certificate.site.arn\n'
                  '    ssl_support_method       = "sni-only"\n'
                  '    minimum_protocol_version = "TLSv1.2_2021"\n  }\n}',
    ),
    references=("FSBP CloudFront.7",),
)
def custom_certificate(dist: CloudFrontDistribution, inv: Inventory) -> Verdict:
    """The default *.cloudfront.net certificate pins viewers to TLS 1.0 as the floor and to a shared name."""
    if dist.default_certificate:
        return failed(f"{dist.label} uses the default *.cloudfront.net certificate")
    return passed("custom certificate")


@rule(
    id="cloudfront_distribution_sni", title="CloudFront distributions serve HTTPS with SNI",
    description=("Dedicated-IP custom SSL costs more and is meant for legacy clients; SNI is the standard way to serve"
                 " HTTPS for a custom domain."),
    resource_type=CloudFrontDistribution, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.INITIAL_ACCESS, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    remediation=Remediation(
        text="Switch the custom certificate's SSL support method from dedicated IP (vip) to sni-only.",
        cli=CLI_UPDATE + "  # with ViewerCertificate.SSLSupportMethod=sni-only",
        terraform=f'resource "{DIST}" "this" {{\n  viewer_certificate {{\n    ssl_support_method = "sni-only"\n'
                  '  }\n}',
    ),
    references=("FSBP CloudFront.8",),
    skips="distributions on the default certificate (no support method applies)",
)
def sni(dist: CloudFrontDistribution, inv: Inventory) -> Verdict:
    if dist.default_certificate:
        return not_applicable("default CloudFront certificate")
    if dist.ssl_support_method == "sni-only":
        return passed("sni-only")
    return failed(f"{dist.label} serves HTTPS with SSL support method {dist.ssl_support_method}")


@rule(
    id="cloudfront_distribution_custom_origin_https",
    description=("Traffic from CloudFront to a custom origin crosses the internet; over plain HTTP it can be read or "
                 "altered on the way."),
    title="CloudFront distributions encrypt traffic to custom origins",
    resource_type=CloudFrontDistribution, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    remediation=Remediation(
        text="Set each custom origin's protocol policy to https-only (or match-viewer with HTTPS-only viewers).",
        cli=CLI_UPDATE + "  # with CustomOriginConfig.OriginProtocolPolicy=https-only",
        terraform=f'resource "{DIST}" "this" {{\n  origin {{\n    custom_origin_config {{\n'
                  '      origin_protocol_policy = "https-only"\n      origin_ssl_protocols   = ["TLSv1.2"]\n'
                  '      http_port              = 80\n      https_port             = 443\n    }\n  }\n}',
    ),
    references=("FSBP CloudFront.9",),
    skips="S3 REST origins (always HTTPS)",
)
def custom_origin_https(dist: CloudFrontDistribution, inv: Inventory) -> Verdict:
    if not dist.custom_origins:
        return not_applicable("no custom origin")
    viewers_in_clear = "allow-all" in dist.viewer_protocol_policies
    for origin in dist.custom_origins:
        if origin.protocol_policy == "http-only":
            return failed(f"origin {origin.id} ({origin.domain_name}) is reached over plain HTTP (http-only)")
        if origin.protocol_policy == "match-viewer" and viewers_in_clear:
            return failed(f"origin {origin.id} uses match-viewer while viewers may use HTTP (allow-all)")
    return passed("every custom origin is reached over HTTPS")


@rule(
    id="cloudfront_distribution_origin_no_sslv3", title="CloudFront distributions do not offer SSLv3 to custom origins",
    description=("SSLv3 is broken (POODLE); offering it to an origin lets an attacker downgrade and decrypt the "
                 "connection."),
    resource_type=CloudFrontDistribution, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    remediation=Remediation(
        text="Remove SSLv3 (and TLSv1/TLSv1.1) from each custom origin's origin SSL protocols; keep TLSv1.2.",
        cli=CLI_UPDATE + "  # with CustomOriginConfig.OriginSslProtocols={Quantity=1,Items=[TLSv1.2]}",
        terraform=f'resource "{DIST}" "this" {{\n  origin {{\n    custom_origin_config {{\n'
                  '      origin_ssl_protocols = ["TLSv1.2"]\n    }\n  }\n}',
    ),
    references=("FSBP CloudFront.10",),
    skips="S3 REST origins; TLSv1 and TLSv1.1 are reported in the reason but only SSLv3 fails, as in FSBP",
)
def origin_no_sslv3(dist: CloudFrontDistribution, inv: Inventory) -> Verdict:
    if not dist.custom_origins:
        return not_applicable("no custom origin")
    for origin in dist.custom_origins:
        if "SSLv3" in origin.ssl_protocols:
            return failed(f"origin {origin.id} allows SSLv3 ({', '.join(origin.ssl_protocols)})")
    return passed("no custom origin allows SSLv3")


@rule(
    id="cloudfront_distribution_s3_origin_exists", title="CloudFront distributions do not point to missing S3 buckets",
    resource_type=CloudFrontDistribution, layer=Layer.APPS, domain=Domain.ASSURANCE, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1491.002"), phase=Phase.FOUNDATIONAL, smm="SA2.1",
    needs=("missing_s3_origins",), runtime_only=True,
    remediation=Remediation(
        text="Remove the origin, or create the bucket in your account before anyone else claims the name.",
        cli="aws s3api create-bucket --bucket BUCKET  # or remove the origin: " + CLI_UPDATE,
        terraform='resource "aws_s3_bucket" "origin" {\n  bucket = "BUCKET"\n}',
    ),
    references=("FSBP CloudFront.12",),
    skips="S3 website endpoints (custom origins)",
)
def s3_origin_exists(dist: CloudFrontDistribution, inv: Inventory) -> Verdict:
    """Whoever creates a bucket of that name serves content under your domain."""
    if not dist.s3_origins:
        return not_applicable("no S3 origin")
    if dist.missing_s3_origins:
        return failed(f"origin bucket {dist.missing_s3_origins[0]} does not exist")
    return passed("every origin bucket exists")


@rule(
    id="cloudfront_distribution_s3_origin_oac",
    description=("Without origin access control the bucket must be readable by others to serve content, so the CDN's "
                 "controls can be bypassed by going to S3 directly."),
    title="CloudFront distributions reach S3 origins with origin access control",
    resource_type=CloudFrontDistribution, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.QUICK_WINS, smm="DP1.1",
    remediation=Remediation(
        text="Create an origin access control (SigV4), attach it to each S3 origin, and grant only the "
             "cloudfront.amazonaws.com principal with aws:SourceArn of the distribution in the bucket policy.",
        cli="aws cloudfront create-origin-access-control --origin-access-control-config "
            "Name=site,SigningProtocol=sigv4,SigningBehavior=always,OriginAccessControlOriginType=s3",
        terraform=f'resource "{DIST}" "this" {{\n  origin {{\n'
                  '    origin_access_control_id = aws_cloudfront_origin_access_control.site.id\n  }\n}',
    ),
    references=("FSBP CloudFront.13",),
    skips="S3 website endpoints (custom origins, which cannot use origin access control)",
)
def s3_origin_oac(dist: CloudFrontDistribution, inv: Inventory) -> Verdict:
    if not dist.s3_origins:
        return not_applicable("no S3 origin")
    for origin in dist.s3_origins:
        if not origin.origin_access_control_id:
            how = "a legacy origin access identity" if origin.origin_access_identity else "no origin access control"
            return failed(f"S3 origin {origin.id} uses {how}")
    return passed("every S3 origin uses origin access control")


@rule(
    id="cloudfront_distribution_s3_origin_private",
    title="CloudFront S3 origins are reached with OAC or OAI, not through a public bucket",
    resource_type=CloudFrontDistribution, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.HIGH,
    stage=Stage.EXFILTRATE, attack=("T1530", "T1619"), phase=Phase.QUICK_WINS, smm="DP1.1",
    remediation=Remediation(
        text="Attach an origin access control to the S3 origin, then remove public access from the bucket.",
        cli="aws cloudfront create-origin-access-control --origin-access-control-config "
            "Name=site,SigningProtocol=sigv4,SigningBehavior=always,OriginAccessControlOriginType=s3",
        terraform=f'resource "{DIST}" "this" {{\n  origin {{\n'
                  '    origin_access_control_id = aws_cloudfront_origin_access_control.site.id\n  }\n}',
    ),
    skips="whether the bucket really is public (judged by the S3 rules)",
)
def s3_origin_private(dist: CloudFrontDistribution, inv: Inventory) -> Verdict:
    """An S3 origin with neither OAC nor OAI only works if the bucket is readable by anyone, bypassing the CDN."""
    if not dist.s3_origins:
        return not_applicable("no S3 origin")
    for origin in dist.s3_origins:
        if not origin.origin_access_control_id and not origin.origin_access_identity:
            return failed(f"S3 origin {origin.id} ({origin.bucket}) has neither OAC nor OAI: the bucket must be public")
    return passed("every S3 origin is reached with OAC or OAI")


@rule(
    id="cloudfront_distribution_viewer_tls12", title="CloudFront distributions accept TLS 1.2 or newer from viewers",
    description=("Older TLS versions have known weaknesses; accepting them lets a network attacker downgrade viewer "
                 "connections."),
    resource_type=CloudFrontDistribution, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    remediation=Remediation(
        text="Set the viewer certificate's minimum protocol version to TLSv1.2_2021.",
        cli=CLI_UPDATE + "  # with ViewerCertificate.MinimumProtocolVersion=TLSv1.2_2021",
        terraform=f'resource "{DIST}" "this" {{\n  viewer_certificate {{\n'
                  '    minimum_protocol_version = "TLSv1.2_2021"\n  }\n}',
    ),
    skips="distributions on the default certificate (no security policy can be chosen; see "
          "cloudfront_distribution_custom_certificate)",
)
def viewer_tls12(dist: CloudFrontDistribution, inv: Inventory) -> Verdict:
    if dist.default_certificate:
        return not_applicable("default CloudFront certificate")
    version = dist.minimum_protocol_version or "unset"
    if version.startswith(MODERN_VIEWER_TLS):
        return passed(f"minimum viewer protocol {version}")
    return failed(f"{dist.label} accepts viewers on {version}")
