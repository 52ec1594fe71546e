"""The identity demo planting against moto's HTTP server, scanned for real with the identity collectors."""

from __future__ import annotations

import pytest

from ssrm.demo import identity
from ssrm.demo.server import emulator
from ssrm.demo.world import DEMO_REGIONS, DemoWorld
from ssrm.engine import evaluate
from ssrm.model import Inventory, Status
from ssrm.model.resources.identity.iam import IamManagedPolicy
from ssrm.sources.aws.collectors.identity import COLLECTORS
from ssrm.sources.aws.runner import scan
from ssrm.sources.aws.session import ConnectOptions
from tests.identity.helpers import IDENTITY_RULES

# moto's server answers Access Analyzer with HTTP 500, which botocore retries for ~20 s; the in-process
# test covers that gap (a fast 404 there), so the demo scan leaves the collector out.
DEMO_COLLECTORS = [c for c in COLLECTORS if c.name != "accessanalyzer"]
DATA_REFS = {
    "bucket_assets": "acme-shop-assets",
    "bucket_backups": "acme-shop-backups",
    "bucket_logs": "acme-shop-logs",
    "queue_orders_arn": "arn:aws:sqs:us-east-1:123456789012:orders",
    "table_orders_arn": "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
    "secret_db_arn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-password-AbCdEf",
}
EXPECTED = [
    ("iam_user_console_mfa", "alice", Status.PASS),
    ("iam_user_console_mfa", "bob", Status.FAIL),
    ("iam_user_console_mfa", "ci-deploy", Status.PASS),
    ("iam_user_multiple_active_keys", "ci-deploy", Status.FAIL),
    ("iam_user_multiple_active_keys", "bob", Status.PASS),
    ("iam_user_inline_full_admin", "ci-deploy", Status.FAIL),
    ("iam_user_admin_attached_directly", "bob", Status.FAIL),
    ("iam_user_admin_attached_directly", "alice", Status.PASS),
    ("iam_user_direct_policies", "alice", Status.PASS),
    ("iam_user_direct_policies", "bob", Status.FAIL),
    ("iam_role_cross_account_external_id", "vendor-audit", Status.FAIL),
    ("iam_role_cross_account_external_id", "partner-sync", Status.PASS),
    ("iam_role_trust_any_principal", "web-role", Status.PASS),
    ("iam_role_inline_full_admin", "web-role", Status.PASS),
    ("iam_role_inline_full_admin", "worker-role", Status.PASS),
    ("iam_password_policy_exists", "123456789012:password-policy", Status.PASS),
    ("iam_password_policy_min_length", "123456789012:password-policy", Status.FAIL),
    ("iam_password_policy_reuse", "123456789012:password-policy", Status.FAIL),
    ("iam_federation_configured", "123456789012", Status.PASS),
    ("iam_support_role_exists", "123456789012", Status.FAIL),
    ("iam_root_mfa", "123456789012:root", Status.FAIL),
    ("cloudtrail_multi_region_logging", "us-east-1", Status.FAIL),
    ("cloudtrail_multi_region_logging", "eu-west-1", Status.FAIL),
    ("cloudtrail_trail_logging", "arn:aws:cloudtrail:us-east-1:123456789012:trail/acme-trail", Status.PASS),
    ("cloudtrail_log_file_validation", "arn:aws:cloudtrail:us-east-1:123456789012:trail/acme-trail",
     Status.FAIL),
    ("cloudtrail_kms_encryption", "arn:aws:cloudtrail:us-east-1:123456789012:trail/acme-trail", Status.FAIL),
    ("guardduty_enabled", "us-east-1", Status.PASS),
    ("guardduty_enabled", "eu-west-1", Status.FAIL),
    ("config_recorder_enabled", "us-east-1", Status.FAIL),
    ("securityhub_enabled", "us-east-1", Status.FAIL),
    ("organizations_account_in_organization", "123456789012", Status.FAIL),
]


@pytest.fixture(scope="module")
def demo_inventory() -> Inventory:
    with emulator() as endpoint:
        world = DemoWorld(endpoint=endpoint, refs=dict(DATA_REFS))
        world.client("s3").create_bucket(Bucket="acme-shop-logs")
        identity.plant(world)
        for key in ("web_instance_profile_arn", "worker_instance_profile_arn", "web_role_arn", "worker_role_arn",
                    "orders_lambda_role_arn", "thumbnailer_lambda_role_arn", "bob_user_arn"):
            assert key in world.refs, key
        return scan(ConnectOptions(region="us-east-1", endpoint_url=endpoint), DEMO_COLLECTORS,
                    regions=list(DEMO_REGIONS), workers=8)


def test_demo_scan_gives_the_planted_story(demo_inventory: Inventory) -> None:
    results = {(f.rule_id, f.resource_id): f for f in evaluate(demo_inventory, IDENTITY_RULES)}
    wrong = [(rule_id, resource, expected, results.get((rule_id, resource)))
             for rule_id, resource, expected in EXPECTED
             if (rule_id, resource) not in results or results[(rule_id, resource)].status is not expected]
    assert not wrong, wrong


def test_demo_aws_managed_things_never_fail(demo_inventory: Inventory) -> None:
    findings = evaluate(demo_inventory, IDENTITY_RULES)
    aws_owned = [f for f in findings if ":iam::aws:policy/" in f.resource_arn or "/aws-service-role/" in
                 f.resource_arn]
    assert aws_owned, "attached AWS-managed policies are in the inventory"
    assert not [f for f in aws_owned if f.status is Status.FAIL]
    admin = next(f for f in aws_owned if f.resource_arn.endswith("/AdministratorAccess"))
    assert admin.status is Status.NOT_APPLICABLE
    # attached AWS-managed policies carry their default version document (what the role can really do)
    policy = demo_inventory.get(IamManagedPolicy, "arn:aws:iam::aws:policy/AdministratorAccess")
    assert policy.aws_managed and policy.document["Statement"][0]["Action"] == "*"
    unattached = demo_inventory.get(IamManagedPolicy, "arn:aws:iam::aws:policy/ReadOnlyAccess")
    assert unattached is None


def test_demo_scan_calls_only_declared_actions(demo_inventory: Inventory) -> None:
    declared = {action for collector in DEMO_COLLECTORS for action in collector.actions}
    prefixes = {action.split(":")[0] for action in declared}
    called = {api for api in demo_inventory.stats.calls_by_api if api.split(":")[0] in prefixes}
    assert called and called <= declared, called - declared
