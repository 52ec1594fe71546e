"""operations rules; MODULES lists the modules the catalog reads."""

from types import ModuleType

from ssrm.rules.operations import (
    backup,
    backup_coverage,
    cloudwatch,
    events,
    monitoring,
    response,
    spend,
    ssm,
    stepfunctions,
    streams,
    subscriptions,
)

MODULES: tuple[ModuleType, ...] = (
    ssm, backup, backup_coverage, cloudwatch, monitoring, streams, stepfunctions, events, subscriptions,
    response, spend,
)
