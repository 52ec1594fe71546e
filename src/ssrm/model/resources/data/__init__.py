"""data resource types: S3, KMS, SQS, SNS, Secrets Manager, DynamoDB, RDS."""

from ssrm.model.resources.data import dax, dynamodb, kms, rds, s3, s3_extra, secretsmanager, sns, sqs

__all__ = ["dax", "dynamodb", "kms", "rds", "s3", "s3_extra", "secretsmanager", "sns", "sqs"]
