"""CIS 4.8 / 4.9: S3 object-level write and read events recorded for every bucket by a multi-region trail."""

from __future__ import annotations

from ssrm.engine import judge
from ssrm.model import Inventory, Status
from ssrm.model.resources.account import Account
from ssrm.model.resources.identity.cloudtrail import CloudTrailTrail
from ssrm.rules.catalog import find_rule
from ssrm.sources.aws.collectors.identity.cloudtrail import s3_data_events

ACCOUNT = Account(arn="arn:aws:iam::111122223333:root", id="111122223333", account="111122223333")


def trail(**fields: object) -> CloudTrailTrail:
    values: dict[str, object] = {"multi_region": True, "logging": True, **fields}
    return CloudTrailTrail(arn="arn:aws:cloudtrail:us-east-1:111122223333:trail/main", id="main", name="main",
                           **values)  # type: ignore[arg-type]


def verdict(rule_id: str, *trails: CloudTrailTrail) -> tuple[Status, str]:
    inv = Inventory(account="111122223333", regions=["us-east-1"], services=["cloudtrail"])
    inv.add([ACCOUNT, *trails])
    rule = find_rule(rule_id)
    assert rule is not None
    result = judge(rule, ACCOUNT, inv)
    return result.status, result.reason


def test_selectors_are_read_for_all_buckets_only() -> None:
    basic = {"EventSelectors": [{"ReadWriteType": "WriteOnly", "DataResources": [
        {"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}]}
    assert s3_data_events(basic) == "WriteOnly"
    narrowed = {"EventSelectors": [{"ReadWriteType": "All", "DataResources": [
        {"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::one-bucket/"]}]}]}
    assert s3_data_events(narrowed) == ""
    advanced = {"AdvancedEventSelectors": [{"FieldSelectors": [
        {"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
        {"Field": "readOnly", "Equals": ["true"]}]}]}
    assert s3_data_events(advanced) == "ReadOnly"
    assert s3_data_events({}) == ""


def test_write_and_read_rules() -> None:
    assert verdict("cloudtrail_s3_object_write_logging", trail(s3_data_events="WriteOnly"))[0] is Status.PASS
    assert verdict("cloudtrail_s3_object_read_logging", trail(s3_data_events="WriteOnly"))[0] is Status.FAIL
    assert verdict("cloudtrail_s3_object_read_logging", trail(s3_data_events="All"))[0] is Status.PASS
    status, reason = verdict("cloudtrail_s3_object_write_logging", trail())
    assert status is Status.FAIL and "no S3 data events" in reason
    assert verdict("cloudtrail_s3_object_write_logging")[0] is Status.FAIL
    stopped = trail(s3_data_events="All", logging=False)
    assert verdict("cloudtrail_s3_object_write_logging", stopped)[0] is Status.FAIL


def test_unreadable_selectors_are_error_not_pass_or_fail() -> None:
    unreadable = trail(unknown={"s3_data_events": "AccessDeniedException: denied"})
    status, reason = verdict("cloudtrail_s3_object_write_logging", unreadable)
    assert status is Status.ERROR and "AccessDenied" in reason
