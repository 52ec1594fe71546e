"""aws_s3_bucket's fields from the bucket and its companion resources (public access block, policy,
encryption, versioning...): the S3 table (``tables_s3.py``) derives them here."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.data.s3 import (
    ALL_USERS_URI,
    AUTHENTICATED_USERS_URI,
    AclGrant,
    BucketEncryption,
    BucketLogging,
    BucketVersioning,
    PublicAccessBlock,
)
from ssrm.sources.iac.mapping.build import Links, first_block, policy_document, sub
from ssrm.sources.iac.mapping.s3_defaults import (
    AWS_DEFAULT_ENCRYPTION,
    default_ownership,
    default_public_access_block,
    lifecycle_rules,
)
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown

CANNED_ACLS = {
    "public-read": [(ALL_USERS_URI, "READ")],
    "public-read-write": [(ALL_USERS_URI, "READ"), (ALL_USERS_URI, "WRITE")],
    "authenticated-read": [(AUTHENTICATED_USERS_URI, "READ")],
}
__all__ = ["AWS_DEFAULT_ENCRYPTION", "bucket_values", "canned_acl_grants"]


def canned_acl_grants(acl: Any) -> Any:
    if isinstance(acl, Unknown):
        return acl
    return [AclGrant(grantee_type="Group", grantee=uri, permission=perm)
            for uri, perm in CANNED_ACLS.get(acl or "", [])]


def _acl_resource_grants(attrs: dict[str, Any]) -> Any:
    """``aws_s3_bucket_acl``: a canned ``acl`` or explicit grants in ``access_control_policy``."""
    if attrs.get("acl") is not None:
        return canned_acl_grants(attrs.get("acl"))
    policy = first_block(attrs.get("access_control_policy"))
    if isinstance(policy, Unknown):
        return policy
    grants: list[Any] = []
    for grant in policy.get("grant") or []:
        grantee = first_block(grant.get("grantee"))
        if isinstance(grantee, Unknown):
            return grantee
        target = grantee.get("uri") or grantee.get("id") or grantee.get("email_address")
        grants.append(sub(AclGrant, grantee_type=grantee.get("type") or "CanonicalUser", grantee=target or "",
                          permission=grant.get("permission") or ""))
    missing = next((g for g in grants if isinstance(g, Unknown)), None)
    return missing if missing is not None else grants


def _companion(links: Links, kind: str, bucket: RawResource) -> RawResource | Unknown | None:
    found = links.referencing(kind, "bucket", bucket)
    if found:
        return found[-1]
    return links.unresolved(kind, "bucket")


def _encryption(config: dict[str, Any]) -> Any:
    rule = first_block(config.get("rule"))
    if isinstance(rule, Unknown):
        return rule
    default = first_block(rule.get("apply_server_side_encryption_by_default"))
    if isinstance(default, Unknown):
        return default
    return sub(BucketEncryption, algorithm=default.get("sse_algorithm") or "AES256",
               kms_key_id=default.get("kms_master_key_id") or None,
               bucket_key_enabled=bool(rule.get("bucket_key_enabled") or False))


def _versioning(config: dict[str, Any]) -> Any:
    status = config.get("status") if "status" in config else ("Enabled" if config.get("enabled") else "Disabled")
    mfa = config.get("mfa_delete")
    return sub(BucketVersioning, status=status or "Disabled",
               mfa_delete=mfa in (True, "Enabled") if not isinstance(mfa, Unknown) else mfa)


def bucket_values(raw: RawResource, links: Links) -> dict[str, Any]:
    """Every field of a bucket, joined from its companion resources (the S3 table derives them all)."""
    a = raw.attrs
    pab = _companion(links, "aws_s3_bucket_public_access_block", raw)
    if isinstance(pab, RawResource):
        p = pab.attrs
        public_access_block: Any = sub(
            PublicAccessBlock, block_public_acls=p.get("block_public_acls", False),
            ignore_public_acls=p.get("ignore_public_acls", False),
            block_public_policy=p.get("block_public_policy", False),
            restrict_public_buckets=p.get("restrict_public_buckets", False))
    else:
        public_access_block = pab  # Unknown (a companion may name it) or None (the AWS default, below)

    policy: Any = policy_document(a.get("policy"))
    policy_res = _companion(links, "aws_s3_bucket_policy", raw)
    if policy_res is not None:
        policy = policy_document(policy_res.attrs.get("policy")) if isinstance(policy_res, RawResource) \
            else policy_res

    encryption: Any = AWS_DEFAULT_ENCRYPTION
    if a.get("server_side_encryption_configuration"):
        encryption = _encryption(first_block(a["server_side_encryption_configuration"]))
    enc_res = _companion(links, "aws_s3_bucket_server_side_encryption_configuration", raw)
    if enc_res is not None:
        encryption = _encryption(enc_res.attrs) if isinstance(enc_res, RawResource) else enc_res

    versioning: Any = BucketVersioning()
    if a.get("versioning"):
        versioning = _versioning(first_block(a["versioning"]))
    ver_res = _companion(links, "aws_s3_bucket_versioning", raw)
    if ver_res is not None:
        versioning = _versioning(first_block(ver_res.attrs.get("versioning_configuration"))) \
            if isinstance(ver_res, RawResource) else ver_res

    grants: Any = canned_acl_grants(a.get("acl"))
    acl_res = _companion(links, "aws_s3_bucket_acl", raw)
    if acl_res is not None:
        grants = _acl_resource_grants(acl_res.attrs) if isinstance(acl_res, RawResource) else acl_res
    if public_access_block is None:
        public_access_block = default_public_access_block(grants, policy)

    ownership: Any = default_ownership(grants)  # see s3_defaults: an explicit public ACL wins over the default
    own_res = _companion(links, "aws_s3_bucket_ownership_controls", raw)
    if own_res is not None:
        ownership = first_block(own_res.attrs.get("rule")).get("object_ownership") \
            if isinstance(own_res, RawResource) else own_res

    logging: Any = None
    log_block = first_block(a.get("logging"))
    if log_block:
        logging = sub(BucketLogging, target_bucket=log_block.get("target_bucket"),
                      target_prefix=log_block.get("target_prefix") or "")
    log_res = _companion(links, "aws_s3_bucket_logging", raw)
    if log_res is not None:
        logging = sub(BucketLogging, target_bucket=log_res.attrs.get("target_bucket"),
                      target_prefix=log_res.attrs.get("target_prefix") or "") \
            if isinstance(log_res, RawResource) else log_res

    lifecycle: Any = lifecycle_rules(a.get("lifecycle_rule"), "terraform")
    life_res = _companion(links, "aws_s3_bucket_lifecycle_configuration", raw)
    if life_res is not None:
        lifecycle = lifecycle_rules(life_res.attrs.get("rule"), "terraform") \
            if isinstance(life_res, RawResource) else life_res

    return {"lifecycle_rules": lifecycle, "public_access_block": public_access_block, "policy": policy,
            "default_encryption": encryption, "versioning": versioning, "acl_grants": grants,
            "object_ownership": ownership, "logging": logging}


