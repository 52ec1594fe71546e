"""``ssrm detect`` end to end: local and S3 input, checkpoints, baselines, posture, outputs, bad input."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from ssrm.cli import main
from ssrm.detect import synthetic
from tests.cli_runner import invoke
from tests.detect.helpers import at, write_trail


def _detect(*args: str) -> tuple[int, str]:
    """The real entry point, as a shell runs it: ssrm's one-line errors and exit codes."""
    result = invoke(main, "detect", *args)
    return result.code, result.stdout + result.stderr


def _json(*args: str) -> dict:
    code, out = _detect(*args, "--format", "json")
    assert code == 0, out
    return json.loads(out[out.index("{"):])


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[synthetic.Principal]]:
    """Three quiet days to learn from, then a morning with an attack by one role."""
    root = tmp_path_factory.mktemp("logs")
    people = synthetic.population(12)
    learn = list(synthetic.stream(6000, datetime(2026, 11, 1), timedelta(days=3), people=people))
    synthetic.write_trail(root / "learn", learn, per_file=500)
    rnd = random.Random(5)
    t = datetime(2026, 11, 4, 3)
    p = people[1]
    attack = [synthetic.event(p, t + timedelta(seconds=i), rnd, call=("iam.amazonaws.com", "ListUsers"),
                              ip="203.0.113.7", agent="python-requests/2.31", region="ap-south-1") for i in range(3)]
    attack.append(synthetic.event(p, t + timedelta(seconds=9), rnd, call=("cloudtrail.amazonaws.com", "StopLogging"),
                                  request={"name": "main"}, ip="203.0.113.7"))
    attack += [synthetic.event(p, t + timedelta(seconds=20 + i), rnd, call=("iam.amazonaws.com", f"Get{i}"),
                               error="AccessDenied") for i in range(25)]
    normal = list(synthetic.stream(400, datetime(2026, 11, 4), timedelta(hours=6), seed=9, people=people))
    synthetic.write_trail(root / "detect", sorted(normal + attack, key=lambda r: r["eventTime"]), per_file=200)
    return root, root / "state.duckdb", people


def test_learn_then_detect_explains_anomalies(history, tmp_path: Path) -> None:
    root, state, _ = history
    code, out = _detect(str(root / "learn"), "--state", str(state), "--learn")
    assert code == 0, out
    info = invoke(main, "baseline", "show", str(state))
    assert info.code == 0 and "principals: 12" in info.stdout
    doc = _json(str(root / "detect"), "--state", str(state))
    by_rule = {a["rule_id"]: a for a in doc["alerts"]}
    anomaly = by_rule["ssrm_anomaly_first_seen"]
    assert anomaly["kind"] == "anomaly" and anomaly["score"] >= 60
    text = anomaly["explanation"]
    assert "role role-001 called iam:ListUsers" in text and "for the first time in 30 days" in text
    assert "203.0.113.0/24 never seen for this account" in text and "ap-south-1" in text
    assert "ssrm_cloudtrail_stopped" in by_rule and "ssrm_denied_enumeration" in by_rule
    assert "ssrm_anomaly_access_denied_storm" in by_rule
    scores = [a["score"] for a in doc["alerts"]]
    assert scores == sorted(scores, reverse=True)


def test_posture_link_ranks_higher_and_says_so(history, tmp_path: Path) -> None:
    root, _, _ = history
    findings = tmp_path / "assessment.json"
    findings.write_text(json.dumps({"findings": [
        {"rule_id": "cloudtrail.multi_region", "status": "FAIL", "severity": "high",
         "resource_arn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/main", "resource_id": "main"},
        {"rule_id": "other", "status": "PASS", "resource_arn": "arn:aws:s3:::x", "resource_id": "x"},
    ]}))
    plain = {a["rule_id"]: a for a in _json(str(root / "detect"), "--no-baselines")["alerts"]}
    doc = _json(str(root / "detect"), "--no-baselines", "--findings", str(findings))
    linked = {a["rule_id"]: a for a in doc["alerts"]}
    before, after = plain["ssrm_cloudtrail_stopped"], linked["ssrm_cloudtrail_stopped"]
    assert after["score"] > before["score"] and after["severity"] == "critical"
    assert after["posture"] == ["cloudtrail.multi_region"] and "fails posture check" in after["explanation"]


