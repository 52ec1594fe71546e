"""S3: every bucket (listed once, globally) with its access, encryption, versioning, logging and lifecycle.

Per bucket at most 8 calls: policy, ownership controls, ACL (skipped when ownership is
BucketOwnerEnforced: ACLs are disabled then), public access block, default encryption, versioning,
logging, lifecycle. The region comes from ListBuckets' BucketRegion. Where an endpoint leaves that out
(older endpoints, the emulator) the regions come from ListBuckets filtered by region (one call per
scanned region plus one control region, not one GetBucketLocation per bucket); only a bucket those
listings do not place gets its own GetBucketLocation. Tags come from one Resource Groups Tagging API call
per bucket region instead of one GetBucketTagging per bucket.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.data.s3 import (
    AclGrant,
    BucketEncryption,
    BucketLogging,
    BucketVersioning,
    LifecycleRule,
    PublicAccessBlock,
    S3AccountPublicAccessBlock,
    S3Bucket,
)
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.data._shared import iso, parse_policy, tag_dict
from ssrm.sources.aws.context import CALL_ERRORS, CollectContext, Reply

BUCKET = S3Bucket.resource_type
ACCOUNT_BLOCK = S3AccountPublicAccessBlock.resource_type
# GetBucketLocation answers these legacy names for two regions.
LEGACY_LOCATIONS = {None: "us-east-1", "": "us-east-1", "EU": "eu-west-1"}


# A bucket's reads are independent, so they are issued together (seven at once; the ACL rides with the
# ownership read because it is skipped when ownership disables ACLs). Buckets go in chunks so a large account
# never holds more than a chunk's replies at once.
READS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("policy", "get_bucket_policy", ("NoSuchBucketPolicy",)),
    ("ownership", "get_bucket_ownership_controls", ("OwnershipControlsNotFoundError",)),
    ("block", "get_public_access_block", ("NoSuchPublicAccessBlockConfiguration",)),
    ("encryption", "get_bucket_encryption", ("ServerSideEncryptionConfigurationNotFoundError",)),
    ("versioning", "get_bucket_versioning", ()),
    ("logging", "get_bucket_logging", ()),
    ("lifecycle", "get_bucket_lifecycle_configuration", ("NoSuchLifecycleConfiguration",)),
)
CHUNK = 2048


def collect(ctx: CollectContext) -> None:
    if ctx.leads:
        collect_account_block(ctx)
    listed = ctx.pages("list_buckets", "Buckets", resource_types=(BUCKET,))
    buckets = ctx.mine(listed or [], lambda b: str(b["Name"]))
    if not buckets:
        return
    regions = bucket_regions(ctx, buckets)
    contexts = {r: CollectContext(ctx.session, ctx.collector, r) for r in set(regions) if r}
    tags = {r: tags_in_region(rc) for r, rc in contexts.items()}
    pairs = list(zip(buckets, regions, strict=True))
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start:start + CHUNK]
        jobs = [(i, read) for i in range(len(chunk)) for read in READS]

        def one(job: tuple[int, tuple[str, str, tuple[str, ...]]],
                chunk: list[Any] = chunk) -> tuple[Reply, Reply | None]:
            """One read, and after the ownership read the ACL read it allows (else None)."""
            i, (name, operation, absent) = job
            bucket, region = chunk[i]
            rc = contexts.get(region or "") or ctx
            reply = rc.call(operation, Bucket=bucket["Name"], absent=absent, resource=bucket["Name"])
            if name == "ownership" and ownership_of(reply) != "BucketOwnerEnforced":
                return reply, rc.call("get_bucket_acl", Bucket=bucket["Name"], resource=bucket["Name"])
            return reply, None

        replies = ctx.parallel(one, jobs)
        for i, (bucket, region) in enumerate(chunk):
            mine = replies[i * len(READS):(i + 1) * len(READS)]
            got = {name: reply for (name, _, _), (reply, _) in zip(READS, mine, strict=True)}
            acl = mine[[name for name, _, _ in READS].index("ownership")][1]
            ctx.add(read_bucket(ctx, bucket, region, tags.get(region or ""), got, acl))


def ownership_of(reply: Reply) -> str | None:
    if not reply.ok:
        return None
    rules = (reply.get("OwnershipControls") or {}).get("Rules") or [{}]
    owner = rules[0].get("ObjectOwnership")
    return str(owner) if owner is not None else None


def bucket_regions(ctx: CollectContext, buckets: list[dict[str, Any]]) -> list[str | None]:
    """Each bucket's region (None where it could not be read), in the order of ``buckets``."""
    placed: dict[str, str] = {}
    unplaced = [b for b in buckets if not b.get("BucketRegion")]
    probes = probe_regions(ctx)
    if len(unplaced) > len(probes):
        placed = regions_by_listing(ctx, probes)
    return ctx.parallel(lambda b: placed.get(b["Name"]) or bucket_region(ctx, b), buckets)


