"""apps rules; MODULES lists the modules the catalog reads."""

from types import ModuleType

from ssrm.rules.apps import acm, awslambda, ecr, elbv2, lambda_keys, logs

MODULES: tuple[ModuleType, ...] = (lambda_keys, awslambda, ecr, elbv2, logs, acm)
