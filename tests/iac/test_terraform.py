"""Terraform HCL: variables and tfvars, locals, count / for_each, dynamic blocks, modules, data sources."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ssrm.sources.iac.loader import IacLoad, load_iac
from ssrm.sources.iac.terraform.expressions import Evaluator
from ssrm.sources.iac.terraform.hcl import parse_hcl
from ssrm.sources.iac.unknown import Unknown
from tests.iac.helpers import FIXTURES

FEATURES = FIXTURES / "features" / "terraform"


Loaded = tuple[dict[str, Any], IacLoad]


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    load = load_iac([FEATURES])
    return {r.origin.address: r for _, r in load.records if r.resource_type.startswith("AWS::")}, load


def test_for_each_count_and_modules_expand_with_terraform_addresses(loaded: Loaded) -> None:
    resources, _ = loaded
    assert set(resources) == {
        'aws_s3_bucket.team["alpha"]', 'aws_s3_bucket.team["beta"]', "aws_s3_bucket.logs",
        "aws_s3_bucket.by_account", "aws_security_group.web[0]", "aws_security_group.web[1]", "aws_kms_key.data",
        "aws_sqs_queue.jobs", "aws_lambda_function.worker", "aws_iam_role.worker", "aws_iam_policy.worker",
        "aws_s3_bucket.from_module_output", "module.archive.aws_s3_bucket.this",
        'module.per_region["eu"].aws_s3_bucket.this', 'module.per_region["us"].aws_s3_bucket.this',
    }


def test_tfvars_override_defaults_and_locals_and_merge_evaluate(loaded: Loaded) -> None:
    resources, _ = loaded
    alpha = resources['aws_s3_bucket.team["alpha"]']
    assert alpha.name == "acme-prod-alpha"
    assert alpha.tags == {"Environment": "prod", "Owner": "platform", "Team": "alpha"}
    assert resources["aws_kms_key.data"].rotation_enabled is True  # var.env == "prod" from terraform.tfvars


def test_dynamic_blocks_and_count_index(loaded: Loaded) -> None:
    resources, _ = loaded
    group = resources["aws_security_group.web[1]"]
    assert group.group_name == "web-1"
    assert [(p.from_port, p.ipv4_ranges) for p in group.ingress] == [(80, ("0.0.0.0/0",)), (443, ("0.0.0.0/0",))]


def test_policy_document_data_source_is_rendered(loaded: Loaded) -> None:
    resources, _ = loaded
    statement = resources["aws_s3_bucket.logs"].policy["Statement"][0]
    assert statement["Effect"] == "Deny" and statement["Principal"] == "*"
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_module_inputs_outputs_and_companions(loaded: Loaded) -> None:
    resources, _ = loaded
    assert resources['module.per_region["eu"].aws_s3_bucket.this'].public_access_block.fully_on
    assert resources['module.per_region["us"].aws_s3_bucket.this'].public_access_block.off_settings()
    assert resources["aws_s3_bucket.from_module_output"].name == "acme-prod-archive-copy"
    assert resources["module.archive.aws_s3_bucket.this"].origin.file.endswith("modules/bucket/main.tf")
    assert resources["module.archive.aws_s3_bucket.this"].origin.line == 10


def test_role_links_and_file_function(loaded: Loaded) -> None:
    resources, _ = loaded
    role = resources["aws_iam_role.worker"]
    assert role.trust_policy["Statement"][0]["Principal"] == {"Service": "lambda.amazonaws.com"}
    assert role.attached_policy_arns == [resources["aws_iam_policy.worker"].arn]
    assert resources["aws_lambda_function.worker"].role_arn == role.arn
    assert resources["aws_lambda_function.worker"].environment_secret_hints


def test_var_and_var_file_take_precedence(tmp_path: Path) -> None:
    var_file = tmp_path / "prod.tfvars"
    var_file.write_text('team_buckets = ["gamma"]\n')
    load = load_iac([FEATURES], var_files=[var_file], variables=["env=qa"])
    names = {r.name for _, r in load.records if r.resource_type == "AWS::S3::Bucket"}
    assert "acme-qa-gamma" in names and "acme-qa-alpha" not in names


def test_unknown_values_are_explicit(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'variable "cidr" {}\n'
        'variable "n" {}\n'
        'data "aws_vpc" "main" {}\n'
        'resource "aws_security_group" "a" {\n'
        '  name = "a"\n'
        '  vpc_id = data.aws_vpc.main.id\n'
        '  ingress {\n    protocol = "tcp"\n    from_port = 22\n    to_port = 22\n    cidr_blocks = [var.cidr]\n  }\n'
        '}\n'
        'resource "aws_s3_bucket" "b" {\n  count = var.n\n  bucket = "b-${count.index}"\n}\n'
    )
    load = load_iac([tmp_path])
    group = next(r for _, r in load.records if r.resource_type == "AWS::EC2::SecurityGroup")
    assert group.unknown["ingress"] == "depends on var.cidr, which has no default"
    assert "data source" in group.unknown["vpc_id"]
    assert group.ingress == ()
    bucket = next(r for _, r in load.records if r.resource_type == "AWS::S3::Bucket")
    # the address stands in for a name known only at apply (issue 18 item 10)
    assert bucket.origin.address == "aws_s3_bucket.b" and bucket.name == "aws_s3_bucket.b"
    assert any(g.error == "UnknownCount" for g in load.inventory.gaps)


@pytest.mark.parametrize(("expression", "expected"), [
    ('"${var.a}-x"', "A-x"),
    ("[for s in var.l : upper(s) if s != \"\"]", ["P", "Q"]),
    ("{for k, v in var.m : k => v * 2}", {"z": 2}),
    ('var.a == "A" ? 1 : 2', 1),
    ("var.objs[*].n", [1, 2]),
    ('"$${literal}"', "${literal}"),
    ("1 + 2 * 3", 7),
    ('try(var.missing, "fallback")', "fallback"),
    ('lookup(var.m, "q", 5)', 5),
    ("jsonencode({a = [1, true]})", '{"a":[1,true]}'),
    ('format("%s-%d", "x", 3)', "x-3"),
    ("length(concat(var.l, [1]))", 4),
])
def test_expressions(expression: str, expected: object) -> None:
    values = {"a": "A", "l": ["p", "", "q"], "m": {"z": 1}, "objs": [{"n": 1}, {"n": 2}],
              "missing": Unknown("no default")}
    evaluator = Evaluator(lambda root: values if root == "var" else Unknown(root))
    block = parse_hcl(f"x {{\n  v = {expression}\n}}\n", "t.tf")[0]
    assert evaluator.value(block.attributes["v"].expr) == expected


def test_unknown_propagates_with_its_reason() -> None:
    evaluator = Evaluator(lambda root: {"cidr": Unknown("depends on var.cidr")} if root == "var" else None)
    block = parse_hcl('x {\n  v = ["${var.cidr}/32"]\n  w = upper(var.cidr)\n}\n', "t.tf")[0]
    assert evaluator.value(block.attributes["v"].expr) == [Unknown("depends on var.cidr")]
    assert evaluator.value(block.attributes["w"].expr) == Unknown("depends on var.cidr")