def probe_regions(ctx: CollectContext) -> list[str]:
    """The regions to list buckets by: those scanned, and one more of the partition as a control (an
    endpoint that ignores the filter answers every bucket for both, so nothing is placed on its word)."""
    scanned = list(dict.fromkeys(ctx.session.scan_regions or [ctx.region]))
    others = sorted(set(ctx.session.boto.get_available_regions("s3", partition_name=ctx.partition)) - set(scanned))
    return scanned + others[:1]


def regions_by_listing(ctx: CollectContext, regions: list[str]) -> dict[str, str]:
    """Bucket name -> region from ListBuckets filtered by each region. A bucket named by two listings is
    placed by neither, and when any listing failed none is trusted (the control could not be checked): the
    buckets not placed fall back to GetBucketLocation, which records the gap if that fails too."""
    listings = ctx.parallel(lambda region: (region, listed_in(ctx, region)), regions)
    if any(names is None for _, names in listings):
        return {}
    seen: dict[str, str | None] = {}
    for region, names in listings:
        for name in names or []:
            seen[name] = region if name not in seen else None
    return {name: region for name, region in seen.items() if region is not None}


def listed_in(ctx: CollectContext, region: str) -> list[str] | None:
    """Names of the buckets ListBuckets answers for ``region``; None when the listing failed (no gap: every
    bucket it would have placed is still located one by one)."""
    names: list[str] = []
    try:
        for page in ctx.client().get_paginator("list_buckets").paginate(BucketRegion=region):
            names.extend(b["Name"] for b in page.get("Buckets") or [] if "Name" in b)
    except CALL_ERRORS:
        return None
    return names


def bucket_region(ctx: CollectContext, bucket: dict[str, Any]) -> str | None:
    if bucket.get("BucketRegion"):
        return str(bucket["BucketRegion"])
    reply = ctx.call("get_bucket_location", Bucket=bucket["Name"], resource=bucket["Name"])
    if not reply.ok:
        return None
    location = reply.get("LocationConstraint")
    region = LEGACY_LOCATIONS.get(location, location)  # no constraint (None) means us-east-1
    return None if region is None else str(region)


def tags_in_region(rc: CollectContext) -> dict[str, dict[str, str]] | None:
    """Tags of every tagged bucket in the region, by ARN; None when the tagging API refused."""
    mappings = rc.pages("get_resources", "ResourceTagMappingList", service="resourcegroupstaggingapi",
                        ResourceTypeFilters=["s3"])
    if mappings is None:
        return None
    return {m["ResourceARN"]: tag_dict(m.get("Tags")) for m in mappings if "ResourceARN" in m}


