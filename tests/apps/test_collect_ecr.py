from __future__ import annotations

import json

import boto3
import pytest

from ssrm.engine import evaluate
from ssrm.model import Status
from ssrm.model.resources.apps.ecr import EcrRepository

from .helpers import APPS_RULES, deny

OPEN_POLICY = {"Version": "2012-10-17", "Statement": [
    {"Sid": "pull", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage"]}]}
LIFECYCLE = {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed",
                                                         "countUnit": "days", "countNumber": 14},
                        "action": {"type": "expire"}}]}


def _create_repositories() -> None:
    ecr = boto3.client("ecr", region_name="us-east-1")
    ecr.create_repository(repositoryName="good", imageTagMutability="IMMUTABLE",
                          imageScanningConfiguration={"scanOnPush": True})
    ecr.put_lifecycle_policy(repositoryName="good", lifecyclePolicyText=json.dumps(LIFECYCLE))
    ecr.create_repository(repositoryName="bad")
    ecr.set_repository_policy(repositoryName="bad", policyText=json.dumps(OPEN_POLICY))


def test_ecr_collector_reads_repositories(mock_scan) -> None:
    _create_repositories()
    inv = mock_scan(["ecr"], regions=["us-east-1"])
    assert inv.gaps == []
    repos = {r.name: r for r in inv.of_type(EcrRepository)}
    assert repos["good"].scan_on_push and repos["good"].tags_immutable
    assert repos["good"].lifecycle_policy == LIFECYCLE and repos["good"].policy is None
    assert not repos["bad"].scan_on_push and repos["bad"].policy == OPEN_POLICY
    assert repos["bad"].lifecycle_policy is None and repos["bad"].registry_scan_type == "BASIC"


def test_ecr_registry_scanning_denied_errors_only_where_needed(mock_scan, monkeypatch: pytest.MonkeyPatch) -> None:
    _create_repositories()
    deny(monkeypatch, ["GetRegistryScanningConfiguration", "GetRepositoryPolicy"])
    inv = mock_scan(["ecr"], regions=["us-east-1"])
    assert {g.api for g in inv.gaps} == {"GetRegistryScanningConfiguration", "GetRepositoryPolicy"}
    findings = {(f.rule_id, f.resource_id): f.status for f in evaluate(
        inv, [APPS_RULES["ecr_repository_scan_on_push"], APPS_RULES["ecr_repository_public_policy"]])}
    assert findings[("ecr_repository_scan_on_push", "good")] is Status.PASS  # scan on push needs no registry
    assert findings[("ecr_repository_scan_on_push", "bad")] is Status.ERROR
    assert findings[("ecr_repository_public_policy", "bad")] is Status.ERROR
