"""Shared helpers for the IaC tests."""

from __future__ import annotations

from pathlib import Path

from ssrm.iac.assess import IacAssessment, assess_iac
from ssrm.model import Finding
from ssrm.rules.base import Rule
from tests.iac.fixture_rules import FIXTURE_RULES

FIXTURES = Path(__file__).parent / "fixtures"
EQUIVALENT = FIXTURES / "equivalent"


def assess(*paths: Path, rules: list[Rule] | None = None, var_files: list[Path] | None = None,
           variables: list[str] | None = None) -> IacAssessment:
    return assess_iac(list(paths), rules=FIXTURE_RULES if rules is None else rules, var_files=var_files,
                      variables=variables)


def by_address(assessment: IacAssessment) -> set[tuple[str, str, str]]:
    """(rule, address, status) of every finding."""
    result = set()
    for finding in assessment.findings:
        origin = assessment.origin(finding)
        result.add((finding.rule_id, origin.address if origin else finding.resource_id, finding.status.value))
    return result


def by_name(findings: list[Finding], assessment: IacAssessment) -> set[tuple[str, str, str]]:
    """(rule, resource name, status): comparable across formats whose addresses differ."""
    names = {(r.resource_type, r.arn, r.origin.describe()): r.label for _, r in assessment.load.records}
    return {(f.rule_id, names.get((f.resource_type, f.resource_arn, f.origin), f.resource_id), f.status.value)
            for f in findings}
