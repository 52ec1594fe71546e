"""Report benchmark: ``ssrm report --output`` on an assessment of about 50 000 findings.

    .venv/bin/python benchmarks/report.py                       # 50 000 findings
    .venv/bin/python benchmarks/report.py --findings 200000

A small account of buckets, instances, security groups, users and functions is judged by the built-in rules
(the real pipeline, in this process), and its findings are copied with fresh resource ARNs until the
assessment holds ``--findings`` of them; every report of that assessment is then written by the real CLI in
a child process, whose wall time and own peak memory (VmHWM) are printed with each file's size.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ACCOUNT = "111122223333"
REGIONS = ("eu-west-1", "us-east-1")


def small_account() -> Any:
    import ssrm.model.resources  # noqa: F401  (registers every resource type)
    from ssrm.model import Inventory
    from ssrm.model.resources.apps.awslambda import LambdaFunction
    from ssrm.model.resources.compute.ec2 import Instance, MetadataOptions
    from ssrm.model.resources.compute.network import PortRule, SecurityGroup
    from ssrm.model.resources.data.s3 import BucketEncryption, PublicAccessBlock, S3Bucket
    from ssrm.model.resources.identity.iam import IamUser

    inventory = Inventory(account=ACCOUNT, regions=list(REGIONS), source="aws",
                          started_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
                          finished_at=datetime(2026, 1, 5, 9, 10, tzinfo=UTC))
    resources: list[Any] = []
    for i in range(40):
        region = REGIONS[i % 2]
        tags = {"team": ("payments", "web", "data")[i % 3], "env": "prod" if i % 2 else "dev"}
        resources.append(S3Bucket(
            arn=f"arn:aws:s3:::data-{i}", id=f"data-{i}", name=f"data-{i}", account=ACCOUNT, region=region, tags=tags,
            default_encryption=BucketEncryption(algorithm="AES256") if i % 3 else None,
            public_access_block=PublicAccessBlock(block_public_acls=True) if i % 4 == 0 else None))
        resources.append(Instance(
            arn=f"arn:aws:ec2:{region}:{ACCOUNT}:instance/i-{i:08x}", id=f"i-{i:08x}", account=ACCOUNT,
            region=region, tags=tags, metadata=MetadataOptions(http_tokens="required" if i % 2 else "optional")))
        resources.append(SecurityGroup(
            arn=f"arn:aws:ec2:{region}:{ACCOUNT}:security-group/sg-{i:08x}", id=f"sg-{i:08x}", account=ACCOUNT,
            region=region, tags=tags, group_name=f"web-{i}",
            ingress=(PortRule(protocol="tcp", from_port=22, to_port=22,
                              ipv4_ranges=("0.0.0.0/0",) if i % 2 == 0 else ("10.0.0.0/8",)),)))
        resources.append(IamUser(arn=f"arn:aws:iam::{ACCOUNT}:user/dev-{i}", id=f"AIDA{i:08d}", name=f"dev-{i}",
                                 account=ACCOUNT, tags=tags, mfa_active=i % 2 == 1))
        resources.append(LambdaFunction(arn=f"arn:aws:lambda:{region}:{ACCOUNT}:function:fn-{i}", id=f"fn-{i}",
                                        name=f"fn-{i}", account=ACCOUNT, region=region, tags=tags,
                                        runtime="python3.7" if i % 2 == 0 else "python3.12"))
    inventory.add(resources)
    return inventory


def large_assessment(findings: int) -> dict[str, Any]:
    """The small account's assessment, its findings copied (fresh resource ARNs) up to ``findings``."""
    from ssrm.cli_support import assess_inventory
    from ssrm.report.json_out import assessment_to_dict

    doc = assessment_to_dict(assess_inventory(small_account(), paths=False))
    base = doc["findings"]
    out: list[dict[str, Any]] = []
    copy = 0
    while len(out) < findings:
        for f in base:
            if len(out) == findings:
                break
            out.append({**f, "resource_arn": f"{f['resource_arn']}-c{copy}",
                        "resource_id": f"{f['resource_id']}-c{copy}"})
        copy += 1
    doc["findings"] = out
    return doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--findings", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, help="write the assessment and the reports here instead of a temp dir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        source = work / "assessment-input.json"
        source.write_text(json.dumps(large_assessment(args.findings), indent=2), encoding="utf-8")
        out_dir = work / "reports"
        # The child reports its own high-water mark: /proc/<pid>/status is gone once it has exited.
        probe = ("import runpy,sys,atexit\n"
                 "def hwm():\n"
                 "    for line in open('/proc/self/status'):\n"
                 "        if line.startswith('VmHWM:'): sys.stderr.write('VMHWM ' + line.split()[1] + '\\n')\n"
                 "atexit.register(hwm)\n"
                 "sys.argv = ['ssrm', 'report', sys.argv[1], '--output', sys.argv[2]]\n"
                 "runpy.run_module('ssrm', run_name='__main__')\n")
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", probe, str(source), str(out_dir)], capture_output=True,
                              text=True, env=dict(os.environ), check=False)
        wall = time.perf_counter() - t0
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = usage.ru_utime + usage.ru_stime
        peak_kb = next((int(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("VMHWM ")), 0)
        print(f"ssrm report --output on {args.findings} findings "
              f"(input {source.stat().st_size / 1e6:.1f} MB): exit {proc.returncode}, "
              f"wall {wall:.2f} s, CPU {cpu:.2f} s, peak {peak_kb / 1024:.0f} MB")
        if proc.returncode != 0:
            print(proc.stderr.strip().splitlines()[-3:])
        for path in sorted(out_dir.glob("*")):
            print(f"  {path.name:<22} {path.stat().st_size / 1e6:>8.1f} MB")


if __name__ == "__main__":
    main()
