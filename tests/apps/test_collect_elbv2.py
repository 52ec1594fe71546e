from __future__ import annotations

import boto3
import pytest

from ssrm.engine import evaluate
from ssrm.model import Status
from ssrm.model.resources.apps.elbv2 import LoadBalancerV2

from .helpers import APPS_RULES, deny


def _create_alb() -> str:
    ec2 = boto3.client("ec2", region_name="us-east-1")
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.1.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    elb = boto3.client("elbv2", region_name="us-east-1")
    alb = elb.create_load_balancer(Name="web", Subnets=[subnet], Scheme="internet-facing", Type="application",
                                   Tags=[{"Key": "env", "Value": "prod"}])["LoadBalancers"][0]["LoadBalancerArn"]
    created = elb.create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=vpc)
    group = created["TargetGroups"][0]["TargetGroupArn"]
    elb.create_listener(LoadBalancerArn=alb, Protocol="HTTP", Port=80, DefaultActions=[
        {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}])
    elb.create_listener(LoadBalancerArn=alb, Protocol="HTTP", Port=8080,
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": group}])
    elb.modify_load_balancer_attributes(LoadBalancerArn=alb, Attributes=[
        {"Key": "deletion_protection.enabled", "Value": "true"}])
    return alb


def test_elbv2_collector_reads_balancers(mock_scan) -> None:
    arn = _create_alb()
    inv = mock_scan(["elbv2"], regions=["us-east-1"])
    assert inv.gaps == []
    (alb,) = inv.of_type(LoadBalancerV2)
    assert alb.arn == arn and alb.name == "web" and alb.tags == {"env": "prod"}
    assert alb.deletion_protection and not alb.access_logs_enabled and alb.internet_facing
    by_port = {listener.port: listener for listener in alb.listeners}
    assert by_port[80].redirects_to_https and not by_port[8080].redirects_to_https
    assert by_port[8080].ssl_policy is None  # plain HTTP has no TLS policy, whatever the API says
    assert inv.stats.calls_by_api["elbv2:DescribeTags"] == 1


def test_elbv2_listeners_denied_makes_listener_rules_error(mock_scan, monkeypatch: pytest.MonkeyPatch) -> None:
    _create_alb()
    deny(monkeypatch, ["DescribeListeners", "DescribeLoadBalancerAttributes"], code="AccessDenied")
    inv = mock_scan(["elbv2"], regions=["us-east-1"])
    assert {g.api for g in inv.gaps} == {"DescribeListeners", "DescribeLoadBalancerAttributes"}
    rules = [APPS_RULES[i] for i in ("elbv2_http_redirects_to_https", "elbv2_deletion_protection")]
    assert {f.status for f in evaluate(inv, rules)} == {Status.ERROR}
