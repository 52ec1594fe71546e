"""data rules; MODULES lists the modules the catalog reads."""

from types import ModuleType

from ssrm.rules.data import dax, dynamodb, graph_document_clusters, kms, rds, s3, secretsmanager, sns, sqs

MODULES: tuple[ModuleType, ...] = (s3, kms, sqs, sns, secretsmanager, dynamodb, rds, graph_document_clusters, dax)
