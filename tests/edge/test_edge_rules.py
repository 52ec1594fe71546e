"""Every edge rule judged on a passing and a failing resource built directly; unread fields give ERROR."""

from __future__ import annotations

from typing import Any

import pytest

from ssrm.engine import judge
from ssrm.model import Inventory, Resource, Status
from ssrm.model.resources.edge.apigateway import ApiGatewayRestApi, ApiGatewayStage, RestMethod
from ssrm.model.resources.edge.apigatewayv2 import ApiGatewayV2Api, ApiGatewayV2Stage, ApiRoute
from ssrm.model.resources.edge.cloudfront import CloudFrontDistribution, CloudFrontOrigin
from ssrm.model.resources.edge.networkfirewall import NetworkFirewall, NetworkFirewallPolicy, NetworkFirewallRuleGroup
from ssrm.model.resources.edge.route53 import Route53HostedZone
from ssrm.model.resources.edge.wafv2 import WafRule, WafV2WebAcl
from ssrm.rules import edge as edge_rules
from ssrm.rules.catalog import rules_in
from tests.rule_cases import assert_passes_and_fails

ACCOUNT = "123456789012"
RULES = {r.id: r for r in rules_in(edge_rules.MODULES)}
ACL_ARN = f"arn:aws:wafv2:us-east-1:{ACCOUNT}:global/webacl/edge/1"
OAC_ORIGIN = CloudFrontOrigin(id="s3", domain_name="site.s3.amazonaws.com", s3=True, bucket="site",
                              origin_access_control_id="E2OAC")
OAI_ORIGIN = CloudFrontOrigin(id="s3", domain_name="site.s3.amazonaws.com", s3=True, bucket="site",
                              origin_access_identity="origin-access-identity/cloudfront/E1")
BARE_S3 = CloudFrontOrigin(id="s3", domain_name="site.s3.amazonaws.com", s3=True, bucket="site")
HTTPS_APP = CloudFrontOrigin(id="app", domain_name="app.example.com", protocol_policy="https-only",
                             ssl_protocols=("TLSv1.2",))
CUSTOM_CERT: dict[str, Any] = {"default_certificate": False, "ssl_support_method": "sni-only",
                               "minimum_protocol_version": "TLSv1.2_2021"}
CRS = WafRule(name="crs", action="None", managed_group="AWS/AWSManagedRulesCommonRuleSet", rule_group=True)
OWN = WafRule(name="block-bad-ips", action="Block")


def make(cls: type[Resource], **fields: Any) -> Any:
    base: dict[str, Any] = {"arn": f"arn:aws:x:us-east-1:{ACCOUNT}:{cls.__name__}/r", "id": "r", "name": "r",
                            "account": ACCOUNT, "region": "us-east-1"}
    return cls(**{**base, **fields})


def dist(**fields: Any) -> CloudFrontDistribution:
    return make(CloudFrontDistribution, region="global", **fields)


def stage(**fields: Any) -> ApiGatewayStage:
    return make(ApiGatewayStage, **fields)


def acl(**fields: Any) -> WafV2WebAcl:
    return make(WafV2WebAcl, **fields)


def policy(**fields: Any) -> NetworkFirewallPolicy:
    return make(NetworkFirewallPolicy, **fields)


def inventory(*resources: Resource) -> Inventory:
    inv = Inventory(account=ACCOUNT, regions=["us-east-1"])
    inv.add(resources)
    return inv


