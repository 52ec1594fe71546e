"""One fixture written as Terraform HCL, plan JSON, CloudFormation YAML and JSON gives the same findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssrm.iac.assess import IacAssessment, assess_iac
from ssrm.rules.catalog import builtin_rules
from ssrm.sources.iac.mapping import service_tables, tables_compute, tables_edge, tables_late
from ssrm.sources.iac.mapping.tables import TABLES
from tests.iac.helpers import EQUIVALENT, FIXTURES, assess, by_address, by_name
from tests.iac.plan_builder import write_plan
from tests.iac.test_coverage import MINIMAL as CORE_MINIMAL
from tests.iac.test_coverage_edge import MINIMAL as EDGE_MINIMAL
from tests.iac.test_coverage_late import MINIMAL as LATE_MINIMAL
from tests.iac.test_coverage_services import MINIMAL as SERVICE_MINIMAL

ALL_TABLES = [*TABLES, *tables_edge.TABLES, *tables_compute.TABLES, *service_tables.TABLES, *tables_late.TABLES]


def _type_of(key: str) -> str:
    """The model type a per-type fixture is about: keyed by the type, or by the Terraform kind of its table."""
    if key.startswith("AWS::"):
        return key
    return next(t.model.resource_type for t in ALL_TABLES if key in t.terraform)


# Every table type's minimal HCL fixture, from the four per-type coverage tests, keyed by model type.
MINIMAL = {_type_of(key): fixtures for group in (CORE_MINIMAL, EDGE_MINIMAL, SERVICE_MINIMAL, LATE_MINIMAL)
           for key, fixtures in group.items()}

FORMATS = {
    "terraform": EQUIVALENT / "terraform",
    "plan": EQUIVALENT / "plan" / "plan.json",
    "cloudformation-yaml": EQUIVALENT / "cloudformation" / "template.yaml",
    "cloudformation-json": EQUIVALENT / "cloudformation" / "template.json",
}

TERRAFORM_EXPECTED = {
    ("test_sg_ssh_world", "aws_security_group.pass", "PASS"),
    ("test_sg_ssh_world", "aws_security_group.fail", "FAIL"),
    ("test_sg_ssh_world", "aws_security_group.unknown", "ERROR"),
    ("test_s3_block_public", "aws_s3_bucket.pass", "PASS"),
    ("test_s3_block_public", "aws_s3_bucket.fail", "FAIL"),
    ("test_s3_public_policy", "aws_s3_bucket.pass", "PASS"),
    ("test_s3_public_policy", "aws_s3_bucket.fail", "FAIL"),
    ("test_instance_imdsv2", "aws_instance.pass", "PASS"),
    ("test_instance_imdsv2", "aws_instance.fail", "FAIL"),
    ("test_instance_user_data", "aws_instance.pass", "PASS"),
    ("test_instance_user_data", "aws_instance.fail", "FAIL"),
    ("test_instance_role_reads_s3", "aws_instance.pass", "FAIL"),
    ("test_instance_role_reads_s3", "aws_instance.fail", "PASS"),
    ("test_instance_runtime", "aws_instance.pass", "NOT_APPLICABLE"),
    ("test_instance_runtime", "aws_instance.fail", "NOT_APPLICABLE"),
}


def test_terraform_findings_are_exact() -> None:
    assert by_address(assess(FORMATS["terraform"])) == TERRAFORM_EXPECTED


def test_cloudformation_findings_are_exact() -> None:
    expected = {(rule, address.split(".")[1], status) for rule, address, status in TERRAFORM_EXPECTED}
    logical = {"pass": {"PassSg", "PassBucket", "PassInstance"}, "fail": {"FailSg", "FailBucket", "FailInstance"},
               "unknown": {"UnknownSg"}}
    found = {(rule, next(k for k, ids in logical.items() if address in ids), status)
             for rule, address, status in by_address(assess(FORMATS["cloudformation-yaml"]))}
    assert found == expected


@pytest.mark.parametrize("name", ["plan", "cloudformation-yaml", "cloudformation-json"])
def test_same_findings_as_terraform(name: str) -> None:
    reference = assess(FORMATS["terraform"])
    other = assess(FORMATS[name])
    assert by_name(other.findings, other) == by_name(reference.findings, reference)


@pytest.mark.parametrize("name", ["plan", "cloudformation-yaml", "cloudformation-json"])
def test_same_findings_with_the_builtin_catalog(name: str) -> None:
    rules = builtin_rules()
    reference = assess(FORMATS["terraform"], rules=rules)
    other = assess(FORMATS[name], rules=rules)
    assert by_name(other.findings, other) == by_name(reference.findings, reference)


def test_unknown_cidr_is_an_error_never_a_fail() -> None:
    result = assess(FORMATS["terraform"], rules=builtin_rules())
    unknown = [f for f in result.findings if f.resource_id == "aws_security_group.unknown"
               and f.rule_id.startswith("ec2_security_group_open")]
    assert unknown and {f.status.value for f in unknown} == {"ERROR"}
    assert all("var.allowed_cidr, which has no default" in f.reason for f in unknown)


def test_every_resource_has_file_line_and_address() -> None:
    for path in FORMATS.values():
        for _raw, resource in assess(path).load.records:
            assert resource.origin.file and resource.origin.line and resource.origin.address
            assert resource.origin.source in ("terraform", "terraform-plan", "cloudformation")


def test_links_from_instance_to_policy_are_kept() -> None:
    for path in FORMATS.values():
        inventory = assess(path).load.inventory
        instance = next(i for i in inventory.of_type("AWS::EC2::Instance") if i.label == "pass-instance")
        profile = inventory.get("AWS::IAM::InstanceProfile", instance.instance_profile_arn)
        assert profile is not None, path
        role = inventory.get("AWS::IAM::Role", profile.role_arns[0])
        assert role is not None and role.inline_policies[0].name == "read-data"
        assert profile.arn in role.instance_profile_arns
        group = inventory.get("AWS::EC2::SecurityGroup", instance.security_group_ids[0])
        assert group is not None and group.group_name == "pass-sg"


# --- plan JSON for every table-mapped type -------------------------------------------------------------
def _type_verdicts(path: Path, type_name: str) -> dict[str, str]:
    rules = [r for r in builtin_rules() if r.resource_type == type_name]
    return {f.rule_id: f.status.value for f in assess(path, rules=rules).findings if f.resource_type == type_name}


def _computed_paths(type_name: str) -> dict[str, tuple[str, ...]]:
    """Every Terraform path of the type's table, as if the provider computed each one the code leaves out."""
    table = next(t for t in ALL_TABLES if t.model.resource_type == type_name)
    paths = tuple(f.terraform for f in table.fields if f.terraform)
    return {kind: paths for kind in table.terraform}


