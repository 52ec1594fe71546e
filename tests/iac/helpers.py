"""Shared helpers for the IaC tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def _comparable(resource_type: str, label: str) -> str:
    """Variables and outputs follow each format's naming style (allowed_cidr, AllowedCidr): compare them folded."""
    return label.replace("_", "").lower() if resource_type.startswith("SSRM::IaC::") else label


def by_name(findings: list[Finding], assessment: IacAssessment) -> set[tuple[str, str, str]]:
    """(rule, resource name, status): comparable across formats whose addresses differ."""
    names = {(r.resource_type, r.arn, r.origin.describe()): _comparable(r.resource_type, r.label)
             for _, r in assessment.load.records}
    return {(f.rule_id, names.get((f.resource_type, f.resource_arn, f.origin), f.resource_id), f.status.value)
            for f in findings}


def fields_read(directory: Path, type_name: str, rule: Rule) -> tuple[set[str], dict[str, Any]]:
    """The model fields ``rule`` reads when judging the first resource of ``type_name`` loaded from
    ``directory`` (recorded on a tracking subclass), and that record's attributes."""
    from ssrm.sources.iac.loader import load_iac

    load = load_iac([directory])
    raw, resource = next((raw, r) for raw, r in load.records if r.resource_type == type_name)
    reads: set[str] = set()
    model = type(resource)
    fields = set(model.model_fields)

    def __getattribute__(self: Any, name: str) -> Any:
        if name in fields:
            reads.add(name)
        return model.__getattribute__(self, name)

    tracking = type("Tracking", (model,), {"__getattribute__": __getattribute__})
    copy = tracking.model_construct(**dict(resource))
    load.inventory.resources[load.inventory.resources.index(resource)] = copy
    load.inventory._by_type = None
    rule.check(copy, load.inventory)
    return reads, raw.attrs
