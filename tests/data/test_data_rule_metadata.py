"""Data rules' metadata agrees with the reference data: SMM control phase and domain, ATT&CK ids, CIS/FSBP ids."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ssrm.model import Layer
from ssrm.rules import data as data_rules
from ssrm.rules.catalog import rules_in

REFERENCE = Path("/work/shared/reference")
RULES = rules_in(data_rules.MODULES)

pytestmark = pytest.mark.skipif(not REFERENCE.is_dir(), reason="reference data not available")


def load(name: str) -> dict[str, Any]:
    return json.loads((REFERENCE / name).read_text())


def test_smm_controls_match_phase_and_domain() -> None:
    controls = {c["id"]: c for c in load("aws_security_maturity_model_v2.json")["controls"]}
    for rule in RULES:
        control = controls[rule.smm or ""]
        assert control["phase"] == rule.phase.value, rule.id
        assert control["domain"] == rule.domain.value, rule.id


def test_attack_ids_exist_for_iaas() -> None:
    known = {t["id"] for tactic in load("attack_iaas_v18.1.json")["tactics"] for t in tactic["techniques"]}
    for rule in RULES:
        assert rule.attack and set(rule.attack) <= known, (rule.id, set(rule.attack) - known)


def test_references_exist() -> None:
    cis = {f"CIS {c['id']}" for c in load("cis_aws_foundations_7.0.0.json")["controls"]}
    fsbp = {f"FSBP {c['id']}" for c in load("aws_fsbp.json")["controls"]}
    for rule in RULES:
        assert set(rule.references) <= cis | fsbp, (rule.id, set(rule.references) - cis - fsbp)


def test_layers_follow_the_design() -> None:
    """Queues and topics are application services; every other data store and key is account configuration."""
    for rule in RULES:
        expected = Layer.APPS if rule.service in ("sqs", "sns") else Layer.CLOUD
        assert rule.layer is expected, rule.id
