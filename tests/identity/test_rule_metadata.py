"""Every identity rule carries complete metadata that matches the shared reference lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ssrm.model import RESOURCE_TYPES
from ssrm.rules.base import Rule
from tests.identity.helpers import IDENTITY_RULES

REFERENCE = Path("/work/shared/reference")
PREFIXES = ("iam_", "cloudtrail_", "config_", "guardduty_", "accessanalyzer_", "securityhub_", "organizations_",
            "inspector_", "account_", "macie_")


def _load(name: str) -> dict:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"{path} not available")
    return json.loads(path.read_text())


def test_enough_rules_with_unique_ids() -> None:
    ids = [r.id for r in IDENTITY_RULES]
    assert len(ids) >= 24 and len(ids) == len(set(ids))
    assert all(i.startswith(PREFIXES) for i in ids)


@pytest.mark.parametrize("rule", IDENTITY_RULES, ids=lambda r: r.id)
def test_metadata_complete(rule: Rule) -> None:
    assert rule.title and rule.description and rule.smm
    assert rule.resource_type in RESOURCE_TYPES
    assert all(u in RESOURCE_TYPES or u == "AWS::S3::Bucket" for u in rule.uses)
    assert rule.remediation.text and ("aws " in rule.remediation.cli or rule.remediation.cli.startswith("# "))
    assert rule.remediation.terraform


def test_references_exist_in_reference_files() -> None:
    attack = {t["id"] for tactic in _load("attack_iaas_v18.1.json")["tactics"] for t in tactic["techniques"]}
    smm = {c["id"]: c for c in _load("aws_security_maturity_model_v2.json")["controls"]}
    cis = {c["id"] for c in _load("cis_aws_foundations_7.0.0.json")["controls"]}
    fsbp = {c["id"] for c in _load("aws_fsbp.json")["controls"]}
    for rule in IDENTITY_RULES:
        assert set(rule.attack) <= attack, rule.id
        control = smm[rule.smm]
        assert control["phase"] == rule.phase.value, rule.id
        assert control["domain"] == rule.domain.value, rule.id
        for ref in rule.references:
            framework, _, control_id = ref.partition(" ")
            assert control_id in {"CIS": cis, "FSBP": fsbp}[framework], f"{rule.id}: {ref}"
