"""A handful of rules written for these tests, so the expected findings do not move with the catalog."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Severity, Stage
from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.compute.network import SecurityGroup
from ssrm.model.resources.data.s3 import S3Bucket
from ssrm.model.resources.identity.iam import IamInstanceProfile, IamRole
from ssrm.rules.base import Rule, Verdict, failed, passed, rule

COMMON = {"layer": Layer.NETWORKS, "domain": Domain.INFRASTRUCTURE, "stage": Stage.INITIAL_ACCESS}


@rule(id="test_sg_ssh_world", title="no SSH from the world", resource_type=SecurityGroup,
      severity=Severity.HIGH, **COMMON)
def sg_ssh_world(group: SecurityGroup, inv: Inventory) -> Verdict:
    # deliberately reads ``ingress`` without declaring it in ``needs``: the IaC guard must catch that
    if any(p.world_ranges and p.covers(22) for p in group.ingress):
        return failed("SSH open to the world")
    return passed("no SSH from the world")


@rule(id="test_s3_block_public", title="block public access on", resource_type=S3Bucket,
      severity=Severity.HIGH, needs=("public_access_block",), **COMMON)
def s3_block_public(bucket: S3Bucket, inv: Inventory) -> Verdict:
    if bucket.public_access_block is None or not bucket.public_access_block.fully_on:
        return failed("block public access is not fully on")
    return passed("fully on")


@rule(id="test_s3_public_policy", title="no public bucket policy", resource_type=S3Bucket,
      severity=Severity.CRITICAL, needs=("policy",), **COMMON)
def s3_public_policy(bucket: S3Bucket, inv: Inventory) -> Verdict:
    statements = (bucket.policy or {}).get("Statement", [])
    if any(s.get("Principal") == "*" and s.get("Effect") == "Allow" for s in statements):
        return failed("anyone may read")
    return passed("no public statement")


@rule(id="test_instance_imdsv2", title="IMDSv2 required", resource_type=Instance, severity=Severity.MEDIUM,
      needs=("metadata",), **COMMON)
def instance_imdsv2(instance: Instance, inv: Inventory) -> Verdict:
    return failed("IMDSv1 allowed") if instance.metadata.imdsv1_allowed else passed("IMDSv2 only")


@rule(id="test_instance_user_data", title="no secrets in user data", resource_type=Instance,
      severity=Severity.HIGH, needs=("user_data_secrets",), **COMMON)
def instance_user_data(instance: Instance, inv: Inventory) -> Verdict:
    if instance.user_data_secrets:
        return failed(instance.user_data_secrets[0].describe())
    return passed("none")


@rule(id="test_instance_role_reads_s3", title="the instance's role reaches S3 through its profile",
      resource_type=Instance, severity=Severity.LOW, **COMMON)
def instance_role_chain(instance: Instance, inv: Inventory) -> Verdict:
    """Follows instance -> profile -> role -> inline policy: the links the attack-path engine needs."""
    if not instance.instance_profile_arn:
        return passed("no instance profile")
    profile = inv.get(IamInstanceProfile, instance.instance_profile_arn)
    if profile is None:
        return failed(f"profile {instance.instance_profile_arn} not in the inventory")
    roles = [inv.get(IamRole, arn) for arn in profile.role_arns]
    actions = [s.get("Action") for r in roles if r for p in r.inline_policies for s in p.document["Statement"]]
    return failed("role can read S3") if "s3:GetObject" in actions else passed("no S3 access")


@rule(id="test_instance_runtime", title="a runtime-only check", resource_type=Instance, severity=Severity.LOW,
      runtime_only=True, **COMMON)
def instance_runtime(instance: Instance, inv: Inventory) -> Verdict:
    return failed("never called on IaC")


FIXTURE_RULES: list[Rule] = [sg_ssh_world, s3_block_public, s3_public_policy, instance_imdsv2, instance_user_data,
                             instance_role_chain, instance_runtime]
