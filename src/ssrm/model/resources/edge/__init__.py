"""edge resource types: CloudFront, API Gateway (v1 and v2), WAFv2, Route 53, Network Firewall."""

from ssrm.model.resources.edge import apigateway, apigatewayv2, cloudfront, networkfirewall, route53, wafv2

__all__ = ["apigateway", "apigatewayv2", "cloudfront", "networkfirewall", "route53", "wafv2"]
