"""Broken inputs become one clear error and a gap; inline suppressions mute with a reason or are reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssrm.sources.iac.discover import InputError
from ssrm.sources.iac.loader import load_iac
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
    missing = [f for f in result.findings if f.rule_id == "iac_suppression_reason"]
    assert len(missing) == 1 and missing[0].resource_id == "aws_security_group.no_reason"
    assert "main.tf:22" in missing[0].reason and missing[0].status.value == "FAIL"
