"""data rules; MODULES lists the modules the catalog reads."""

from types import ModuleType

from ssrm.rules.data import (
    dax,
    dynamodb,
    graph_document_clusters,
    kms,
    rds,
    rds_support,
    rds_tls,
    s3,
    s3_extra,
    secretsmanager,
    sns,
    sqs,
)

MODULES: tuple[ModuleType, ...] = (s3, kms, sqs, sns, secretsmanager, dynamodb, rds, graph_document_clusters, dax,
                                    rds_support, rds_tls, s3_extra)
