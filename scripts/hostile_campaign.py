# ruff: noqa: E501  (the hostile inputs read best one per line)
"""A hostile-input campaign: ~200 bad inputs across every command, each run as a user would run it.

    python scripts/hostile_campaign.py --src src --snapshot good-inventory.json --assessment good.json

Each case runs ``python -m ssrm ...`` in a child process under a memory cap (``--mem-mb``) and a time
limit (``--timeout``) and is classified:

- ``internal``: stderr says ``internal error``; ``traceback``: a Python traceback reached the screen;
- ``killed``: a signal, the time limit or a MemoryError ended it;
- ``wrong-exit``: a bad input that did not exit 2 (``accepted`` when it exited 0, i.e. accepted silently);
- ``multi-line``: a bad input whose error took more than one line;
- ``good-lost``: a run that mixed good and bad parts and lost the good part's results.

It prints one line per problem and a summary table; ``--json FILE`` keeps every result. The good
snapshot and assessment come from ``ssrm demo --save S --format json > A``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
GOOD_CFN = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  GoodOpenSsh:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: open
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: 0.0.0.0/0
"""
GOOD_RULE = '''from ssrm.model import Domain, Inventory, Layer, Resource, Severity, Stage
from ssrm.rules import Verdict, failed, rule


@rule(id="campaign_good_rule", title="Campaign marker", resource_type="AWS::S3::Bucket", layer=Layer.CLOUD,
      domain=Domain.GOVERNANCE, severity=Severity.LOW, stage=Stage.EXFILTRATE)
def campaign_good_rule(bucket: Resource, inventory: Inventory) -> Verdict:
    return failed("campaign marker")
'''
GOOD_TRAIL = {"eventVersion": "1.08", "eventTime": "2026-11-20T10:00:00Z", "eventSource": "cloudtrail.amazonaws.com",
              "eventName": "StopLogging", "awsRegion": "us-east-1", "sourceIPAddress": "203.0.113.9",
              "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/mallory",
                               "accountId": "111122223333", "userName": "mallory"},
              "requestParameters": {"name": "main"}, "eventID": "1", "recipientAccountId": "111122223333"}


@dataclass
class Case:
    name: str
    area: str
    args: list[str]
    bad: bool = True  # a bad input: exit 2 with one line expected
    check_good: Callable[[subprocess.CompletedProcess[str]], bool] | None = None  # mixed: good part kept?
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Result:
    name: str
    area: str
    code: int | None
    seconds: float
    problems: list[str]
    stderr_tail: str


class Workspace:
    def __init__(self, root: Path, snapshot: Path, assessment: Path) -> None:
        self.root = root
        self.snapshot = json.loads(snapshot.read_text())
        self.assessment = json.loads(assessment.read_text())
        self.good_snapshot = self.write("good-inventory.json", json.dumps(self.snapshot))
        self.good_assessment = self.write("good-assessment.json", json.dumps(self.assessment))
        self.n = 0

    def path(self, name: str) -> Path:
        self.n += 1
        path = self.root / f"{self.n:03d}-{name}"
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.root / name if not hasattr(self, "n") else self.path(name)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def directory(self, files: dict[str, str | bytes]) -> Path:
        root = self.path("dir")
        root.mkdir()
        for name, content in files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return root


