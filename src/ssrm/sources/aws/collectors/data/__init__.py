"""data collectors: S3, KMS, SQS, SNS, Secrets Manager, DynamoDB, RDS."""

from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.data import dax, dynamodb, kms, rds, s3, secretsmanager, sns, sqs

COLLECTORS: tuple[Collector, ...] = (
    s3.COLLECTOR,
    kms.COLLECTOR,
    sqs.COLLECTOR,
    sns.COLLECTOR,
    secretsmanager.COLLECTOR,
    dynamodb.COLLECTOR,
    rds.COLLECTOR,
    dax.COLLECTOR,
)
