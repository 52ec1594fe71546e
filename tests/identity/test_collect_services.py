"""CloudTrail, Config, GuardDuty, Access Analyzer, Security Hub and Organizations against moto in-process."""

from __future__ import annotations

import boto3
import pytest

from ssrm.model import Status
from ssrm.model.resources.identity.cloudtrail import CloudTrailTrail
from ssrm.model.resources.identity.config import ConfigRecorder
from ssrm.model.resources.identity.guardduty import GuardDutyDetector
from ssrm.model.resources.identity.organizations import Organization
from ssrm.model.resources.identity.securityhub import SecurityHub
from tests.identity.helpers import findings, refuse, result_for

SERVICES = ["cloudtrail", "config", "guardduty", "accessanalyzer", "securityhub", "organizations"]
REGIONS = ["us-east-1", "eu-west-1"]


def _plant() -> None:
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="acme-trail-logs")
    trail = boto3.client("cloudtrail", region_name="us-east-1")
    trail.create_trail(Name="org-trail", S3BucketName="acme-trail-logs", IsMultiRegionTrail=True,
                       EnableLogFileValidation=True)
    trail.start_logging(Name="org-trail")
    config = boto3.client("config", region_name="us-east-1")
    config.put_configuration_recorder(ConfigurationRecorder={
        "name": "default", "roleARN": "arn:aws:iam::123456789012:role/config",
        "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}})
    config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "acme-trail-logs"})
    config.start_configuration_recorder(ConfigurationRecorderName="default")
    boto3.client("guardduty", region_name="us-east-1").create_detector(Enable=True)
    boto3.client("securityhub", region_name="us-east-1").enable_security_hub()
    boto3.client("organizations", region_name="us-east-1").create_organization(FeatureSet="ALL")


def test_services_collect_and_judge_per_region(mock_scan, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")
    _plant()
    inv = mock_scan(SERVICES, regions=REGIONS)

    trails = inv.of_type(CloudTrailTrail)
    assert len(trails) == 1, "a multi-region trail is recorded once"
    trail = trails[0]
    assert trail.region == "us-east-1" and trail.multi_region and trail.logging and trail.log_file_validation
    assert trail.management_events and trail.management_read_write == "All"
    recorder = inv.of_type(ConfigRecorder)[0]
    assert recorder.region == "us-east-1" and recorder.recording and recorder.all_supported
    assert [d.region for d in inv.of_type(GuardDutyDetector)] == ["us-east-1"]
    assert [h.region for h in inv.of_type(SecurityHub)] == ["us-east-1"]
    assert inv.of_type(Organization)[0].all_features

    for region in REGIONS:
        assert result_for(inv, "cloudtrail_multi_region_logging", region).status is Status.PASS
    for rule_id in ("config_recorder_enabled", "guardduty_enabled", "securityhub_enabled"):
        assert result_for(inv, rule_id, "us-east-1").status is Status.PASS, rule_id
        failing = result_for(inv, rule_id, "eu-west-1")
        assert failing.status is Status.FAIL and "eu-west-1" in failing.reason, rule_id
    assert result_for(inv, "organizations_account_in_organization", "123456789012").status is Status.PASS
    assert result_for(inv, "cloudtrail_kms_encryption", trail.id).status is Status.FAIL
    # S3 was not scanned: the trail bucket cannot be judged, and is not passed
    assert result_for(inv, "cloudtrail_bucket_access_logging", trail.id).status is Status.NOT_APPLICABLE
    # the emulator has no Access Analyzer: an honest gap and ERROR in every region
    assert {g.region for g in inv.gaps if g.service == "accessanalyzer"} == set(REGIONS)
    assert all(f.status is Status.ERROR for f in findings(inv, "accessanalyzer_enabled"))
    assert inv.stats.calls_by_api["cloudtrail:GetTrailStatus"] == 1


def test_services_off_and_refused(mock_scan, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")
    refuse(monkeypatch, "DescribeTrails", "ListDetectors", "DescribeConfigurationRecorders")
    refuse(monkeypatch, "DescribeHub", region="eu-west-1")
    inv = mock_scan(SERVICES, regions=REGIONS)

    assert {g.api for g in inv.gaps} >= {"DescribeTrails", "ListDetectors", "DescribeConfigurationRecorders"}
    for rule_id in ("cloudtrail_multi_region_logging", "guardduty_enabled", "config_recorder_enabled"):
        result = result_for(inv, rule_id, "us-east-1")
        assert result.status is Status.ERROR and "AccessDenied" in result.reason, rule_id
    assert all(f.status is Status.ERROR for f in findings(inv, "cloudtrail_log_file_validation"))
    # Security Hub "not subscribed" and "not in an organization" are answers, not gaps
    assert result_for(inv, "securityhub_enabled", "us-east-1").status is Status.FAIL
    assert result_for(inv, "organizations_account_in_organization", "123456789012").status is Status.FAIL
    assert not [g for g in inv.gaps if g.service == "organizations"]
    # ... while a refused DescribeHub is unknown
    assert result_for(inv, "securityhub_enabled", "eu-west-1").status is Status.ERROR


def test_trail_seen_first_from_another_region_is_read_in_its_home_region(
        aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whichever region claims a multi-region trail first, its details come from the home region."""
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")
    from ssrm.sources.aws.collectors.identity import cloudtrail
    from ssrm.sources.aws.context import CollectContext
    from ssrm.sources.aws.session import ConnectOptions, ScanSession, open_session

    _plant()
    options = ConnectOptions(region="us-east-1")
    boto_session, account, partition = open_session(options)
    session = ScanSession(boto_session, account, partition, options, detail_workers=2)
    try:
        for region in ("eu-west-1", "us-east-1"):
            cloudtrail.COLLECTOR.collect(CollectContext(session, cloudtrail.COLLECTOR, region))
    finally:
        session.close()
    assert not session.gaps
    [trail] = session.resources
    assert trail.region == "us-east-1" and trail.logging and trail.management_read_write == "All"
