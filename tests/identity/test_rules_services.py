"""CloudTrail, Config, GuardDuty, Access Analyzer, Security Hub and Organizations rules, built directly."""

from __future__ import annotations

from typing import Any

from ssrm.model import Resource, Status
from ssrm.model.resources.account import Account, Region
from ssrm.model.resources.identity.accessanalyzer import AccessAnalyzer
from ssrm.model.resources.identity.cloudtrail import CloudTrailTrail
from ssrm.model.resources.identity.config import ConfigRecorder
from ssrm.model.resources.identity.guardduty import GuardDutyDetector
from ssrm.model.resources.identity.organizations import Organization
from ssrm.model.resources.identity.securityhub import SecurityHub
from tests.identity.helpers import ACCOUNT, status, verdict

REGION = Region(arn=f"arn:aws:ec2:us-east-1:{ACCOUNT}:region/us-east-1", id="us-east-1", name="us-east-1",
                account=ACCOUNT, region="us-east-1")
ACCOUNT_RECORD = Account(arn=f"arn:aws:iam::{ACCOUNT}:root", id=ACCOUNT, account=ACCOUNT)


def trail(**fields: Any) -> CloudTrailTrail:
    base: dict[str, Any] = {"logging": True, "management_events": True, "management_read_write": "All",
                            "s3_bucket": "acme-logs"}
    base.update(fields)
    return CloudTrailTrail(arn=f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/t", id="t", name="t",
                           account=ACCOUNT, region="us-east-1", home_region="us-east-1", **base)


def bucket(logging: bool) -> Resource:
    from ssrm.model import RESOURCE_TYPES

    s3 = RESOURCE_TYPES["AWS::S3::Bucket"]
    extra = {"logging": {"target_bucket": "acme-access-logs"}} if logging else {}
    return s3.model_validate({"arn": "arn:aws:s3:::acme-logs", "id": "acme-logs", "name": "acme-logs",
                              "account": ACCOUNT, "region": "us-east-1", **extra})


def in_region(cls: type[Resource], **fields: Any) -> Resource:
    return cls(arn=f"arn:aws:x:us-east-1:{ACCOUNT}:{cls.__name__}", id=cls.__name__, name=cls.__name__,
               account=ACCOUNT, region="us-east-1", **fields)


def test_multi_region_trail_per_region() -> None:
    assert status("cloudtrail_multi_region_logging", REGION, trail(multi_region=True)) is Status.PASS
    single = verdict("cloudtrail_multi_region_logging", REGION, trail(multi_region=False))
    assert single.status is Status.FAIL and "single-region trail t" in single.reason
    stopped = verdict("cloudtrail_multi_region_logging", REGION, trail(multi_region=True, logging=False))
    assert stopped.status is Status.FAIL and "stopped" in stopped.reason
    assert status("cloudtrail_multi_region_logging", REGION) is Status.FAIL
    unknown = trail(multi_region=True, unknown={"logging": "AccessDenied"})
    assert status("cloudtrail_multi_region_logging", REGION, unknown) is Status.ERROR


def test_trail_rules() -> None:
    cases = [
        ("cloudtrail_trail_logging", trail(), trail(logging=False)),
        ("cloudtrail_log_file_validation", trail(log_file_validation=True), trail()),
        ("cloudtrail_kms_encryption", trail(kms_key_id="arn:aws:kms:us-east-1:1:key/k"), trail()),
    ]
    for rule_id, good, bad in cases:
        assert status(rule_id, good) is Status.PASS, rule_id
        assert status(rule_id, bad) is Status.FAIL, rule_id


def test_trail_bucket_access_logging_looks_the_bucket_up() -> None:
    assert status("cloudtrail_bucket_access_logging", trail(), bucket(True)) is Status.PASS
    failing = verdict("cloudtrail_bucket_access_logging", trail(), bucket(False))
    assert failing.status is Status.FAIL and "acme-logs" in failing.reason
    missing = verdict("cloudtrail_bucket_access_logging", trail())
    assert missing.status is Status.NOT_APPLICABLE and "not in the scanned inventory" in missing.reason


def test_region_services() -> None:
    cases = [
        ("config_recorder_enabled", in_region(ConfigRecorder, recording=True, all_supported=True),
         in_region(ConfigRecorder, recording=False, all_supported=True)),
        ("guardduty_enabled", in_region(GuardDutyDetector, status="ENABLED"),
         in_region(GuardDutyDetector, status="DISABLED")),
        ("accessanalyzer_enabled", in_region(AccessAnalyzer, analyzer_type="ACCOUNT", status="ACTIVE"),
         in_region(AccessAnalyzer, analyzer_type="ACCOUNT_UNUSED_ACCESS", status="ACTIVE")),
        ("securityhub_enabled", in_region(SecurityHub), None),
    ]
    for rule_id, good, bad in cases:
        assert status(rule_id, REGION, good) is Status.PASS, rule_id
        assert status(rule_id, REGION) is Status.FAIL, rule_id
        if bad is not None:
            assert status(rule_id, REGION, bad) is Status.FAIL, rule_id
    other_region = GuardDutyDetector(arn="d", id="d", account=ACCOUNT, region="eu-west-1", status="ENABLED")
    assert status("guardduty_enabled", REGION, other_region) is Status.FAIL


def test_organization_membership() -> None:
    full = Organization(arn="arn:aws:organizations::1:organization/o-1", id="o-1", feature_set="ALL")
    billing = Organization(arn="arn:aws:organizations::1:organization/o-2", id="o-2",
                           feature_set="CONSOLIDATED_BILLING")
    assert status("organizations_account_in_organization", ACCOUNT_RECORD, full) is Status.PASS
    assert status("organizations_account_in_organization", ACCOUNT_RECORD, billing) is Status.FAIL
    assert status("organizations_account_in_organization", ACCOUNT_RECORD) is Status.FAIL


def test_region_rules_are_not_applicable_when_the_service_was_not_scanned() -> None:
    from ssrm.engine import judge
    from ssrm.model import Inventory
    from tests.identity.helpers import rule_by_id

    inventory = Inventory(account=ACCOUNT, regions=["us-east-1"], services=["iam", "s3"])
    inventory.add([REGION, ACCOUNT_RECORD])
    for rule_id, target in (("guardduty_enabled", REGION), ("accessanalyzer_enabled", REGION),
                            ("organizations_account_in_organization", ACCOUNT_RECORD)):
        result = judge(rule_by_id(rule_id), target, inventory)
        assert result.status is Status.NOT_APPLICABLE and "was not scanned" in result.reason
    assert judge(rule_by_id("iam_federation_configured"), ACCOUNT_RECORD, inventory).status is Status.FAIL