def _json_findings(proc: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    try:
        doc = json.loads(proc.stdout)
    except ValueError:
        return []
    return doc.get("findings", []) if isinstance(doc, dict) else []


def iac_good_kept(marker: str) -> Callable[[subprocess.CompletedProcess[str]], bool]:
    def check(proc: subprocess.CompletedProcess[str]) -> bool:
        return any(marker in str(f.get("address", "")) and f.get("status") == "FAIL" for f in _json_findings(proc))

    return check


def rule_kept(proc: subprocess.CompletedProcess[str]) -> bool:
    return any(f.get("rule_id") == "campaign_good_rule" for f in _json_findings(proc))


def alerts_kept(proc: subprocess.CompletedProcess[str]) -> bool:
    return "StopLogging" in proc.stdout or "stop" in proc.stdout.lower()


def snapshot_cases(ws: Workspace) -> list[Case]:
    good = ws.snapshot
    resource0 = good["resources"][0]
    variants: dict[str, Any] = {
        "top-level-list": [good], "top-level-string": "x", "top-level-null": None, "top-level-number": 7,
        "kind-missing": {k: v for k, v in good.items() if k != "kind"},
        "schema-99": {**good, "schema_version": 99}, "schema-string": {**good, "schema_version": "1"},
        "account-null": {**good, "account": None}, "account-list": {**good, "account": [1]},
        "account-dict": {**good, "account": {"a": 1}},
        "regions-string": {**good, "regions": "us-east-1"}, "regions-null": {**good, "regions": None},
        "regions-ints": {**good, "regions": [1, 2]}, "stats-string": {**good, "stats": "x"},
        "stats-list": {**good, "stats": [1]}, "stats-wall-string": {**good, "stats": {"wall_seconds": "slow"}},
        "stats-calls-string": {**good, "stats": {"calls_by_service": "x"}},
        "services-string": {**good, "services": "s3"}, "started-bad": {**good, "started_at": "not a date"},
        "started-int": {**good, "started_at": 12345}, "resources-string": {**good, "resources": "x"},
        "resources-null": {**good, "resources": None}, "resources-null-item": {**good, "resources": [None]},
        "resources-int-item": {**good, "resources": [1]}, "resources-empty-item": {**good, "resources": [{}]},
        "resource-unknown-type": {**good, "resources": [{**resource0, "resource_type": "AWS::Nope::Thing"}]},
        "resource-type-int": {**good, "resources": [{**resource0, "resource_type": 5}]},
        "resource-tags-string": {**good, "resources": [{**resource0, "tags": "x"}]},
        "resources-duplicated": {**good, "resources": good["resources"] + good["resources"][:5]},
        "gaps-string": {**good, "gaps": "x"}, "gaps-int-item": {**good, "gaps": [1]},
        "gaps-bad-item": {**good, "gaps": [{"x": 1}]}, "skipped-string": {**good, "skipped_regions": 5},
        "partition-int": {**good, "partition": 5},
    }
    cases: list[Case] = []
    commands = (["assess"], ["paths"], ["plan"])
    for name, data in variants.items():
        path = ws.write(f"snap-{name}.json", json.dumps(data))
        for index, command in enumerate(commands):
            if index and name not in ("schema-99", "account-null", "resources-null-item", "stats-string",
                                      "resources-duplicated", "resource-type-int", "top-level-list"):
                continue
            cases.append(Case(f"{command[0]} snapshot {name}", "snapshot", [*command, str(path), "--format", "json"]))
    raw: dict[str, bytes] = {
        "not-json": b"hello", "empty": b"", "truncated": json.dumps(good).encode()[:500],
        "non-utf8": b'{"kind": "ssrm-inventory", "account": "\xff\xfe"}', "binary": bytes(range(256)) * 4,
        "deep-nesting": b"[" * 100_000 + b"]" * 100_000,
        "deep-nesting-in-resource": json.dumps({**good, "resources": [{**resource0, "tags": {}}]}).encode()
        .replace(b'"tags": {}', b'"tags": ' + b'{"a":' * 5000 + b"1" + b"}" * 5000),
    }
    for name, content in raw.items():
        path = ws.write(f"snap-{name}.json", content)
        cases.append(Case(f"assess snapshot {name}", "snapshot", ["assess", str(path)]))
    gz_bad = ws.write("snap-corrupt.json.gz", gzip.compress(json.dumps(good).encode())[:-40] + b"garbage!" * 5)
    cases.append(Case("assess snapshot corrupt gzip body", "snapshot", ["assess", str(gz_bad)]))
    gz_notgz = ws.write("snap-notgz.json.gz", json.dumps(good).encode())
    cases.append(Case("assess snapshot .gz that is not gzip", "snapshot", ["assess", str(gz_notgz)]))
    bomb = ws.path("snap-bomb.json.gz")
    with gzip.open(bomb, "wb", compresslevel=9) as fh:
        chunk = b" " * (1 << 20)
        fh.write(b'{"kind": "ssrm-inventory", "schema_version": 1, "pad": "')
        for _ in range(1024):  # 1 GiB once unpacked
            fh.write(chunk)
        fh.write(b'"}')
    cases.append(Case("assess snapshot gzip bomb (1 GiB unpacked)", "snapshot", ["assess", str(bomb)]))
    cases.append(Case("assess snapshot is a directory", "snapshot", ["assess", str(ws.root)]))
    cases.append(Case("assess snapshot missing", "snapshot", ["assess", str(ws.root / "nope.json")]))
    return cases


def assessment_cases(ws: Workspace) -> list[Case]:
    good = ws.assessment
    finding = good["findings"][0]
    variants: dict[str, Any] = {
        "findings-string": {**good, "findings": "x"}, "findings-null-item": {**good, "findings": [None]},
        "findings-int-item": {**good, "findings": [1]},
        "status-unknown": {**good, "findings": [{**finding, "status": "MAYBE"}]},
        "severity-unknown": {**good, "findings": [{**finding, "severity": "apocalyptic"}]},
        "finding-empty": {**good, "findings": [{}]}, "stats-string": {**good, "stats": "x"},
        "layers-string": {**good, "layers": "x"}, "layers-list": {**good, "layers": [1]},
        "schema-99": {**good, "schema_version": 99}, "account-null": {**good, "account": None},
        "paths-string": {**good, "paths": "x"}, "plan-string": {**good, "plan": "x"},
        "gaps-string": {**good, "gaps": "x"}, "compliance-string": {**good, "compliance": "x"},
        "overall-string": {**good, "overall": "x"}, "tags-string": {**good, "findings": [{**finding, "tags": "x"}]},
        "top-level-list": [good],
    }
    cases: list[Case] = []
    for name, data in variants.items():
        path = ws.write(f"assessment-{name}.json", json.dumps(data))
        for fmt in ("html", "csv", "ocsf"):
            cases.append(Case(f"report {fmt} assessment {name}", "assessment",
                              ["report", str(path), "--format", fmt]))
        cases.append(Case(f"compliance cis assessment {name}", "assessment", ["compliance", "cis", str(path)]))
    for name, content in {"non-utf8": b"\xff\xfe{", "deep": b"[" * 100_000 + b"]" * 100_000,
                          "not-json": b"nope"}.items():
        path = ws.write(f"assessment-{name}.json", content)
        cases.append(Case(f"report assessment {name}", "assessment", ["report", str(path)]))
    status_bad = ws.write("assessment-status-mixed.json", json.dumps(
        {**good, "findings": [*good["findings"][:20], {**finding, "status": "MAYBE"}]}))
    out = ws.path("report-out-half")
    cases.append(Case("report --output with one bad finding (no half-written directory)", "assessment",
                      ["report", str(status_bad), "--output", str(out)]))
    return cases


def mutelist_cases(ws: Workspace) -> list[Case]:
    snapshot = str(ws.good_snapshot)
    bodies: dict[str, str | bytes] = {
        "impossible-date": "mutes:\n  - rule: x\n    reason: y\n    expires: 2027-02-31\n",
        "date-words": "mutes:\n  - rule: x\n    reason: y\n    expires: tomorrow\n",
        "non-utf8": b"mutes:\n  - rule: \xff\xfe\n    reason: y\n",
        "alias-bomb": "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
                      "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
                      "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\nmutes:\n  - rule: x\n    reason: y\n    tags: {k: *h}\n",
        "not-mapping": "- a\n- b\n", "mutes-string": "mutes: x\n", "entry-string": "mutes:\n  - x\n",
        "unknown-key": "mutes:\n  - rule: x\n    reason: y\n    colour: red\n",
        "no-reason": "mutes:\n  - rule: x\n", "tags-list": "mutes:\n  - rule: x\n    reason: y\n    tags: [a]\n",
        "rule-list": "mutes:\n  - rule: [a, b]\n    reason: y\n", "broken-yaml": "mutes: [\n",
        "binary": bytes(range(256)), "deep": "mutes: " + "[" * 50_000 + "]" * 50_000 + "\n",
        "tag-value-dict": "mutes:\n  - rule: x\n    reason: y\n    tags: {env: {a: 1}}\n",
        "python-tag": "mutes: !!python/object/apply:os.system ['echo pwned']\n",
    }
    cases = []
    for name, body in bodies.items():
        path = ws.write(f"mutes-{name}.yaml", body)
        cases.append(Case(f"assess --mutelist {name}", "mutelist", ["assess", snapshot, "--mutelist", str(path)]))
    cases.append(Case("assess --mutelist directory", "mutelist", ["assess", snapshot, "--mutelist", str(ws.root)]))
    cases.append(Case("assess --mutelist missing", "mutelist",
                      ["assess", snapshot, "--mutelist", str(ws.root / "nope.yaml")]))
    return cases


def crown_jewel_cases(ws: Workspace) -> list[Case]:
    snapshot = str(ws.good_snapshot)
    bodies: dict[str, str | bytes] = {
        "non-utf8": b"names:\n  \xff: 50\n", "list": "- a\n", "worth-string": "names:\n  '*x*': high\n",
        "worth-200": "admin: 200\n", "unknown-key": "colour: red\n", "tags-list": "tags: [a]\n",
        "broken-yaml": "names: {\n", "defaults-string": "defaults: maybe\n",
        "alias-bomb": "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
                      "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
                      "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\nnames: {x: 1}\n",
        "deep": "names: " + "[" * 50_000 + "]" * 50_000 + "\n", "tag-values-int": "tags:\n  env: 5\n",
        "date-key": "names:\n  2027-02-31: 5\n",
    }
    cases = []
    for name, body in bodies.items():
        path = ws.write(f"jewels-{name}.yaml", body)
        for command in ("assess", "paths"):
            if command == "paths" and name not in ("non-utf8", "alias-bomb", "worth-string"):
                continue
            cases.append(Case(f"{command} --crown-jewels {name}", "crown-jewels",
                              [command, snapshot, "--crown-jewels", str(path)]))
    return cases


def custom_rule_cases(ws: Workspace) -> list[Case]:
    snapshot = str(ws.good_snapshot)
    bad_files = {
        "sys-exit": "import sys\nsys.exit(0)\n",
        "prints": "print('hello from a rule file')\n",
        "unknown-type": GOOD_RULE.replace("AWS::S3::Bucket", "AWS::Nope::Thing").replace("campaign_good_rule",
                                                                                         "campaign_nope"),
        "syntax": "def (:\n", "raises": "raise RuntimeError('boom')\n",
        "recursion": "def f():\n    return f()\nf()\n",
        "check-raises": GOOD_RULE.replace("campaign_good_rule", "campaign_raises")
        .replace('return failed("campaign marker")', "raise ValueError('inside check')"),
        "check-prints": GOOD_RULE.replace("campaign_good_rule", "campaign_prints")
        .replace("return failed", "print('noise'); return failed"),
        "check-returns-junk": GOOD_RULE.replace("campaign_good_rule", "campaign_junk")
        .replace('return failed("campaign marker")', "return 42"),
        "duplicate-builtin-id": GOOD_RULE.replace("campaign_good_rule", "s3_bucket_public_access_block"),
    }
    cases = []
    for name, body in bad_files.items():
        directory = ws.directory({"good_rule.py": GOOD_RULE, f"zz_{name.replace('-', '_')}.py": body})
        cases.append(Case(f"assess --rules-dir with a rule file: {name}", "custom-rules",
                          ["assess", snapshot, "--rules-dir", str(directory), "--format", "json"],
                          bad=False, check_good=rule_kept))
    # A rule file that raises KeyboardInterrupt is honoured like Ctrl-C: the run stops with 130, as documented.
    directory = ws.directory({"good_rule.py": GOOD_RULE, "zz_keyboard.py": "raise KeyboardInterrupt\n"})
    cases.append(Case("assess --rules-dir with a rule file: keyboard", "custom-rules",
                      ["assess", snapshot, "--rules-dir", str(directory), "--format", "json"],
                      bad=False, check_good=lambda proc: proc.returncode == 130))
    cases.append(Case("assess --rules-dir is a file", "custom-rules",
                      ["assess", snapshot, "--rules-dir", str(ws.good_snapshot)]))
    return cases


BOMB_YAML = ("AWSTemplateFormatVersion: '2010-09-09'\nMetadata:\n  a: &a [x,x,x,x,x,x,x,x,x]\n"
             "  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
             "  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
             "  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
             "  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
             "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: *i\n")


def iac_cases(ws: Workspace) -> list[Case]:
    bad_tf: dict[str, str | bytes] = {
        "count-1e8": 'resource "aws_s3_bucket" "b" {\n  count = 100000000\n  bucket = "b-${count.index}"\n}\n',
        "count-negative": 'resource "aws_s3_bucket" "b" {\n  count = -3\n}\n',
        "count-string": 'resource "aws_s3_bucket" "b" {\n  count = "many"\n}\n',
        "count-fraction": 'resource "aws_s3_bucket" "b" {\n  count = 1.5\n}\n',
        "count-null": 'resource "aws_s3_bucket" "b" {\n  count = null\n}\n',
        "count-list": 'resource "aws_s3_bucket" "b" {\n  count = [1]\n}\n',
        "for-each-range": 'resource "aws_s3_bucket" "b" {\n  for_each = toset([for i in range(100000000): "x${i}"])\n}\n',
        "for-each-string": 'resource "aws_s3_bucket" "b" {\n  for_each = "abc"\n}\n',
        "for-each-null": 'resource "aws_s3_bucket" "b" {\n  for_each = null\n}\n',
        "for-each-number": 'resource "aws_s3_bucket" "b" {\n  for_each = 5\n}\n',
        "range-huge": 'locals {\n  x = range(100000000)\n}\nresource "aws_s3_bucket" "b" {\n  bucket = length(local.x)\n}\n',
        "circular-locals": 'locals {\n  a = local.b\n  b = local.a\n}\nresource "aws_s3_bucket" "b" {\n  bucket = local.a\n}\n',
        "syntax": 'resource "aws_s3_bucket" "b" {\n  bucket = = "x"\n}\n',
        "non-utf8": b'resource "aws_s3_bucket" "b" {\n  bucket = "\xff\xfe"\n}\n',
        "deep-parens": 'locals {\n  x = ' + "(" * 3000 + "1" + ")" * 3000 + '\n}\n',
        "deep-lists": 'locals {\n  x = ' + "[" * 3000 + "]" * 3000 + '\n}\n',
        "dynamic-no-content": 'resource "aws_security_group" "s" {\n  dynamic "ingress" {\n    for_each = [1]\n  }\n}\n',
        "dynamic-for-each-number": 'resource "aws_security_group" "s" {\n  dynamic "ingress" {\n    for_each = 3\n'
                                   '    content {\n      from_port = 1\n    }\n  }\n}\n',
        "module-bad-source": 'module "m" {\n  source = 5\n}\n',
        "resource-no-labels": 'resource {\n}\n',
        "resource-one-label": 'resource "aws_s3_bucket" {\n}\n',
        "format-huge": 'locals {\n  x = format("%0100000000d", 1)\n}\nresource "aws_s3_bucket" "b" {\n  bucket = local.x\n}\n',
        "strrepeat-join": 'locals {\n  x = join("", [for i in range(50000000): "abcdefgh"])\n}\n'
                          'resource "aws_s3_bucket" "b" {\n  bucket = local.x\n}\n',
        "template-deep-interp": 'locals {\n  x = "' + "${" * 2000 + "1" + "}" * 2000 + '"\n}\n',
    }
    cases: list[Case] = []
    for name, body in bad_tf.items():
        directory = ws.directory({"main.tf": GOOD_TF, "bad.tf": body}) if name != "syntax" else None
        if directory is not None:
            cases.append(Case(f"iac terraform {name} (beside a good file)", "iac",
                              ["iac", str(directory), "--format", "json"], bad=False,
                              check_good=iac_good_kept("good_open_ssh")))
    module_dir = ws.directory({"main.tf": GOOD_TF + 'module "again" {\n  source = "./"\n}\n'
                               'resource "aws_s3_bucket" "inner" {\n  bucket = "x"\n}\n'})
    cases.append(Case("iac terraform module that nests itself", "iac", ["iac", str(module_dir), "--format", "json"],
                      bad=False, check_good=iac_good_kept("good_open_ssh")))
    mutual = ws.directory({"a/main.tf": GOOD_TF + 'module "b" {\n  source = "../b"\n}\n',
                           "b/main.tf": 'module "a" {\n  source = "../a"\n}\n'
                                        'resource "aws_s3_bucket" "x" {\n  count = 3\n}\n'})
    cases.append(Case("iac terraform two modules that call each other", "iac",
                      ["iac", str(mutual / "a"), "--format", "json"], bad=False,
                      check_good=iac_good_kept("good_open_ssh")))
    wide = ws.directory({"main.tf": GOOD_TF + 'module "m" {\n  source = "./m"\n  count = 1000\n}\n',
                         "m/main.tf": 'module "n" {\n  source = "../n"\n  count = 1000\n}\n',
                         "n/main.tf": 'resource "aws_s3_bucket" "x" {\n  count = 1000\n}\n'})
    cases.append(Case("iac terraform 1000 x 1000 x 1000 module fan-out", "iac",
                      ["iac", str(wide), "--format", "json"], bad=False, check_good=iac_good_kept("good_open_ssh")))
    syntax = ws.directory({"main.tf": GOOD_TF, "bad.tf": bad_tf["syntax"]})
    cases.append(Case("iac --fail-on low with a file that does not parse", "iac",
                      ["iac", str(ws.directory({"bad.tf": bad_tf["syntax"]})), "--fail-on", "low"]))
    cases.append(Case("iac --fail-on critical, syntax error beside a good file", "iac",
                      ["iac", str(syntax), "--fail-on", "critical"]))
    cases.append(Case("iac syntax error beside a good file keeps the good findings", "iac",
                      ["iac", str(syntax), "--format", "json"], bad=False, check_good=iac_good_kept("good_open_ssh")))
    bad_cfn: dict[str, str | bytes] = {
        "properties-string.json": json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {
            "B": {"Type": "AWS::S3::Bucket", "Properties": "oops"}}}),
        "properties-list.json": json.dumps({"Resources": {"B": {"Type": "AWS::EC2::SecurityGroup",
                                                                 "Properties": [1, 2]}}}),
        "type-int.json": json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": 5}}}),
        "resources-list.json": json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": [1]}),
        "ingress-string.json": json.dumps({"Resources": {"S": {"Type": "AWS::EC2::SecurityGroup",
                                                               "Properties": {"SecurityGroupIngress": "x"}}}}),
        "ingress-null-items.json": json.dumps({"Resources": {"S": {"Type": "AWS::EC2::SecurityGroup",
                                                                   "Properties": {"SecurityGroupIngress": [None, 1]}}}}),
        "policy-garbage.json": json.dumps({"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": "x", "Policies": [1, {"PolicyDocument": [None]}]}}}}),
        "bucket-tags-string.json": json.dumps({"Resources": {"B": {"Type": "AWS::S3::Bucket",
                                                                   "Properties": {"Tags": "x"}}}}),
        "if-wrong-arity.yaml": "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n"
                               "      BucketName: !If [OnlyOne]\n",
        "getatt-int.yaml": "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !GetAtt 5\n",
        "select-oob.yaml": "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n"
                           "      BucketName: !Select [9, [a]]\n",
        "sub-list-junk.yaml": "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub [1, 2, 3]\n",
        "unknown-tag.yaml": "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Frobnicate x\n",
        "condition-cycle.yaml": "Conditions:\n  A: !Condition B\n  B: !Condition A\nResources:\n  B:\n"
                                "    Type: AWS::S3::Bucket\n    Condition: A\n",
        "alias-bomb.yaml": BOMB_YAML,
        "non-utf8.yaml": b"Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: \xff\n",
        "deep.json": '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket", '
                     '"Properties": {"X": ' + "[" * 100_000 + "]" * 100_000 + "}}}}",
        "deep.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n"
                     "    Properties:\n      X: " + "[" * 20_000 + "]" * 20_000 + "\n",
        "truncated.json": '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": ',
        "metadata-ssrm-string.json": json.dumps({"Resources": {"B": {"Type": "AWS::S3::Bucket",
                                                                     "Metadata": {"ssrm": "x"}}}}),
        "parameters-list.json": json.dumps({"Parameters": [1], "Resources": {"B": {"Type": "AWS::S3::Bucket",
                                                                                   "Properties": {"BucketName": {"Ref": "P"}}}}}),
        "mappings-string.yaml": "Mappings: x\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n"
                                "      BucketName: !FindInMap [a, b, c]\n",
        "join-huge.yaml": "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Join\n"
                          "        - ''\n        - !Split [',', " + "',,,,,,,,,,'" + "]\n",
    }
    for name, body in bad_cfn.items():
        directory = ws.directory({"main.tf": GOOD_TF, "good.yaml": GOOD_CFN, name: body})
        cases.append(Case(f"iac cloudformation {name} (beside good files)", "iac",
                          ["iac", str(directory), "--format", "json"], bad=False,
                          check_good=iac_good_kept("good_open_ssh")))
    plans: dict[str, Any] = {
        "resources-1-null": {"format_version": "1.2", "planned_values": {"root_module": {"resources": [1, None]}}},
        "planned-values-list": {"format_version": "1.2", "planned_values": [1]},
        "resource-changes-string": {"format_version": "1.2", "resource_changes": "x", "planned_values": {}},
        "resource-no-address": {"format_version": "1.2", "planned_values": {"root_module": {"resources": [
            {"type": "aws_s3_bucket", "name": "b", "values": {}}]}}},
        "values-string": {"format_version": "1.2", "planned_values": {"root_module": {"resources": [
            {"address": "aws_s3_bucket.b", "type": "aws_s3_bucket", "name": "b", "values": "x"}]}}},
        "child-modules-string": {"format_version": "1.2", "planned_values": {"root_module": {"child_modules": "x"}}},
        "change-actions-null": {"format_version": "1.2", "resource_changes": [{"address": "a.b", "change": None}],
                                "planned_values": {"root_module": {"resources": [
                                    {"address": "a.b", "type": "a", "name": "b", "values": {}}]}}},
        "configuration-junk": {"format_version": "1.2", "configuration": {"root_module": {"resources": [1],
                                                                                          "module_calls": "x"}},
                               "planned_values": {"root_module": {"resources": []}}},
    }
    for name, data in plans.items():
        directory = ws.directory({"main.tf": GOOD_TF, "plan.json": json.dumps(data)})
        cases.append(Case(f"iac plan {name} (beside a good file)", "iac",
                          ["iac", str(directory), "--format", "json"], bad=False,
                          check_good=iac_good_kept("good_open_ssh")))
        alone = ws.write(f"plan-{name}.json", json.dumps(data))
        cases.append(Case(f"iac plan {name} alone", "iac", ["iac", str(alone)]))
    tfvars_dir = ws.directory({"main.tf": GOOD_TF + 'variable "x" {\n  default = "a"\n}\n'})
    for name, body in {"non-utf8.tfvars": b'x = "\xff"\n', "syntax.tfvars": b"x = = 1\n",
                       "list.tfvars.json": b"[1]", "deep.tfvars.json": b"[" * 100_000 + b"]" * 100_000,
                       "bad.tfvars.json": b"{nope"}.items():
        var_file = ws.write(name, body)
        cases.append(Case(f"iac --var-file {name}", "iac", ["iac", str(tfvars_dir), "--var-file", str(var_file)]))
    cases.append(Case("iac --var without =", "iac", ["iac", str(tfvars_dir), "--var", "novalue"]))
    # The CLI grammar (docs/cli.md): -o names a directory (created when missing), --output-file a file.
    cases.append(Case("iac --output-file is a directory", "iac",
                      ["iac", str(tfvars_dir), "--output-file", str(ws.root)]))
    cases.append(Case("iac -o names a file", "iac", ["iac", str(tfvars_dir), "-o", str(ws.good_snapshot)]))
    cases.append(Case("iac --fail-on nonsense", "iac", ["iac", str(tfvars_dir), "--fail-on", "nonsense"]))
    cases.append(Case("iac path missing", "iac", ["iac", str(ws.root / "missing")]))
    cases.append(Case("iac explicit file of another kind", "iac", ["iac", str(ws.write("x.json", "{}"))]))
    return cases


