"""containers resource types: EFS, ECS, EKS, ElastiCache, Redshift, OpenSearch."""

from ssrm.model.resources.containers import ecs, efs, eks, elasticache, fsx, opensearch, redshift

__all__ = ["ecs", "efs", "eks", "elasticache", "fsx", "opensearch", "redshift"]
