"""data rules; MODULES lists the modules the catalog reads."""

from types import ModuleType

from ssrm.rules.data import dynamodb, kms, rds, rds_support, s3, secretsmanager, sns, sqs

MODULES: tuple[ModuleType, ...] = (rds_support, s3, kms, sqs, sns, secretsmanager, dynamodb, rds)
