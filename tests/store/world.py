"""A small account built from model resources, judged by the real rules, and the changes the tests make."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import ssrm.model.resources  # noqa: F401
from ssrm.model import Inventory
from ssrm.model.resources.compute.network import PortRule, SecurityGroup
from ssrm.model.resources.data.s3 import BucketEncryption, PublicAccessBlock, S3Bucket
from ssrm.model.resources.identity.iam import IamRole
from ssrm.model.snapshot import inventory_to_dict
from ssrm.pipeline import assess
from ssrm.report.json_out import assessment_to_dict

ACCOUNT = "111122223333"
REGION = "eu-west-1"
_BLOCKED = PublicAccessBlock(block_public_acls=True, ignore_public_acls=True, block_public_policy=True,
                             restrict_public_buckets=True)


def base_inventory() -> Inventory:
    inv = Inventory(account=ACCOUNT, regions=[REGION], started_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
                    finished_at=datetime(2026, 1, 5, 9, 1, tzinfo=UTC))
    inv.add([
        SecurityGroup(arn=f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/sg-0ab", id="sg-0ab", account=ACCOUNT,
                      region=REGION, group_name="web", vpc_id="vpc-1", tags={"team": "web"},
                      ingress=(PortRule(protocol="tcp", from_port=443, to_port=443, ipv4_ranges=("0.0.0.0/0",)),)),
        S3Bucket(arn="arn:aws:s3:::shop-data", id="shop-data", name="shop-data", account=ACCOUNT, region=REGION,
                 tags={"owner": "data"}, public_access_block=_BLOCKED,
                 default_encryption=BucketEncryption(algorithm="AES256")),
        S3Bucket(arn="arn:aws:s3:::shop-logs", id="shop-logs", name="shop-logs", account=ACCOUNT, region=REGION,
                 public_access_block=None, default_encryption=BucketEncryption(algorithm="AES256")),
        IamRole(arn=f"arn:aws:iam::{ACCOUNT}:role/app", id="AROAAPP", name="app", account=ACCOUNT,
                trust_policy={"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
    ])
    return inv


def replace(inv: Inventory, resource_id: str, **changes: Any) -> Inventory:
    """A copy of ``inv`` where one resource has ``changes`` applied."""
    out = Inventory(account=inv.account, regions=list(inv.regions), started_at=inv.started_at,
                    finished_at=inv.finished_at, services=inv.services)
    out.add(r.model_copy(update=changes) if r.id == resource_id else r for r in inv.resources)
    out.add_gaps(inv.gaps)
    return out


def remove(inv: Inventory, resource_id: str) -> Inventory:
    out = Inventory(account=inv.account, regions=list(inv.regions), started_at=inv.started_at,
                    finished_at=inv.finished_at, services=inv.services)
    out.add(r for r in inv.resources if r.id != resource_id)
    return out


def assessment_doc(inv: Inventory) -> dict[str, Any]:
    return assessment_to_dict(assess(inv))


def snapshot(inv: Inventory) -> dict[str, Any]:
    return inventory_to_dict(inv)
