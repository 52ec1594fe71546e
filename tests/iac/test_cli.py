"""``ssrm iac``: formats, --output, --fail-on exit codes, --var / --var-file, one-line usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ssrm.iac import cli
from tests.cli_runner import invoke
from tests.iac.fixture_rules import FIXTURE_RULES
from tests.iac.helpers import EQUIVALENT, FIXTURES


@pytest.fixture(autouse=True)
def _fixture_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ssrm.rules.catalog.builtin_rules", lambda: list(FIXTURE_RULES))


def run(*args: str) -> tuple[int, str, str]:
    result = invoke(cli.main, *args)
    return result.code, result.stdout, result.stderr


@pytest.mark.parametrize(("threshold", "code"), [("critical", 1), ("high", 1), ("info", 1)])
def test_fail_on_sets_the_exit_code(threshold: str, code: int) -> None:
    assert run(str(EQUIVALENT / "terraform"), "--fail-on", threshold)[0] == code


def test_no_fail_at_or_above_threshold_exits_zero(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_instance" "a" {\n  metadata_options {\n'
                                      '    http_tokens = "optional"\n  }\n}\n')
    assert run(str(tmp_path), "--fail-on", "high")[0] == 0  # only the medium IMDS rule fails
    assert run(str(tmp_path), "--fail-on", "medium")[0] == 1
    assert run(str(tmp_path))[0] == 0


def test_text_json_and_sarif(tmp_path: Path) -> None:
    code, out, _ = run(str(EQUIVALENT / "terraform"))
    assert code == 0 and "FAIL" in out and "main.tf:55" in out and "aws_security_group.fail" in out
    code, out, _ = run(str(EQUIVALENT / "cloudformation" / "template.yaml"), "--format", "json")
    document = json.loads(out)
    ssh = next(f for f in document["findings"] if f["rule_id"] == "test_sg_ssh_world" and f["status"] == "FAIL")
    assert (ssh["address"], ssh["line"], ssh["source"]) == ("FailSg", 50, "cloudformation")
    target = tmp_path / "out.sarif"
    code, out, err = run(str(EQUIVALENT / "plan" / "plan.json"), "--format", "sarif", "--output-file", str(target))
    assert code == 0 and out == "" and "written" in err
    assert json.loads(target.read_text())["version"] == "2.1.0"


def test_var_and_var_file(tmp_path: Path) -> None:
    _, out, _ = run(str(EQUIVALENT / "terraform"), "--var", "allowed_cidr=10.0.0.0/8", "--format", "json")
    statuses = {(f["address"], f["status"]) for f in json.loads(out)["findings"] if f["rule_id"] == "test_sg_ssh_world"}
    assert ("aws_security_group.unknown", "PASS") in statuses
    var_file = tmp_path / "open.tfvars"
    var_file.write_text('allowed_cidr = "0.0.0.0/0"\n')
    _code, out, _ = run(str(EQUIVALENT / "terraform"), "--var-file", str(var_file), "--format", "json")
    statuses = {(f["address"], f["status"]) for f in json.loads(out)["findings"] if f["rule_id"] == "test_sg_ssh_world"}
    assert ("aws_security_group.unknown", "FAIL") in statuses


@pytest.mark.parametrize("args", [
    ["/definitely/not/here"],
    [str(FIXTURES / "broken"), "--var-file", "/nope.tfvars"],
    [str(FIXTURES / "broken"), "--var", "novalue"],
])
def test_bad_input_is_one_line_and_exit_two(args: list[str]) -> None:
    code, _out, err = run(*args)
    assert code == 2
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_empty_directory_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path))
    assert code == 2 and "no Terraform, plan JSON or CloudFormation" in err


def test_broken_file_reported_and_rest_assessed() -> None:
    code, out, err = run(str(FIXTURES / "broken"), "--fail-on", "high")
    # A file that does not parse is bad input (2), even beside a failing gate: the report is still complete.
    assert code == 2 and "broken.tf:5" in err and "aws_security_group.fail" in out


def test_main_entry_point_exit_codes(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.argv", ["ssrm-iac", str(EQUIVALENT / "terraform"), "--fail-on", "critical"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 1
    monkeypatch.setattr("sys.argv", ["ssrm-iac", str(EQUIVALENT / "terraform"), "--fail-on", "nonsense"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 2
