"""SNS subscriptions (topics themselves belong to the data group)."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class SnsSubscription(Resource):
    """One subscription; ``pending`` while the endpoint has not confirmed (no ARN yet)."""

    resource_type = "AWS::SNS::Subscription"
    service = "sns"

    topic_arn: str
    protocol: str = ""
    endpoint: str = ""
    pending: bool = False
