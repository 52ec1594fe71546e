from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ssrm.engine.suppress import SuppressionError, load_mutelist
from ssrm.model import Domain, Finding, Layer, Severity, Stage, Status


def finding(rule_id: str, arn: str, status: Status = Status.FAIL, **tags: str) -> Finding:
    return Finding(rule_id=rule_id, title=rule_id, status=status, severity=Severity.HIGH, layer=Layer.CLOUD,
                   domain=Domain.DATA, stage=Stage.EXFILTRATE, resource_arn=arn, resource_id=arn.rsplit(":", 1)[-1],
                   resource_type="AWS::S3::Bucket", region="us-east-1", account="123456789012", reason="r",
                   tags=tags)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mutes.yaml"
    path.write_text(text)
    return path


def test_matching_fail_is_muted_with_reason_and_others_untouched(tmp_path: Path) -> None:
    mutes = load_mutelist(write(tmp_path, """
mutes:
  - rule: "s3_bucket_public_*"
    resource: "arn:aws:s3:::acme-*"
    tags: {env: prod*}
    reason: website assets are public on purpose
"""))
    findings = [
        finding("s3_bucket_public_policy", "arn:aws:s3:::acme-assets", env="production"),
        finding("s3_bucket_public_policy", "arn:aws:s3:::acme-assets", env="dev"),
        finding("s3_bucket_public_policy", "arn:aws:s3:::other"),
        finding("s3_bucket_versioning", "arn:aws:s3:::acme-assets", env="production"),
        finding("s3_bucket_public_acl", "arn:aws:s3:::acme-x", Status.PASS, env="prod"),
    ]
    result, report = mutes.apply(findings, today=date(2026, 1, 1))
    assert [f.status for f in result] == [Status.MUTED, Status.FAIL, Status.FAIL, Status.FAIL, Status.PASS]
    assert result[0].muted_reason == "website assets are public on purpose"
    assert report.muted == 1


def test_expired_entry_stops_muting_and_is_reported(tmp_path: Path) -> None:
    mutes = load_mutelist(write(tmp_path, "mutes:\n  - rule: '*'\n    reason: temporary\n    expires: 2025-06-30\n"))
    result, report = mutes.apply([finding("s3_x", "arn:aws:s3:::b")], today=date(2026, 1, 1))
    assert result[0].status is Status.FAIL
    assert report.expired == ["line 2: rule '*' resource '*' expired on 2025-06-30"]


def test_unused_entries_are_reported(tmp_path: Path) -> None:
    mutes = load_mutelist(write(tmp_path, "mutes:\n  - rule: nothing_matches\n    reason: r\n"))
    _, report = mutes.apply([finding("s3_x", "arn:aws:s3:::b")])
    assert report.unused == ["line 2: rule 'nothing_matches' resource '*'"]


@pytest.mark.parametrize(("text", "message"), [
    ("mutes:\n  - rule: x\n", ":2: 'reason' is required"),
    ("mutes:\n  - rule: x\n    reason: y\n  - reason: z\n", ":4: 'rule' is required"),
    ("mutes:\n  - rule: x\n    reason: y\n    resouce: typo\n", ":2: unknown key 'resouce'"),
    ("mutes:\n  - rule: x\n    reason: y\n    expires: next week\n", ":2: 'expires' must be a date"),
    ("mutes: [\n", "not valid YAML"),
    ("- rule: x\n", ":1: expected a mapping"),
])
def test_errors_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SuppressionError, match=message):
        load_mutelist(write(tmp_path, text))