def option_cases(ws: Workspace) -> list[Case]:
    snap, assessment = str(ws.good_snapshot), str(ws.good_assessment)
    # A read-only directory stops nobody running as root; /proc stops everyone.
    unwritable = ws.path("readonly")
    unwritable.mkdir()
    unwritable.chmod(0o500)
    if os.geteuid() == 0:
        unwritable = Path("/proc/ssrm-campaign")
    a_file = ws.write("plain-file.txt", "x")
    no_creds = {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "x" * 40,
                "AWS_DEFAULT_REGION": "us-east-1", "AWS_MAX_ATTEMPTS": "1"}
    bad_mutes = ws.write("scan-mutes.yaml", "mutes:\n  - rule: x\n")
    bad_jewels = ws.write("scan-jewels.yaml", "admin: 500\n")
    scan = ["scan", "--endpoint-url", "http://127.0.0.1:9", "--regions", "us-east-1", "--services", "s3", "--quiet"]
    return [
        Case("compliance --status NONSENSE", "options", ["compliance", "cis", assessment, "--status", "NONSENSE"]),
        Case("compliance unknown framework", "options", ["compliance", "nope", assessment]),
        Case("paths --limit -5", "options", ["paths", snap, "--limit", "-5"]),
        Case("plan --limit -5", "options", ["plan", snap, "--limit", "-5"]),
        Case("paths --limit abc", "options", ["paths", snap, "--limit", "abc"]),
        Case("assess --format bogus", "options", ["assess", snap, "--format", "bogus"]),
        Case("assess --output is a file", "options", ["assess", snap, "--output", str(a_file)]),
        Case("assess --output unwritable", "options", ["assess", snap, "--output", str(unwritable / "sub")]),
        Case("report --output is a file", "options", ["report", assessment, "--output", str(a_file)]),
        Case("report --output unwritable", "options", ["report", assessment, "--output", str(unwritable)]),
        Case("report --format text", "options", ["report", assessment, "--format", "text"]),
        Case("rules list --severity nope", "options", ["rules", "list", "--severity", "nope"]),
        Case("rules show unknown", "options", ["rules", "show", "nope"]),
        Case("scan --mutelist broken (before collecting)", "options", [*scan, "--mutelist", str(bad_mutes)],
             env=no_creds),
        Case("scan --crown-jewels broken (before collecting)", "options", [*scan, "--crown-jewels", str(bad_jewels)],
             env=no_creds),
        Case("scan --output is a file (before collecting)", "options", [*scan, "--output", str(a_file)],
             env=no_creds),
        Case("scan --save in a missing directory (before collecting)", "options",
             [*scan, "--save", str(ws.root / "no" / "such" / "inv.json")], env=no_creds),
        Case("scan --rules-dir missing (before collecting)", "options",
             [*scan, "--rules-dir", str(ws.root / "nope")], env=no_creds),
        Case("scan --regions bogus", "options", [*scan[:3], "--regions", "mars-1"], env=no_creds),
        Case("unknown command", "options", ["frobnicate"]),
    ]


