"""Kinesis Data Streams: ListStreams, then DescribeStreamSummary per stream (no batch form exists)."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.operations.kinesis import KinesisStream
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.operations._calls import listing
from ssrm.sources.aws.context import CollectContext

STREAM = KinesisStream.resource_type
DESCRIBED = ("status", "encryption_type", "kms_key_id", "retention_hours")


def collect(ctx: CollectContext) -> None:
    names, _ = listing(ctx, "list_streams", "StreamNames", resource_types=(STREAM,))
    for stream in ctx.parallel(lambda n: read_stream(ctx, n), names or []):
        ctx.add(stream)


def read_stream(ctx: CollectContext, name: str) -> KinesisStream:
    base: dict[str, Any] = {"arn": ctx.arn("kinesis", f"stream/{name}"), "id": name, "name": name,
                            "account": ctx.account, "region": ctx.region}
    reply = ctx.call("describe_stream_summary", StreamName=name, resource=name)
    if not reply.ok:
        return KinesisStream(**base, unknown=dict.fromkeys(DESCRIBED, reply.reason))
    summary = reply.get("StreamDescriptionSummary") or {}
    base["arn"] = summary.get("StreamARN") or base["arn"]
    return KinesisStream(**base, status=summary.get("StreamStatus", ""),
                         encryption_type=summary.get("EncryptionType") or "NONE",
                         kms_key_id=summary.get("KeyId") or None,
                         retention_hours=int(summary.get("RetentionPeriodHours") or 24))


COLLECTOR = Collector(
    name="kinesis",
    client="kinesis",
    scope="regional",
    resource_types=(STREAM,),
    actions=("kinesis:ListStreams", "kinesis:DescribeStreamSummary"),
    collect=collect,
    title="Kinesis Data Streams",
)
