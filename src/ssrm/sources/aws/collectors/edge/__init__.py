"""edge collectors: CloudFront, API Gateway (REST, HTTP/WebSocket), WAFv2, Route 53, Network Firewall."""

from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.edge import apigateway, apigatewayv2, cloudfront, networkfirewall, route53, wafv2

COLLECTORS: tuple[Collector, ...] = (
    cloudfront.COLLECTOR,
    apigateway.COLLECTOR,
    apigatewayv2.COLLECTOR,
    wafv2.COLLECTOR,
    route53.COLLECTOR,
    networkfirewall.COLLECTOR,
)
