"""apps rules; MODULES lists the modules the catalog reads."""

from types import ModuleType

from ssrm.rules.apps import acm, appsync, awslambda, ecr, elb, elbv2, elbv2_waf, lambda_keys, logs, pca, vulnerabilities

MODULES: tuple[ModuleType, ...] = (awslambda, ecr, elbv2, elbv2_waf, elb, logs, acm, pca, vulnerabilities,
                                    lambda_keys, appsync)
