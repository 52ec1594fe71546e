"""Demo planting: apps group (Lambda, ECR, the shop's load balancer and certificate, log groups).

Reads refs from earlier groups: identity (Lambda roles), compute (VPC, subnets, security groups, web-1).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

from ssrm.demo.world import MAIN_REGION, DemoWorld

ORDERS_API_CODE = """import json, os

def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"table": os.environ["TABLE_NAME"]})}
"""
THUMBNAILER_CODE = """def handler(event, context):
    return {"statusCode": 200, "body": "resized"}
"""
LEGACY_PULL_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{
        "Sid": "AllowPullFromAnywhere",
        "Effect": "Allow",
        "Principal": "*",
        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
    }],
}
SHOP_WEB_LIFECYCLE = {
    "rules": [{
        "rulePriority": 1,
        "description": "keep the last 20 releases",
        "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 20},
        "action": {"type": "expire"},
    }],
}


def plant(world: DemoWorld) -> None:
    _functions(world)
    _repositories(world)
    certificate_arn = _certificates(world)
    _load_balancer(world, certificate_arn)
    _log_groups(world)


def _zip(code: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", code)
    return buffer.getvalue()


def _functions(world: DemoWorld) -> None:
    lam = world.client("lambda", MAIN_REGION)
    vpc_config: dict[str, Any] = {}
    if world.refs.get("private_subnet_id"):
        vpc_config = {"SubnetIds": [world.refs["private_subnet_id"]],
                      "SecurityGroupIds": [g for g in [world.refs.get("worker_sg_id")] if g]}
    orders = lam.create_function(
        FunctionName="orders-api", Runtime="python3.12", Handler="app.handler",
        Role=world.refs["orders_lambda_role_arn"], Code={"ZipFile": _zip(ORDERS_API_CODE)},
        Environment={"Variables": {
            "TABLE_NAME": "orders",
            "ORDERS_QUEUE_URL": str(world.refs.get("queue_orders_url", "")),
            "DB_HOST": "shop-db.internal",
            "DB_PASSWORD": "Orders-2024-Pr0d!",
        }},
        VpcConfig=vpc_config, Tags={"app": "shop", "owner": "orders-team"},
    )
    thumbnailer = lam.create_function(
        FunctionName="thumbnailer", Runtime="python3.8", Handler="app.handler",
        Role=world.refs["thumbnailer_lambda_role_arn"], Code={"ZipFile": _zip(THUMBNAILER_CODE)},
        Environment={"Variables": {"OUTPUT_BUCKET": str(world.refs.get("bucket_assets", "acme-shop-assets"))}},
        Tags={"app": "shop", "owner": "web-team"},
    )
    # On AWS a NONE URL also needs a lambda:InvokeFunctionUrl statement conditioned on the auth type; moto
    # drops that condition, so the demo relies on the unconditioned statement below, which AWS honours too.
    lam.create_function_url_config(FunctionName="thumbnailer", AuthType="NONE")
    lam.add_permission(FunctionName="thumbnailer", StatementId="AllowAnyoneToInvoke",
                       Action="lambda:InvokeFunction", Principal="*")
    world.refs["orders_api_function_arn"] = orders["FunctionArn"]
    world.refs["thumbnailer_function_arn"] = thumbnailer["FunctionArn"]


def _repositories(world: DemoWorld) -> None:
    ecr = world.client("ecr", MAIN_REGION)
    ecr.create_repository(repositoryName="shop-web", imageTagMutability="IMMUTABLE",
                          imageScanningConfiguration={"scanOnPush": True})
    ecr.put_lifecycle_policy(repositoryName="shop-web", lifecyclePolicyText=json.dumps(SHOP_WEB_LIFECYCLE))
    ecr.create_repository(repositoryName="legacy-images", imageTagMutability="MUTABLE",
                          imageScanningConfiguration={"scanOnPush": False})
    ecr.set_repository_policy(repositoryName="legacy-images", policyText=json.dumps(LEGACY_PULL_POLICY))


def _certificates(world: DemoWorld) -> str:
    """The shop's ACM-issued certificate, plus an old imported one someone forgot (1024-bit, expiring soon)."""
    acm = world.client("acm", MAIN_REGION)
    shop = acm.request_certificate(DomainName="shop.example.com", ValidationMethod="DNS",
                                   SubjectAlternativeNames=["shop.example.com", "www.shop.example.com"])
    certificate, key = _self_signed("legacy.shop.example.com", bits=1024, days=20)
    legacy = acm.import_certificate(Certificate=certificate, PrivateKey=key,
                                    Tags=[{"Key": "owner", "Value": "web-team"}])
    world.refs["certificate_shop_arn"] = shop["CertificateArn"]
    world.refs["certificate_legacy_arn"] = legacy["CertificateArn"]
    return str(shop["CertificateArn"])


def _self_signed(domain: str, *, bits: int, days: int) -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=345)).not_valid_after(now + timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(domain)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), pem_key


def _load_balancer(world: DemoWorld, certificate_arn: str) -> None:
    elb = world.client("elbv2", MAIN_REGION)
    subnets = [s for s in [world.refs.get("public_subnet_id")] if s]
    groups = [g for g in [world.refs.get("web_sg_id")] if g]
    alb = elb.create_load_balancer(Name="shop-alb", Subnets=subnets, SecurityGroups=groups,
                                   Scheme="internet-facing", Type="application", IpAddressType="ipv4",
                                   Tags=[{"Key": "app", "Value": "shop"}])["LoadBalancers"][0]
    alb_arn = alb["LoadBalancerArn"]
    target_group = elb.create_target_group(Name="shop-web", Protocol="HTTP", Port=80, VpcId=alb["VpcId"],
                                           TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
    if world.refs.get("web_instance_id"):
        elb.register_targets(TargetGroupArn=target_group, Targets=[{"Id": world.refs["web_instance_id"]}])
    forward = [{"Type": "forward", "TargetGroupArn": target_group}]
    elb.create_listener(LoadBalancerArn=alb_arn, Protocol="HTTP", Port=80, DefaultActions=forward)
    elb.create_listener(LoadBalancerArn=alb_arn, Protocol="HTTPS", Port=443, SslPolicy="ELBSecurityPolicy-2016-08",
                        Certificates=[{"CertificateArn": certificate_arn}], DefaultActions=forward)
    elb.modify_load_balancer_attributes(LoadBalancerArn=alb_arn, Attributes=[
        {"Key": "deletion_protection.enabled", "Value": "true"},
    ])
    world.refs["alb_arn"] = alb_arn
    world.refs["alb_dns_name"] = alb["DNSName"]
    world.refs["alb_target_group_arn"] = target_group


def _log_groups(world: DemoWorld) -> None:
    logs = world.client("logs", MAIN_REGION)
    logs.create_log_group(logGroupName="/aws/lambda/orders-api", tags={"app": "shop"})
    logs.put_retention_policy(logGroupName="/aws/lambda/orders-api", retentionInDays=30)
    logs.create_log_group(logGroupName="/acme/app", tags={"app": "shop"})

