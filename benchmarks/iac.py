"""IaC benchmark: a generated 1 000-resource Terraform tree and its plan JSON, then the cold CLI on 60.

    .venv/bin/python benchmarks/iac.py                       # 1000 resources; cold CLI on 60
    .venv/bin/python benchmarks/iac.py --resources 5000 --cold-resources 60 --repeat 3

Prints parse and evaluation time (wall and CPU: CPU is what to compare on a shared machine) and peak
memory (tracemalloc, measured on a second run) for the HCL tree and the plan JSON, and the
wall and CPU time of a fresh ``ssrm iac`` process (``python -m ssrm.iac.cli`` when the main CLI
does not have the command yet). The target for the cold run is under a second on an idle machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

# one "unit" is 10 resources: a bucket with 2 companions, a group with a separate rule, an instance,
# a role with its policy and profile, and a queue
UNIT = 10


def _hcl_unit(i: int) -> str:
    open_ssh = '["0.0.0.0/0"]' if i % 3 == 0 else "[var.admin_cidr]"
    return f"""
resource "aws_s3_bucket" "b{i}" {{
  bucket = "${{local.prefix}}-bucket-{i}"
  tags   = local.tags
}}
resource "aws_s3_bucket_public_access_block" "b{i}" {{
  bucket                  = aws_s3_bucket.b{i}.id
  block_public_acls       = {str(i % 2 == 0).lower()}
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}}
resource "aws_s3_bucket_versioning" "b{i}" {{
  bucket = aws_s3_bucket.b{i}.id
  versioning_configuration {{
    status = "Enabled"
  }}
}}
resource "aws_security_group" "sg{i}" {{
  name        = "sg-{i}"
  description = "group {i}"
  dynamic "ingress" {{
    for_each = var.web_ports
    content {{
      protocol    = "tcp"
      from_port   = ingress.value
      to_port     = ingress.value
      cidr_blocks = ["0.0.0.0/0"]
    }}
  }}
}}
resource "aws_security_group_rule" "ssh{i}" {{
  type              = "ingress"
  security_group_id = aws_security_group.sg{i}.id
  protocol          = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_blocks       = {open_ssh}
}}
resource "aws_iam_role" "r{i}" {{
  name               = "role-{i}"
  assume_role_policy = data.aws_iam_policy_document.ec2_trust.json
}}
resource "aws_iam_role_policy" "r{i}" {{
  name   = "p-{i}"
  role   = aws_iam_role.r{i}.name
  policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "s3:GetObject",
    Resource = "${{aws_s3_bucket.b{i}.arn}}/*" }}] }})
}}
resource "aws_iam_instance_profile" "r{i}" {{
  name = "profile-{i}"
  role = aws_iam_role.r{i}.name
}}
resource "aws_instance" "i{i}" {{
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.micro"
  vpc_security_group_ids = [aws_security_group.sg{i}.id]
  iam_instance_profile   = aws_iam_instance_profile.r{i}.name
  associate_public_ip_address = {str(i % 4 == 0).lower()}
  metadata_options {{
    http_tokens = "{"required" if i % 2 else "optional"}"
  }}
  user_data = "#!/bin/bash\\necho hello {i}\\n"
}}
resource "aws_sqs_queue" "q{i}" {{
  name = "${{local.prefix}}-queue-{i}"
}}
"""


HCL_HEADER = """
variable "prefix" {
  default = "bench"
}
variable "admin_cidr" {}
variable "web_ports" {
  default = [80, 443]
}
locals {
  prefix = var.prefix
  tags   = { Project = "bench", Owner = "ssrm" }
}
data "aws_iam_policy_document" "ec2_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}
"""


def write_tree(directory: Path, resources: int, per_file: int = 10) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "main.tf").write_text(HCL_HEADER)
    units = max(1, resources // UNIT)
    for start in range(0, units, per_file):
        body = "".join(_hcl_unit(i) for i in range(start, min(units, start + per_file)))
        (directory / f"stack_{start // per_file:04d}.tf").write_text(body)


def _plan_resource(kind: str, name: str, values: dict[str, Any], unknown: dict[str, Any],
                   refs: dict[str, list[str]]) -> tuple[dict[str, Any], ...]:
    address = f"{kind}.{name}"
    planned = {"address": address, "mode": "managed", "type": kind, "name": name, "values": values}
    change = {"address": address, "mode": "managed", "type": kind, "name": name,
              "change": {"actions": ["create"], "before": None, "after": values,
                         "after_unknown": {"id": True, "arn": True, **unknown}}}
    config = {"address": address, "mode": "managed", "type": kind, "name": name,
              "expressions": {k: {"references": v} for k, v in refs.items()}}
    return planned, change, config


def write_plan(path: Path, resources: int) -> None:
    items = []
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                                "Principal": {"Service": "ec2.amazonaws.com"}}]})
    for i in range(max(1, resources // UNIT)):
        bucket = f"bench-bucket-{i}"
        ref = lambda target: [f"{target}.id", target]  # noqa: E731 - a tiny local shorthand
        items += [
            _plan_resource("aws_s3_bucket", f"b{i}", {"bucket": bucket, "tags": {"Project": "bench"}}, {}, {}),
            _plan_resource("aws_s3_bucket_public_access_block", f"b{i}", {
                "block_public_acls": i % 2 == 0, "ignore_public_acls": True, "block_public_policy": True,
                "restrict_public_buckets": True}, {"bucket": True}, {"bucket": ref(f"aws_s3_bucket.b{i}")}),
            _plan_resource("aws_s3_bucket_versioning", f"b{i}", {"versioning_configuration": [{"status": "Enabled"}]},
                           {"bucket": True}, {"bucket": ref(f"aws_s3_bucket.b{i}")}),
            _plan_resource("aws_security_group", f"sg{i}", {"name": f"sg-{i}", "description": f"group {i}",
                           "ingress": [{"protocol": "tcp", "from_port": p, "to_port": p, "cidr_blocks": ["0.0.0.0/0"],
                                        "ipv6_cidr_blocks": [], "security_groups": [], "self": False}
                                       for p in (80, 443)]}, {"egress": True, "vpc_id": True}, {}),
            _plan_resource("aws_security_group_rule", f"ssh{i}", {
                "type": "ingress", "protocol": "tcp", "from_port": 22, "to_port": 22,
                "cidr_blocks": ["0.0.0.0/0"] if i % 3 == 0 else ["10.0.0.0/8"]},
                {"security_group_id": True}, {"security_group_id": ref(f"aws_security_group.sg{i}")}),
            _plan_resource("aws_iam_role", f"r{i}", {"name": f"role-{i}", "assume_role_policy": trust}, {}, {}),
            _plan_resource("aws_iam_role_policy", f"r{i}", {"name": f"p-{i}", "role": f"role-{i}", "policy": json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                                                         "Resource": f"arn:aws:s3:::{bucket}/*"}]})}, {}, {}),
            _plan_resource("aws_iam_instance_profile", f"r{i}", {"name": f"profile-{i}", "role": f"role-{i}"}, {}, {}),
            _plan_resource("aws_instance", f"i{i}", {
                "ami": "ami-0123456789abcdef0", "instance_type": "t3.micro", "iam_instance_profile": f"profile-{i}",
                "associate_public_ip_address": i % 4 == 0, "user_data": f"#!/bin/bash\necho hello {i}\n",
                "metadata_options": [{"http_tokens": "required" if i % 2 else "optional", "http_endpoint": "enabled",
                                      "http_put_response_hop_limit": 1, "instance_metadata_tags": "disabled"}]},
                {"vpc_security_group_ids": True}, {"vpc_security_group_ids": ref(f"aws_security_group.sg{i}")}),
            _plan_resource("aws_sqs_queue", f"q{i}", {"name": f"bench-queue-{i}"}, {}, {}),
        ]
    plan = {"format_version": "1.2", "terraform_version": "1.9.5",
            "planned_values": {"root_module": {"resources": [p for p, _, _ in items]}},
            "resource_changes": [c for _, c, _ in items],
            "configuration": {"root_module": {"resources": [c for _, _, c in items]}}}
    path.write_text(json.dumps(plan, indent=1))


def measure(label: str, step: Callable[[], Any]) -> tuple[Any, float, float]:
    """Time ``step`` (wall and CPU), then run it again under tracemalloc for its peak memory."""
    started, cpu_started = time.perf_counter(), time.process_time()
    result = step()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    tracemalloc.start()
    step()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"  {label:<28} wall {elapsed:6.2f} s   cpu {cpu:6.2f} s   peak {peak:7.1f} MiB")
    return result, elapsed, peak


def bench_input(title: str, path: Path, rules: list[Any]) -> None:
    from ssrm.engine import evaluate  # includes the guard against verdicts on unknown values
    from ssrm.sources.iac.loader import load_iac

    print(f"{title}:")
    load, _, _ = measure("parse + map", lambda: load_iac([path]))
    findings, _, _ = measure(f"evaluate {len(rules)} rules",
                             lambda: evaluate(load.inventory, rules, runtime=False))
    print(f"  {len(load.inventory.resources)} model records from {len(load.records)} mapped, "
          f"{len(findings)} findings")


def cold_cli(directory: Path, repeat: int) -> None:
    ssrm = shutil.which("ssrm", path=str(Path(sys.executable).parent))
    probe = subprocess.run([ssrm, "iac", "--help"], capture_output=True) if ssrm else None
    command = [ssrm, "iac"] if probe is not None and probe.returncode == 0 else \
        [sys.executable, "-m", "ssrm.iac.cli"]
    print(f"cold '{' '.join(Path(c).name for c in command)} {directory.name}' ({repeat} runs):")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run([*command, str(directory), "--format", "json"], capture_output=True,
                              env={**os.environ, "PYTHONDONTWRITEBYTECODE": "0"})
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        count = len(json.loads(done.stdout)["findings"]) if done.returncode == 0 else done.stderr[:200]
        print(f"  wall {wall:5.2f} s   cpu {cpu:5.2f} s   exit {done.returncode}   findings {count}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=1000)
    parser.add_argument("--cold-resources", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from ssrm.rules.catalog import builtin_rules

    rules = builtin_rules()
    with tempfile.TemporaryDirectory(prefix="ssrm-iac-bench-") as tmp:
        root = Path(tmp)
        write_tree(root / "tree", args.resources)
        write_plan(root / "plan.json", args.resources)
        write_tree(root / "small", args.cold_resources)
        print(f"{os.cpu_count()} cpus, load average {os.getloadavg()[0]:.1f}")
        bench_input(f"Terraform HCL, {args.resources} resources", root / "tree", rules)
        bench_input(f"plan JSON, {args.resources} resources", root / "plan.json", rules)
        cold_cli(root / "small", args.repeat)


if __name__ == "__main__":
    main()
