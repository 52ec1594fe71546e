"""SNS subscription rules: deliveries in clear text."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.operations.sns import SnsSubscription
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule


@rule(
    id="sns_subscription_https", title="SNS HTTP subscriptions deliver over HTTPS",
    resource_type=SnsSubscription, layer=Layer.APPS, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1",
    remediation=Remediation(
        text="Subscribe the endpoint again with protocol https and remove the http subscription.",
        cli="aws sns subscribe --topic-arn TOPIC_ARN --protocol https --notification-endpoint https://ENDPOINT && "
            "aws sns unsubscribe --subscription-arn SUBSCRIPTION_ARN",
        terraform='resource "aws_sns_topic_subscription" "this" {\n  protocol = "https"\n'
                  '  endpoint = "https://example.com/hook"\n}',
    ),
    skips="email, SMS and mobile push subscriptions (not HTTP)",
)
def subscription_https(subscription: SnsSubscription, inv: Inventory) -> Verdict:
    """Messages to an http endpoint cross the internet in clear text."""
    if subscription.protocol == "http":
        return failed(f"subscription to {subscription.topic_arn} delivers over plain http")
    if subscription.protocol == "https":
        return passed("delivers over https")
    return not_applicable(f"protocol {subscription.protocol or 'unknown'} is not HTTP")
