"""Edge rules' metadata agrees with the reference data (SMM phase and domain, ATT&CK, CIS/FSBP ids), and every
FSBP control of the edge services that read-only APIs can decide has a rule."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ssrm.model import Layer
from ssrm.rules import edge as edge_rules
from ssrm.rules.catalog import rules_in

REFERENCE = Path("/work/shared/reference")
RULES = rules_in(edge_rules.MODULES)
NETWORK_SERVICES = ("route53", "networkfirewall")
# FSBP controls of these families with no rule, and why.
NOT_COVERED = {
    # WAF Classic (retired by AWS): ssrm collects WAFv2 only.
    "WAF.1", "WAF.2", "WAF.3", "WAF.4", "WAF.6", "WAF.7", "WAF.8",
}
FAMILIES = ("CloudFront.", "APIGateway.", "WAF.", "Route53.", "NetworkFirewall.")

pytestmark = pytest.mark.skipif(not REFERENCE.is_dir(), reason="reference data not available")


def load(name: str) -> dict[str, Any]:
    return json.loads((REFERENCE / name).read_text())


def test_smm_controls_match_phase_and_domain() -> None:
    controls = {c["id"]: c for c in load("aws_security_maturity_model_v2.json")["controls"]}
    for rule in RULES:
        control = controls[rule.smm or ""]
        assert (control["phase"], control["domain"]) == (rule.phase.value, rule.domain.value), rule.id


def test_attack_ids_exist() -> None:
    known = {t["id"] for tactic in load("attack_iaas_v18.1.json")["tactics"] for t in tactic["techniques"]}
    for rule in RULES:
        assert rule.attack and set(rule.attack) <= known, (rule.id, set(rule.attack) - known)


def test_references_exist_with_fsbp_severity() -> None:
    cis = {f"CIS {c['id']}" for c in load("cis_aws_foundations_7.0.0.json")["controls"]}
    fsbp = {f"FSBP {c['id']}": c for c in load("aws_fsbp.json")["controls"]}
    for rule in RULES:
        assert set(rule.references) <= cis | set(fsbp), (rule.id, set(rule.references) - cis - set(fsbp))
        for ref in rule.references:
            if ref in fsbp:
                assert fsbp[ref]["severity"] == rule.severity.value, (rule.id, ref)


def test_every_decidable_fsbp_control_has_a_rule() -> None:
    wanted = {c["id"] for c in load("aws_fsbp.json")["controls"] if c["id"].startswith(FAMILIES)} - NOT_COVERED
    covered = {ref.removeprefix("FSBP ") for rule in RULES for ref in rule.references}
    assert wanted <= covered, wanted - covered


def test_layers_follow_the_design() -> None:
    """DNS and network firewalls are network plumbing; the CDN, APIs and WAF are application services."""
    for rule in RULES:
        expected = Layer.NETWORKS if rule.service.replace("-", "") in NETWORK_SERVICES else Layer.APPS
        assert rule.layer is expected, rule.id


def test_ids_titles_and_remediation_complete() -> None:
    prefixes = ("cloudfront_", "apigateway_", "apigatewayv2_", "wafv2_", "route53_", "networkfirewall_")
    assert len(RULES) >= 35
    for rule in RULES:
        assert rule.id.startswith(prefixes) and rule.title, rule.id
        assert rule.remediation.text and rule.remediation.cli and rule.remediation.terraform, rule.id
