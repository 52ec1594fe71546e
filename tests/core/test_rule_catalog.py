"""One metadata test for the whole catalogue: every built-in rule, whatever its service group, carries the
same complete metadata, and what it cites exists in the reference facts vendored in
tests/data/reference/facts.json (scripts/vendor_reference_facts.py), so nothing here skips on a clone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ssrm.model import RESOURCE_TYPES
from ssrm.rules.base import ATTACK_ID, SERVICES, Rule, rule
from ssrm.rules.catalog import builtin_rules
from ssrm.rules.severity_overrides import FSBP_SEVERITY_OVERRIDES
from ssrm.sources.aws.collectors import ALL_COLLECTORS

FACTS = json.loads((Path(__file__).resolve().parents[1] / "data" / "reference" / "facts.json").read_text())
RULES = builtin_rules()
READ_VERBS = ("List", "Describe", "Get", "BatchGet", "Search", "Lookup", "Generate", "Head", "Select")
HTTP_READ = {"apigateway:GET", "budgets:ViewBudget"}  # API Gateway: HTTP verbs; Budgets: one read action


def fsbp_controls(r: Rule) -> list[str]:
    return [ref.partition(" ")[2] for ref in r.references if ref.startswith("FSBP ")]


def test_ids_are_unique() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_services_are_the_collectors_names() -> None:
    assert {c.name for c in ALL_COLLECTORS} == SERVICES


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.id)
def test_metadata_is_complete(r: Rule) -> None:
    assert r.title and r.description and r.smm, "title, description and SMM control"
    assert r.service in SERVICES
    assert r.attack and all(ATTACK_ID.match(a) for a in r.attack)
    assert r.resource_type in RESOURCE_TYPES
    assert all(u in RESOURCE_TYPES for u in r.uses), set(r.uses) - set(RESOURCE_TYPES)
    assert r.remediation.text, "a fix in words"
    assert r.remediation.cli or r.remediation.terraform, "a fix as a command or code"


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.id)
def test_citations_exist_in_the_reference_facts(r: Rule) -> None:
    assert set(r.attack) <= set(FACTS["attack"]), set(r.attack) - set(FACTS["attack"])
    assert r.smm in FACTS["smm"], r.smm
    for ref in r.references:
        framework, _, control = ref.partition(" ")
        if framework in ("CIS", "FSBP"):
            assert control in FACTS[framework.lower()], ref


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.id)
def test_phase_and_domain_follow_the_smm_control(r: Rule) -> None:
    control = FACTS["smm"][r.smm]
    assert (r.phase.value, r.domain.value) == (control["phase"], control["domain"])


def test_severity_follows_fsbp_unless_a_reason_is_given() -> None:
    # A rule citing several controls departs when its severity is none of theirs.
    departures = {r.id for r in RULES
                  if (cited := {FACTS["fsbp"][c] for c in fsbp_controls(r) if c in FACTS["fsbp"]})
                  and r.severity.value not in cited}
    assert departures - set(FSBP_SEVERITY_OVERRIDES) == set(), "severity differs from FSBP without a reason"
    assert set(FSBP_SEVERITY_OVERRIDES) - departures == set(), "a listed override no longer departs"
    assert all(len(reason) > 30 for reason in FSBP_SEVERITY_OVERRIDES.values())


def test_collectors_only_read() -> None:
    for collector in ALL_COLLECTORS:
        assert collector.resource_types and collector.actions, collector.name
        for action in collector.actions:
            service, _, verb = action.partition(":")
            assert service and (verb.startswith(READ_VERBS) or action in HTTP_READ), action


@pytest.mark.parametrize(("rule_id", "problem"), [
    ("nosuchservice_bucket_check", "names no service"),
    ("s3_bucket_undocumented", "no description"),
])
def test_rule_refuses_incomplete_builtin_metadata(rule_id: str, problem: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from ssrm.model import Domain, Layer, Severity, Stage

    def check(resource, inventory):  # type: ignore[no-untyped-def]
        raise AssertionError("never called")

    check.__module__ = "ssrm.rules.data.example"  # as if defined in the catalogue
    description = "" if problem == "no description" else "why it matters"
    with pytest.raises(ValueError, match=problem):
        rule(id=rule_id, title="t", resource_type="AWS::S3::Bucket", layer=Layer.CLOUD, domain=Domain.DATA,
             severity=Severity.LOW, stage=Stage.EXFILTRATE, attack=("T1530",), description=description)(check)


def test_rule_refuses_malformed_attack_ids_on_any_rule() -> None:
    from ssrm.model import Domain, Layer, Severity, Stage

    with pytest.raises(ValueError, match="ATT&CK id"):
        rule(id="custom_owner_tag", title="t", resource_type="AWS::S3::Bucket", layer=Layer.CLOUD, domain=Domain.DATA,
             severity=Severity.LOW, stage=Stage.EXFILTRATE, attack=("T15",))(lambda r, i: None)  # type: ignore[arg-type,return-value]


# FSBP families every control of which has a rule (a new control in them fails here until it has one), and
# the controls of those families deliberately without a rule.
COVERED_FSBP_FAMILIES = ("EFS.", "ECS.", "EKS.", "ElastiCache.", "Redshift.", "OpenSearch.", "ES.", "CodeBuild.",
                         "Glue.", "SageMaker.", "Cognito.", "Athena.", "DMS.", "MSK.", "ElasticBeanstalk.",
                         "CloudFront.", "APIGateway.", "WAF.", "Route53.", "NetworkFirewall.", "SSM.", "Backup.",
                         "Kinesis.", "StepFunctions.", "EventBridge.", "CloudWatch.")
NOT_COVERED_FSBP = {
    # WAF Classic, retired by AWS: ssrm collects WAFv2 only.
    "WAF.1", "WAF.2", "WAF.3", "WAF.4", "WAF.6", "WAF.7", "WAF.8",
}


def test_fsbp_families_and_cis_monitoring_stay_covered() -> None:
    covered = {ref for r in RULES for ref in r.references}
    wanted = {f"FSBP {c}" for c in FACTS["fsbp"] if c.startswith(COVERED_FSBP_FAMILIES) and c not in NOT_COVERED_FSBP}
    wanted |= {f"CIS 5.{n}" for n in range(1, 16)}
    assert wanted - covered == set()
