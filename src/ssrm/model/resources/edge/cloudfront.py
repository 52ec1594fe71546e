"""CloudFront distributions: viewer and origin transport, origin access, WAF, logging."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ssrm.model.resource import Resource, resource_type


class CloudFrontOrigin(BaseModel):
    """One origin. ``s3`` is a bucket REST endpoint (website endpoints are custom origins, as in AWS)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    domain_name: str
    s3: bool = False
    bucket: str | None = None
    origin_access_control_id: str | None = None
    origin_access_identity: str | None = None
    protocol_policy: str | None = None  # custom origins: http-only | match-viewer | https-only
    ssl_protocols: tuple[str, ...] = ()  # custom origins: SSLv3, TLSv1, TLSv1.1, TLSv1.2


@resource_type
class CloudFrontDistribution(Resource):
    resource_type = "AWS::CloudFront::Distribution"
    service = "cloudfront"

    domain_name: str = ""
    enabled: bool = True
    origins: list[CloudFrontOrigin] = Field(default_factory=list)
    origin_groups: int = 0
    # Viewer protocol policy of the default cache behavior first, then of each path behavior.
    viewer_protocol_policies: list[str] = Field(default_factory=list)
    web_acl_id: str | None = None
    default_certificate: bool = True
    ssl_support_method: str | None = None  # sni-only | vip | static-ip
    minimum_protocol_version: str | None = None
    geo_restriction: str = "none"
    default_root_object: str | None = None
    logging_enabled: bool = False
    logging_bucket: str | None = None
    missing_s3_origins: list[str] = Field(default_factory=list)  # origin buckets that do not exist

    @property
    def s3_origins(self) -> list[CloudFrontOrigin]:
        return [o for o in self.origins if o.s3]

    @property
    def custom_origins(self) -> list[CloudFrontOrigin]:
        return [o for o in self.origins if not o.s3]
