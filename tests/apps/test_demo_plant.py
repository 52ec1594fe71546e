"""The apps group's demo planting against moto's HTTP server, then a real scan of what it planted."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ssrm.demo.apps import plant
from ssrm.demo.server import emulator
from ssrm.demo.world import DemoWorld
from ssrm.engine import evaluate
from ssrm.model import Inventory, Status
from ssrm.rules import apps as app_rules
from ssrm.rules.catalog import rules_in
from ssrm.sources.aws.collectors import ALL_COLLECTORS
from ssrm.sources.aws.runner import scan, select_collectors
from ssrm.sources.aws.session import ConnectOptions

LAMBDA_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def _stub_earlier_groups(world: DemoWorld) -> None:
    """What identity and compute plant before apps, reduced to the refs apps reads."""
    iam = world.client("iam")
    for key, name in (("orders_lambda_role_arn", "orders-lambda-role"),
                      ("thumbnailer_lambda_role_arn", "thumbnailer-lambda-role")):
        role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST))
        world.refs[key] = role["Role"]["Arn"]
    ec2 = world.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    public = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a")
    private = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.2.0/24", AvailabilityZone="us-east-1a")
    web_sg = ec2.create_security_group(GroupName="web-sg", Description="web", VpcId=vpc)["GroupId"]
    worker_sg = ec2.create_security_group(GroupName="worker-sg", Description="worker", VpcId=vpc)["GroupId"]
    world.refs.update(vpc_id=vpc, public_subnet_id=public["Subnet"]["SubnetId"],
                      private_subnet_id=private["Subnet"]["SubnetId"], web_sg_id=web_sg, worker_sg_id=worker_sg)


@pytest.fixture(scope="module")
def planted() -> Any:
    with emulator({"MOTO_IAM_LOAD_MANAGED_POLICIES": "false", "MOTO_EC2_LOAD_DEFAULT_AMIS": "false"}) as endpoint:
        world = DemoWorld(endpoint=endpoint)
        _stub_earlier_groups(world)
        plant(world)
        collectors = select_collectors(ALL_COLLECTORS, ["lambda", "ecr", "elbv2", "logs", "acm"])
        inventory = scan(ConnectOptions(region="us-east-1"), collectors, regions=["us-east-1", "eu-west-1"],
                         workers=8)
        yield world, inventory


def _status(inventory: Inventory, rule_id: str, name: str) -> Status:
    rules = [r for r in rules_in(app_rules.MODULES) if r.id == rule_id]
    findings = [f for f in evaluate(inventory, rules) if f.resource_id.endswith(name) or name in f.resource_arn]
    assert len(findings) == 1, (rule_id, name, findings)
    return findings[0].status


def test_plant_sets_refs(planted: Any) -> None:
    world, _ = planted
    assert world.refs["alb_arn"].startswith("arn:aws:elasticloadbalancing:us-east-1:")
    assert "orders_api_function_arn" in world.refs


def test_scan_of_planted_apps_has_no_gaps(planted: Any) -> None:
    _, inventory = planted
    assert inventory.gaps == []
    names = {r.name for r in inventory.resources}
    assert {"orders-api", "thumbnailer", "shop-web", "legacy-images", "shop-alb", "/acme/app",
            "/aws/lambda/orders-api", "shop.example.com", "legacy.shop.example.com"} <= names


@pytest.mark.parametrize(("rule_id", "name", "expected"), [
    ("lambda_function_public_policy", "thumbnailer", Status.FAIL),
    ("lambda_function_public_policy", "orders-api", Status.PASS),
    ("lambda_function_url_auth_none", "thumbnailer", Status.FAIL),
    ("lambda_function_deprecated_runtime", "thumbnailer", Status.FAIL),
    ("lambda_function_deprecated_runtime", "orders-api", Status.PASS),
    ("lambda_function_env_secrets", "orders-api", Status.FAIL),
    ("lambda_function_env_secrets", "thumbnailer", Status.PASS),
    ("lambda_function_not_in_vpc", "orders-api", Status.PASS),
    ("ecr_repository_scan_on_push", "shop-web", Status.PASS),
    ("ecr_repository_scan_on_push", "legacy-images", Status.FAIL),
    ("ecr_repository_tag_immutability", "shop-web", Status.PASS),
    ("ecr_repository_tag_immutability", "legacy-images", Status.FAIL),
    ("ecr_repository_public_policy", "legacy-images", Status.FAIL),
    ("ecr_repository_public_policy", "shop-web", Status.PASS),
    ("ecr_repository_lifecycle_policy", "shop-web", Status.PASS),
    ("ecr_repository_lifecycle_policy", "legacy-images", Status.FAIL),
    ("elbv2_http_redirects_to_https", "shop-alb", Status.FAIL),
    ("elbv2_listener_outdated_tls_policy", "shop-alb", Status.FAIL),
    ("elbv2_drop_invalid_header_fields", "shop-alb", Status.FAIL),
    ("elbv2_deletion_protection", "shop-alb", Status.PASS),
    ("elbv2_access_logs", "shop-alb", Status.FAIL),
    ("logs_log_group_retention_minimum", "/aws/lambda/orders-api", Status.FAIL),
    ("logs_log_group_retention_set", "/acme/app", Status.FAIL),
    ("logs_log_group_retention_set", "/aws/lambda/orders-api", Status.PASS),
    ("logs_log_group_kms", "/acme/app", Status.FAIL),
])
def test_planted_findings(planted: Any, rule_id: str, name: str, expected: Status) -> None:
    _, inventory = planted
    assert _status(inventory, rule_id, name) is expected


def test_planted_certificates(planted: Any) -> None:
    world, inventory = planted
    certificates = {c.domain_name: c for c in inventory.of_type("AWS::CertificateManager::Certificate")}
    assert certificates["legacy.shop.example.com"].key_algorithm == "RSA_1024"
    legacy_id = world.refs["certificate_legacy_arn"].rsplit("/", 1)[-1]
    assert _status(inventory, "acm_certificate_rsa_key_length", legacy_id) is Status.FAIL
    assert _status(inventory, "acm_certificate_expiry", legacy_id) is Status.FAIL
    shop_id = world.refs["certificate_shop_arn"].rsplit("/", 1)[-1]
    assert _status(inventory, "acm_certificate_rsa_key_length", shop_id) is Status.PASS
    assert certificates["shop.example.com"].in_use_by, "the HTTPS listener uses the shop certificate"