def test_checkpoint_since_until_and_ocsf(history, tmp_path: Path) -> None:
    root, _, _ = history
    ckpt = tmp_path / "ckpt.json"
    first = _json(str(root / "detect"), "--no-baselines", "--checkpoint", str(ckpt))
    assert first["stats"]["objects"] == 3 and first["alerts"]
    again = _json(str(root / "detect"), "--no-baselines", "--checkpoint", str(ckpt))
    assert again["stats"]["objects"] == 0 and again["alerts"] == []
    write_trail(root / "detect", [at(eventSource="kms.amazonaws.com", eventName="ScheduleKeyDeletion",
                                     requestParameters={"keyId": "k1"})], "late.json.gz")
    third = _json(str(root / "detect"), "--no-baselines", "--checkpoint", str(ckpt))
    assert third["stats"]["objects"] == 1 and [a["rule_id"] for a in third["alerts"]] == ["ssrm_kms_key_deletion"]
    windowed = _json(str(root / "detect"), "--no-baselines", "--since", "2026-11-04T03:00:05Z",
                     "--until", "2026-11-04T03:00:15Z")
    assert windowed["stats"]["events"] == 1
    out = tmp_path / "ocsf.json"
    code, _ = _detect(str(root / "detect"), "--no-baselines", "--format", "ocsf", "--output-file", str(out))
    assert code == 0
    ocsf = json.loads(out.read_text())
    stopped = next(f for f in ocsf if f["finding_info"]["analytic"]["uid"] == "ssrm_cloudtrail_stopped")
    assert stopped["class_uid"] == 2004 and stopped["type_uid"] == 200401 and stopped["severity_id"] == 4
    assert stopped["finding_info"]["attacks"][0]["technique"]["uid"] == "T1562.008"
    assert stopped["finding_info"]["kill_chain"][0]["phase"] == "Installation"
    assert stopped["evidences"]


def test_follow_mode_polls(history, tmp_path: Path) -> None:
    root, _, _ = history
    code, out = _detect(str(root / "detect"), "--no-baselines", "--follow", "--interval", "0", "--max-polls", "2",
                        "--format", "json")
    assert code == 0 and out.count('"alerts"') == 1  # second poll found nothing new and stayed quiet


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/logs"], "no such file or folder"),
        (["{tmp}", "--since", "yesterday"], "not a time"),
        (["{tmp}", "--format", "xml"], "'xml' is not one of 'text', 'json', 'ocsf'"),
        (["{tmp}", "--learn"], "--learn needs --state"),
        (["{tmp}", "--rules", "/nonexistent/rules"], "rules folder not found"),
        (["{tmp}", "--findings", "{tmp}/missing.json"], "cannot read findings file"),
        (["{tmp}", "--since", "2026-11-05", "--until", "2026-11-04"], "--since must be before --until"),
        (["s3://"], "not an S3 location"),
    ],
)
def test_bad_input_is_one_line_and_nonzero(args: list[str], message: str, tmp_path: Path) -> None:
    code, out = _detect(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert code == 2
    assert message in out and "Traceback" not in out
    assert len(out.strip().splitlines()) == 1


def test_s3_input_with_checkpoint(tmp_path: Path) -> None:
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="trail-bucket")
        local = tmp_path / "src"
        write_trail(local, [at(eventSource="cloudtrail.amazonaws.com", eventName="DeleteTrail",
                               requestParameters={"name": "main"})], "a.json.gz")
        write_trail(local, [at(5, eventSource="ec2.amazonaws.com", eventName="DeleteFlowLogs")], "b.json.gz")
        for path in local.rglob("*.json.gz"):
            s3.upload_file(str(path), "trail-bucket", "logs/" + str(path.relative_to(local)))
        s3.put_object(Bucket="trail-bucket", Key="logs/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/04/junk.gz",
                      Body=b"\x1f\x8b\x08garbage")
        ckpt = tmp_path / "ckpt.json"
        doc = _json("s3://trail-bucket/logs/", "--no-baselines", "--checkpoint", str(ckpt))
        assert sorted(a["rule_id"] for a in doc["alerts"]) == ["ssrm_cloudtrail_stopped", "ssrm_flowlogs_deleted"]
        assert len(doc["stats"]["problems"]) == 1 and "junk.gz" in doc["stats"]["problems"][0]
        again = _json("s3://trail-bucket/logs/", "--no-baselines", "--checkpoint", str(ckpt))
        assert again["stats"]["objects"] == 0


def test_list_rules() -> None:
    code, out = _detect(".", "--list-rules")
    assert code == 0 and "ssrm_cloudtrail_stopped" in out and "[value_count]" in out