@pytest.mark.parametrize("computed", [False, True], ids=["plain", "unset-computed"])
@pytest.mark.parametrize("type_name", sorted(MINIMAL))
def test_plan_json_agrees_with_hcl_for_every_table_type(tmp_path: Path, type_name: str, computed: bool) -> None:
    """The minimal fixture of each table type as ``terraform show -json`` writes it: same verdict per rule.
    With ``unset-computed``, every mapped attribute the code leaves out is "known after apply", as the
    provider shows optional+computed attributes: it is still read as left out, never as unknown."""
    directory = tmp_path / "hcl"
    directory.mkdir()
    (directory / "main.tf").write_text(MINIMAL[type_name][0])
    plan = write_plan(directory, tmp_path / "plan" / "plan.json", _computed_paths(type_name) if computed else None)
    hcl = _type_verdicts(directory, type_name)
    assert hcl or not any(r.resource_type == type_name for r in builtin_rules()), type_name
    assert _type_verdicts(plan, type_name) == hcl


def test_plan_json_keeps_unknown_what_the_code_writes_from_an_unknown(tmp_path: Path) -> None:
    """A written attribute whose value is known only at apply stays unknown (ERROR), unlike one left out."""
    directory = tmp_path / "hcl"
    directory.mkdir()
    (directory / "main.tf").write_text('variable "mutability" {}\n'
                                       'resource "aws_ecr_repository" "x" {\n  name = "x"\n'
                                       '  image_tag_mutability = var.mutability\n}\n')
    plan = write_plan(directory, tmp_path / "plan" / "plan.json", _computed_paths("AWS::ECR::Repository"))
    found = _type_verdicts(plan, "AWS::ECR::Repository")
    assert found == _type_verdicts(directory, "AWS::ECR::Repository")
    assert found["ecr_repository_tag_immutability"] == "ERROR"


HCL_FIXTURES = [FIXTURES / "services" / "terraform", FIXTURES / "network" / "terraform",
                FIXTURES / "features" / "terraform", FIXTURES / "capital_one", EQUIVALENT / "terraform"]
# Attributes of the hand-written types that the AWS provider computes when the code leaves them out.
PROVIDER_COMPUTED = {
    "aws_s3_bucket": ("bucket", "acl", "policy", "versioning", "server_side_encryption_configuration", "logging",
                      "lifecycle_rule", "object_lock_enabled"),
    "aws_security_group": ("name", "description", "vpc_id", "ingress", "egress"),
}


def _every_computed_path() -> dict[str, tuple[str, ...]]:
    paths = {kind: tuple(f.terraform for f in t.fields if f.terraform) for t in TABLES for kind in t.terraform}
    return {**paths, **PROVIDER_COMPUTED}


@pytest.mark.parametrize("computed", [False, True], ids=["plain", "unset-computed"])
@pytest.mark.parametrize("directory", HCL_FIXTURES, ids=lambda d: d.parent.name + "/" + d.name)
def test_plan_json_built_from_each_hcl_fixture_agrees(tmp_path: Path, directory: Path, computed: bool) -> None:
    """Every resource of the HCL fixtures, written as Terraform writes its plan (modules as child modules and
    module calls, references to other resources unknown at plan, maps with values known only at apply split
    per key, and with ``unset-computed`` every attribute the code leaves out "known after apply"): the same
    verdicts."""
    rules = builtin_rules()
    hcl = assess_iac([directory], rules=rules, budget=None)
    plan_path = write_plan(directory, tmp_path / "plan.json", _every_computed_path() if computed else None)
    plan = assess_iac([plan_path], rules=rules, budget=None)

    def resources_only(assessment: IacAssessment) -> set[tuple[str, str, str]]:
        # the built plan holds resources only: variables and outputs are compared by the other tests
        kept = [f for f in assessment.findings if not f.resource_type.startswith("SSRM::IaC::")]
        return by_name(kept, assessment)

    assert resources_only(hcl) and resources_only(plan) == resources_only(hcl)
