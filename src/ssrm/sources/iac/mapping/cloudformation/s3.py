"""An S3 bucket's fields from its template properties and bucket policies (derived for ``tables_s3.py``)."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.data.s3 import BucketEncryption, BucketLogging, BucketVersioning, PublicAccessBlock
from ssrm.sources.iac.mapping.build import Links, policy_document, sub
from ssrm.sources.iac.mapping.cloudformation.links import flag
from ssrm.sources.iac.mapping.s3_defaults import (
    AWS_DEFAULT_ENCRYPTION,
    default_ownership,
    default_public_access_block,
    lifecycle_rules,
)
from ssrm.sources.iac.mapping.terraform.s3 import canned_acl_grants
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown

CANNED = {"PublicRead": "public-read", "PublicReadWrite": "public-read-write",
          "AuthenticatedRead": "authenticated-read", "Private": "private"}


def _policy_from(links: Links, kind: str, attr: str, target: RawResource) -> Any:
    found = links.referencing(kind, attr, target)
    if found:
        return policy_document(found[-1].attrs.get("PolicyDocument"))
    return links.unresolved(kind, attr)


def bucket_values(raw: RawResource, links: Links) -> dict[str, Any]:
    """Every field of a bucket, with its AWS::S3::BucketPolicy (the S3 table derives them all)."""
    a = raw.attrs
    pab = a.get("PublicAccessBlockConfiguration")
    public_access_block = pab if isinstance(pab, Unknown) or pab is None else sub(
        PublicAccessBlock, block_public_acls=flag(pab.get("BlockPublicAcls"), False),
        ignore_public_acls=flag(pab.get("IgnorePublicAcls"), False),
        block_public_policy=flag(pab.get("BlockPublicPolicy"), False),
        restrict_public_buckets=flag(pab.get("RestrictPublicBuckets"), False))
    encryption: Any = AWS_DEFAULT_ENCRYPTION
    rules = (a.get("BucketEncryption") or {}).get("ServerSideEncryptionConfiguration") \
        if isinstance(a.get("BucketEncryption"), dict) else a.get("BucketEncryption")
    if isinstance(rules, Unknown):
        encryption = rules
    elif rules:
        default = rules[0].get("ServerSideEncryptionByDefault") or {}
        encryption = sub(BucketEncryption, algorithm=default.get("SSEAlgorithm") or "AES256",
                         kms_key_id=default.get("KMSMasterKeyID"),
                         bucket_key_enabled=flag(rules[0].get("BucketKeyEnabled"), False))
    versioning_config = a.get("VersioningConfiguration")
    versioning = versioning_config if isinstance(versioning_config, Unknown) else sub(
        BucketVersioning, status=(versioning_config or {}).get("Status") or "Disabled")
    log = a.get("LoggingConfiguration")
    logging = log if isinstance(log, Unknown) or log is None else sub(
        BucketLogging, target_bucket=log.get("DestinationBucketName") or "(this bucket)",
        target_prefix=log.get("LogFilePrefix") or "")
    acl = a.get("AccessControl")
    grants = canned_acl_grants(CANNED.get(acl, acl) if isinstance(acl, str) else acl)
    controls = a.get("OwnershipControls")
    ownership_rules = controls if isinstance(controls, Unknown) else (controls or {}).get("Rules") or []
    if isinstance(ownership_rules, Unknown):
        ownership: Any = ownership_rules
    else:  # see s3_defaults: an explicit public ACL wins over the default
        ownership = ownership_rules[0].get("ObjectOwnership") if ownership_rules else default_ownership(grants)
    policy = _policy_from(links, "AWS::S3::BucketPolicy", "Bucket", raw)
    if public_access_block is None:
        public_access_block = default_public_access_block(grants, policy)
    life = a.get("LifecycleConfiguration")
    lifecycle = lifecycle_rules(life if isinstance(life, Unknown) else (life or {}).get("Rules"), "cloudformation")
    return {"lifecycle_rules": lifecycle, "public_access_block": public_access_block, "policy": policy,
            "default_encryption": encryption, "versioning": versioning, "logging": logging,
            "object_ownership": ownership, "acl_grants": grants}


