"""SQS: queues with their encryption and access policy (one GetQueueAttributes per queue)."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.data.sqs import SqsQueue
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.data._shared import flag, parse_policy
from ssrm.sources.aws.context import CollectContext

QUEUE = SqsQueue.resource_type
DETAIL_FIELDS = ("kms_master_key_id", "sqs_managed_sse", "policy")


def collect(ctx: CollectContext) -> None:
    urls = ctx.pages("list_queues", "QueueUrls", resource_types=(QUEUE,))
    for queue in ctx.parallel(lambda url: read_queue(ctx, url), urls or []):
        ctx.add(queue)


def read_queue(ctx: CollectContext, url: str) -> SqsQueue:
    name = url.rstrip("/").rsplit("/", 1)[-1]
    reply = ctx.call("get_queue_attributes", QueueUrl=url, AttributeNames=["All"], resource=name)
    base: dict[str, Any] = {"id": name, "name": name, "url": url, "account": ctx.account, "region": ctx.region,
                            "fifo": name.endswith(".fifo")}
    if not reply.ok:
        return SqsQueue(arn=ctx.arn("sqs", name), **base, unknown=dict.fromkeys(DETAIL_FIELDS, reply.reason))
    attributes: dict[str, Any] = reply.get("Attributes") or {}
    policy, why = parse_policy(attributes.get("Policy"))
    redrive, _ = parse_policy(attributes.get("RedrivePolicy"))
    return SqsQueue(
        arn=attributes.get("QueueArn") or ctx.arn("sqs", name), **base,
        kms_master_key_id=attributes.get("KmsMasterKeyId") or None,
        sqs_managed_sse=flag(attributes.get("SqsManagedSseEnabled")), policy=policy,
        dead_letter_target_arn=(redrive or {}).get("deadLetterTargetArn"),
        unknown={"policy": why} if why else {},
    )


COLLECTOR = Collector(
    name="sqs",
    client="sqs",
    scope="regional",
    resource_types=(QUEUE,),
    actions=("sqs:ListQueues", "sqs:GetQueueAttributes"),
    collect=collect,
    title="SQS",
)
