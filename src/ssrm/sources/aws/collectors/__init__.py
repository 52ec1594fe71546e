"""Every collector, registered explicitly by group."""

from __future__ import annotations

from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors import apps, compute, containers, data, devtools, edge, identity, operations

ALL_COLLECTORS: tuple[Collector, ...] = (
    *identity.COLLECTORS,
    *data.COLLECTORS,
    *compute.COLLECTORS,
    *apps.COLLECTORS,
    *edge.COLLECTORS,
    *containers.COLLECTORS,
    *operations.COLLECTORS,
    *devtools.COLLECTORS,
)


def required_actions() -> list[str]:
    """The exact read-only IAM actions a full scan calls."""
    actions = {"sts:GetCallerIdentity", "ec2:DescribeRegions"}
    for collector in ALL_COLLECTORS:
        actions.update(collector.actions)
    return sorted(actions)
