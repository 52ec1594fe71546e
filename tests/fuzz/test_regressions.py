"""One regression test per item of issue 15 that the input layer owns (items 1, 3, 4, 5, 7, 8, 9, 10)."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ssrm.engine.suppress import SuppressionError, load_mutelist
from ssrm.iac import cli as iac_cli
from ssrm.inputs import InputProblem, check_control_status, check_limit, prepare_run, read_assessment
from ssrm.model.secrets import find_secrets, find_secrets_in_env
from ssrm.model.snapshot import SnapshotError, load_inventory
from ssrm.paths.crown_jewels import CrownJewelError, load_crown_jewels
from ssrm.rules.custom import load_rules_dir
from ssrm.sources.iac.loader import load_iac
from tests.cli_runner import invoke
from tests.fuzz.strategies import good_snapshot
from tests.fuzz.test_fuzz_iac import GOOD_TF

BOMB = ("a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)))


def peak_mb(action: Callable[[], Any]) -> tuple[Any, float]:
    """What ``action`` returns or raises, and the peak memory it allocated (MB)."""
    tracemalloc.start()
    try:
        try:
            result: Any = action()
        except Exception as exc:
            result = exc
        return result, tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def _dir(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _addresses(load: Any) -> set[str]:
    return {raw.address for raw, _ in load.records}


# --- 1. bounded time and memory -------------------------------------------------------------------
def test_1_huge_count_is_a_gap_naming_the_bound_in_bounded_memory(tmp_path: Path) -> None:
    bad = 'resource "aws_s3_bucket" "b" {\n  count = 100000000\n  bucket = "b-${count.index}"\n}\n'
    root = _dir(tmp_path, {"main.tf": GOOD_TF, "bad.tf": bad})
    load, peak = peak_mb(lambda: load_iac([root]))
    assert peak < 200
    assert "aws_security_group.good_open_ssh" in _addresses(load)
    assert any(g.error == "BoundExceeded" and "SSRM_MAX_COUNT" in g.message for g in load.inventory.gaps)


def test_1_count_bound_is_overridable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSRM_MAX_COUNT", "2")
    root = _dir(tmp_path, {"main.tf": 'resource "aws_s3_bucket" "b" {\n  count = 3\n}\n'})
    assert any(g.error == "BoundExceeded" for g in load_iac([root]).inventory.gaps)
    monkeypatch.setenv("SSRM_MAX_COUNT", "3")
    assert len(load_iac([root]).records) == 3


def test_1_module_that_nests_itself_is_one_gap_not_21_levels(tmp_path: Path) -> None:
    root = _dir(tmp_path, {"main.tf": GOOD_TF + 'module "again" {\n  source = "./"\n}\n'})
    load = load_iac([root])
    assert _addresses(load) == {"aws_security_group.good_open_ssh"}
    assert [g.error for g in load.inventory.gaps] == ["ModuleCycle"]


def test_1_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    template = "AWSTemplateFormatVersion: '2010-09-09'\nMetadata:\n" + "".join(
        f"  {line}\n" for line in BOMB.splitlines()) + "Resources:\n  B:\n    Type: AWS::S3::Bucket\n"
    root = _dir(tmp_path, {"main.tf": GOOD_TF, "bomb.yaml": template})
    load, peak = peak_mb(lambda: load_iac([root]))
    assert peak < 100
    assert "aws_security_group.good_open_ssh" in _addresses(load)
    assert any("SSRM_MAX_YAML_VALUES" in e for e in load.errors)


def test_1_gzip_bomb_snapshot_is_refused_within_the_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSRM_MAX_INPUT_MB", "4")
    path = tmp_path / "inventory.json.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b'{"kind": "ssrm-inventory", "pad": "' + b" " * (64 << 20) + b'"}')
    error, peak = peak_mb(lambda: load_inventory(path))
    assert isinstance(error, SnapshotError) and "SSRM_MAX_INPUT_MB" in str(error)
    assert peak < 20


def test_1_deep_json_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "inventory.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(SnapshotError, match="nested deeper"):
        load_inventory(path)


# --- 3. one bad file does not cost the run --------------------------------------------------------
@pytest.mark.parametrize(("name", "content"), [
    ("t.json", {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket",
                                                                                "Properties": "oops"}}}),
    ("plan.json", {"format_version": "1.2", "planned_values": {"root_module": {"resources": [1, None]}}}),
])
def test_3_bad_template_or_plan_is_a_problem_and_the_rest_is_judged(tmp_path: Path, name: str,
                                                                     content: Any) -> None:
    root = _dir(tmp_path, {"main.tf": GOOD_TF, name: json.dumps(content)})
    load = load_iac([root])
    assert "aws_security_group.good_open_ssh" in _addresses(load)
    assert load.errors and all(name in e for e in load.errors)


# --- 4. the CI gate fails on code that does not parse ---------------------------------------------
def test_4_fail_on_exits_2_when_a_file_does_not_parse(tmp_path: Path) -> None:
    root = _dir(tmp_path, {"bad.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = = "x"\n}\n'})
    result = invoke(iac_cli.main, str(root), "--fail-on", "low")
    assert result.code == 2 and "invalid HCL" in result.stderr


# --- 5. custom rules ------------------------------------------------------------------------------
GOOD_RULE = '''from ssrm.model import Domain, Inventory, Layer, Resource, Severity, Stage
from ssrm.rules import Verdict, failed, rule


@rule(id="custom_marker", title="Marker", resource_type="AWS::S3::Bucket", layer=Layer.CLOUD,
      domain=Domain.GOVERNANCE, severity=Severity.LOW, stage=Stage.EXFILTRATE)
def marker(bucket: Resource, inventory: Inventory) -> Verdict:
    print("noise from a check")
    return failed("marker")
'''


def test_5_custom_rule_files_cannot_exit_print_or_vanish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _dir(tmp_path, {"a_good.py": GOOD_RULE, "b_exit.py": "import sys\nsys.exit(0)\n",
                    "c_print.py": "print('hello')\n",
                    "d_unknown.py": GOOD_RULE.replace("AWS::S3::Bucket", "AWS::Nope::Thing")
                    .replace("custom_marker", "custom_nope")})
    rules, problems = load_rules_dir(tmp_path, set())
    assert [r.id for r in rules] == ["custom_marker"]
    assert any("b_exit.py" in p and "sys.exit" in p for p in problems)
    assert any("d_unknown.py" in p and "AWS::Nope::Thing" in p for p in problems)
    from ssrm.engine import evaluate
    from ssrm.model.snapshot import inventory_from_dict

    findings = evaluate(inventory_from_dict(good_snapshot()), rules)
    assert findings and all(f.status.value == "FAIL" for f in findings)
    captured = capsys.readouterr()
    assert captured.out == "" and "hello" in captured.err and "noise from a check" in captured.err


# --- 7. inputs checked before any collection ------------------------------------------------------
def test_7_run_inputs_are_checked_up_front(tmp_path: Path) -> None:
    broken = _dir(tmp_path, {"mutes.yaml": "mutes:\n  - rule: x\n", "jewels.yaml": "admin: 500\n",
                             "file.txt": "x"})
    with pytest.raises(InputProblem, match="reason"):
        prepare_run(mutelist=broken / "mutes.yaml")
    with pytest.raises(InputProblem, match="admin"):
        prepare_run(crown_jewels=broken / "jewels.yaml")
    with pytest.raises(InputProblem, match="is a file"):
        prepare_run(output=broken / "file.txt")
    with pytest.raises(InputProblem, match="not a directory"):
        prepare_run(save=broken / "file.txt" / "inventory.json")


# --- 8. internal errors become one-line errors ----------------------------------------------------
def test_8_impossible_date_and_non_utf8_mutelists_are_one_line(tmp_path: Path) -> None:
    dated = tmp_path / "dated.yaml"
    dated.write_text("mutes:\n  - rule: x\n    reason: y\n    expires: 2027-02-31\n")
    with pytest.raises(SuppressionError, match=r"dated.yaml:2: .*day is out of range"):
        load_mutelist(dated)
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"mutes:\n  - rule: \xff\n")
    with pytest.raises(SuppressionError, match="not UTF-8"):
        load_mutelist(binary)
    with pytest.raises(CrownJewelError, match="not UTF-8"):
        load_crown_jewels(binary)


def test_8_non_utf8_tfvars_is_a_one_line_error(tmp_path: Path) -> None:
    root = _dir(tmp_path, {"main.tf": GOOD_TF})
    (tmp_path / "bad.tfvars").write_bytes(b'x = "\xff"\n')
    result = invoke(iac_cli.main, str(root), "--var-file", str(tmp_path / "bad.tfvars"))
    assert result.code == 2 and "not UTF-8" in result.stderr


@pytest.mark.parametrize("change", [
    {"stats": "x"}, {"findings": "x"}, {"findings": [None]}, {"schema_version": 99}, {"account": None},
])
def test_8_and_9_assessments_with_wrong_types_are_refused(tmp_path: Path, change: dict[str, Any]) -> None:
    from ssrm.model.assessment_doc import AssessmentDoc

    minimal = {"schema_version": 1, "account": "1", "layers": {}, "findings": []}
    AssessmentDoc.model_validate(minimal)
    path = tmp_path / "assessment.json"
    path.write_text(json.dumps({**minimal, **change}))
    with pytest.raises(InputProblem):
        read_assessment(path)


def test_8_unknown_status_and_severity_are_refused(tmp_path: Path) -> None:
    finding = {"rule_id": "x", "status": "FAIL", "severity": "high", "resource_arn": "a"}
    for bad in ({"status": "MAYBE"}, {"severity": "apocalyptic"}):
        path = tmp_path / "assessment.json"
        path.write_text(json.dumps({"schema_version": 1, "account": "1", "layers": {},
                                    "findings": [{**finding, **bad}]}))
        with pytest.raises(InputProblem, match=r"findings\.0"):
            read_assessment(path)


# --- 9. accepted silently no more -----------------------------------------------------------------
@pytest.mark.parametrize(("change", "needle"), [
    ({"schema_version": 99}, "schema version 99"), ({"account": None}, "'account' must be a string"),
])
def test_9_snapshot_version_and_account_are_checked(tmp_path: Path, change: dict[str, Any], needle: str) -> None:
    path = tmp_path / "inventory.json"
    path.write_text(json.dumps({**good_snapshot(), **change}))
    with pytest.raises(SnapshotError, match=needle):
        load_inventory(path)


def test_9_duplicated_resources_are_refused(tmp_path: Path) -> None:
    snapshot = good_snapshot()
    snapshot["resources"].append(snapshot["resources"][0])
    path = tmp_path / "inventory.json"
    path.write_text(json.dumps(snapshot))
    with pytest.raises(SnapshotError, match="repeats resources"):
        load_inventory(path)


def test_9_limit_and_status_options_are_checked() -> None:
    with pytest.raises(InputProblem):
        check_limit(-5)
    with pytest.raises(InputProblem):
        check_control_status("NONSENSE")
    assert check_control_status("fail") == "FAIL"


def test_9_unknown_cloudformation_tag_and_circular_locals_are_reported(tmp_path: Path) -> None:
    root = _dir(tmp_path, {
        "main.tf": GOOD_TF + 'locals {\n  a = local.b\n  b = local.a\n}\n'
                             'resource "aws_s3_bucket" "c" {\n  bucket = local.a\n}\n',
        "t.yaml": "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Frobnicate x\n"})
    load = load_iac([root])
    assert any(g.error == "PartlyRead" and "unknown CloudFormation tag !Frobnicate" in g.message
               and "t.yaml:5" in g.message for g in load.inventory.gaps)
    bucket = next(raw for raw, _ in load.records if raw.address == "B")
    assert "unknown" in str(bucket.attrs["BucketName"]).lower()
    assert any(g.error == "Cycle" and "local." in g.message for g in load.inventory.gaps)


# --- 10. secrets the scanners missed --------------------------------------------------------------
@pytest.mark.parametrize(("text", "kind"), [
    ("DATABASE_URL=postgres://admin:S3cretPw@db.internal:5432/shop", "password in a URL"),
    ('{"password": "hunter2hunter"}', "password or token"),
    ("mysql -uroot -pS3cretPw shop < dump.sql", "password on a command line"),
])
def test_10_secrets_in_urls_json_and_command_lines(text: str, kind: str) -> None:
    hints = find_secrets(text, "user data")
    assert any(h.kind == kind for h in hints)
    assert all("S3cretPw" not in h.hint and "hunter2" not in h.hint for h in hints)


def test_10_placeholders_are_not_secrets() -> None:
    assert find_secrets("postgres://${USER}:${PASS}@db/x mysql -u root -p shop", "user data") == []
    assert find_secrets_in_env({"DB": "postgres://admin:pw12345@db/x"}, "Lambda")[0].kind == "password in a URL"


def test_8_report_directory_is_all_or_nothing(tmp_path: Path) -> None:
    from ssrm.output_files import write_report_dir

    def broken(doc: dict[str, Any]) -> str:
        raise ValueError("renderer failed half-way")

    (tmp_path / "report.html").write_text("previous run")
    with pytest.raises(ValueError):
        write_report_dir({}, tmp_path, {"a.json": lambda d: "{}", "report.html": broken})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
    assert (tmp_path / "report.html").read_text() == "previous run"

    def pdf(doc: dict[str, Any], path: Path) -> Path:
        path.write_bytes(b"%PDF")
        return path

    written = write_report_dir({}, tmp_path, {"a.json": lambda d: "{}"}, ("summary.pdf", pdf))
    assert [p.name for p in written] == ["a.json", "summary.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "report.html", "summary.pdf"]
    assert (tmp_path / "a.json").stat().st_mode & 0o044  # readable like any file the user writes


def test_an_assessment_without_paths_reads_back(tmp_path: Path) -> None:
    """An assessment whose attack paths were not computed writes ``"paths": null``; ``ssrm report`` must take it
    (it refused it as "paths: Input should be a valid list")."""
    from ssrm.model import Inventory
    from ssrm.pipeline import assess
    from ssrm.report.json_out import assessment_to_dict

    doc = assessment_to_dict(assess(Inventory(account="111122223333", regions=["us-east-1"]), budget=None))
    assert doc["paths"] is None
    path = tmp_path / "assessment.json"
    path.write_text(json.dumps(doc))
    assert read_assessment(path)["paths"] is None


def test_crown_jewels_with_a_null_key_is_one_line(tmp_path: Path) -> None:
    """A YAML key ``~`` (null) among unknown keys made the error message itself fail (found by Hypothesis)."""
    path = tmp_path / "jewels.yaml"
    path.write_text("~: 1\nbogus: 2\n")
    with pytest.raises(CrownJewelError, match="unknown key"):
        load_crown_jewels(path)
