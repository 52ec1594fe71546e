"""apps resource types: Lambda, ECR, elbv2 load balancers, CloudWatch Logs, ACM."""

from ssrm.model.resources.apps import acm, awslambda, ecr, elbv2, logs

__all__ = ["acm", "awslambda", "ecr", "elbv2", "logs"]
