"""Broken inputs become one clear error and a gap; inline suppressions mute with a reason or are reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssrm.sources.iac.discover import InputError
from ssrm.sources.iac.loader import load_iac
from ssrm.sources.iac.terraform.hcl import HclSyntaxError, parse_hcl
from ssrm.sources.iac.terraform.variables import VariableFileError
from tests.iac.helpers import FIXTURES, assess, by_address


def test_broken_file_is_one_error_with_file_and_line_and_others_still_assessed() -> None:
    result = assess(FIXTURES / "broken")
    assert len(result.load.errors) == 1
    error = result.load.errors[0]
    assert "broken.tf:5: invalid HCL: unexpected '=' at column 12" in error
    assert [g.resource for g in result.load.inventory.gaps] == [str(FIXTURES / "broken" / "broken.tf")]
    assert ("test_sg_ssh_world", "aws_security_group.fail", "FAIL") in by_address(result)


def test_broken_cloudformation_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A: [unclosed\n")
    (tmp_path / "bad.json").write_text('{"Resources": {"A": }}')
    load = load_iac([tmp_path])
    assert sorted(e.split(": ")[0].rsplit("/", 1)[-1] for e in load.errors) == ["bad.json:1", "bad.yaml:4"]


def test_bad_inputs_raise_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_iac([tmp_path / "missing"])
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(InputError):
        load_iac([tmp_path / "notes.txt"])
    with pytest.raises(VariableFileError):
        load_iac([FIXTURES / "broken"], var_files=[tmp_path / "absent.tfvars"])
    with pytest.raises(VariableFileError):
        load_iac([FIXTURES / "broken"], variables=["no-equals-sign"])


def test_suppressions() -> None:
    result = assess(FIXTURES / "suppressed")
    assert {f for f in by_address(result) if f[0] == "test_sg_ssh_world"} == {
        ("test_sg_ssh_world", "aws_security_group.muted", "MUTED"),
        ("test_sg_ssh_world", "aws_security_group.inline", "MUTED"),
        ("test_sg_ssh_world", "aws_security_group.no_reason", "FAIL"),
        ("test_sg_ssh_world", "aws_security_group.other_rule", "FAIL"),
    }
    reasons = {f.resource_id: f.muted_reason for f in result.findings if f.status.value == "MUTED"}
    assert reasons == {"aws_security_group.muted": "bastion reached only through the corporate VPN range",
                       "aws_security_group.inline": "legacy, removal tracked in OPS-12"}
    bad = {f.resource_id: f.reason for f in result.findings if f.rule_id == "iac_suppression_reason"}
    assert set(bad) == {"aws_security_group.no_reason", "aws_security_group.other_rule"}
    assert "main.tf:22 has no reason" in bad["aws_security_group.no_reason"]
    assert "some_other_rule at" in bad["aws_security_group.other_rule"]
    assert bad["aws_security_group.other_rule"].endswith("names no known rule")


def test_json_template_suppression_through_metadata(tmp_path: Path) -> None:
    template = {"Resources": {"Sg": {
        "Type": "AWS::EC2::SecurityGroup",
        "Metadata": {"ssrm": {"ignore": [{"rule": "test_sg_*", "reason": "lab network"}]}},
        "Properties": {"GroupDescription": "x", "SecurityGroupIngress": [
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"}]}}}}
    (tmp_path / "stack.json").write_text(json.dumps(template))
    result = assess(tmp_path / "stack.json")
    muted = [f for f in result.findings if f.rule_id == "test_sg_ssh_world"]
    assert [(f.status.value, f.muted_reason) for f in muted] == [("MUTED", "lab network")]


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet='resource "aws_s3_bucket" {}=[]()${}.,#\n\t abc123', max_size=80))
def test_arbitrary_text_never_crashes_the_terraform_reader(text: str) -> None:
    try:
        parse_hcl(text, "fuzz.tf")
    except HclSyntaxError as exc:
        assert str(exc).startswith("fuzz.tf")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from([
    'var.x', 'local.y', '"${var.x}-a"', '[for s in var.l : s]', 'aws_s3_bucket.b.arn', 'data.aws_vpc.v.id',
    'module.m.out', 'count.index', 'each.value', '{a = 1}', 'var.l[5]', 'lookup(1, 2)', 'jsonencode(var.x)',
    '1 / 0', '"a" + 1', 'nosuchfn(1)', 'self.x', 'var.l[*].q', '!var.x', 'var.x ? 1 : 2',
]), min_size=1, max_size=6))
def test_odd_expressions_become_unknown_not_crashes(tmp_path_factory: pytest.TempPathFactory,
                                                     expressions: list[str]) -> None:
    directory = tmp_path_factory.mktemp("fuzz")
    body = "\n".join(f"  a{i} = {e}" for i, e in enumerate(expressions))
    (directory / "main.tf").write_text('variable "x" {}\nvariable "l" { default = [1] }\n'
                                       f'resource "aws_s3_bucket" "b" {{\n  bucket = "b"\n{body}\n}}\n')
    load = load_iac([directory])
    assert len([r for _, r in load.records if r.resource_type.startswith("AWS::")]) == 1 and not load.errors