def detect_cases(ws: Workspace) -> list[Case]:
    good = json.dumps({"Records": [GOOD_TRAIL]})
    variants: dict[str, str | bytes] = {
        "event-time-int.json": json.dumps({"Records": [{**GOOD_TRAIL, "eventTime": 1763632800, "eventID": "2"}]}),
        "event-time-words.json": json.dumps({"Records": [{**GOOD_TRAIL, "eventTime": "not a time", "eventID": "3"}]}),
        "records-string.json": json.dumps({"Records": "x"}),
        "broken-ndjson.jsonl": json.dumps(GOOD_TRAIL) + "\n{broken\n",
        "flow.log": "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end "
                    "action log-status\n2 111122223333 eni-1 1.2.3.4 10.0.0.1 1 22 6 1 1 notanumber 2 ACCEPT OK\n",
        "gz-corrupt.json.gz": b"\x1f\x8bnot really",
    }
    cases = []
    for name, body in variants.items():
        directory = ws.directory({"good.json": good, name: body})
        cases.append(Case(f"detect {name} beside a good trail file", "detect (not #15's)",
                          ["detect", str(directory), "--no-baselines", "--format", "json"], bad=False,
                          check_good=alerts_kept))
    good_dir = ws.directory({"good.json": good})
    cases.append(Case("detect --window -5", "detect (not #15's)", ["detect", str(good_dir), "--window", "-5"]))
    cases.append(Case("detect --interval -1", "detect (not #15's)",
                      ["detect", str(good_dir), "--follow", "--interval", "-1", "--max-polls", "1"]))
    return cases


