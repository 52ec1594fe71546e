"""apps resource types: Lambda, ECR, elbv2 and Classic load balancers, CloudWatch Logs, ACM."""

from ssrm.model.resources.apps import acm, appsync, awslambda, ecr, elb, elbv2, logs, pca

__all__ = ["acm", "appsync", "awslambda", "ecr", "elb", "elbv2", "logs", "pca"]
