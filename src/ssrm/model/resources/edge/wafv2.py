"""WAFv2 web ACLs: rules, CloudWatch metrics, logging and what they protect."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ssrm.model.resource import Resource, resource_type


class WafRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    action: str  # Allow | Block | Count | Captcha | Challenge, or the group override: None (enforce) | Count
    managed_group: str | None = None  # "Vendor/Name" of a managed rule group statement
    rule_group: bool = False  # a managed or own rule group statement
    rate_based: bool = False  # a RateBasedStatement: blocks a source past a request rate (L7 flood)
    metrics_enabled: bool = True


@resource_type
class WafV2WebAcl(Resource):
    resource_type = "AWS::WAFv2::WebACL"
    service = "wafv2"

    scope: str = "REGIONAL"  # REGIONAL | CLOUDFRONT
    default_action: str = "Allow"
    rules: list[WafRule] = Field(default_factory=list)
    metrics_enabled: bool = True
    logging_destinations: list[str] = Field(default_factory=list)
    associated_resources: list[str] = Field(default_factory=list)  # REGIONAL scope only
