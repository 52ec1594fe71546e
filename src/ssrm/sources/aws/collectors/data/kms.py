"""KMS: keys with their state, rotation, policy, tags and aliases.

AWS-managed keys (KeyManager AWS) are listed for completeness but their rotation, policy and tags are
AWS's to manage: those calls are made for customer-managed keys only.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.data.kms import KmsKey
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.data._shared import iso, parse_policy, tag_dict
from ssrm.sources.aws.context import CollectContext

KEY = KmsKey.resource_type
ROTATION_STATES = {"Enabled", "Disabled"}


def collect(ctx: CollectContext) -> None:
    keys = ctx.pages("list_keys", "Keys", resource_types=(KEY,))
    if not keys:
        return
    aliases = ctx.pages("list_aliases", "Aliases")
    by_key: dict[str, list[str]] = {}
    for alias in aliases or []:
        if alias.get("TargetKeyId"):
            by_key.setdefault(alias["TargetKeyId"], []).append(alias["AliasName"])
    aliases_unknown = "ListAliases failed" if aliases is None else None
    for key in ctx.parallel(lambda k: read_key(ctx, k, by_key, aliases_unknown), keys):
        ctx.add(key)


def read_key(ctx: CollectContext, listed: dict[str, Any], aliases: dict[str, list[str]],
             aliases_unknown: str | None) -> KmsKey:
    key_id = listed["KeyId"]
    arn = listed.get("KeyArn") or ctx.arn("kms", f"key/{key_id}")
    unknown: dict[str, str] = {"aliases": aliases_unknown} if aliases_unknown else {}
    base = {"arn": arn, "id": key_id, "account": ctx.account, "region": ctx.region}
    described = ctx.call("describe_key", KeyId=key_id, resource=key_id)
    if not described.ok:
        for name in ("key_manager", "key_state", "key_spec", "rotation_enabled", "policy", "tags"):
            unknown[name] = described.reason
        return KmsKey(**base, name=first(aliases.get(key_id)) or key_id, unknown=unknown)
    meta = described.get("KeyMetadata") or {}
    names = sorted(aliases.get(key_id, []))
    fields: dict[str, Any] = {
        "key_manager": meta.get("KeyManager", "CUSTOMER"), "key_state": meta.get("KeyState", "Enabled"),
        "key_spec": meta.get("KeySpec") or meta.get("CustomerMasterKeySpec") or "SYMMETRIC_DEFAULT",
        "key_usage": meta.get("KeyUsage", "ENCRYPT_DECRYPT"), "origin_type": meta.get("Origin", "AWS_KMS"),
        "description": meta.get("Description", ""), "deletion_date": iso(meta.get("DeletionDate")),
        "multi_region": bool(meta.get("MultiRegion")), "aliases": names,
    }
    tags: dict[str, str] = {}
    if fields["key_manager"] == "CUSTOMER":
        rotatable = fields["key_spec"] == "SYMMETRIC_DEFAULT" and fields["origin_type"] == "AWS_KMS"
        if rotatable and fields["key_state"] in ROTATION_STATES:
            rotation = ctx.call("get_key_rotation_status", KeyId=key_id, resource=key_id)
            if rotation.ok:
                fields["rotation_enabled"] = bool(rotation.get("KeyRotationEnabled"))
            else:
                unknown["rotation_enabled"] = rotation.reason
        policy = ctx.call("get_key_policy", KeyId=key_id, PolicyName="default", resource=key_id)
        if policy.ok:
            fields["policy"], why = parse_policy(policy.get("Policy"))
            if why:
                unknown["policy"] = why
        else:
            unknown["policy"] = policy.reason
        listed_tags = ctx.pages("list_resource_tags", "Tags", KeyId=key_id, resource=key_id)
        if listed_tags is None:
            unknown["tags"] = "ListResourceTags failed"
        else:
            tags = tag_dict(listed_tags, "TagKey", "TagValue")
    return KmsKey(**base, **fields, name=first(names) or key_id, tags=tags, unknown=unknown)


def first(names: list[str] | None) -> str | None:
    return sorted(names)[0].removeprefix("alias/") if names else None


COLLECTOR = Collector(
    name="kms",
    client="kms",
    scope="regional",
    resource_types=(KEY,),
    actions=("kms:ListKeys", "kms:ListAliases", "kms:DescribeKey", "kms:GetKeyRotationStatus",
             "kms:GetKeyPolicy", "kms:ListResourceTags"),
    collect=collect,
    title="KMS",
)
