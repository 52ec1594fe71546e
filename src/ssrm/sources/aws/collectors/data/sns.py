"""SNS: topics with their encryption and access policy (one GetTopicAttributes per topic)."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.data.sns import SnsTopic
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.data._shared import flag, parse_policy
from ssrm.sources.aws.context import CollectContext

TOPIC = SnsTopic.resource_type
FEEDBACK_PROTOCOLS = ("Application", "Firehose", "HTTP", "Lambda", "SQS")  # <protocol>FailureFeedbackRoleArn


def collect(ctx: CollectContext) -> None:
    topics = ctx.pages("list_topics", "Topics", resource_types=(TOPIC,))
    arns = [t["TopicArn"] for t in topics or [] if t.get("TopicArn")]
    for topic in ctx.parallel(lambda arn: read_topic(ctx, arn), arns):
        ctx.add(topic)


def read_topic(ctx: CollectContext, arn: str) -> SnsTopic:
    name = arn.rsplit(":", 1)[-1]
    base: dict[str, Any] = {"arn": arn, "id": name, "name": name, "account": ctx.account, "region": ctx.region}
    reply = ctx.call("get_topic_attributes", TopicArn=arn, resource=name)
    if not reply.ok:
        return SnsTopic(**base, unknown=dict.fromkeys(("kms_master_key_id", "policy", "delivery_status_logging"),
                                                         reply.reason))
    attributes: dict[str, Any] = reply.get("Attributes") or {}
    policy, why = parse_policy(attributes.get("Policy"))
    return SnsTopic(**base, kms_master_key_id=attributes.get("KmsMasterKeyId") or None, policy=policy,
                    fifo=flag(attributes.get("FifoTopic")),
                    delivery_status_logging=[p for p in FEEDBACK_PROTOCOLS
                                             if attributes.get(f"{p}FailureFeedbackRoleArn")],
                    unknown={"policy": why} if why else {})


COLLECTOR = Collector(
    name="sns",
    client="sns",
    scope="regional",
    resource_types=(TOPIC,),
    actions=("sns:ListTopics", "sns:GetTopicAttributes"),
    collect=collect,
    title="SNS",
)
