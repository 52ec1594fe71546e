"""containers collectors: EFS, ECS, EKS, ElastiCache, Redshift, OpenSearch, FSx."""

from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.containers import ecs, efs, eks, elasticache, fsx, opensearch, redshift

COLLECTORS: tuple[Collector, ...] = (
    efs.COLLECTOR,
    ecs.COLLECTOR,
    eks.COLLECTOR,
    elasticache.COLLECTOR,
    redshift.COLLECTOR,
    opensearch.COLLECTOR,
    fsx.COLLECTOR,
)
