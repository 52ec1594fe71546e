"""apps collectors: Lambda, ECR, elbv2, Classic ELB, CloudWatch Logs, ACM, AppSync."""

from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.apps import acm, appsync, awslambda, ecr, elb, elbv2, logs, pca

COLLECTORS: tuple[Collector, ...] = (
    awslambda.COLLECTOR,
    ecr.COLLECTOR,
    elbv2.COLLECTOR,
    elb.COLLECTOR,
    logs.COLLECTOR,
    acm.COLLECTOR,
    pca.COLLECTOR,
    appsync.COLLECTOR,
)
