"""Containers rules' metadata agrees with the reference data: SMM phase and domain, ATT&CK, CIS/FSBP ids."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ssrm.model import Layer
from ssrm.rules import containers as containers_rules
from ssrm.rules.catalog import builtin_rules, rules_in
from ssrm.sources.aws.collectors.containers import COLLECTORS

REFERENCE = Path("/work/shared/reference")
RULES = rules_in(containers_rules.MODULES)
SERVICES = {"efs", "ecs", "eks", "elasticache", "redshift", "opensearch"}
FAMILIES = ("EFS.", "ECS.", "EKS.", "ElastiCache.", "Redshift.", "OpenSearch.", "ES.")

needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="reference data not available")


def load(name: str) -> dict[str, Any]:
    return json.loads((REFERENCE / name).read_text())


@needs_reference
def test_smm_controls_match_phase_and_domain() -> None:
    controls = {c["id"]: c for c in load("aws_security_maturity_model_v2.json")["controls"]}
    for rule in RULES:
        control = controls[rule.smm or ""]
        assert control["phase"] == rule.phase.value, rule.id
        assert control["domain"] == rule.domain.value, rule.id


@needs_reference
def test_attack_ids_exist() -> None:
    known = {t["id"] for name in ("attack_iaas_v18.1.json", "attack_containers_v18.1.json")
             for tactic in load(name)["tactics"] for t in tactic["techniques"]}
    for rule in RULES:
        assert rule.attack and set(rule.attack) <= known, (rule.id, set(rule.attack) - known)


@needs_reference
def test_references_exist_and_severity_follows_fsbp() -> None:
    cis = {f"CIS {c['id']}" for c in load("cis_aws_foundations_7.0.0.json")["controls"]}
    fsbp = {f"FSBP {c['id']}": c["severity"] for c in load("aws_fsbp.json")["controls"]}
    for rule in RULES:
        assert set(rule.references) <= cis | set(fsbp), (rule.id, set(rule.references) - cis - set(fsbp))
        severities = {fsbp[r] for r in rule.references if r in fsbp}
        assert not severities or rule.severity.value in severities, rule.id


@needs_reference
def test_every_fsbp_control_of_the_group_is_covered() -> None:
    wanted = {f"FSBP {c['id']}" for c in load("aws_fsbp.json")["controls"] if c["id"].startswith(FAMILIES)}
    covered = {ref for rule in RULES for ref in rule.references}
    assert wanted - covered == set()
    assert "CIS 3.3.1" in covered


def test_metadata_is_complete() -> None:
    assert len(RULES) >= 35
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert {r.id for r in builtin_rules()} >= set(ids)  # registered, and no clash with other groups
    for rule in RULES:
        assert rule.id.split("_")[0] in SERVICES, rule.id
        assert rule.title, rule.id
        assert rule.remediation.text and rule.remediation.cli.startswith("aws ") and rule.remediation.terraform
        assert rule.layer in (Layer.CLOUD, Layer.HOSTS, Layer.NETWORKS), rule.id


def test_collectors_declare_actions_and_types() -> None:
    assert {c.name for c in COLLECTORS} == SERVICES
    for collector in COLLECTORS:
        assert collector.actions and all(":" in a for a in collector.actions)
        assert collector.resource_types