def read_bucket(ctx: CollectContext, bucket: dict[str, Any], region: str | None,
                region_tags: dict[str, dict[str, str]] | None, got: dict[str, Reply],
                acl: Reply | None) -> S3Bucket:
    """The bucket record from its replies (``acl`` is None when ownership disabled ACLs)."""
    name = bucket["Name"]
    arn = f"arn:{ctx.partition}:s3:::{name}"
    unknown: dict[str, str] = {}
    fields: dict[str, Any] = {}

    policy = got["policy"]
    if policy.ok:
        fields["policy"], why = parse_policy(policy.get("Policy"))
        if why:
            unknown["policy"] = why
    elif not policy.absent:
        unknown["policy"] = policy.reason

    ownership = got["ownership"]
    if ownership.ok:
        fields["object_ownership"] = ownership_of(ownership)
    elif not ownership.absent:
        unknown["object_ownership"] = ownership.reason
    if acl is not None:
        if acl.ok:
            fields["acl_grants"] = [grant_of(g) for g in acl.get("Grants") or []]
            fields["owner_id"] = (acl.get("Owner") or {}).get("ID")
        else:
            unknown["acl_grants"] = acl.reason

    block = got["block"]
    if block.ok:
        fields["public_access_block"] = block_of(block.get("PublicAccessBlockConfiguration") or {})
    elif not block.absent:
        unknown["public_access_block"] = block.reason

    encryption = got["encryption"]
    if encryption.ok:
        fields["default_encryption"] = encryption_of(encryption.get("ServerSideEncryptionConfiguration") or {})
    elif not encryption.absent:
        unknown["default_encryption"] = encryption.reason

    versioning = got["versioning"]
    if versioning.ok:
        fields["versioning"] = BucketVersioning(status=versioning.get("Status") or "Disabled",
                                                mfa_delete=versioning.get("MFADelete") == "Enabled")
    else:
        unknown["versioning"] = versioning.reason

    logging = got["logging"]
    if logging.ok:
        enabled = logging.get("LoggingEnabled")
        if enabled:
            fields["logging"] = BucketLogging(target_bucket=enabled.get("TargetBucket", ""),
                                              target_prefix=enabled.get("TargetPrefix", ""))
    else:
        unknown["logging"] = logging.reason

    lifecycle = got["lifecycle"]
    if lifecycle.ok:
        fields["lifecycle_rules"] = [lifecycle_rule_of(r) for r in lifecycle.get("Rules") or []]
    elif not lifecycle.absent:
        unknown["lifecycle_rules"] = lifecycle.reason

    if region is None:
        unknown["region"] = "GetBucketLocation failed"
    if region_tags is None:
        unknown["tags"] = "the Resource Groups Tagging API could not be read in the bucket's region"
    return S3Bucket(
        arn=arn, id=name, name=name, account=ctx.account, region=region or "global",
        tags=(region_tags or {}).get(arn, {}), creation_date=iso(bucket.get("CreationDate")),
        unknown=unknown, **fields,
    )


def grant_of(grant: dict[str, Any]) -> AclGrant:
    grantee = grant.get("Grantee") or {}
    who = grantee.get("URI") or grantee.get("ID") or grantee.get("EmailAddress") or ""
    return AclGrant(grantee_type=grantee.get("Type", ""), grantee=who, permission=grant.get("Permission", ""))


def block_of(config: dict[str, Any]) -> PublicAccessBlock:
    return PublicAccessBlock(
        block_public_acls=bool(config.get("BlockPublicAcls")),
        ignore_public_acls=bool(config.get("IgnorePublicAcls")),
        block_public_policy=bool(config.get("BlockPublicPolicy")),
        restrict_public_buckets=bool(config.get("RestrictPublicBuckets")),
    )


def encryption_of(config: dict[str, Any]) -> BucketEncryption | None:
    for rule in config.get("Rules") or []:
        default = rule.get("ApplyServerSideEncryptionByDefault") or {}
        if default.get("SSEAlgorithm"):
            return BucketEncryption(algorithm=default["SSEAlgorithm"], kms_key_id=default.get("KMSMasterKeyID"),
                                    bucket_key_enabled=bool(rule.get("BucketKeyEnabled")))
    return None


def lifecycle_rule_of(rule: dict[str, Any]) -> LifecycleRule:
    expiration = rule.get("Expiration") or {}
    noncurrent = rule.get("NoncurrentVersionExpiration") or {}
    return LifecycleRule(
        id=rule.get("ID", ""), enabled=rule.get("Status") == "Enabled",
        expiration_days=expiration.get("Days"), noncurrent_expiration_days=noncurrent.get("NoncurrentDays"),
        transitions=len(rule.get("Transitions") or []) + len(rule.get("NoncurrentVersionTransitions") or []),
    )


