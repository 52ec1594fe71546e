"""S3, opt-in: each bucket's replication, event notifications and Object Lock (FSBP S3.7, S3.11, S3.15).

Three more calls per bucket than the default S3 scan's budget allows, so this collector runs only when named:
``--services s3,s3-extra``. Without it the rules that need these settings say ERROR and how to enable it.
"""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.data.s3_extra import ReplicationRule, S3BucketDetails
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.data.s3 import bucket_regions
from ssrm.sources.aws.context import CollectContext, Reply

DETAILS = S3BucketDetails.resource_type
# the notification kinds GetBucketNotificationConfiguration lists, with the key naming each target
NOTIFICATION_KINDS = (("TopicConfigurations", "TopicArn"), ("QueueConfigurations", "QueueArn"),
                      ("LambdaFunctionConfigurations", "LambdaFunctionArn"))


def collect(ctx: CollectContext) -> None:
    listed = ctx.pages("list_buckets", "Buckets", resource_types=(DETAILS,))
    buckets = ctx.mine(listed or [], lambda b: str(b["Name"]))
    if not buckets:
        return
    regions = bucket_regions(ctx, buckets)
    contexts = {r: CollectContext(ctx.session, ctx.collector, r) for r in set(regions) if r}

    def read(pair: tuple[dict[str, Any], str | None]) -> S3BucketDetails:
        bucket, region = pair
        rc = contexts.get(region or "") or ctx
        name = bucket["Name"]
        replication = rc.call("get_bucket_replication", Bucket=name, resource=name,
                              absent=("ReplicationConfigurationNotFoundError",))
        notifications = rc.call("get_bucket_notification_configuration", Bucket=name, resource=name)
        lock = rc.call("get_object_lock_configuration", Bucket=name, resource=name,
                       absent=("ObjectLockConfigurationNotFoundError",))
        return details_of(ctx, name, region, replication, notifications, lock)

    for record in ctx.parallel(read, list(zip(buckets, regions, strict=True))):
        ctx.add(record)


def details_of(ctx: CollectContext, name: str, region: str | None, replication: Reply, notifications: Reply,
               lock: Reply) -> S3BucketDetails:
    unknown: dict[str, str] = {}
    fields: dict[str, Any] = {}
    if replication.ok:
        rules = (replication.get("ReplicationConfiguration") or {}).get("Rules") or []
        fields["replication_rules"] = [ReplicationRule(
            id=r.get("ID", ""), enabled=r.get("Status") == "Enabled",
            destination_bucket=(r.get("Destination") or {}).get("Bucket", "")) for r in rules]
    elif not replication.absent:
        unknown["replication_rules"] = replication.reason
    if notifications.ok:
        fields["notification_targets"] = notification_targets(notifications.data or {})
    else:
        unknown["notification_targets"] = notifications.reason
    if lock.ok:
        config = lock.get("ObjectLockConfiguration") or {}
        fields["object_lock"] = config.get("ObjectLockEnabled") == "Enabled"
        fields["object_lock_mode"] = ((config.get("Rule") or {}).get("DefaultRetention") or {}).get("Mode")
    elif not lock.absent:
        unknown["object_lock"] = lock.reason
    return S3BucketDetails(arn=f"arn:{ctx.partition}:s3:::{name}", id=name, name=name, account=ctx.account,
                           region=region or "global", unknown=unknown, **fields)


def notification_targets(config: dict[str, Any]) -> list[str]:
    targets = [str(c.get(key, kind)) for kind, key in NOTIFICATION_KINDS for c in config.get(kind) or []]
    if "EventBridgeConfiguration" in config:
        targets.append("EventBridge")
    return targets


COLLECTOR = Collector(
    name="s3-extra",
    client="s3",
    scope="global",
    resource_types=(DETAILS,),
    actions=("s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetReplicationConfiguration",
             "s3:GetBucketNotification", "s3:GetBucketObjectLockConfiguration"),
    collect=collect,
    title="S3 replication, notifications, Object Lock",
    opt_in=True,
    shardable=True,
)
