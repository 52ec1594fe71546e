"""SNS subscriptions (ListSubscriptions, one paged listing per region): who receives alarm notifications."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.operations.sns import SnsSubscription
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.operations._calls import listing
from ssrm.sources.aws.context import CollectContext

SUBSCRIPTION = SnsSubscription.resource_type
PENDING = ("PendingConfirmation", "Deleted")


def collect(ctx: CollectContext) -> None:
    items, _ = listing(ctx, "list_subscriptions", "Subscriptions", resource_types=(SUBSCRIPTION,))
    for item in items or []:
        ctx.add(to_subscription(ctx, item))


def to_subscription(ctx: CollectContext, item: dict[str, Any]) -> SnsSubscription:
    topic = str(item.get("TopicArn", ""))
    endpoint = str(item.get("Endpoint", ""))
    sub_arn = str(item.get("SubscriptionArn", ""))
    pending = sub_arn in PENDING or not sub_arn.startswith("arn:")
    arn = f"{topic}/pending/{item.get('Protocol', '')}:{endpoint}" if pending else sub_arn
    return SnsSubscription(
        arn=arn, id=arn.rsplit(":", 1)[-1] if not pending else f"pending:{endpoint}",
        name=topic.rsplit(":", 1)[-1], account=ctx.account, region=ctx.region, topic_arn=topic,
        protocol=item.get("Protocol", ""), endpoint=endpoint, pending=pending,
    )


COLLECTOR = Collector(
    name="sns-subscriptions",
    client="sns",
    scope="regional",
    resource_types=(SUBSCRIPTION,),
    actions=("sns:ListSubscriptions",),
    collect=collect,
    title="SNS subscriptions",
)