def collect_account_block(ctx: CollectContext) -> None:
    if ctx.session.options.endpoint_overridden("S3_CONTROL"):
        drop_account_host_prefix(ctx.client("s3control"), ctx.account)
    reply = ctx.call("get_public_access_block", service="s3control", AccountId=ctx.account,
                     absent=("NoSuchPublicAccessBlockConfiguration",), resource_types=(ACCOUNT_BLOCK,))
    if not reply.ok and not reply.absent:
        return  # the gap makes the account rule ERROR; bucket rules see no record and ERROR too
    config = reply.get("PublicAccessBlockConfiguration")
    ctx.add(S3AccountPublicAccessBlock(
        arn=f"arn:{ctx.partition}:s3::{ctx.account}:account", id=ctx.account, name="account public access block",
        account=ctx.account, region="global", configured=config is not None, settings=block_of(config or {}),
    ))


def drop_account_host_prefix(client: Any, account: str) -> None:
    """With an endpoint override, S3 Control's endpoint rules still put the account id in front of the host
    (``123456789012.127.0.0.1``), which does not resolve; ``inject_host_prefix=False`` does not reach them.
    Only ever registered when an endpoint override is in use, so real AWS keeps its prefixed host."""

    def strip(request: Any, **_: Any) -> None:
        request.url = request.url.replace(f"://{account}.", "://", 1)

    client.meta.events.register("before-sign.s3-control", strip, unique_id="ssrm-s3control-no-account-host")


COLLECTOR = Collector(
    name="s3",
    client="s3",
    scope="global",
    resource_types=(BUCKET, ACCOUNT_BLOCK),
    actions=(
        "s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetBucketPolicy", "s3:GetBucketOwnershipControls",
        "s3:GetBucketAcl", "s3:GetBucketPublicAccessBlock", "s3:GetEncryptionConfiguration",
        "s3:GetBucketVersioning", "s3:GetBucketLogging", "s3:GetLifecycleConfiguration",
        "s3:GetAccountPublicAccessBlock", "tag:GetResources",
    ),
    collect=collect,
    title="S3",
    shardable=True,
)


def collect_bucket(ctx: CollectContext, name: str, previous: Any = None) -> bool:
    """One bucket, for ``ssrm watch --trail``: its location, the same reads as a scan, and its tags by ARN.

    Returns False when the bucket could not be read (the caller re-collects the service instead); a bucket
    that no longer exists is read as gone (nothing added, True). ListBuckets is not called, so the creation
    date is the one the previous record had.
    """
    located = ctx.call("get_bucket_location", Bucket=name, resource=name, absent=("NoSuchBucket",))
    if located.absent:
        return True
    if not located.ok:
        return False
    location = located.get("LocationConstraint")
    region = str(LEGACY_LOCATIONS.get(location, location) or "us-east-1")
    rc = CollectContext(ctx.session, ctx.collector, region)
    arn = f"arn:{ctx.partition}:s3:::{name}"
    got = {key: rc.call(operation, Bucket=name, absent=absent, resource=name) for key, operation, absent in READS}
    acl = None
    if ownership_of(got["ownership"]) != "BucketOwnerEnforced":
        acl = rc.call("get_bucket_acl", Bucket=name, resource=name)
    mappings = rc.pages("get_resources", "ResourceTagMappingList", service="resourcegroupstaggingapi",
                        ResourceARNList=[arn])
    tags = None if mappings is None else {m["ResourceARN"]: tag_dict(m.get("Tags")) for m in mappings
                                          if "ResourceARN" in m}
    created = getattr(previous, "creation_date", None)
    listed = {"Name": name, **({"CreationDate": created} if created else {})}
    ctx.add(read_bucket(ctx, listed, region, tags, got, acl))
    return True
