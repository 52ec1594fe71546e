"""One view of the settings AWS gives a new S3 bucket, shared by the Terraform and CloudFormation mappers.

Since April 2023 every new bucket starts with all four Block Public Access settings on and Object
Ownership ``BucketOwnerEnforced`` (ACLs disabled); since January 2023 every object is encrypted with
SSE-S3 (AWS News Blog, "Heads-Up: Amazon S3 Security Changes Are Coming in April of 2023"; S3 User
Guide, "Default encryption"). Code that does not mention a setting gets that default.

An explicit setting wins over a default it contradicts: a bucket that declares a public canned ACL has
ACLs enabled and the two ACL switches of Block Public Access off (otherwise its own ACL could not be
applied), and a bucket whose policy is open to anyone has the two policy switches off. The author asked
for a public bucket, and the rules judge what was asked for rather than the default that would make the
deployment fail.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.data.s3 import AclGrant, BucketEncryption, PublicAccessBlock
from ssrm.sources.iac.unknown import Unknown

AWS_DEFAULT_ENCRYPTION = BucketEncryption(algorithm="AES256")
DEFAULT_OWNERSHIP = "BucketOwnerEnforced"
ACLS_ENABLED = "ObjectWriter"  # what a bucket with a declared ACL must have for the ACL to apply


def _public_grants(grants: Any) -> bool:
    return isinstance(grants, list) and any(isinstance(g, AclGrant) and g.is_public for g in grants)


def _public_policy(policy: Any) -> bool | Unknown:
    """Does the policy explicitly open the bucket to anyone: an Allow to Principal "*" with no condition?

    A plain reading of what the author wrote, enough to know that Block Public Access must have been
    relaxed for the policy to apply; whether a policy is really public (conditions, NotPrincipal) is the
    policy rules' question, answered by the IAM evaluator.
    """
    if isinstance(policy, Unknown):
        return policy
    if not isinstance(policy, dict):
        return False
    statements = policy.get("Statement")
    for statement in statements if isinstance(statements, list) else [statements]:
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow" or statement.get("Condition"):
            continue
        principal = statement.get("Principal")
        named = principal.get("AWS") if isinstance(principal, dict) else principal
        if named == "*" or (isinstance(named, list) and "*" in named):
            return True
    return False


def default_ownership(grants: Any) -> Any:
    """Object Ownership for a bucket whose code does not set it."""
    if isinstance(grants, Unknown):
        return grants
    return ACLS_ENABLED if _public_grants(grants) else DEFAULT_OWNERSHIP


def default_public_access_block(grants: Any, policy: Any) -> Any:
    """Block Public Access for a bucket whose code declares none: on, except what an explicit setting opens."""
    if isinstance(grants, Unknown):
        return Unknown(f"Block Public Access is on by default unless the bucket's ACL opens it: {grants.reason}")
    public_policy = _public_policy(policy)
    if isinstance(public_policy, Unknown):
        return Unknown("Block Public Access is on by default unless the bucket policy opens it: "
                       f"{public_policy.reason}")
    acl_open = _public_grants(grants)
    return PublicAccessBlock(block_public_acls=not acl_open, ignore_public_acls=not acl_open,
                             block_public_policy=not public_policy, restrict_public_buckets=not public_policy)


def lifecycle_rules(rules: Any, fmt: str) -> Any:
    """Lifecycle rules: Terraform ``rule``/``lifecycle_rule`` blocks or CloudFormation ``Rules``."""
    from ssrm.model.resources.data.s3 import LifecycleRule
    from ssrm.sources.iac.unknown import find_unknown

    if isinstance(rules, Unknown) or find_unknown(rules) is not None:
        return find_unknown(rules)
    found: list[LifecycleRule] = []
    for rule in rules or []:
        if not isinstance(rule, dict):
            continue
        if fmt == "terraform":
            status = rule.get("status")
            enabled = status == "Enabled" if status is not None else rule.get("enabled", True) is not False
            expiration = _first(rule.get("expiration")).get("days")
            noncurrent = _first(rule.get("noncurrent_version_expiration"))
            noncurrent_days = noncurrent.get("noncurrent_days", noncurrent.get("days"))
            transitions = len(rule.get("transition") or [])
            found.append(LifecycleRule(id=str(rule.get("id") or ""), enabled=enabled, expiration_days=expiration,
                                       noncurrent_expiration_days=noncurrent_days, transitions=transitions))
        else:
            noncurrent = rule.get("NoncurrentVersionExpiration") or {}
            found.append(LifecycleRule(
                id=str(rule.get("Id") or ""), enabled=rule.get("Status") == "Enabled",
                expiration_days=rule.get("ExpirationInDays"),
                noncurrent_expiration_days=noncurrent.get("NoncurrentDays") or rule.get(
                    "NoncurrentVersionExpirationInDays"),
                transitions=len(rule.get("Transitions") or []) + (1 if rule.get("Transition") else 0)))
    return found


def _first(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        value = value[0] if value else {}
    return value if isinstance(value, dict) else {}
