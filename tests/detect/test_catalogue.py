"""Coverage of the public catalogues, benign conditions and near-misses of every bundled rule."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from ssrm.detect import matching
from ssrm.detect.coverage import attack_rows, render_coverage, stratus_rows
from ssrm.detect.ruleset import BENIGN, bundled_rule_files, load_ruleset
from tests.detect.helpers import at, load_records
from tests.detect.test_rules import _examples

DOCS = Path(__file__).resolve().parents[2] / "docs" / "detect.md"
SERVICE = {"type": "AWSService", "invokedBy": "cloudformation.amazonaws.com", "arn": None, "userName": None,
           "accessKeyId": None}


def _bundled_docs() -> list[dict[str, Any]]:
    return [d for _, text in bundled_rule_files() for d in yaml.safe_load_all(text) if d]


def test_every_bundled_rule_states_its_benign_conditions_and_a_sentence() -> None:
    for doc in _bundled_docs():
        if "logsource" not in doc:
            continue
        benign = doc["ssrm"].get("benign")
        assert isinstance(benign, list) and set(benign) <= set(BENIGN), doc["name"]
        assert len(doc.get("description", "")) >= 30 and doc["description"].endswith("."), doc["name"]


def _near_misses() -> list[tuple[str, str, dict[str, Any]]]:
    """Each match example turned into the same call failed, and the same call made by an AWS service."""
    benign = {d["name"]: d["ssrm"].get("benign", []) for d in _bundled_docs() if "logsource" in d}
    out = []
    for name, kind, ex in _examples():
        if kind != "match":
            continue
        if "failed" in benign.get(name, []):
            out.append((name, "failed", {**ex, "errorCode": "AccessDenied", "errorMessage": "denied"}))
        if "aws-service" in benign.get(name, []):
            out.append((name, "aws-service", {**ex, "userIdentity": SERVICE}))
    return out


def test_near_miss_variants_of_every_example_stay_quiet(tmp_path: Path) -> None:
    cases = _near_misses()
    assert len(cases) > 100
    records, expect = [], {}
    for name, why, ex in cases:
        rec = at(**ex)
        if rec["userIdentity"].get("type") == "AWSService":
            rec["userIdentity"] = {k: v for k, v in rec["userIdentity"].items() if v is not None}
        rec["eventID"] = str(uuid.uuid4())
        records.append(rec)
        expect[rec["eventID"]] = (name, why)
    rs = load_ruleset()
    con = load_records(records, tmp_path)
    loud = []
    for rule in rs.rules:
        hits = {r[0] for r in con.execute(f"SELECT event_id FROM ct WHERE {rule.where}").fetchall()}
        mine = [e for e in hits if e in expect and expect[e][0] == rule.meta.rule_id]
        loud += [f"{rule.meta.rule_id} ({expect[e][1]})" for e in mine]
    assert loud == []


def test_repeated_denied_attempts_alert_and_a_single_one_does_not(tmp_path: Path) -> None:
    def tries(n: int) -> list[dict[str, Any]]:
        return [at(i * 0.1, eventSource="ec2.amazonaws.com", eventName="GetPasswordData",
                   errorCode="Client.UnauthorizedOperation", requestParameters={"instanceId": "i-1"}) for i in range(n)]

    rs = load_ruleset()
    for n, expected in ((6, ["ssrm_ec2_password_data_denied"]), (1, [])):
        con = load_records(tries(n), tmp_path / str(n))
        matching.create_tables(con)
        matching.match_batch(con, rs)
        assert [a.rule_id for a in matching.rule_alerts(con, rs)] == []
        assert [a.rule_id for a in matching.attempt_alerts(con, rs)] == expected


def test_every_stratus_technique_has_a_rule() -> None:
    rows = stratus_rows(load_ruleset())
    assert len(rows) >= 44
    assert [r.technique for r in rows if not r.rules] == []


def test_every_attack_iaas_technique_is_covered_or_explained() -> None:
    rows = attack_rows(load_ruleset())
    assert len(rows) >= 100
    unexplained = [r.technique for r in rows if r.status == "gap" and not r.note and
                   not any(s.technique.startswith(r.technique + ".") and s.note for s in rows)]
    assert unexplained == []
    assert sum(r.status in ("covered", "via sub-technique") for r in rows) >= 75


def test_docs_carry_the_generated_coverage_table() -> None:
    text = DOCS.read_text(encoding="utf-8")
    m = re.search(r"<!-- coverage:start -->\n(.*?)\n<!-- coverage:end -->", text, re.S)
    assert m, "docs/detect.md has no generated coverage section"
    assert m.group(1).strip() == render_coverage(load_ruleset()).strip(), (
        "coverage table in docs/detect.md is stale: regenerate with `ssrm detect --coverage`"
    )


@pytest.mark.parametrize("name", ["ssrm_ssm_send_command", "ssrm_lambda_code_overwritten", "ssrm_federation_token"])
def test_new_catalogue_rules_are_tagged(name: str) -> None:
    rule = next(r for r in load_ruleset().rules if r.meta.rule_id == name)
    assert rule.meta.attack and rule.meta.stratus and "failed" in rule.meta.benign
