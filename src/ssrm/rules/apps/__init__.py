"""apps rules; MODULES lists the modules the catalog reads."""

from types import ModuleType

from ssrm.rules.apps import acm, awslambda, ecr, elb, elbv2, elbv2_waf, logs, vulnerabilities

MODULES: tuple[ModuleType, ...] = (awslambda, ecr, elbv2, elbv2_waf, elb, logs, acm, vulnerabilities)
