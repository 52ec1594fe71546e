"""The unit of work: one service group of one account in one region, or one account's global services,
run anywhere, returned as plain data.

``run_unit`` is what a worker executes. It assumes the member role itself (``member``), runs the group's
collectors through the same ``CollectContext`` as a single-account scan, and returns JSON-ready data:
the result can be checkpointed to disk, shipped back from a Dask worker, and merged in any order.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ssrm.model import Gap
from ssrm.model.resource import resource_to_dict
from ssrm.org.member import MemberAccess, MemberAccessError, member_session
from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.session import HOME_REGION, ScanSession

GROUPS = ("identity", "data", "compute", "apps", "edge", "containers", "operations", "devtools")
GLOBAL = "global"  # the group of the unit that runs an account's global services (IAM, S3 listing, ...)


def group_collectors(group: str) -> tuple[Collector, ...]:
    import importlib

    module = importlib.import_module(f"ssrm.sources.aws.collectors.{group}")
    return tuple(module.COLLECTORS)


@dataclass(frozen=True, order=True)
class WorkUnit:
    """``group`` is a collector group (its regional services in ``region``) or ``GLOBAL`` (the account's
    global services, called in ``region``, the account's home region)."""

    account: str
    region: str
    group: str

    @property
    def key(self) -> str:
        return f"{self.account}/{self.region}/{self.group}"


def global_collectors(services: Sequence[str] | None) -> tuple[Collector, ...]:
    """The global services of every group (IAM, Organizations, S3 listing, CloudFront, Route 53, ...)."""
    return tuple(c for group in GROUPS for c in group_collectors(group)
                 if c.scope == "global" and (not services or c.name in services))


def plan_units(account: str, partition: str, regions: Sequence[str], services: Sequence[str] | None,
               groups: Sequence[str] = GROUPS) -> list[WorkUnit]:
    """Units for one account: one unit for its global services (they answer the same in every region, so
    they run once per account), then each group's regional services in each region."""
    units: list[WorkUnit] = []
    if regions and any(c.scope == "global" and (not services or c.name in services)
                       for group in groups for c in group_collectors(group)):
        units.append(WorkUnit(account, home_region(partition, regions), GLOBAL))
    for group in groups:
        if not any(c.scope == "regional" and (not services or c.name in services) for c in group_collectors(group)):
            continue
        units.extend(WorkUnit(account, region, group) for region in regions)
    return units


def home_region(partition: str, regions: Sequence[str]) -> str:
    """Where an account's global services are called: the partition's home region when it is scanned."""
    home = HOME_REGION.get(partition, "us-east-1")
    return home if home in regions or not regions else regions[0]


def run_unit(unit: WorkUnit, access: MemberAccess, services: Sequence[str] | None) -> dict[str, Any]:
    """Collect one unit. Never raises: an unreachable account or a collector bug is a gap of the unit."""
    t0 = time.perf_counter()
    result: dict[str, Any] = {"started_at": datetime.now(UTC).isoformat(), "unit": unit.key,
                              "account": unit.account, "region": unit.region,
                              "group": unit.group, "resources": [], "gaps": [], "calls_by_service": {},
                              "calls_by_api": {}}
    try:
        boto_session, partition = member_session(access, unit.account)
    except MemberAccessError as exc:
        result["gaps"] = [Gap(service="sts", region="global", api=exc.api, error=exc.code, message=exc.message,
                              account=unit.account).model_dump(mode="json")]
        return _finish(result, t0)
    session = ScanSession(boto_session, unit.account, partition, access.options(), detail_workers=4)
    try:
        if unit.group == GLOBAL:
            _run_concurrently(session, global_collectors(services), unit.region)
        else:
            for collector in group_collectors(unit.group):
                if collector.scope == "regional" and (not services or collector.name in services):
                    _run_one(session, collector, unit.region)
    finally:
        session.close()
    resources = sorted(session.resources, key=lambda r: (r.resource_type, r.region, r.arn))
    result["resources"] = [resource_to_dict(r) for r in resources]
    result["gaps"] = [g.model_copy(update={"account": unit.account}).model_dump(mode="json")
                      for g in sorted(session.gaps, key=lambda g: (g.service, g.region, g.api, g.resource or ""))]
    result["calls_by_service"] = dict(session.counter.by_service)
    result["calls_by_api"] = dict(session.counter.by_api)
    return _finish(result, t0)


def _run_one(session: ScanSession, collector: Collector, region: str) -> None:
    from ssrm.sources.aws.runner import _run_one as run_collector

    run_collector(session, collector, region)


def _run_concurrently(session: ScanSession, collectors: Sequence[Collector], region: str) -> None:
    """The global unit's services side by side, as a single-account scan runs them: the unit then takes
    about as long as its slowest service (usually IAM), not the sum."""
    with ThreadPoolExecutor(max_workers=max(1, len(collectors)), thread_name_prefix="ssrm-global") as pool:
        for future in [pool.submit(_run_one, session, c, region) for c in collectors]:
            future.result()


def _finish(result: dict[str, Any], t0: float) -> dict[str, Any]:
    result["wall_seconds"] = round(time.perf_counter() - t0, 3)
    result["finished_at"] = datetime.now(UTC).isoformat()
    return result
