"""Collect named resources one by one instead of listing their services (``ssrm watch --trail``).

A reader takes a collector's context, the resource's id (bucket name, group id, instance id, role or user
name, policy ARN) and the record the previous run had, adds the fresh record (or nothing, when the resource
is gone) and says whether it could read it. Types without a reader, and reads that failed, are left to the
caller, which re-collects their whole service in the region instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ssrm.model import Gap, Resource, ScanStats
from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.compute.network import SecurityGroup
from ssrm.model.resources.data.s3 import S3Bucket
from ssrm.model.resources.identity.iam import IamManagedPolicy, IamRole, IamUser
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.compute.ec2 import collect_instance
from ssrm.sources.aws.collectors.compute.vpc import collect_security_group
from ssrm.sources.aws.collectors.data.s3 import collect_bucket
from ssrm.sources.aws.collectors.identity.iam_single import collect_policy, collect_role, collect_user
from ssrm.sources.aws.context import CollectContext
from ssrm.sources.aws.session import HOME_REGION, ConnectOptions, ScanSession, open_session

Reader = Callable[[CollectContext, str, Any], bool]


@dataclass(frozen=True)
class Target:
    """One resource to re-read: its type, its region ("global" for global services) and its id."""

    resource_type: str
    region: str
    ref: str


# resource type -> (the collector whose context the read runs in, the reader)
READERS: dict[str, tuple[str, Reader]] = {
    S3Bucket.resource_type: ("s3", collect_bucket),
    SecurityGroup.resource_type: ("vpc", collect_security_group),
    Instance.resource_type: ("ec2", collect_instance),
    IamRole.resource_type: ("iam", collect_role),
    IamUser.resource_type: ("iam", collect_user),
    IamManagedPolicy.resource_type: ("iam", collect_policy),
}


def readable(resource_type: str) -> bool:
    return resource_type in READERS


@dataclass
class SingleReads:
    """What reading the targets gave: fresh records, gaps, the targets read (or found gone), those not."""

    account: str
    resources: list[Resource] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    read: list[Target] = field(default_factory=list)
    failed: list[Target] = field(default_factory=list)
    stats: ScanStats = field(default_factory=ScanStats)


def matches(resource: Resource, target: Target) -> bool:
    """Whether ``resource`` is the record ``target`` names (S3 buckets carry their region, found anew)."""
    if resource.resource_type != target.resource_type or resource.id != target.ref:
        return False
    return target.region == "global" or resource.region == target.region


def collect_resources(options: ConnectOptions, targets: Sequence[Target], collectors: Sequence[Collector],
                      previous: Mapping[tuple[str, str], Resource]) -> SingleReads:
    """Read each target through its collector's reader (one session, the targets in turn)."""
    t0 = time.perf_counter()
    boto_session, account, partition = open_session(options)
    session = ScanSession(boto_session, account, partition, options)
    by_name = {c.name: c for c in collectors}
    result = SingleReads(account=account)
    try:
        for target in dict.fromkeys(targets):
            name, reader = READERS[target.resource_type]
            collector = by_name[name]
            region = HOME_REGION.get(partition, "us-east-1") if collector.scope == "global" else target.region
            before = len(session.gaps)
            ok = reader(CollectContext(session, collector, region), target.ref,
                        previous.get((target.resource_type, target.ref)))
            (result.read if ok else result.failed).append(target)
            if not ok:  # the service will be re-collected: its gaps come from that
                del session.gaps[before:]
    finally:
        session.close()
    result.resources = list(session.resources)
    result.gaps = list(session.gaps)
    result.stats = ScanStats(calls_by_service=dict(sorted(session.counter.by_service.items())),
                             calls_by_api=dict(sorted(session.counter.by_api.items())),
                             wall_seconds=round(time.perf_counter() - t0, 3))
    return result
