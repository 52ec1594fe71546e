"""The S3 bucket as a declarative table (see ``table.py``).

Nearly every field of a bucket is a join or a default that depends on other settings: seven companion
resources in Terraform, the bucket policy in CloudFormation, and the 2023 defaults (Block Public Access on,
ACLs disabled, SSE-S3) that yield to an explicitly public ACL or policy (``s3_defaults.py``). Those stay code,
in ``terraform/s3.py`` and ``cloudformation/s3.py``; the table says what is live-only.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.data.s3 import S3Bucket
from ssrm.sources.iac.mapping.build import Links
from ssrm.sources.iac.mapping.cloudformation import s3 as cfn_s3
from ssrm.sources.iac.mapping.table import Table
from ssrm.sources.iac.mapping.terraform import s3 as tf_s3
from ssrm.sources.iac.raw import RawResource


def _bucket_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    return tf_s3.bucket_values(raw, links) if fmt == "terraform" else cfn_s3.bucket_values(raw, links)


BUCKET = Table(
    S3Bucket, ("aws_s3_bucket",), ("AWS::S3::Bucket",), name=("bucket", "BucketName"), fields=(),
    constants={"creation_date": (None, "created at apply: no age yet")},
    live_only={"owner_id": "the account the code is deployed to"},
    derived=("lifecycle_rules", "public_access_block", "policy", "default_encryption", "versioning", "acl_grants",
             "object_ownership", "logging"),
    derive=_bucket_derive)

TABLES: list[Table] = [BUCKET]
