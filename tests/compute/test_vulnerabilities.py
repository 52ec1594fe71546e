"""Inspector and ECR image-scan vulnerabilities: collection in moto, the rules, and the attack graph."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import requests
from moto import mock_aws

from ssrm.engine import evaluate
from ssrm.model import Inventory, Status
from ssrm.model.resources.account import Region
from ssrm.model.resources.apps.ecr import EcrRepository
from ssrm.model.resources.compute.vulnerability import InspectorStatus, Vulnerability
from ssrm.rules.catalog import find_rule
from ssrm.sources.aws.collectors import ALL_COLLECTORS
from ssrm.sources.aws.runner import scan
from ssrm.sources.aws.session import ConnectOptions
from tests.compute.builders import ACCOUNT, REGION, instance

MANIFEST = ('{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", '
            '"config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1, '
            '"digest": "sha256:' + "a" * 64 + '"}, "layers": []}')
ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": REGION,
       "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}


def inspector_finding(instance_id: str, cve: str, *, exploit: str = "YES", fix: str = "YES",
                      severity: str = "CRITICAL") -> dict[str, Any]:
    return {
        "findingArn": f"arn:aws:inspector2:{REGION}:{ACCOUNT}:finding/{cve.lower()}-{instance_id}",
        "awsAccountId": ACCOUNT, "type": "PACKAGE_VULNERABILITY", "severity": severity, "status": "ACTIVE",
        "title": f"{cve} - openssl", "inspectorScore": 9.8, "exploitAvailable": exploit, "fixAvailable": fix,
        "description": "d", "firstObservedAt": "2026-11-01T00:00:00Z", "lastObservedAt": "2026-11-30T00:00:00Z",
        "remediation": {"recommendation": {"text": "update"}},
        "packageVulnerabilityDetails": {"vulnerabilityId": cve, "source": "NVD",
                                        "vulnerablePackages": [{"name": "openssl", "version": "3.0.1"}]},
        "resources": [{"type": "AWS_EC2_INSTANCE", "id": instance_id, "region": REGION}],
    }


@pytest.fixture(scope="module")
def planted() -> Iterator[tuple[Inventory, str]]:
    with pytest.MonkeyPatch.context() as mp, mock_aws():
        for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
            mp.delenv(key, raising=False)
        for key, value in ENV.items():
            mp.setenv(key, value)
        ec2 = boto3.client("ec2", region_name=REGION)
        image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        instance_id = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
        boto3.client("inspector2", region_name=REGION).enable(resourceTypes=["EC2"], accountIds=[ACCOUNT])
        findings = [inspector_finding(instance_id, "CVE-2024-0001"),
                    inspector_finding(instance_id, "CVE-2024-0002", exploit="NO", fix="NO", severity="HIGH")]
        requests.post("http://motoapi.amazonaws.com/moto-api/static/inspector2/findings-results",
                      json={"results": [findings], "region": REGION, "account_id": ACCOUNT}, timeout=5)
        ecr = boto3.client("ecr", region_name=REGION)
        ecr.create_repository(repositoryName="web", imageScanningConfiguration={"scanOnPush": True})
        ecr.put_image(repositoryName="web", imageTag="v1", imageManifest=MANIFEST)
        ecr.start_image_scan(repositoryName="web", imageId={"imageTag": "v1"})
        collectors = [c for c in ALL_COLLECTORS if c.name in ("ec2", "inspector2", "ecr")]
        inventory = scan(ConnectOptions(region=REGION), collectors, regions=[REGION], workers=4)
        yield inventory, instance_id


def status_of(inventory: Inventory, rule_id: str, resource_id: str) -> tuple[Status, str]:
    rule = find_rule(rule_id)
    assert rule is not None
    finding = next(f for f in evaluate(inventory, [rule]) if f.resource_id == resource_id)
    return finding.status, finding.reason


def test_inspector_records(planted: tuple[Inventory, str]) -> None:
    inventory, instance_id = planted
    status = next(inventory.in_region(InspectorStatus, REGION))
    assert (status.ec2, status.ecr, status.lambda_standard) == ("ENABLED", "DISABLED", "DISABLED")
    found = {v.vulnerability_id: v for v in inventory.of_type(Vulnerability) if v.source == "inspector"}
    assert set(found) == {"CVE-2024-0001", "CVE-2024-0002"}
    first = found["CVE-2024-0001"]
    assert first.target_arn == f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{instance_id}"
    assert (first.exploit_available, first.fix_available, first.package) == (True, "YES", "openssl 3.0.1")


def test_basic_image_scan_findings_are_collected(planted: tuple[Inventory, str]) -> None:
    inventory, _ = planted
    basic = [v for v in inventory.of_type(Vulnerability) if v.source == "ecr-basic"]
    repository = inventory.of_type(EcrRepository)[0]
    assert [v.target_arn for v in basic] == [repository.arn]
    assert basic[0].severity == "HIGH" and basic[0].image == "v1"


def test_instance_with_exploitable_cve_fails_and_names_it(planted: tuple[Inventory, str]) -> None:
    inventory, instance_id = planted
    status, reason = status_of(inventory, "ec2_instance_exploitable_vulnerabilities", instance_id)
    assert status is Status.FAIL
    assert "CVE-2024-0001" in reason and "exploit public" in reason
    assert "CVE-2024-0002" not in reason  # no exploit and no fix: not the one to act on


def test_scanning_rules_follow_inspector_state(planted: tuple[Inventory, str]) -> None:
    inventory, _ = planted
    assert status_of(inventory, "inspector_ec2_scanning_enabled", REGION)[0] is Status.PASS
    assert status_of(inventory, "inspector_ecr_scanning_enabled", REGION)[0] is Status.FAIL


def test_repository_with_high_basic_finding_fails(planted: tuple[Inventory, str]) -> None:
    inventory, _ = planted
    status, reason = status_of(inventory, "ecr_repository_exploitable_vulnerabilities", "web")
    assert status is Status.FAIL and "CVE-9999-9999" in reason


def hand_inventory(*resources: Any, services: list[str] | None = None) -> Inventory:
    inventory = Inventory(account=ACCOUNT, regions=[REGION], services=services)
    region = Region(arn=f"arn:aws:::{ACCOUNT}:region/{REGION}", id=REGION, account=ACCOUNT, region=REGION)
    inventory.add([region, *resources])
    return inventory


def inspector(ec2: str = "ENABLED", unknown: dict[str, str] | None = None) -> InspectorStatus:
    return InspectorStatus(arn=f"arn:aws:inspector2:{REGION}:{ACCOUNT}:status", id="s", account=ACCOUNT,
                           region=REGION, ec2=ec2, unknown=unknown or {})


@pytest.mark.parametrize(("records", "services", "said"), [
    ((inspector("DISABLED"),), ["ec2", "inspector2"], "scanning is DISABLED"),
    ((inspector("", {"ec2": "AccessDenied: not allowed"}),), ["ec2", "inspector2"], "AccessDenied"),
    ((), ["ec2", "inspector2"], "no Inspector status"),
])
def test_inspector_off_gives_error_never_pass(records: tuple[InspectorStatus, ...], services: list[str],
                                              said: str) -> None:
    inventory = hand_inventory(instance("i-1"), *records, services=services)
    status, reason = status_of(inventory, "ec2_instance_exploitable_vulnerabilities", "i-1")
    assert status is Status.ERROR and said in reason


def test_inspector_left_out_of_the_scan_is_not_applicable() -> None:
    inventory = hand_inventory(instance("i-1"), services=["ec2"])
    assert status_of(inventory, "ec2_instance_exploitable_vulnerabilities", "i-1")[0] is Status.NOT_APPLICABLE


def test_clean_instance_passes() -> None:
    inventory = hand_inventory(instance("i-1"), inspector(), services=["ec2", "inspector2"])
    assert status_of(inventory, "ec2_instance_exploitable_vulnerabilities", "i-1")[0] is Status.PASS
