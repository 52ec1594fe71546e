"""What AWS manages for the customer, or grants to its own services, produces no FAIL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ssrm.model import Status
from ssrm.model.resources.apps.acm import AcmCertificate
from ssrm.model.resources.apps.awslambda import FunctionUrl, LambdaFunction
from ssrm.model.resources.apps.ecr import EcrRepository
from ssrm.model.resources.apps.elbv2 import Listener, LoadBalancerV2

from .helpers import status

FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:resize"
SERVICE_TRIGGER_AND_URL_POLICY = {"Version": "2012-10-17", "Statement": [
    {"Sid": "s3-trigger", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
     "Action": "lambda:InvokeFunction", "Resource": FUNCTION_ARN,
     "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::uploads"},
                   "StringEquals": {"AWS:SourceAccount": "123456789012"}}},
    {"Sid": "FunctionURLAllowPublicAccess", "Effect": "Allow", "Principal": "*",
     "Action": "lambda:InvokeFunctionUrl", "Resource": FUNCTION_ARN,
     "Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}},
]}


def test_service_principal_and_url_statements_are_not_public_policy() -> None:
    function = LambdaFunction(arn=FUNCTION_ARN, id="resize", region="us-east-1", runtime="python3.12",
                              policy=SERVICE_TRIGGER_AND_URL_POLICY,
                              function_urls=(FunctionUrl(url="https://u", auth_type="AWS_IAM"),))
    assert status("lambda_function_public_policy", function) is Status.PASS


def test_container_image_function_has_no_runtime_to_judge() -> None:
    function = LambdaFunction(arn=FUNCTION_ARN, id="resize", region="us-east-1", runtime=None, package_type="Image")
    assert status("lambda_function_deprecated_runtime", function) is Status.NOT_APPLICABLE


def test_acm_managed_renewal_is_not_flagged_before_expiry() -> None:
    certificate = AcmCertificate(arn="arn:aws:acm:us-east-1:123456789012:certificate/c", id="c", region="us-east-1",
                                 domain_name="shop.example.com", status="ISSUED", certificate_type="AMAZON_ISSUED",
                                 renewal_eligibility="ELIGIBLE", key_algorithm="EC_prime256v1",
                                 not_after=datetime.now(UTC) + timedelta(days=5))
    assert status("acm_certificate_expiry", certificate) is Status.PASS
    assert status("acm_certificate_rsa_key_length", certificate) is Status.PASS


def test_registry_scanning_rule_covers_repository() -> None:
    repository = EcrRepository(arn="arn:aws:ecr:us-east-1:123456789012:repository/r", id="r", region="us-east-1",
                               registry_scan_type="ENHANCED", registry_scanning="CONTINUOUS_SCAN")
    assert status("ecr_repository_scan_on_push", repository) is Status.PASS


def test_network_load_balancer_is_not_judged_on_http_features() -> None:
    nlb = LoadBalancerV2(arn="arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/n/1", id="n",
                         region="us-east-1", lb_type="network",
                         listeners=(Listener(arn="arn:l", protocol="TCP", port=443),))
    for rule_id in ("elbv2_http_redirects_to_https", "elbv2_drop_invalid_header_fields", "elbv2_access_logs",
                    "elbv2_listener_outdated_tls_policy"):
        assert status(rule_id, nlb) is Status.NOT_APPLICABLE, rule_id
