"""data collectors: S3, KMS, SQS, SNS, Secrets Manager, DynamoDB, RDS."""

from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.data import (
    dax,
    dynamodb,
    kms,
    rds,
    s3,
    s3_access_points,
    s3_extra,
    secretsmanager,
    sns,
    sqs,
)

COLLECTORS: tuple[Collector, ...] = (
    s3.COLLECTOR,
    s3_access_points.COLLECTOR,
    s3_extra.COLLECTOR,
    kms.COLLECTOR,
    sqs.COLLECTOR,
    sns.COLLECTOR,
    secretsmanager.COLLECTOR,
    dynamodb.COLLECTOR,
    rds.COLLECTOR,
    dax.COLLECTOR,
)
