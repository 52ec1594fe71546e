"""apps collectors: Lambda, ECR, elbv2, Classic ELB, CloudWatch Logs, ACM."""

from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.apps import acm, awslambda, ecr, elb, elbv2, logs

COLLECTORS: tuple[Collector, ...] = (
    awslambda.COLLECTOR,
    ecr.COLLECTOR,
    elbv2.COLLECTOR,
    elb.COLLECTOR,
    logs.COLLECTOR,
    acm.COLLECTOR,
)
