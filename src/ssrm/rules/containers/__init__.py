"""containers rules; MODULES lists the modules the catalog reads."""

from types import ModuleType

from ssrm.rules.containers import ecs, ecs_tasks, efs, eks, elasticache, fsx, opensearch, redshift

MODULES: tuple[ModuleType, ...] = (efs, ecs, ecs_tasks, eks, elasticache, redshift, opensearch, fsx)
