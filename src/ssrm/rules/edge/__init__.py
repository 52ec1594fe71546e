"""edge rules; MODULES lists the modules the catalog reads."""

from types import ModuleType

from ssrm.rules.edge import apigateway, apigatewayv2, cloudfront, networkfirewall, route53, wafv2

MODULES: tuple[ModuleType, ...] = (cloudfront, apigateway, apigatewayv2, wafv2, route53, networkfirewall)
