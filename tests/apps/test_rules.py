"""Each apps rule on a passing and a failing resource built directly (no AWS)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ssrm.model import Gap, Inventory, Resource, Status
from ssrm.model.resources.apps.acm import AcmCertificate
from ssrm.model.resources.apps.awslambda import FunctionUrl, LambdaFunction, LambdaVpcConfig
from ssrm.model.resources.apps.ecr import EcrRepository
from ssrm.model.resources.apps.elbv2 import Listener, ListenerAction, LoadBalancerV2
from ssrm.model.resources.apps.logs import LogGroup
from ssrm.model.resources.identity.iam import IamManagedPolicy, IamRole, InlinePolicy

from .helpers import status, verdict

ACCOUNT = "123456789012"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/fn-role"
PUBLIC_INVOKE = {"Version": "2012-10-17", "Statement": [
    {"Sid": "anyone", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction"}]}


def fn(**fields: Any) -> LambdaFunction:
    base: dict[str, Any] = {"arn": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:f", "id": "f", "name": "f",
                            "region": "us-east-1", "runtime": "python3.12", "role_arn": ROLE_ARN}
    return LambdaFunction(**{**base, **fields})


def repo(**fields: Any) -> EcrRepository:
    base: dict[str, Any] = {"arn": f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/r", "id": "r", "name": "r",
                            "region": "us-east-1"}
    return EcrRepository(**{**base, **fields})


def alb(*listeners: Listener, **fields: Any) -> LoadBalancerV2:
    base: dict[str, Any] = {"arn": f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:loadbalancer/app/a/1",
                            "id": "app/a/1", "name": "a", "region": "us-east-1", "listeners": listeners}
    return LoadBalancerV2(**{**base, **fields})


def listener(protocol: str, port: int, *actions: ListenerAction, policy: str | None = None) -> Listener:
    return Listener(arn=f"arn:listener/{port}", protocol=protocol, port=port, ssl_policy=policy,
                    default_actions=actions or (ListenerAction(type="forward"),))


def group(**fields: Any) -> LogGroup:
    base: dict[str, Any] = {"arn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/g", "id": "/g", "name": "/g",
                            "region": "us-east-1"}
    return LogGroup(**{**base, **fields})


def cert(**fields: Any) -> AcmCertificate:
    base: dict[str, Any] = {"arn": f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/c", "id": "c",
                            "region": "us-east-1", "domain_name": "shop.example.com", "status": "ISSUED",
                            "certificate_type": "IMPORTED", "key_algorithm": "RSA_2048",
                            "not_after": datetime.now(UTC) + timedelta(days=200)}
    return AcmCertificate(**{**base, **fields})


REDIRECT = ListenerAction(type="redirect", redirect_protocol="HTTPS", redirect_port="443", status_code="HTTP_301")
SOON = datetime.now(UTC) + timedelta(days=10)

CASES: list[tuple[str, Resource, Resource]] = [
    ("lambda_function_public_policy", fn(), fn(policy=PUBLIC_INVOKE)),
    ("lambda_function_url_auth_none", fn(function_urls=(FunctionUrl(url="https://u", auth_type="AWS_IAM"),)),
     fn(function_urls=(FunctionUrl(url="https://u", auth_type="NONE"),))),
    ("lambda_function_deprecated_runtime", fn(runtime="python3.13"), fn(runtime="nodejs16.x")),
    ("lambda_function_env_secrets", fn(environment_variable_names=("STAGE",)),
     fn(environment_secret_hints=("password or token in Lambda environment variable DB_PASSWORD (DB_PASSWORD=…)",))),
    ("ecr_repository_scan_on_push", repo(scan_on_push=True), repo()),
    ("ecr_repository_tag_immutability", repo(image_tag_mutability="IMMUTABLE"), repo()),
    ("ecr_repository_public_policy", repo(),
     repo(policy={"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "ecr:*"}]})),
    ("ecr_repository_lifecycle_policy", repo(lifecycle_policy={"rules": [{}]}), repo()),
    ("elbv2_http_redirects_to_https", alb(listener("HTTP", 80, REDIRECT)), alb(listener("HTTP", 80))),
    ("elbv2_listener_outdated_tls_policy", alb(listener("HTTPS", 443, policy="ELBSecurityPolicy-TLS13-1-2-2021-06")),
     alb(listener("HTTPS", 443, policy="ELBSecurityPolicy-2016-08"))),
    ("elbv2_drop_invalid_header_fields", alb(drop_invalid_header_fields=True), alb()),
    ("elbv2_deletion_protection", alb(deletion_protection=True), alb()),
    ("elbv2_access_logs", alb(access_logs_enabled=True, access_logs_bucket="logs"), alb()),
    ("logs_log_group_retention_minimum", group(retention_days=400), group(retention_days=30)),
    ("logs_log_group_retention_set", group(retention_days=90), group()),
    ("logs_log_group_kms", group(kms_key_id="arn:aws:kms:us-east-1:1:key/k"), group()),
    ("acm_certificate_expiry", cert(), cert(not_after=SOON)),
    ("acm_certificate_rsa_key_length", cert(), cert(key_algorithm="RSA_1024")),
]


@pytest.mark.parametrize(("rule_id", "good", "bad"), CASES, ids=[c[0] for c in CASES])
def test_rule_passes_and_fails(rule_id: str, good: Resource, bad: Resource) -> None:
    assert status(rule_id, good) is Status.PASS, verdict(rule_id, good)
    failing = verdict(rule_id, bad)
    assert failing.status is Status.FAIL, failing
    assert "\n" not in failing.reason and failing.reason


def _with_role(policies: dict[str, Any], attached: tuple[IamManagedPolicy, ...] = ()) -> Inventory:
    inv = Inventory(account=ACCOUNT, regions=["us-east-1"])
    inline = [InlinePolicy(name=name, document=doc) for name, doc in policies.items()]
    inv.add([IamRole(arn=ROLE_ARN, id="fn-role", name="fn-role", inline_policies=inline,
                     attached_policy_arns=[p.arn for p in attached]), *attached])
    return inv


def test_lambda_outside_vpc_fails_only_when_role_reaches_data() -> None:
    reads_s3 = _with_role({"s3": {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}})
    logs_only = _with_role({"logs": {"Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents",
                                                    "Resource": "*"}]}})
    in_vpc = fn(vpc=LambdaVpcConfig(vpc_id="vpc-1", subnet_ids=("subnet-1",)))
    assert status("lambda_function_not_in_vpc", in_vpc, reads_s3) is Status.PASS
    failing = verdict("lambda_function_not_in_vpc", fn(), reads_s3)
    assert failing.status is Status.FAIL and "s3:GetObject" in failing.reason
    assert status("lambda_function_not_in_vpc", fn(), logs_only) is Status.NOT_APPLICABLE
    dynamo = IamManagedPolicy(arn=f"arn:aws:iam::{ACCOUNT}:policy/orders-rw", id="orders-rw", document={
        "Statement": [{"Effect": "Allow", "Action": ["dynamodb:Get*", "dynamodb:Query"], "Resource": "*"}]})
    attached = verdict("lambda_function_not_in_vpc", fn(), _with_role({}, (dynamo,)))
    assert attached.status is Status.FAIL and "dynamodb:GetItem" in attached.reason
    assert status("lambda_function_not_in_vpc", fn(), Inventory(account=ACCOUNT, regions=["us-east-1"])) \
        is Status.NOT_APPLICABLE


def test_lambda_outside_vpc_errors_when_roles_could_not_be_listed() -> None:
    inv = Inventory(account=ACCOUNT, regions=["us-east-1"])
    inv.add_gaps([Gap(service="iam", region="global", api="GetAccountAuthorizationDetails", error="AccessDenied",
                      resource_types=("AWS::IAM::Role",))])
    assert status("lambda_function_not_in_vpc", fn(), inv) is Status.ERROR


def test_unknown_fields_give_error_never_pass() -> None:
    assert status("lambda_function_public_policy", fn(unknown={"policy": "AccessDenied"})) is Status.ERROR
    assert status("ecr_repository_scan_on_push", repo(unknown={"registry_scanning": "AccessDenied"})) is Status.ERROR
    assert status("elbv2_http_redirects_to_https", alb(unknown={"listeners": "AccessDenied"})) is Status.ERROR


def test_reasons_name_the_offending_value() -> None:
    assert "ELBSecurityPolicy-2016-08" in verdict(
        "elbv2_listener_outdated_tls_policy", alb(listener("HTTPS", 443, policy="ELBSecurityPolicy-2016-08"))).reason
    assert "python3.8" in verdict("lambda_function_deprecated_runtime", fn(runtime="python3.8")).reason
    assert "30 days" in verdict("logs_log_group_retention_minimum", group(retention_days=30)).reason
    secret = verdict("lambda_function_env_secrets", fn(environment_secret_hints=("password in X (DB_PASSWORD=…)",)))
    assert "DB_PASSWORD" in secret.reason


def test_unrecognized_tls_policy_is_an_error_not_a_pass() -> None:
    unknown = alb(listener("HTTPS", 443, policy="SomeFuturePolicy"))
    assert status("elbv2_listener_outdated_tls_policy", unknown) is Status.ERROR


def test_expired_certificate_fails_even_if_aws_issued() -> None:
    expired = cert(certificate_type="AMAZON_ISSUED", renewal_eligibility="ELIGIBLE",
                   not_after=datetime.now(UTC) - timedelta(days=1))
    assert status("acm_certificate_expiry", expired) is Status.FAIL