def _limit_memory(megabytes: int) -> Callable[[], None]:
    def apply() -> None:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def run_case(case: Case, src: Path, timeout: float, mem_mb: int, cwd: Path) -> Result:
    env = {**os.environ, "PYTHONPATH": str(src), "NO_COLOR": "1", "COLUMNS": "200", **case.env}
    env.pop("SSRM_DEBUG", None)
    started = time.perf_counter()
    problems: list[str] = []
    try:
        proc = subprocess.run([sys.executable, "-m", "ssrm", *case.args], capture_output=True, text=True, env=env,
                              timeout=timeout, preexec_fn=_limit_memory(mem_mb), cwd=cwd, errors="replace")
    except subprocess.TimeoutExpired:
        return Result(case.name, case.area, None, time.perf_counter() - started, ["killed (time limit)"], "")
    seconds = time.perf_counter() - started
    stderr = proc.stderr
    if proc.returncode < 0:
        problems.append(f"killed (signal {-proc.returncode})")
    if "MemoryError" in stderr:
        problems.append("killed (out of memory)")
    if "Traceback (most recent call last)" in stderr + proc.stdout:
        problems.append("traceback")
    if "internal error" in stderr:
        problems.append("internal")
    if case.bad:
        if proc.returncode == 0:
            problems.append("accepted (exit 0)")
        elif proc.returncode not in (2,) and proc.returncode >= 0 and "internal" not in problems:
            problems.append(f"wrong-exit ({proc.returncode})")
        lines = [line for line in stderr.splitlines() if line.strip()]
        if proc.returncode == 2 and len(lines) > 1:
            problems.append("multi-line")
    if case.check_good is not None and not case.check_good(proc):
        problems.append("good-lost")
    tail = " | ".join(line.strip() for line in stderr.splitlines()[-2:])[:300]
    return Result(case.name, case.area, proc.returncode, seconds, problems, tail)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=Path("src"))
    parser.add_argument("--snapshot", type=Path, required=True, help="a good inventory (ssrm demo --save)")
    parser.add_argument("--assessment", type=Path, required=True, help="a good assessment JSON")
    parser.add_argument("--work", type=Path, default=Path("/tmp/ssrm-hostile-campaign"))
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--mem-mb", type=int, default=2048)
    parser.add_argument("--only", default="", help="run the cases whose name contains this text")
    parser.add_argument("--json", type=Path, help="write every result here")
    parser.add_argument("--jobs", type=int, default=1, help="cases run at once")
    args = parser.parse_args()
    if args.work.exists():
        for path in args.work.rglob("*"):
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(args.work)
    args.work.mkdir(parents=True)
    ws = Workspace(args.work, args.snapshot, args.assessment)
    cases = (snapshot_cases(ws) + assessment_cases(ws) + mutelist_cases(ws) + crown_jewel_cases(ws)
             + custom_rule_cases(ws) + iac_cases(ws) + option_cases(ws) + detect_cases(ws))
    cases = [c for c in cases if args.only in c.name]
    src = args.src.resolve()
    results: list[Result] = []
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for result in pool.map(lambda c: run_case(c, src, args.timeout, args.mem_mb, args.work), cases):
            results.append(result)
            if result.problems:
                print(f"[{', '.join(result.problems)}] {result.name} (exit {result.code}, {result.seconds:.1f}s): "
                      f"{result.stderr_tail}", flush=True)
    total = Counter(p.split(" (")[0] for r in results for p in r.problems)
    by_area: dict[str, Counter[str]] = {}
    for r in results:
        by_area.setdefault(r.area, Counter())["cases"] += 1
        for p in r.problems:
            by_area[r.area][p.split(" (")[0]] += 1
    print(f"\n{len(results)} cases in {time.perf_counter() - started:.0f}s; "
          f"{sum(1 for r in results if not r.problems)} clean")
    kinds = ["internal", "traceback", "killed", "accepted", "wrong-exit", "multi-line", "good-lost"]
    print(f"{'area':<22}{'cases':>6}" + "".join(f"{k:>12}" for k in kinds))
    for area, counts in by_area.items():
        print(f"{area:<22}{counts['cases']:>6}" + "".join(f"{counts[k]:>12}" for k in kinds))
    print(f"{'total':<22}{len(results):>6}" + "".join(f"{total[k]:>12}" for k in kinds))
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], indent=1))


if __name__ == "__main__":
    main()
