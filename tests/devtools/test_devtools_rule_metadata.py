"""Devtools rules' metadata agrees with the reference data; collectors declare the actions they call."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ssrm.iam import is_known_action
from ssrm.model import Layer
from ssrm.rules import devtools as devtools_rules
from ssrm.rules.catalog import builtin_rules, rules_in
from ssrm.sources.aws.collectors.devtools import COLLECTORS

REFERENCE = Path("/work/shared/reference")
RULES = rules_in(devtools_rules.MODULES)
SERVICES = ("CodeBuild", "Glue", "SageMaker", "Cognito", "Athena", "DMS", "MSK", "ElasticBeanstalk", "EMR")
# FSBP controls of these services that need more than a read of the resource's configuration
NOT_AUTOMATABLE: set[str] = set()

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
def test_attack_ids_exist_for_iaas() -> None:
    known = {t["id"] for tactic in load("attack_iaas_v18.1.json")["tactics"] for t in tactic["techniques"]}
    for rule in RULES:
        assert rule.attack and set(rule.attack) <= known, (rule.id, set(rule.attack) - known)


@needs_reference
def test_references_exist_and_fsbp_severity_is_kept() -> None:
    cis = {f"CIS {c['id']}" for c in load("cis_aws_foundations_7.0.0.json")["controls"]}
    fsbp = {f"FSBP {c['id']}": c for c in load("aws_fsbp.json")["controls"]}
    for rule in RULES:
        assert set(rule.references) <= cis | set(fsbp), (rule.id, set(rule.references) - cis - set(fsbp))
        for ref in rule.references:
            if ref in fsbp:
                assert fsbp[ref]["severity"] == rule.severity.value, (rule.id, ref)


@needs_reference
def test_every_fsbp_control_of_these_services_is_covered() -> None:
    wanted = {f"FSBP {c['id']}" for c in load("aws_fsbp.json")["controls"] if c["id"].split(".")[0] in SERVICES}
    covered = {ref for rule in RULES for ref in rule.references}
    assert wanted - NOT_AUTOMATABLE <= covered, sorted(wanted - NOT_AUTOMATABLE - covered)


def test_ids_are_unique_and_prefixed_by_service() -> None:
    prefixes = ("codebuild_", "glue_", "sagemaker_", "cognito_", "athena_", "dms_", "msk_", "elasticbeanstalk_",
                "emr_")
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids)) and all(i.startswith(prefixes) for i in ids)
    assert len({r.id for r in builtin_rules()} & set(ids)) == len(ids)


def test_layers_follow_the_design() -> None:
    """Notebook instances are hosts; data services are account configuration; the rest serve applications."""
    expected = {"sagemakernotebookinstance": Layer.HOSTS}
    for rule in RULES:
        kind = rule.resource_type.replace("AWS::", "").replace("::", "").lower()
        if kind in expected:
            assert rule.layer is expected[kind], rule.id
        elif rule.service == "emr":
            assert rule.layer is Layer.NETWORKS, rule.id  # both EMR controls are about network exposure
        elif rule.service in ("glue", "athena", "dms"):
            assert rule.layer is Layer.CLOUD, rule.id
        else:
            assert rule.layer is Layer.APPS, rule.id


def test_collectors_declare_known_read_only_actions() -> None:
    for collector in COLLECTORS:
        assert collector.actions and collector.resource_types, collector.name
        for action in collector.actions:
            verb = action.split(":", 1)[1]
            assert verb.startswith(("List", "Describe", "Get", "BatchGet")), action
            assert is_known_action(action), action
