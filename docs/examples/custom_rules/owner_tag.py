"""Example custom rule: every S3 bucket and RDS instance names its owning team in a tag.

Load it with ``ssrm scan --rules-dir docs/examples/custom_rules``.
"""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Resource, Severity, Stage
from ssrm.rules import Verdict, failed, passed, rule

OWNER_TAGS = ("owner", "team")


def _owner_verdict(resource: Resource) -> Verdict:
    for key in OWNER_TAGS:
        if resource.tags.get(key):
            return passed(f"owned by {resource.tags[key]} (tag {key})")
    return failed(f"no {' or '.join(OWNER_TAGS)} tag: nobody is accountable for {resource.label}")


@rule(
    id="custom_bucket_has_owner",
    title="S3 buckets name their owning team",
    resource_type="AWS::S3::Bucket",
    layer=Layer.CLOUD,
    domain=Domain.GOVERNANCE,
    severity=Severity.LOW,
    stage=Stage.EXFILTRATE,
    description="Findings on a bucket nobody owns are never fixed. Tag every bucket with owner or team.",
)
def bucket_has_owner(bucket: Resource, inventory: Inventory) -> Verdict:
    return _owner_verdict(bucket)


@rule(
    id="custom_database_has_owner",
    title="RDS instances name their owning team",
    resource_type="AWS::RDS::DBInstance",
    layer=Layer.CLOUD,
    domain=Domain.GOVERNANCE,
    severity=Severity.LOW,
    stage=Stage.EXFILTRATE,
)
def database_has_owner(database: Resource, inventory: Inventory) -> Verdict:
    return _owner_verdict(database)
