"""Plan JSON specifics: child modules, after_unknown, references to other resources, deletions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ssrm.sources.iac.loader import load_iac
from tests.iac.helpers import EQUIVALENT


def _plan(tmp_path: Path) -> Path:
    bucket = {"address": "module.logs.aws_s3_bucket.this[0]", "mode": "managed", "type": "aws_s3_bucket",
              "name": "this", "index": 0, "values": {"bucket": "logs-0"}}
    group = {"address": "module.logs.aws_security_group.sg", "mode": "managed", "type": "aws_security_group",
             "name": "sg", "values": {"name": "sg", "ingress": [{"protocol": "tcp", "from_port": 22, "to_port": 22,
                                                                  "cidr_blocks": ["10.0.0.0/8"]}]}}
    instance = {"address": "aws_instance.app", "mode": "managed", "type": "aws_instance", "name": "app",
                "values": {"ami": "ami-1", "metadata_options": [{"http_tokens": "required"}]}}
    lookup = {"address": "data.aws_vpc.main", "mode": "data", "type": "aws_vpc", "name": "main", "values": {}}
    plan = {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": [instance, lookup], "child_modules": [
            {"address": "module.logs", "resources": [bucket, group]}]}},
        "resource_changes": [
            {"address": bucket["address"], "change": {"actions": ["create"], "after": bucket["values"],
                                                      "after_unknown": {"id": True, "arn": True}}},
            {"address": group["address"], "change": {"actions": ["create"], "after": group["values"],
                                                     "after_unknown": {"egress": True, "vpc_id": True}}},
            {"address": instance["address"], "change": {"actions": ["create"], "after": instance["values"],
                                                        "after_unknown": {"vpc_security_group_ids": True,
                                                                          "subnet_id": True}}},
            {"address": "aws_s3_bucket.gone", "change": {"actions": ["delete"], "after": None}},
        ],
        "configuration": {"root_module": {
            "resources": [{"address": "aws_instance.app", "type": "aws_instance", "name": "app", "expressions": {
                "vpc_security_group_ids": {"references": ["module.logs.sg_id", "module.logs"]},
                "subnet_id": {"references": ["data.aws_subnet.a.id", "data.aws_subnet.a"]}}}],
            "module_calls": {"logs": {"module": {"resources": [
                {"address": "aws_security_group.sg", "type": "aws_security_group", "name": "sg",
                 "expressions": {"name": {"constant_value": "sg"}}}]}}}}},
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, indent=2))
    return path


def test_modules_unknowns_and_deletions(tmp_path: Path) -> None:
    load = load_iac([_plan(tmp_path)])
    resources = {r.origin.address: r for _, r in load.records if r.resource_type.startswith("AWS::")}
    assert set(resources) == {"module.logs.aws_s3_bucket.this[0]", "module.logs.aws_security_group.sg",
                              "aws_instance.app", "aws_instance.app.root_block_device"}
    bucket = resources["module.logs.aws_s3_bucket.this[0]"]
    assert (bucket.id, bucket.arn, bucket.origin.source) == ("logs-0", "arn:aws:s3:::logs-0", "terraform-plan")
    group = resources["module.logs.aws_security_group.sg"]
    assert group.id == "module.logs.aws_security_group.sg" and group.egress == ()  # unset: Terraform removes it
    instance = resources["aws_instance.app"]
    assert "known only after apply" in instance.unknown["security_group_ids"]  # via a module output: unknown
    assert "known only after apply" in instance.unknown["subnet_id"]
    assert instance.origin.line > 1


def test_a_tree_with_every_format_and_unrelated_yaml(tmp_path: Path) -> None:
    shutil.copytree(EQUIVALENT, tmp_path / "repo")
    (tmp_path / "repo" / "docker-compose.yml").write_text("services:\n  web:\n    image: nginx\n")
    (tmp_path / "repo" / "package.json").write_text('{"name": "x"}')
    load = load_iac([tmp_path / "repo"])
    assert not load.errors
    assert {r.origin.source for _, r in load.records} == {"terraform", "terraform-plan", "cloudformation"}
    aws = [r for _, r in load.records if r.resource_type.startswith("AWS::")]
    assert len(aws) == 4 * (9 + 2)  # 9 resources and the root volumes of the 2 instances
