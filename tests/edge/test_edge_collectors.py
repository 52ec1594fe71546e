"""Each edge collector against moto in-process, with denied calls that must become gaps and ERROR findings.

moto lacks ListResourcesForWebACL and Network Firewall's policy and rule-group APIs: the scan must still
finish with a clean gap, and the collectors are checked against AWS response shapes fed in by the test.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from ssrm.engine import evaluate
from ssrm.model import Inventory, Status
from ssrm.model.resources.edge.apigateway import ApiGatewayRestApi, ApiGatewayStage
from ssrm.model.resources.edge.apigatewayv2 import ApiGatewayV2Api, ApiGatewayV2Stage
from ssrm.model.resources.edge.cloudfront import CloudFrontDistribution
from ssrm.model.resources.edge.networkfirewall import NetworkFirewall, NetworkFirewallPolicy, NetworkFirewallRuleGroup
from ssrm.model.resources.edge.route53 import Route53HostedZone
from ssrm.model.resources.edge.wafv2 import WafV2WebAcl
from ssrm.rules import edge as edge_rules
from ssrm.rules.catalog import rules_in
from ssrm.sources.aws.collectors.edge import COLLECTORS

REGION = "us-east-1"
ACCOUNT = "123456789012"
RULES = rules_in(edge_rules.MODULES)
EDGE = [c.name for c in COLLECTORS]
VISIBLE = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": "m"}
# API Gateway's IAM actions are HTTP verbs on resource paths; HeadBucket is authorized by s3:ListBucket.
IAM_ACTION = {"apigateway": "apigateway:GET", "apigatewayv2": "apigateway:GET", "s3:HeadBucket": "s3:ListBucket"}


def statuses(inv: Inventory, rule_id: str) -> dict[str, Status]:
    rule = next(r for r in RULES if r.id == rule_id)
    return {f.resource_id: f.status for f in evaluate(inv, [rule])}


def make_distribution() -> str:
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="site")
    config = {
        "CallerReference": "t", "Comment": "", "Enabled": True, "DefaultRootObject": "index.html",
        "Origins": {"Quantity": 3, "Items": [
            {"Id": "site", "DomainName": "site.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}},
            {"Id": "gone", "DomainName": "gone.s3.us-west-2.amazonaws.com",
             "S3OriginConfig": {"OriginAccessIdentity": ""}},
            {"Id": "app", "DomainName": "app.example.com", "CustomOriginConfig": {
                "HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "http-only",
                "OriginSslProtocols": {"Quantity": 2, "Items": ["SSLv3", "TLSv1.2"]}}},
        ]},
        "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "allow-all"},
        "Logging": {"Enabled": True, "IncludeCookies": False, "Bucket": "logs.s3.amazonaws.com", "Prefix": "cf/"},
    }
    cloudfront = boto3.client("cloudfront", region_name=REGION)
    return str(cloudfront.create_distribution(DistributionConfig=config)["Distribution"]["Id"])


def test_cloudfront_distribution(mock_scan) -> None:
    dist_id = make_distribution()
    inv = mock_scan(["cloudfront"])
    assert inv.gaps == []
    dist = inv.get(CloudFrontDistribution, dist_id)
    assert dist is not None and dist.region == "global"
    assert [o.bucket for o in dist.s3_origins] == ["site", "gone"]
    assert dist.custom_origins[0].protocol_policy == "http-only"
    assert dist.logging_enabled and dist.default_root_object == "index.html"
    assert dist.missing_s3_origins == ["gone"]
    assert inv.stats.calls_by_api["s3:HeadBucket"] == 2
    expected = {
        "cloudfront_distribution_s3_origin_exists": Status.FAIL,
        "cloudfront_distribution_https_only": Status.FAIL,
        "cloudfront_distribution_custom_origin_https": Status.FAIL,
        "cloudfront_distribution_origin_no_sslv3": Status.FAIL,
        "cloudfront_distribution_s3_origin_private": Status.FAIL,
        "cloudfront_distribution_logging": Status.PASS,
        "cloudfront_distribution_default_root_object": Status.PASS,
    }
    for rule_id, status in expected.items():
        assert statuses(inv, rule_id) == {dist_id: status}, rule_id


def test_cloudfront_denied_calls(mock_scan, deny) -> None:
    dist_id = make_distribution()
    with deny("GetDistributionConfig", "HeadBucket"):
        inv = mock_scan(["cloudfront"])
    dist = inv.get(CloudFrontDistribution, dist_id)
    assert dist is not None and {"logging_enabled", "default_root_object", "missing_s3_origins"} <= set(dist.unknown)
    assert {g.api for g in inv.gaps} == {"GetDistributionConfig", "HeadBucket"}
    for rule_id in ("cloudfront_distribution_logging", "cloudfront_distribution_s3_origin_exists"):
        assert statuses(inv, rule_id) == {dist_id: Status.ERROR}
    with deny("ListDistributions"):
        inv = mock_scan(["cloudfront"])
    rows = evaluate(inv, [r for r in RULES if r.resource_type == CloudFrontDistribution.resource_type])
    assert rows and all(f.status is Status.ERROR for f in rows)


def make_apis() -> tuple[str, str]:
    rest = boto3.client("apigateway", region_name=REGION)
    api_id = rest.create_rest_api(name="shop")["id"]
    root = rest.get_resources(restApiId=api_id)["items"][0]["id"]
    rest.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    rest.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    rest.create_deployment(restApiId=api_id, stageName="prod")
    rest.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "ERROR"},
        {"op": "replace", "path": "/tracingEnabled", "value": "true"}])
    v2 = boto3.client("apigatewayv2", region_name=REGION)
    http_id = v2.create_api(Name="web", ProtocolType="HTTP")["ApiId"]
    v2.create_route(ApiId=http_id, RouteKey="GET /items")
    v2.create_stage(ApiId=http_id, StageName="live", AccessLogSettings={
        "DestinationArn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:web", "Format": "$context.requestId"})
    return api_id, http_id


def test_api_gateway_rest_and_v2(mock_scan, deny) -> None:
    api_id, http_id = make_apis()
    inv = mock_scan(["apigateway", "apigatewayv2"])
    assert inv.gaps == []
    api = inv.get(ApiGatewayRestApi, api_id)
    stage = inv.get(ApiGatewayStage, f"{api_id}/prod")
    assert api is not None and [m.label for m in api.methods] == ["GET /"]
    assert stage is not None and stage.logging_level == "ERROR" and stage.tracing_enabled
    assert statuses(inv, "apigateway_rest_api_method_authorization") == {api_id: Status.FAIL}
    assert statuses(inv, "apigateway_stage_xray_tracing") == {f"{api_id}/prod": Status.PASS}
    assert statuses(inv, "apigateway_stage_waf") == {f"{api_id}/prod": Status.FAIL}
    http = inv.get(ApiGatewayV2Api, http_id)
    assert http is not None and http.routes[0].route_key == "GET /items"
    assert inv.get(ApiGatewayV2Stage, f"{http_id}/live") is not None
    assert statuses(inv, "apigatewayv2_route_authorization") == {http_id: Status.FAIL}
    assert statuses(inv, "apigatewayv2_stage_access_logging") == {f"{http_id}/live": Status.PASS}
    with deny("GetStages", "GetRoutes"):
        inv = mock_scan(["apigateway", "apigatewayv2"])
    assert {g.api for g in inv.gaps} == {"GetStages", "GetRoutes"}
    assert set(statuses(inv, "apigateway_stage_xray_tracing").values()) == {Status.ERROR}
    assert set(statuses(inv, "apigatewayv2_stage_access_logging").values()) == {Status.ERROR}
    assert statuses(inv, "apigatewayv2_route_authorization") == {http_id: Status.ERROR}


def make_web_acls() -> tuple[str, str]:
    waf = boto3.client("wafv2", region_name=REGION)
    regional = waf.create_web_acl(
        Name="api", Scope="REGIONAL", DefaultAction={"Allow": {}}, VisibilityConfig=VISIBLE,
        Rules=[{"Name": "crs", "Priority": 0, "OverrideAction": {"Count": {}}, "VisibilityConfig": VISIBLE,
                "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS",
                                                            "Name": "AWSManagedRulesCommonRuleSet"}}}])["Summary"]
    waf.put_logging_configuration(LoggingConfiguration={
        "ResourceArn": regional["ARN"],
        "LogDestinationConfigs": [f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:aws-waf-logs-api"]})
    edge = waf.create_web_acl(Name="edge", Scope="CLOUDFRONT", DefaultAction={"Block": {}},
                              VisibilityConfig={**VISIBLE, "CloudWatchMetricsEnabled": False})["Summary"]
    return regional["Id"], edge["Id"]


def test_wafv2_web_acls(mock_scan, answer) -> None:
    regional, edge = make_web_acls()
    inv = mock_scan(["wafv2"])
    api_acl, edge_acl = inv.get(WafV2WebAcl, regional), inv.get(WafV2WebAcl, edge)
    assert api_acl is not None and edge_acl is not None
    assert edge_acl.scope == "CLOUDFRONT" and edge_acl.default_action == "Block"
    assert api_acl.rules[0].managed_group == "AWS/AWSManagedRulesCommonRuleSet"
    assert api_acl.logging_destinations and not edge_acl.logging_destinations
    assert statuses(inv, "wafv2_web_acl_rules_enforced")[regional] is Status.FAIL
    assert statuses(inv, "wafv2_web_acl_metrics") == {regional: Status.PASS, edge: Status.FAIL}
    assert statuses(inv, "wafv2_web_acl_logging") == {regional: Status.PASS, edge: Status.FAIL}
    # moto has no ListResourcesForWebACL: one clean gap, ERROR for the regional ACL, nothing lost.
    assert [(g.api, g.error) for g in inv.gaps] == [("ListResourcesForWebACL", "NotImplemented")]
    assert statuses(inv, "wafv2_web_acl_in_use")[regional] is Status.ERROR
    lb = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/web/1"

    def protected(params: dict[str, Any]) -> dict[str, Any]:  # AWS shape: {"ResourceArns": [...]}
        return {"ResourceArns": [lb] if params["ResourceType"] == "APPLICATION_LOAD_BALANCER" else []}

    with answer({"ListResourcesForWebACL": protected}):
        inv = mock_scan(["wafv2"])
    assert inv.gaps == []
    assert inv.get(WafV2WebAcl, regional).associated_resources == [lb]
    assert statuses(inv, "wafv2_web_acl_in_use")[regional] is Status.PASS


def test_wafv2_denied(mock_scan, deny) -> None:
    regional, _ = make_web_acls()
    with deny("GetWebACL", "ListLoggingConfigurations", "ListResourcesForWebACL"):
        inv = mock_scan(["wafv2"])
    for rule_id in ("wafv2_web_acl_has_rules", "wafv2_web_acl_logging", "wafv2_web_acl_in_use"):
        assert statuses(inv, rule_id)[regional] is Status.ERROR, rule_id
    with deny("ListWebACLs"):
        inv = mock_scan(["wafv2"])
    assert set(statuses(inv, "wafv2_web_acl_has_rules").values()) == {Status.ERROR}


def test_route53_zones(mock_scan, deny) -> None:
    route53 = boto3.client("route53")
    logs = boto3.client("logs", region_name=REGION)
    logs.create_log_group(logGroupName="/aws/route53/example.com")
    group_arn = logs.describe_log_groups()["logGroups"][0]["arn"]
    public = route53.create_hosted_zone(Name="example.com", CallerReference="a")["HostedZone"]["Id"].split("/")[-1]
    quiet = route53.create_hosted_zone(Name="quiet.example", CallerReference="b")["HostedZone"]["Id"].split("/")[-1]
    vpc = boto3.client("ec2", region_name=REGION).create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    private = route53.create_hosted_zone(Name="int.example", CallerReference="c", HostedZoneConfig={
        "PrivateZone": True}, VPC={"VPCRegion": REGION, "VPCId": vpc})["HostedZone"]["Id"].split("/")[-1]
    route53.create_query_logging_config(HostedZoneId=public, CloudWatchLogsLogGroupArn=group_arn)
    inv = mock_scan(["route53"])
    assert inv.gaps == []
    zone = inv.get(Route53HostedZone, public)
    assert zone is not None and zone.region == "global" and zone.query_log_group == group_arn
    assert inv.stats.calls_by_api["route53:GetDNSSEC"] == 2  # public zones only
    assert statuses(inv, "route53_public_zone_query_logging") == {
        public: Status.PASS, quiet: Status.FAIL, private: Status.NOT_APPLICABLE}
    with deny("GetDNSSEC", "ListQueryLoggingConfigs"):
        inv = mock_scan(["route53"])
    assert {g.api for g in inv.gaps} == {"GetDNSSEC", "ListQueryLoggingConfigs"}
    assert statuses(inv, "route53_public_zone_dnssec")[public] is Status.ERROR
    assert statuses(inv, "route53_public_zone_query_logging")[public] is Status.ERROR


POLICY_ARN = f"arn:aws:network-firewall:{REGION}:{ACCOUNT}:firewall-policy/egress"
GROUP_ARN = f"arn:aws:network-firewall:{REGION}:{ACCOUNT}:stateless-rulegroup/empty"
# Response shapes from the AWS Network Firewall API reference (ListFirewallPolicies, DescribeFirewallPolicy,
# ListRuleGroups, DescribeRuleGroup), which moto 5.2 does not implement.
NETWORK_FIREWALL_ANSWERS: dict[str, Any] = {
    "ListFirewallPolicies": {"FirewallPolicies": [{"Name": "egress", "Arn": POLICY_ARN}]},
    "DescribeFirewallPolicy": {
        "UpdateToken": "t",
        "FirewallPolicyResponse": {"FirewallPolicyName": "egress", "FirewallPolicyArn": POLICY_ARN,
                                   "FirewallPolicyId": "p-1", "Tags": [{"Key": "team", "Value": "net"}]},
        "FirewallPolicy": {"StatelessRuleGroupReferences": [{"ResourceArn": GROUP_ARN, "Priority": 1}],
                           "StatelessDefaultActions": ["aws:pass"],
                           "StatelessFragmentDefaultActions": ["aws:forward_to_sfe"]}},
    "ListRuleGroups": {"RuleGroups": [{"Name": "empty", "Arn": GROUP_ARN}]},
    "DescribeRuleGroup": {
        "UpdateToken": "t",
        "RuleGroupResponse": {"RuleGroupArn": GROUP_ARN, "RuleGroupName": "empty", "RuleGroupId": "g-1",
                              "Type": "STATELESS", "Capacity": 10},
        "RuleGroup": {"RulesSource": {"StatelessRulesAndCustomActions": {"StatelessRules": []}}}},
}


def make_firewall() -> None:
    boto3.client("network-firewall", region_name=REGION).create_firewall(
        FirewallName="egress", FirewallPolicyArn=POLICY_ARN, VpcId="vpc-1", SubnetMappings=[{"SubnetId": "sn-1"}],
        DeleteProtection=False)


def test_network_firewall_in_the_emulator(mock_scan) -> None:
    make_firewall()
    inv = mock_scan(["networkfirewall"])
    firewall = inv.get(NetworkFirewall, "egress")
    assert firewall is not None and firewall.policy_arn == POLICY_ARN and not firewall.deletion_protection
    assert statuses(inv, "networkfirewall_firewall_deletion_protection") == {"egress": Status.FAIL}
    assert statuses(inv, "networkfirewall_firewall_logging") == {"egress": Status.FAIL}
    assert {(g.api, g.error) for g in inv.gaps} == {("ListFirewallPolicies", "NotImplemented"),
                                                    ("ListRuleGroups", "NotImplemented")}
    assert set(statuses(inv, "networkfirewall_policy_has_rule_groups").values()) == {Status.ERROR}


@pytest.mark.parametrize("denied", [(), ("DescribeFirewallPolicy",)])
def test_network_firewall_policies_on_aws_shapes(mock_scan, answer, denied: tuple[str, ...]) -> None:
    make_firewall()
    with answer(NETWORK_FIREWALL_ANSWERS, *denied):
        inv = mock_scan(["networkfirewall"])
    group = inv.get(NetworkFirewallRuleGroup, "empty")
    assert group is not None and group.rule_count == 0
    assert statuses(inv, "networkfirewall_rule_group_not_empty") == {"empty": Status.FAIL}
    if denied:
        assert inv.of_type(NetworkFirewallPolicy) == []
        assert [g.api for g in inv.gaps] == ["DescribeFirewallPolicy"]
        assert set(statuses(inv, "networkfirewall_policy_has_rule_groups").values()) == {Status.ERROR}
        return
    assert inv.gaps == []
    policy = inv.get(NetworkFirewallPolicy, "egress")
    assert policy is not None and policy.tags == {"team": "net"} and policy.stateless_rule_groups == [GROUP_ARN]
    assert statuses(inv, "networkfirewall_policy_stateless_default_drop") == {"egress": Status.FAIL}
    assert statuses(inv, "networkfirewall_policy_stateless_fragment_drop") == {"egress": Status.PASS}
    assert statuses(inv, "networkfirewall_policy_has_rule_groups") == {"egress": Status.PASS}


def test_every_call_is_covered_by_declared_actions(mock_scan, answer) -> None:
    make_distribution()
    make_apis()
    make_web_acls()
    boto3.client("route53").create_hosted_zone(Name="example.org", CallerReference="d")
    make_firewall()
    with answer({**NETWORK_FIREWALL_ANSWERS, "ListResourcesForWebACL": {"ResourceArns": []}}) as served:
        inv = mock_scan(EDGE)
    assert inv.gaps == []
    declared = {a for c in COLLECTORS for a in c.actions}
    # canned answers skip botocore's call events, so the scan's counters miss them: the fixture lists them
    called = (set(inv.stats.calls_by_api) | set(served)) - {"ec2:DescribeRegions", "sts:GetCallerIdentity"}
    needed = {IAM_ACTION.get(api, IAM_ACTION.get(api.split(":")[0], api)) for api in called}
    assert needed <= declared, needed - declared
    assert {api.split(":")[0] for api in called} >= {c.client for c in COLLECTORS}, "every edge collector ran"
