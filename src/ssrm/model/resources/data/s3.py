"""S3 buckets and the account-wide S3 public access block."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ssrm.model.resource import Resource, resource_type

ALL_USERS_URI = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS_URI = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"


class PublicAccessBlock(BaseModel):
    """The four Block Public Access switches (bucket- or account-level)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    block_public_acls: bool = False
    ignore_public_acls: bool = False
    block_public_policy: bool = False
    restrict_public_buckets: bool = False

    @property
    def fully_on(self) -> bool:
        return all((self.block_public_acls, self.ignore_public_acls, self.block_public_policy,
                    self.restrict_public_buckets))

    def off_settings(self) -> list[str]:
        names = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
        values = (self.block_public_acls, self.ignore_public_acls, self.block_public_policy,
                  self.restrict_public_buckets)
        return [n for n, v in zip(names, values, strict=True) if not v]


class AclGrant(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    grantee_type: str  # CanonicalUser, Group, AmazonCustomerByEmail
    grantee: str  # canonical id, group URI or e-mail
    permission: str  # FULL_CONTROL, READ, WRITE, READ_ACP, WRITE_ACP

    @property
    def is_public(self) -> bool:
        return self.grantee in (ALL_USERS_URI, AUTHENTICATED_USERS_URI)


class BucketEncryption(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    algorithm: str  # AES256, aws:kms, aws:kms:dsse
    kms_key_id: str | None = None
    bucket_key_enabled: bool = False

    @property
    def uses_kms(self) -> bool:
        return self.algorithm.startswith("aws:kms")


class BucketVersioning(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    status: str = "Disabled"  # Enabled, Suspended, or Disabled (never configured)
    mfa_delete: bool = False


class BucketLogging(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    target_bucket: str
    target_prefix: str = ""


class LifecycleRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = ""
    enabled: bool = True
    expiration_days: int | None = None
    noncurrent_expiration_days: int | None = None
    transitions: int = 0


@resource_type
class S3Bucket(Resource):
    resource_type = "AWS::S3::Bucket"
    service = "s3"

    creation_date: str | None = None
    policy: dict[str, Any] | None = None
    acl_grants: list[AclGrant] = Field(default_factory=list)
    owner_id: str | None = None
    object_ownership: str | None = None  # BucketOwnerEnforced, BucketOwnerPreferred, ObjectWriter
    public_access_block: PublicAccessBlock | None = None
    default_encryption: BucketEncryption | None = None
    versioning: BucketVersioning = Field(default_factory=BucketVersioning)
    logging: BucketLogging | None = None
    lifecycle_rules: list[LifecycleRule] = Field(default_factory=list)

    @property
    def acls_disabled(self) -> bool:
        """With BucketOwnerEnforced, ACLs no longer grant anything."""
        return self.object_ownership == "BucketOwnerEnforced"


@resource_type
class S3AccountPublicAccessBlock(Resource):
    """The account-wide Block Public Access configuration (one per account; absent means all off)."""

    resource_type = "AWS::S3::AccountPublicAccessBlock"
    service = "s3"

    configured: bool = False
    settings: PublicAccessBlock = Field(default_factory=PublicAccessBlock)
