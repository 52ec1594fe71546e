"""The 57 public SigmaHQ AWS CloudTrail rules load, compile to DuckDB SQL and run."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssrm.detect.ruleset import folder_rule_files, load_rules
from tests.detect.helpers import at, load_records

SIGMA_AWS = Path(__file__).resolve().parents[2] / ".." / "shared" / "datasets" / "sigma-aws"


@pytest.fixture(scope="module")
def sigmahq():
    if not SIGMA_AWS.is_dir():
        pytest.skip(f"SigmaHQ AWS rules not found at {SIGMA_AWS} (shared datasets folder absent)")
    return load_rules(folder_rule_files(SIGMA_AWS))


def test_all_load_and_compile(sigmahq) -> None:
    assert sigmahq.skipped == []
    assert len(sigmahq.rules) == 57
    assert all(r.where for r in sigmahq.rules)
    assert sigmahq.unmapped_fields <= {"status"}  # one rule names a field CloudTrail does not have


def test_all_run_and_known_ones_fire(sigmahq, tmp_path: Path) -> None:
    records = [
        at(eventSource="cloudtrail.amazonaws.com", eventName="StopLogging"),
        at(userIdentity={"type": "Root", "arn": "arn:aws:iam::111122223333:root"}, eventName="ListUsers",
           eventSource="iam.amazonaws.com"),
        at(eventSource="s3.amazonaws.com", eventName="ListBuckets"),
        at(eventSource="iam.amazonaws.com", eventName="UpdateLoginProfile", requestParameters={"userName": "bob"}),
        at(eventSource="iam.amazonaws.com", eventName="UpdateLoginProfile", requestParameters={"userName": "alice"},
           userIdentity={"arn": "alice"}),
        at(eventSource="s3.amazonaws.com", eventName="PutBucketVersioning",
           requestParameters={"VersioningConfiguration": {"Status": "Suspended"}}),
        at(eventSource="guardduty.amazonaws.com", eventName="UpdateDetector", requestParameters={"enable": False}),
    ]
    con = load_records(records, tmp_path)
    fired = set()
    for rule in sigmahq.rules:
        n = con.execute(f"SELECT count(*) FROM ct WHERE {rule.where}").fetchone()[0]
        if n:
            fired.add(Path(rule.meta.source).name)
    assert {
        "aws_cloudtrail_disable_logging.yml",
        "aws_root_account_usage.yml",
        "aws_enum_buckets.yml",
        "aws_update_login_profile.yml",
        "aws_disable_bucket_versioning.yml",
        "aws_cloudtrail_guardduty_detector_deleted_or_updated.yml",
    } <= fired
    update = next(r for r in sigmahq.rules if r.meta.source.endswith("aws_update_login_profile.yml"))
    assert con.execute(f"SELECT count(*) FROM ct WHERE {update.where}").fetchone()[0] == 1  # fieldref filter
