"""apps resource types: Lambda, ECR, elbv2 and Classic load balancers, CloudWatch Logs, ACM."""

from ssrm.model.resources.apps import acm, awslambda, ecr, elb, elbv2, logs

__all__ = ["acm", "awslambda", "ecr", "elb", "elbv2", "logs"]
