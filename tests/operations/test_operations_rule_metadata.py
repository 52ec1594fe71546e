"""Operations rules' metadata agrees with the reference data: SMM phase and domain, ATT&CK, CIS/FSBP ids."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ssrm.rules import operations as operations_rules
from ssrm.rules.catalog import rules_in

REFERENCE = Path("/work/shared/reference")
RULES = rules_in(operations_rules.MODULES)

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


def test_references_exist_and_fsbp_severity_matches() -> None:
    cis = {f"CIS {c['id']}" for c in load("cis_aws_foundations_7.0.0.json")["controls"]}
    fsbp = {f"FSBP {c['id']}": c["severity"] for c in load("aws_fsbp.json")["controls"]}
    for rule in RULES:
        assert set(rule.references) <= cis | set(fsbp), (rule.id, set(rule.references) - cis - set(fsbp))
        for ref in rule.references:
            if ref in fsbp:
                assert rule.severity.value == fsbp[ref], (rule.id, ref)


def test_every_family_control_and_cis_monitoring_control_is_implemented() -> None:
    families = ("SSM.", "Backup.", "Kinesis.", "StepFunctions.", "EventBridge.", "CloudWatch.")
    wanted = {f"FSBP {c['id']}" for c in load("aws_fsbp.json")["controls"] if c["id"].startswith(families)}
    wanted |= {f"CIS 5.{n}" for n in range(1, 16)}
    covered = {ref for rule in RULES for ref in rule.references}
    assert wanted <= covered, wanted - covered


def test_metadata_is_complete() -> None:
    assert len(RULES) >= 35
    for rule in RULES:
        assert rule.id.split("_")[0] in ("ssm", "backup", "cloudwatch", "kinesis", "stepfunctions", "eventbridge",
                                         "sns"), rule.id
        assert rule.title and rule.skips and rule.smm, rule.id
        assert rule.remediation.text and rule.remediation.cli and rule.remediation.terraform, rule.id
