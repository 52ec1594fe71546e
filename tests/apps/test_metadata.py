"""Every apps rule carries complete metadata that matches the shared reference data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ssrm.model import Layer
from ssrm.rules.base import Rule
from ssrm.sources.aws.collectors.apps import COLLECTORS

from .helpers import APPS_RULES

REFERENCE = Path("/work/shared/reference")


def _load(name: str) -> Any:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"reference data {path} not available")
    return json.loads(path.read_text())


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    attack = _load("attack_iaas_v18.1.json")
    smm = _load("aws_security_maturity_model_v2.json")
    return {
        "attack": {t["id"] for tactic in attack["tactics"] for t in tactic["techniques"]},
        "smm": {c["id"]: c for c in smm["controls"]},
        "cis": {f"CIS {c['id']}" for c in _load("cis_aws_foundations_7.0.0.json")["controls"]},
        "fsbp": {f"FSBP {c['id']}" for c in _load("aws_fsbp.json")["controls"]},
    }


@pytest.mark.parametrize("rule", list(APPS_RULES.values()), ids=list(APPS_RULES))
def test_rule_metadata(rule: Rule, reference: dict[str, Any]) -> None:
    assert rule.id.split("_")[0] in {"lambda", "ecr", "elbv2", "elb", "logs", "acm"}
    assert rule.title and rule.description
    assert rule.remediation.text and rule.remediation.cli.startswith("aws ") and rule.remediation.terraform
    assert rule.attack and set(rule.attack) <= reference["attack"]
    control = reference["smm"][rule.smm]
    assert control["phase"] == rule.phase.value and control["domain"] == rule.domain.value
    assert set(rule.references) <= reference["cis"] | reference["fsbp"]


def test_rule_count_and_layers() -> None:
    assert len(APPS_RULES) >= 14
    layers = {r.id.split("_")[0]: r.layer for r in APPS_RULES.values()}
    assert layers == {"lambda": Layer.APPS, "ecr": Layer.HOSTS, "elbv2": Layer.APPS, "elb": Layer.APPS,
                      "logs": Layer.CLOUD, "acm": Layer.APPS}


def test_collectors_declare_their_actions() -> None:
    for collector in COLLECTORS:
        assert collector.actions and all(":" in a for a in collector.actions)
        assert collector.resource_types
