"""Every bundled rule: metadata, and its matching and non-matching example events."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from ssrm.detect import matching
from ssrm.detect.ruleset import bundled_rule_files, load_rules, load_ruleset
from ssrm.detect.schema import BASE_COLUMNS, COLUMNS
from ssrm.model import Stage
from tests.detect.helpers import at, load_records

REFERENCE = Path(__file__).resolve().parents[2] / ".." / "shared" / "reference" / "attack_iaas_v18.1.json"


def _examples() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for _, text in bundled_rule_files():
        for doc in yaml.safe_load_all(text):
            for kind in ("match", "nomatch"):
                for ex in (doc.get("ssrm", {}).get("examples", {}) or {}).get(kind, []):
                    out.append((doc["name"], kind, ex))
    return out


def test_every_bundled_rule_loads_complete() -> None:
    rs = load_ruleset()
    assert rs.skipped == []
    assert rs.unmapped_fields == set()
    bundled = [doc for _, text in bundled_rule_files() for doc in yaml.safe_load_all(text) if doc]
    assert len(rs.rules) + len(rs.correlations) == len(bundled), "every bundled rule document is loaded"
    assert len(set(rs.ids())) == len(rs.ids())
    for rule in [r.meta for r in rs.rules] + [c.meta for c in rs.correlations]:
        assert rule.rule_id.startswith("ssrm_")
        assert isinstance(rule.stage, Stage)
        assert rule.attack, f"{rule.rule_id} has no ATT&CK technique"


def test_every_single_event_rule_has_examples() -> None:
    rs = load_ruleset()
    named = {(name, kind) for name, kind, _ in _examples()}
    for rule in rs.rules:
        assert (rule.meta.rule_id, "match") in named, rule.meta.rule_id
        assert (rule.meta.rule_id, "nomatch") in named, rule.meta.rule_id


def test_attack_ids_exist_in_reference() -> None:
    if not REFERENCE.exists():
        pytest.skip(f"ATT&CK reference not found at {REFERENCE}")
    doc = json.loads(REFERENCE.read_text())
    known = {t["id"] for tactic in doc["tactics"] for t in tactic["techniques"]}
    rs = load_ruleset()
    for meta in [r.meta for r in rs.rules] + [c.meta for c in rs.correlations]:
        for tid in meta.attack:
            assert tid in known, f"{meta.rule_id}: {tid} not in the IaaS matrix"


@pytest.mark.parametrize("pruned", [False, True], ids=["all-columns", "rule-columns"])
def test_examples_match_and_do_not_match(tmp_path: Path, pruned: bool) -> None:
    """Also with only the columns the ruleset reads (as the detector loads them): same matches."""
    examples = _examples()
    records, expect = [], {}
    for name, kind, ex in examples:
        rec = at(**ex)
        rec["eventID"] = str(uuid.uuid4())
        records.append(rec)
        expect[rec["eventID"]] = (name, kind)
    rs = load_ruleset()
    con = load_records(records, tmp_path, columns=rs.columns() if pruned else None)
    for rule in rs.rules:
        hits = {r[0] for r in con.execute(f"SELECT event_id FROM ct WHERE {rule.where}").fetchall()}
        for eid, (name, kind) in expect.items():
            if name != rule.meta.rule_id:
                continue
            if kind == "match":
                assert eid in hits, f"{name} should match its example"
            else:
                assert eid not in hits, f"{name} should not match its counter-example"


def _correlate(records: list[dict[str, Any]], tmp: Path) -> set[str]:
    con = load_records(records, tmp)
    rs = load_ruleset()
    matching.create_tables(con)
    matching.match_batch(con, rs)
    return {a.rule_id for a in matching.correlation_alerts(con, rs)}


ROLE_SESSION = {"type": "AssumedRole", "arn": "arn:aws:sts::111122223333:assumed-role/web/i-0abc12345def67890",
                "accessKeyId": "ASIAEXAMPLE0000001"}


@pytest.mark.parametrize(
    ("rule", "hit", "miss"),
    [
        (
            "ssrm_secrets_burst",
            [at(i * 0.5, eventSource="secretsmanager.amazonaws.com", eventName="GetSecretValue",
                requestParameters={"secretId": f"s{i}"}) for i in range(10)],
            [at(i * 0.5, eventSource="secretsmanager.amazonaws.com", eventName="GetSecretValue",
                requestParameters={"secretId": f"s{i % 3}"}) for i in range(10)],
        ),
        (
            "ssrm_instance_credentials_outside",
            [at(0, userIdentity=ROLE_SESSION, sourceIPAddress="198.51.100.7"),
             at(30, userIdentity=ROLE_SESSION, sourceIPAddress="203.0.113.66")],
            [at(0, userIdentity=ROLE_SESSION, sourceIPAddress="198.51.100.7"),
             at(30, userIdentity=ROLE_SESSION, sourceIPAddress="10.0.3.4"),
             at(90, userIdentity=ROLE_SESSION, sourceIPAddress="203.0.113.66")],
        ),
        (
            "ssrm_console_bruteforce",
            [at(i, eventSource="signin.amazonaws.com", eventName="ConsoleLogin",
                responseElements={"ConsoleLogin": "Failure"}) for i in range(5)],
            [at(i * 5, eventSource="signin.amazonaws.com", eventName="ConsoleLogin",
                responseElements={"ConsoleLogin": "Failure"}) for i in range(5)],
        ),
        (
            "ssrm_mass_deletion",
            [at(i * 0.2, eventSource="s3.amazonaws.com", eventName="DeleteBucket",
                requestParameters={"bucketName": f"b{i}"}) for i in range(25)],
            [at(i * 0.2, eventSource="s3.amazonaws.com", eventName="DeleteBucket", errorCode="AccessDenied",
                requestParameters={"bucketName": f"b{i}"}) for i in range(25)],
        ),
        (
            "ssrm_denied_enumeration",
            [at(i * 0.1, eventSource="iam.amazonaws.com", eventName=f"List{i}", errorCode="AccessDenied")
             for i in range(10)],
            [at(i * 0.1, eventSource="iam.amazonaws.com", eventName=f"List{i}") for i in range(10)],
        ),
        (
            "ssrm_discovery_burst",
            [at(i * 0.1, eventSource="ec2.amazonaws.com", eventName=f"Describe{i}") for i in range(30)],
            [at(i * 2, eventSource="ec2.amazonaws.com", eventName=f"Describe{i}") for i in range(30)],
        ),
    ],
)
def test_correlations(rule: str, hit: list[dict[str, Any]], miss: list[dict[str, Any]], tmp_path: Path) -> None:
    assert rule in _correlate(hit, tmp_path / "hit")
    assert rule not in _correlate(miss, tmp_path / "miss")


def test_ruleset_columns_cover_rules_and_baselines() -> None:
    cols = load_ruleset().columns()
    assert BASE_COLUMNS <= cols <= set(COLUMNS)
    assert {"lc_event_name", "lc_event_source", "ui_user_name", "additional_event_data"} <= cols
    assert "service_event_details" not in cols  # no bundled rule reads it


def test_correlation_window_across_bucket_boundary(tmp_path: Path) -> None:
    """30 distinct calls within 10 minutes, split 15/15 around a 10-minute epoch boundary, still fire."""
    burst = [at(-5 + i * (9.5 / 30), eventSource="ec2.amazonaws.com", eventName=f"Describe{i}") for i in range(30)]
    assert "ssrm_discovery_burst" in _correlate(burst, tmp_path / "hit")
    spread = [at(-5 + i * (10.5 / 29), eventSource="ec2.amazonaws.com", eventName=f"Describe{i}") for i in range(30)]
    assert "ssrm_discovery_burst" not in _correlate(spread, tmp_path / "miss")


def test_user_rules_folder_and_broken_files(tmp_path: Path) -> None:
    (tmp_path / "good.yml").write_text(
        "title: Custom\nname: my_rule\nlogsource: {product: aws, service: cloudtrail}\n"
        "detection: {sel: {eventName: GetCallerIdentity}, condition: sel}\nlevel: low\n"
        "tags: [attack.discovery, attack.t1087.004]\n"
    )
    (tmp_path / "broken.yml").write_text("title: [unclosed\n")
    (tmp_path / "windows.yml").write_text(
        "title: Not AWS\nlogsource: {product: windows, service: security}\n"
        "detection: {sel: {EventID: 4624}, condition: sel}\n"
    )
    rs = load_ruleset([tmp_path], bundled=False)
    assert [r.meta.rule_id for r in rs.rules] == ["my_rule"]
    assert rs.rules[0].meta.stage is Stage.DISCOVER_SPREAD  # from the ATT&CK tactic tag
    assert len(rs.skipped) == 2


def test_sigma_semantics(tmp_path: Path) -> None:
    """Case-insensitive matching, escaped wildcards, NOT over missing fields, regex and field references."""
    con = load_records(
        [
            at(eventName="GETCALLERIDENTITY", requestParameters={"p": "a*b"}),
            at(eventName="Other", requestParameters={"p": "axxb"}),
        ],
        tmp_path,
    )
    texts = [("t.yml", """title: t
name: t1
logsource: {product: aws, service: cloudtrail}
detection:
  sel: {eventName: getcalleridentity}
  flt: {errorCode: AccessDenied}
  condition: sel and not flt
---
title: t
name: t2
logsource: {product: aws, service: cloudtrail}
detection:
  sel: {requestParameters.p: 'a\\*b'}
  condition: sel
---
title: t
name: t3
logsource: {product: aws, service: cloudtrail}
detection:
  sel: {requestParameters.p|re: '^a.+b$'}
  condition: sel
""")]
    rs = load_rules(texts)
    counts = {r.meta.rule_id: con.execute(f"SELECT count(*) FROM ct WHERE {r.where}").fetchone()[0] for r in rs.rules}
    assert counts == {"t1": 1, "t2": 1, "t3": 2}
