"""Assessment documents for the report tests, produced by the real pipeline in-process.

An inventory of model resources (with tags, one unreadable field and one failed listing) is judged by the
built-in rules plus a few fixture rules that guarantee failures on every layer, then turned into the JSON
document by ``assessment_to_dict``. ``with_extras`` adds ``paths``/``plan``/``compliance``/``history`` in the
contract's shape, built from the real findings, since those engines are not part of this package.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import ssrm.model.resources  # noqa: F401  (registers every resource type)
from ssrm.model import Domain, Gap, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.apps.awslambda import LambdaFunction
from ssrm.model.resources.compute.ec2 import Instance, MetadataOptions
from ssrm.model.resources.compute.network import PortRule, SecurityGroup
from ssrm.model.resources.data.s3 import BucketEncryption, PublicAccessBlock, S3Bucket
from ssrm.model.resources.identity.iam import IamUser
from ssrm.pipeline import assess
from ssrm.report.json_out import assessment_to_dict
from ssrm.rules.base import Rule, Verdict, failed, passed, rule
from ssrm.rules.catalog import builtin_rules

ACCOUNT = "111122223333"
REGIONS = ("eu-west-1", "us-east-1")
TEAMS = ({"owner": "payments"}, {"team": "web"}, {"Team": "data"}, {})


@rule(id="s3_fixture_default_encryption", title="S3 buckets encrypt objects by default",
      resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
      stage=Stage.EXFILTRATE, needs=("default_encryption",), phase=Phase.QUICK_WINS, attack=("T1530",),
      remediation=Remediation(text="Turn on default encryption.",
                              cli="aws s3api put-bucket-encryption --bucket BUCKET ...",
                              terraform='resource "aws_s3_bucket_server_side_encryption_configuration" "x" {}'))
def _bucket_encrypted(bucket: S3Bucket, inv: Inventory) -> Verdict:
    if bucket.default_encryption is None:
        return failed("no default encryption configured")
    return passed(f"default encryption {bucket.default_encryption.algorithm}")


@rule(id="s3_fixture_public_access_block", title="S3 buckets block public access",
      resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.CRITICAL,
      stage=Stage.INITIAL_ACCESS, phase=Phase.QUICK_WINS, attack=("T1190",),
      remediation=Remediation(text="Turn on all four Block Public Access settings."))
def _bucket_blocked(bucket: S3Bucket, inv: Inventory) -> Verdict:
    pab = bucket.public_access_block
    if pab is None or not pab.fully_on:
        return failed("Block Public Access is off: " + ", ".join((pab or PublicAccessBlock()).off_settings()))
    return passed("all four settings on")


@rule(id="ec2_fixture_imdsv2", title="EC2 instances require IMDSv2", resource_type=Instance,
      layer=Layer.HOSTS, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH, stage=Stage.DISCOVER_SPREAD,
      attack=("T1552.005",), remediation=Remediation(text="Require session tokens for the metadata service."))
def _imdsv2(instance: Instance, inv: Inventory) -> Verdict:
    if instance.metadata.imdsv1_allowed:
        return failed("IMDSv1 is allowed (http_tokens optional)")
    return passed("IMDSv2 required")


@rule(id="ec2_fixture_sg_world_ssh", title="Security groups do not open SSH to the internet",
      resource_type=SecurityGroup, layer=Layer.NETWORKS, domain=Domain.INFRASTRUCTURE, severity=Severity.HIGH,
      stage=Stage.INITIAL_ACCESS, phase=Phase.QUICK_WINS, attack=("T1133",),
      remediation=Remediation(text="Remove 0.0.0.0/0 on port 22; use Session Manager."))
def _world_ssh(group: SecurityGroup, inv: Inventory) -> Verdict:
    if any(p.world_ranges and p.covers(22) for p in group.ingress):
        return failed("port 22 open to 0.0.0.0/0")
    return passed("no world-open SSH")


@rule(id="iam_fixture_user_mfa", title="IAM users with a password have MFA", resource_type=IamUser,
      layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.HIGH, stage=Stage.INITIAL_ACCESS,
      phase=Phase.QUICK_WINS, attack=("T1078.004",), remediation=Remediation(text="Enable MFA."))
def _user_mfa(user: IamUser, inv: Inventory) -> Verdict:
    return passed("MFA active") if user.mfa_active else failed("no MFA device")


@rule(id="lambda_fixture_runtime", title="Lambda functions run a supported runtime",
      resource_type=LambdaFunction, layer=Layer.APPS, domain=Domain.VULNERABILITY, severity=Severity.MEDIUM,
      stage=Stage.CONTROL, phase=Phase.EFFICIENT, remediation=Remediation(text="Upgrade the runtime."))
def _runtime(fn: LambdaFunction, inv: Inventory) -> Verdict:
    if fn.runtime in ("python3.7", "nodejs12.x"):
        return failed(f"runtime {fn.runtime} is deprecated")
    return passed(f"runtime {fn.runtime}")


@rule(id="lambda_fixture_recon", title="Lambda functions are not publicly listable",
      resource_type=LambdaFunction, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.LOW,
      stage=Stage.RECON, remediation=Remediation(text="Remove the public resource policy."))
def _recon(fn: LambdaFunction, inv: Inventory) -> Verdict:
    return failed("function URL without auth") if fn.name.endswith("0") else passed("no public URL")


FIXTURE_RULES: tuple[Rule, ...] = (_bucket_encrypted, _bucket_blocked, _imdsv2, _world_ssh, _user_mfa, _runtime,
                                   _recon)


def _arn(service: str, region: str, kind: str, name: str) -> str:
    return f"arn:aws:{service}:{region}:{ACCOUNT}:{kind}{name}"


def sample_inventory(copies: int = 1) -> Inventory:
    """About 14 resources per copy across every layer, in two regions, a third of them untagged."""
    inv = Inventory(account=ACCOUNT, regions=list(REGIONS), started_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
                    finished_at=datetime(2026, 1, 5, 9, 1, tzinfo=UTC))
    resources: list[Any] = []
    for c in range(copies):
        for i, region in enumerate(REGIONS * 2):
            n = f"{c}-{i}"
            tags = dict(TEAMS[(c + i) % len(TEAMS)])
            tags["env"] = "prod" if i % 2 == 0 else "dev"
            unknown = {"default_encryption": "AccessDenied"} if (c, i) == (0, 3) else {}
            resources.append(S3Bucket(
                arn=f"arn:aws:s3:::shop-data-{n}", id=f"shop-data-{n}", name=f"shop-data-{n}", account=ACCOUNT,
                region=region, tags=tags, unknown=unknown,
                default_encryption=BucketEncryption(algorithm="AES256") if i % 3 == 0 else None,
                public_access_block=PublicAccessBlock(block_public_acls=True) if i == 1 else None))
            resources.append(Instance(
                arn=_arn("ec2", region, "instance/", f"i-0{c:05d}{i}"), id=f"i-0{c:05d}{i}", account=ACCOUNT,
                region=region, tags=tags, metadata=MetadataOptions(http_tokens="required" if i % 2 else "optional")))
            resources.append(SecurityGroup(
                arn=_arn("ec2", region, "security-group/", f"sg-{c:05d}{i}"), id=f"sg-{c:05d}{i}", account=ACCOUNT,
                region=region, tags=tags, group_name=f"web-{n}",
                ingress=(PortRule(protocol="tcp", from_port=22, to_port=22,
                                  ipv4_ranges=("0.0.0.0/0",) if i % 2 == 0 else ("10.0.0.0/8",)),)))
        resources.append(IamUser(arn=f"arn:aws:iam::{ACCOUNT}:user/dev-{c}", id=f"AIDA{c:08d}", name=f"dev-{c}",
                                 account=ACCOUNT, tags=dict(TEAMS[c % len(TEAMS)]), mfa_active=c % 2 == 1))
        resources.append(LambdaFunction(arn=_arn("lambda", REGIONS[0], "function:", f"checkout-{c}"),
                                        id=f"checkout-{c}", name=f"checkout-{c}", account=ACCOUNT, region=REGIONS[0],
                                        tags={"owner": "payments"},
                                        runtime="python3.7" if c % 2 == 0 else "python3.12"))
    inv.add(resources)
    inv.add_gaps([Gap(service="lambda", region=REGIONS[1], api="ListFunctions", error="AccessDenied",
                      message="not authorized to perform lambda:ListFunctions",
                      resource_types=("AWS::Lambda::Function",))])
    return inv


def sample_document(copies: int = 1, *, builtin: bool = True) -> dict[str, Any]:
    """The real assessment document for :func:`sample_inventory`."""
    rules = [*FIXTURE_RULES, *(builtin_rules() if builtin else [])]
    return assessment_to_dict(assess(sample_inventory(copies), rules))


def with_extras(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` plus paths, plan, compliance and history in the contract's shape, derived from its findings."""
    failing = [f for f in doc["findings"] if f["status"] == "FAIL"]
    by_rule: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in failing:
        by_rule[f["rule_id"]].append(f)
    sgs = by_rule["ec2_fixture_sg_world_ssh"]
    hosts = by_rule["ec2_fixture_imdsv2"]
    buckets = by_rule["s3_fixture_default_encryption"]
    paths = []
    for k, (sg, host, bucket) in enumerate(zip(sgs, hosts, buckets, strict=False)):
        steps = [
            {"from": "internet", "to": sg["resource_arn"], "stage": "initial-access", "technique": "T1133",
             "sentence": f"Anyone on the internet reaches {sg['resource_id']} on port 22.",
             "finding_rule_id": sg["rule_id"]},
            {"from": sg["resource_arn"], "to": host["resource_arn"], "stage": "control", "technique": "T1078",
             "sentence": f"The group lets traffic into {host['resource_id']}.", "finding_rule_id": None},
            {"from": host["resource_arn"], "to": bucket["resource_arn"], "stage": "exfiltrate",
             "technique": "T1530", "sentence": f"Instance credentials read {bucket['resource_id']}.",
             "finding_rule_id": host["rule_id"]},
        ]
        paths.append({"id": f"p{k + 1}", "target": bucket["resource_arn"], "target_kind": "data",
                      "value": 10 - k, "length": len(steps), "ease": 0.9 - 0.1 * k, "steps": steps})
    users = by_rule["iam_fixture_user_mfa"]
    for user, bucket in zip(users, buckets[::-1], strict=False):
        steps = [
            {"from": "internet", "to": user["resource_arn"], "stage": "initial-access", "technique": "T1078.004",
             "sentence": f"A guessed or phished password signs in as {user['resource_id']} without MFA.",
             "finding_rule_id": user["rule_id"]},
            {"from": user["resource_arn"], "to": bucket["resource_arn"], "stage": "exfiltrate", "technique": "T1530",
             "sentence": f"The user's permissions read {bucket['resource_id']}.", "finding_rule_id": bucket["rule_id"]},
        ]
        paths.append({"id": f"p{len(paths) + 1}", "target": bucket["resource_arn"], "target_kind": "data",
                      "value": 5, "length": len(steps), "ease": 0.7, "steps": steps})
    plan = [
        {"order": n + 1, "title": fs[0]["title"], "stage": fs[0]["stage"], "effort": "low",
         "fixes_rule_ids": [rid], "resources": sorted({f["resource_arn"] for f in fs}),
         "paths_broken": [p["id"] for p in paths if any(s["finding_rule_id"] == rid for s in p["steps"])],
         "severity": fs[0]["severity"], "cli": fs[0]["remediation"]["cli"],
         "terraform": fs[0]["remediation"]["terraform"]}
        for n, (rid, fs) in enumerate(sorted(by_rule.items()))]
    status_of = {r: ("FAIL" if r in by_rule else "PASS") for r in {f["rule_id"] for f in doc["findings"]}}
    compliance = {"CIS AWS Foundations 3.0": {"score": 50.0, "controls": [
        {"id": "2.1.1", "title": "S3 default encryption", "status": status_of.get("s3_fixture_default_encryption"),
         "rule_ids": ["s3_fixture_default_encryption"]},
        {"id": "1.10", "title": "MFA for console users", "status": status_of.get("iam_fixture_user_mfa"),
         "rule_ids": ["iam_fixture_user_mfa"]},
    ]}}
    history = {"previous_assessed_at": "2025-12-01T09:00:00+00:00",
               "new_failures": [{k: f[k] for k in ("rule_id", "title", "resource_arn", "resource_id", "severity")}
                                for f in failing[:3]],
               "fixed": [{"rule_id": "iam_fixture_user_mfa", "title": "IAM users with a password have MFA",
                          "resource_id": "dev-old"}]}
    return {**doc, "paths": paths, "plan": plan, "compliance": compliance, "history": history}


def scaled_document(doc: dict[str, Any], total: int) -> dict[str, Any]:
    """``doc`` with its findings repeated on renamed resources until there are ``total`` of them.

    Running the engine over 50 000 findings takes longer than the whole test budget, so the big document
    multiplies real findings instead; every copy names a different resource, as a large account would.
    """
    base = doc["findings"]
    findings: list[dict[str, Any]] = []
    copy = 0
    while len(findings) < total:
        for f in base:
            if len(findings) >= total:
                break
            suffix = f"-x{copy}" if copy else ""
            findings.append({**f, "resource_arn": f["resource_arn"] + suffix, "resource_id": f["resource_id"] + suffix})
        copy += 1
    return {**doc, "findings": findings}