CASES: dict[str, tuple[Resource, Resource]] = {  # rule id -> (passing, failing)
    "cloudfront_distribution_default_root_object": (
        dist(origins=[OAC_ORIGIN], default_root_object="index.html"), dist(origins=[OAC_ORIGIN])),
    "cloudfront_distribution_https_only": (
        dist(viewer_protocol_policies=["redirect-to-https", "https-only"]),
        dist(viewer_protocol_policies=["https-only", "allow-all"])),
    "cloudfront_distribution_origin_failover": (dist(origin_groups=1), dist()),
    "cloudfront_distribution_logging": (dist(logging_enabled=True, logging_bucket="logs.s3.amazonaws.com"), dist()),
    "cloudfront_distribution_waf": (dist(web_acl_id=ACL_ARN), dist()),
    "cloudfront_distribution_custom_certificate": (dist(**CUSTOM_CERT), dist()),
    "cloudfront_distribution_sni": (dist(**CUSTOM_CERT), dist(**{**CUSTOM_CERT, "ssl_support_method": "vip"})),
    "cloudfront_distribution_custom_origin_https": (
        dist(origins=[HTTPS_APP]),
        dist(origins=[HTTPS_APP.model_copy(update={"protocol_policy": "http-only"})])),
    "cloudfront_distribution_origin_no_sslv3": (
        dist(origins=[HTTPS_APP]),
        dist(origins=[HTTPS_APP.model_copy(update={"ssl_protocols": ("SSLv3", "TLSv1.2")})])),
    "cloudfront_distribution_s3_origin_exists": (
        dist(origins=[OAC_ORIGIN]), dist(origins=[OAC_ORIGIN], missing_s3_origins=["site"])),
    "cloudfront_distribution_s3_origin_oac": (dist(origins=[OAC_ORIGIN]), dist(origins=[OAI_ORIGIN])),
    "cloudfront_distribution_s3_origin_private": (dist(origins=[OAI_ORIGIN]), dist(origins=[BARE_S3])),
    "cloudfront_distribution_viewer_tls12": (
        dist(**CUSTOM_CERT), dist(**{**CUSTOM_CERT, "minimum_protocol_version": "TLSv1.1_2016"})),
    "apigateway_stage_execution_logging": (stage(logging_level="ERROR"), stage(logging_level="OFF")),
    "apigateway_stage_access_logging": (
        stage(access_log_destination=f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:api"), stage()),
    "apigateway_stage_backend_certificate": (stage(client_certificate_id="abc123"), stage()),
    "apigateway_stage_xray_tracing": (stage(tracing_enabled=True), stage()),
    "apigateway_stage_waf": (stage(web_acl_arn=f"arn:aws:wafv2:us-east-1:{ACCOUNT}:regional/webacl/api/1"),
                             stage()),
    "apigateway_stage_cache_encrypted": (
        stage(cache_cluster_enabled=True, caching_enabled=True, cache_data_encrypted=True),
        stage(cache_cluster_enabled=True, caching_enabled=True)),
    "apigateway_rest_api_method_authorization": (
        make(ApiGatewayRestApi, methods=[RestMethod(path="/", http_method="GET", authorization_type="AWS_IAM"),
                                         RestMethod(path="/", http_method="OPTIONS")]),
        make(ApiGatewayRestApi, methods=[RestMethod(path="/orders", http_method="POST")])),
    "apigatewayv2_stage_access_logging": (
        make(ApiGatewayV2Stage, access_log_destination=f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:api"),
        make(ApiGatewayV2Stage)),
    "apigatewayv2_websocket_stage_execution_logging": (
        make(ApiGatewayV2Stage, protocol_type="WEBSOCKET", logging_level="INFO"),
        make(ApiGatewayV2Stage, protocol_type="WEBSOCKET")),
    "apigatewayv2_route_authorization": (
        make(ApiGatewayV2Api, routes=[ApiRoute(route_key="GET /x", authorization_type="JWT")]),
        make(ApiGatewayV2Api, routes=[ApiRoute(route_key="GET /x")])),
    "wafv2_web_acl_has_rules": (acl(rules=[CRS]), acl()),
    "wafv2_web_acl_custom_rules": (acl(rules=[CRS, OWN]), acl(rules=[CRS])),
    "wafv2_web_acl_rate_based_rule": (acl(rules=[CRS, OWN.model_copy(update={"rate_based": True})]),
                                      acl(rules=[CRS, OWN])),
    "wafv2_web_acl_managed_rules": (acl(rules=[CRS]), acl(rules=[OWN])),
    "wafv2_web_acl_rules_enforced": (acl(rules=[CRS, OWN]), acl(rules=[CRS.model_copy(update={"action": "Count"})])),
    "wafv2_web_acl_metrics": (acl(rules=[CRS]), acl(rules=[OWN.model_copy(update={"metrics_enabled": False})])),
    "wafv2_web_acl_logging": (acl(logging_destinations=[f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:aws-waf-logs"]),
                              acl()),
    "wafv2_web_acl_in_use": (acl(associated_resources=[f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:lb"]),
                             acl()),
    "route53_public_zone_query_logging": (
        make(Route53HostedZone, query_log_group=f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/aws/route53/z"),
        make(Route53HostedZone)),
    "route53_public_zone_dnssec": (make(Route53HostedZone, dnssec_status="SIGNING"), make(Route53HostedZone)),
    "networkfirewall_firewall_logging": (make(NetworkFirewall, log_types=["ALERT", "FLOW"]), make(NetworkFirewall)),
    "networkfirewall_firewall_deletion_protection": (make(NetworkFirewall, deletion_protection=True),
                                                     make(NetworkFirewall)),
    "networkfirewall_firewall_change_protection": (
        make(NetworkFirewall, policy_change_protection=True, subnet_change_protection=True),
        make(NetworkFirewall, policy_change_protection=True)),
    "networkfirewall_policy_has_rule_groups": (policy(stateful_rule_groups=["arn:rg"]), policy()),
    "networkfirewall_policy_stateless_default_drop": (
        policy(stateless_default_actions=["aws:forward_to_sfe"]), policy(stateless_default_actions=["aws:pass"])),
    "networkfirewall_policy_stateless_fragment_drop": (
        policy(stateless_fragment_default_actions=["aws:drop"]),
        policy(stateless_fragment_default_actions=["aws:pass"])),
    "networkfirewall_rule_group_not_empty": (make(NetworkFirewallRuleGroup, rule_count=3),
                                             make(NetworkFirewallRuleGroup)),
}


def test_every_rule_has_cases() -> None:
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_and_fails(rule_id: str) -> None:
    good, bad = CASES[rule_id]
    assert_passes_and_fails(RULES[rule_id], good, bad, inventory)


@pytest.mark.parametrize("rule_id", sorted(r.id for r in RULES.values() if r.needs))
def test_unread_fields_give_error(rule_id: str) -> None:
    rule = RULES[rule_id]
    good, _ = CASES[rule_id]
    unread = good.model_copy(update={"unknown": {rule.needs[0]: "AccessDenied: denied"}})
    assert judge(rule, unread, inventory(unread)).status is Status.ERROR


def test_not_applicable_cases() -> None:
    checks = {
        "cloudfront_distribution_default_root_object": dist(origins=[HTTPS_APP]),
        "cloudfront_distribution_sni": dist(),
        "cloudfront_distribution_viewer_tls12": dist(),
        "cloudfront_distribution_custom_origin_https": dist(origins=[OAC_ORIGIN]),
        "apigateway_stage_cache_encrypted": stage(cache_cluster_enabled=True),
        "apigateway_rest_api_method_authorization": make(ApiGatewayRestApi, endpoint_types=["PRIVATE"],
                                                         methods=[RestMethod(path="/", http_method="GET")]),
        "apigatewayv2_websocket_stage_execution_logging": make(ApiGatewayV2Stage, protocol_type="HTTP"),
        "route53_public_zone_query_logging": make(Route53HostedZone, private=True),
        "route53_public_zone_dnssec": make(Route53HostedZone, private=True),
        "wafv2_web_acl_rules_enforced": acl(),
    }
    for rule_id, resource in checks.items():
        assert judge(RULES[rule_id], resource, inventory(resource)).status is Status.NOT_APPLICABLE, rule_id


def test_websocket_routes_authorize_on_connect_only() -> None:
    api = make(ApiGatewayV2Api, protocol_type="WEBSOCKET", routes=[
        ApiRoute(route_key="$connect", authorization_type="AWS_IAM"), ApiRoute(route_key="$default")])
    assert judge(RULES["apigatewayv2_route_authorization"], api, inventory(api)).status is Status.PASS


def test_cloudfront_web_acl_in_use_through_distributions() -> None:
    rule = RULES["wafv2_web_acl_in_use"]
    edge_acl = acl(arn=ACL_ARN, scope="CLOUDFRONT")
    assert judge(rule, edge_acl, inventory(edge_acl)).status is Status.FAIL
    user = dist(web_acl_id=ACL_ARN)
    assert judge(rule, edge_acl, inventory(edge_acl, user)).status is Status.PASS
    unscanned = inventory(edge_acl)
    unscanned.services = ["wafv2"]
    assert judge(rule, edge_acl, unscanned).status is Status.ERROR
