"""Every compute rule carries complete metadata that points at real ATT&CK, SMM, CIS and FSBP ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ssrm.model import Layer
from ssrm.rules.base import Rule
from ssrm.rules.catalog import builtin_rules, rules_in
from ssrm.rules.compute import MODULES

REFERENCE = Path("/work/shared/reference")
RULES = rules_in(MODULES)


def load(name: str) -> dict:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"reference data {path} not available")
    return json.loads(path.read_text())


def test_at_least_22_rules_with_ec2_prefix_in_the_catalog() -> None:
    assert len(RULES) >= 22
    assert all(r.id.startswith(("ec2_", "autoscaling_")) for r in RULES)
    catalog = {r.id for r in builtin_rules()}
    assert {r.id for r in RULES} <= catalog


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_metadata_is_complete(rule: Rule) -> None:
    assert rule.title and rule.description and rule.attack and rule.smm and rule.skips
    assert rule.layer in (Layer.HOSTS, Layer.NETWORKS)
    assert rule.remediation.text and rule.remediation.cli.startswith(("aws ", "#")) and rule.remediation.terraform


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_metadata_matches_reference(rule: Rule) -> None:
    attack = {t["id"] for tactic in load("attack_iaas_v18.1.json")["tactics"] for t in tactic["techniques"]}
    smm = {c["id"]: c for c in load("aws_security_maturity_model_v2.json")["controls"]}
    cis = {c["id"] for c in load("cis_aws_foundations_7.0.0.json")["controls"]}
    fsbp = {c["id"] for c in load("aws_fsbp.json")["controls"]}
    assert set(rule.attack) <= attack
    assert rule.smm in smm and smm[rule.smm]["phase"] == rule.phase.value
    assert smm[rule.smm]["domain"] == rule.domain.value
    for ref in rule.references:
        framework, _, control = ref.partition(" ")
        assert control in {"CIS": cis, "FSBP": fsbp}[framework], ref
