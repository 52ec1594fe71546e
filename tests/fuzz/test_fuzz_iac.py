"""Fuzzing ``ssrm iac`` inputs: Terraform, CloudFormation and plan JSON beside a good file.

The property: whatever the hostile file holds, loading never raises, the good file's resource is still
assessed, and the hostile file is either read or reported (a gap naming it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssrm.sources.iac.loader import load_iac
from tests.fuzz.strategies import json_values, mutated

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
EQUIVALENT = Path(__file__).parents[1] / "iac" / "fixtures" / "equivalent"
GOOD_TF = """resource "aws_security_group" "good_open_ssh" {
  name = "open"
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"""
EXPRESSIONS = st.sampled_from([
    "100000000", "-3", "1.5", "null", "\"many\"", "[1]", "{}", "true", "range(100000000)", "range(5)",
    "toset([for i in range(200000): i])", "[for a in range(3000): [for b in range(3000): b]]",
    "local.loop", "var.nope", "module.self.x", "aws_s3_bucket.b", "jsondecode(\"[[[[\")", "format(\"%d\", \"x\")",
    "{ for k, v in range(3): k => v }", "element([], 1)", "lookup({}, \"a\")", "1 / 0", "\"${" + "(" * 50 + "1"
    + ")" * 50 + "}\"", "flatten([[[[[]]]]])", "each.value", "count.index", "file(\"/etc/shadow\")",
])
META = st.sampled_from(["count", "for_each", "bucket", "name", "source", "policy"])


@st.composite
def terraform_files(draw: st.DrawFn) -> str:
    blocks = []
    for index in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(["resource \"aws_s3_bucket\"", "module", "locals", "variable",
                                     "resource \"aws_security_group\"", "data \"aws_iam_policy_document\""]))
        label = "" if kind == "locals" else f' "b{index}"'
        lines = [f"  {draw(META)} = {draw(EXPRESSIONS)}" for _ in range(draw(st.integers(0, 3)))]
        if kind == "module":
            lines.append(f'  source = "{draw(st.sampled_from(["./", "../", "./nope", "git::x"]))}"')
        if kind == "locals":
            lines.append("  loop = local.loop")
        blocks.append(f"{kind}{label} {{\n" + "\n".join(lines) + "\n}\n")
    text = "".join(blocks)
    if draw(st.booleans()):  # damage it a little
        cut = draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:cut] + draw(st.sampled_from(["", "{", "}", "\"", "=", "\x00", "\xff", "${"])) + text[cut:]
    return text


def _good_kept(load: Any) -> bool:
    return any(raw.address == "aws_security_group.good_open_ssh" for raw, _ in load.records)


def _reported(load: Any, name: str) -> bool:
    return any(name in (g.resource or "") or name in g.message for g in load.inventory.gaps)


@FUZZ
@given(text=terraform_files())
def test_hostile_terraform_never_costs_the_good_file(tmp_path: Path, text: str) -> None:
    (tmp_path / "main.tf").write_text(GOOD_TF)
    (tmp_path / "bad.tf").write_text(text, encoding="utf-8", errors="surrogateescape")
    load = load_iac([tmp_path])
    assert _good_kept(load) or _reported(load, "bad.tf"), load.inventory.gaps


@FUZZ
@given(template=st.fixed_dictionaries({"Resources": st.dictionaries(
    st.text(min_size=1, max_size=6), st.one_of(json_values, st.fixed_dictionaries(
        {"Type": st.sampled_from(["AWS::S3::Bucket", "AWS::EC2::SecurityGroup", "AWS::IAM::Role", 5]),
         "Properties": json_values, "Condition": st.sampled_from(["A", "B"]), "Metadata": json_values})),
    min_size=1, max_size=4)}, optional={"AWSTemplateFormatVersion": st.just("2010-09-09"),
                                        "Parameters": json_values, "Conditions": json_values,
                                        "Mappings": json_values}))
def test_hostile_cloudformation_never_costs_the_good_file(tmp_path: Path, template: dict[str, Any]) -> None:
    (tmp_path / "main.tf").write_text(GOOD_TF)
    (tmp_path / "bad.json").write_text(json.dumps(template))
    load = load_iac([tmp_path])
    assert _good_kept(load)


PLAN = json.loads((EQUIVALENT / "plan" / "plan.json").read_text())


@FUZZ
@given(plan=mutated(PLAN, max_mutations=4))
def test_mutated_plan_never_costs_the_good_file(tmp_path: Path, plan: dict[str, Any]) -> None:
    (tmp_path / "main.tf").write_text(GOOD_TF)
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    load = load_iac([tmp_path])
    assert _good_kept(load)
