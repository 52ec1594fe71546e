"""Instance credential exfiltration (the Capital One pattern): outside AWS, not the instance's, foreign endpoint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ssrm.detect import awsranges
from ssrm.detect.context import NetworkContext
from ssrm.detect.engine import Detector, Options
from ssrm.detect.instance_creds import (
    FOREIGN_ENDPOINT,
    NOT_OWN,
    OTHER_AWS,
    OUTSIDE,
    InstanceCredentialConfig,
)
from ssrm.detect.posture import PostureIndex
from ssrm.detect.ruleset import load_ruleset
from ssrm.detect.sources import list_objects
from ssrm.model import Severity
from tests.detect.helpers import ACCOUNT, at, write_trail

#: a made-up AWS ranges document: 198.51.100.0/24 and 2001:db8:aws::/48 play AWS's part here
RANGES_DOC = {
    "syncToken": "1", "createDate": "2026-08-22-21-17-05",
    "prefixes": [{"ip_prefix": "198.51.100.0/25", "region": "us-east-1", "service": "AMAZON"},
                 {"ip_prefix": "198.51.100.128/25", "region": "us-east-1", "service": "EC2"}],
    "ipv6_prefixes": [{"ipv6_prefix": "2001:db8:aaaa::/48", "region": "us-east-1", "service": "AMAZON"}],
}
INSTANCE = "i-0abc12345def67890"
SESSION = {"type": "AssumedRole", "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/web/{INSTANCE}",
           "accessKeyId": "ASIAEXAMPLE0000001", "principalId": f"AROAEXAMPLE:{INSTANCE}",
           "sessionContext": {"sessionIssuer": {"type": "Role", "arn": f"arn:aws:iam::{ACCOUNT}:role/web"}}}
SNAPSHOT = {
    "kind": "ssrm-inventory", "schema_version": 1, "account": ACCOUNT,
    "resources": [
        {"type": "AWS::EC2::Instance", "id": INSTANCE, "arn": f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/{INSTANCE}",
         "public_ips": ["198.51.100.20"], "private_ip": "10.0.1.5", "metadata": {"http_tokens": "optional"}},
        {"type": "AWS::EC2::NatGateway", "id": "nat-1", "arn": "x", "public_ips": ["198.51.100.30"]},
        {"type": "AWS::EC2::VPCEndpoint", "id": "vpce-own", "arn": "y"},
        {"type": "AWS::IAM::Role", "id": "AROA2", "arn": f"arn:aws:iam::{ACCOUNT}:role/batch",
         "trust_policy": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                         "Action": "sts:AssumeRole"}]}},
    ],
}


def _run(tmp: Path, records: list[dict[str, Any]], ranges: bool = True, context: bool = False,
         findings: Path | None = None) -> list[Any]:
    write_trail(tmp, records)
    cfg = InstanceCredentialConfig(
        ranges=awsranges.from_document(RANGES_DOC, "test") if ranges else None,
        context=NetworkContext.from_snapshot(SNAPSHOT) if context else None,
    )
    det = Detector(load_ruleset(), Options(threads=1, baselines=False, instance=cfg,
                                           posture=PostureIndex.load(findings) if findings else None))
    try:
        det.run(list_objects([str(tmp)]))
        alerts = det.alerts()
        alerts_problems = list(det.stats.problems)
    finally:
        det.close()
    mine = [a for a in alerts if a.rule_id.startswith("ssrm_instance_credentials_")
            and a.rule_id != "ssrm_instance_credentials_outside"]  # the older two-address correlation
    return mine + [p for p in alerts_problems if "could not be judged" in p]


def _ids(found: list[Any]) -> list[str]:
    return sorted(a.rule_id for a in found if not isinstance(a, str))


def test_ranges_lookup_and_formats(tmp_path: Path) -> None:
    r = awsranges.from_document(RANGES_DOC, "test")
    assert r.contains("198.51.100.7") and r.contains("198.51.100.200") and not r.contains("203.0.113.9")
    assert r.contains("2001:db8:aaaa::1") and not r.contains("2001:db8:bbbb::1")
    assert r.contains("ec2.amazonaws.com") is None
    assert len(r.v4) == 1 and r.created.startswith("2026-08-22")
    again = awsranges.from_document(json.loads(json.dumps(r.to_compact())), "compact")
    assert again.v4 == r.v4 and again.v6 == r.v6
    bad = tmp_path / "bad.json"
    for text in ("{", '{"prefixes": [{"ip_prefix": "nope"}]}', "[1]", '{"prefixes": []}'):
        bad.write_text(text)
        with pytest.raises(awsranges.RangesError):
            awsranges.read_file(bad)


def test_update_writes_the_users_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSRM_AWS_RANGES", str(tmp_path / "copy.json"))
    src = tmp_path / "ip-ranges.json"
    src.write_text(json.dumps(RANGES_DOC))
    awsranges.update(src)
    loaded = awsranges.load()
    assert loaded is not None and loaded.contains("198.51.100.1") and "copy.json" in loaded.origin


def test_outside_aws_alerts_and_aws_or_private_or_service_do_not(tmp_path: Path) -> None:
    found = _run(tmp_path, [
        at(0, userIdentity=SESSION, sourceIPAddress="203.0.113.66"),  # attacker's laptop
        at(1, userIdentity=SESSION, sourceIPAddress="198.51.100.20"),  # the instance itself (AWS)
        at(2, userIdentity=SESSION, sourceIPAddress="10.0.1.5"),  # through a gateway endpoint
        at(3, userIdentity=SESSION, sourceIPAddress="ssm.amazonaws.com"),  # a service on its behalf
        at(4, sourceIPAddress="203.0.113.66"),  # an IAM user from outside: not an instance session
    ])
    assert _ids(found) == [OUTSIDE]
    assert "203.0.113.66" in found[0].explanation and "2026-08-22" in found[0].explanation
    assert found[0].resource == INSTANCE


def test_without_ranges_or_inventory_it_says_what_it_could_not_judge(tmp_path: Path) -> None:
    found = _run(tmp_path, [at(0, userIdentity=SESSION, sourceIPAddress="203.0.113.66")], ranges=False)
    assert _ids(found) == [] and any(isinstance(f, str) for f in found)


def test_inventory_other_aws_address_foreign_endpoint_and_imdsv1(tmp_path: Path) -> None:
    batch_session = {**SESSION, "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/batch/worker-7",
                     "sessionContext": {"sessionIssuer": {"type": "Role", "arn": f"arn:aws:iam::{ACCOUNT}:role/batch"}}}
    found = _run(tmp_path, [
        at(0, userIdentity=SESSION, sourceIPAddress="198.51.100.99"),  # an AWS address, but not ours
        at(1, userIdentity=SESSION, sourceIPAddress="198.51.100.30"),  # our NAT gateway
        at(2, userIdentity=SESSION, sourceIPAddress="10.9.9.9", vpcEndpointId="vpce-theirs",
           vpcEndpointAccountId="999988887777"),
        at(3, userIdentity=SESSION, sourceIPAddress="10.0.1.5", vpcEndpointId="vpce-own",
           vpcEndpointAccountId=ACCOUNT),
        at(4, userIdentity=batch_session, sourceIPAddress="203.0.113.5"),  # a role only EC2 assumes
    ], context=True)
    assert _ids(found) == [FOREIGN_ENDPOINT, OTHER_AWS, OUTSIDE]
    imds = [a for a in found if a.resource == INSTANCE]
    assert all("IMDSv1: one SSRF away" in a.explanation and a.severity is Severity.CRITICAL for a in imds)


def test_inventory_without_ranges_still_tells_not_the_instances_address(tmp_path: Path) -> None:
    found = _run(tmp_path, [at(0, userIdentity=SESSION, sourceIPAddress="192.0.2.44"),
                            at(1, userIdentity=SESSION, sourceIPAddress="198.51.100.20")], ranges=False, context=True)
    assert _ids(found) == [NOT_OWN]


def test_posture_findings_link_imdsv1(tmp_path: Path) -> None:
    findings = tmp_path / "assessment.json"
    findings.write_text(json.dumps({"findings": [{"rule_id": "ec2_instance_imdsv1_allowed", "status": "FAIL",
                                                  "resource_id": INSTANCE}]}))
    found = _run(tmp_path / "t", [at(0, userIdentity=SESSION, sourceIPAddress="203.0.113.66")], findings=findings)
    assert _ids(found) == [OUTSIDE]
    assert "IMDSv1: one SSRF away" in found[0].explanation and found[0].posture == ("ec2_instance_imdsv1_allowed",)


def test_session_used_from_a_persons_address_even_inside_aws(tmp_path: Path) -> None:
    """Stratus' detonation: a person's machine on an AWS address drives the stolen session (mixed-case id)."""
    stolen = {**SESSION, "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/web/i-786a3A8B5C0d92eF4"}
    found = _run(tmp_path, [
        at(0, eventSource="ssm.amazonaws.com", eventName="SendCommand", sourceIPAddress="198.51.100.40"),
        at(1, userIdentity=stolen, sourceIPAddress="198.51.100.40"),
        at(2, userIdentity=SESSION, sourceIPAddress="198.51.100.41"),  # an AWS address nobody else used
    ])
    assert _ids(found) == [NOT_OWN]
    assert "user/alice" in found[0].explanation and found[0].resource == "i-786a3a8b5c0d92ef4"


def test_bundled_ranges_are_dated_and_tell_aws_from_others() -> None:
    shipped = awsranges.bundled()
    assert shipped is not None and shipped.origin == "bundled with ssrm"
    assert shipped.created[:4] >= "2026" and shipped.sync_token.isdigit() and len(shipped.v4) > 500
    assert shipped.contains("3.5.140.9") and shipped.contains("2406:daba:f000::1")  # EC2 ap-northeast-2; AMAZON
    assert not shipped.contains("203.0.113.9") and not shipped.contains("192.0.2.1")  # documentation ranges
    assert not shipped.contains("10.0.0.1") and not shipped.contains("2001:db8::1")


def test_the_cli_judges_with_the_bundled_ranges_unless_told_otherwise(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ssrm.cli import main
    from tests.cli_runner import invoke

    monkeypatch.setenv("SSRM_AWS_RANGES", str(tmp_path / "no-copy-yet.json"))
    write_trail(tmp_path / "trail", [
        at(0, userIdentity=SESSION, sourceIPAddress="203.0.113.66"),  # outside AWS by the shipped ranges
        at(1, userIdentity=SESSION, sourceIPAddress="3.5.140.9"),  # an EC2 address: not judged outside
    ])
    listed = invoke(main, "detect", "--list-rules")
    assert listed.code == 0 and "AWS IP ranges of 20" in listed.stdout and "bundled with ssrm" in listed.stdout
    awsranges.bundled.cache_clear()
    quiet = invoke(main, "detect", str(tmp_path / "trail"), "--no-baselines", "--format", "json",
                   "--aws-ranges", str(_ranges_file(tmp_path)))
    assert quiet.code == 0 and awsranges.bundled.cache_info().currsize == 0  # an explicit file: shipped copy unread
    result = invoke(main, "detect", str(tmp_path / "trail"), "--no-baselines", "--format", "json")
    doc = json.loads(result.stdout[result.stdout.index("{"):])
    outside = [a for a in doc["alerts"] if a["rule_id"] == OUTSIDE]
    assert len(outside) == 1 and "203.0.113.66" in outside[0]["explanation"]
    assert "bundled with ssrm" in outside[0]["explanation"] and "3.5.140.9" not in outside[0]["explanation"]
    awsranges.update(_ranges_file(tmp_path))  # the user's copy replaces the shipped one
    mine = awsranges.load()
    assert mine is not None and "no-copy-yet.json" in mine.origin and not mine.contains("3.5.140.9")


def _ranges_file(tmp: Path) -> Path:
    path = tmp / "ip-ranges.json"
    path.write_text(json.dumps(RANGES_DOC))
    return path
