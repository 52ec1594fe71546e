"""Plan and run an organization scan: list, reach each account, run every unit, checkpoint as they finish."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from botocore.config import Config

from ssrm.model import Gap, Inventory, ScanStats
from ssrm.model.resource import resource_from_dict, resource_to_dict
from ssrm.model.resources.account import Account, Region
from ssrm.model.resources.identity.organizations import OrgAccount, Organization, OrgPolicy, OrgUnit
from ssrm.org.checkpoint import DEFAULT_DIR, Checkpoints, RunStore
from ssrm.org.executors import Executor
from ssrm.org.listing import OrgListing, read_organization, select_accounts
from ssrm.org.member import MemberAccess, MemberAccessError, base_session
from ssrm.org.regions import AccountPlan, plan_account
from ssrm.org.units import WorkUnit, plan_units, run_unit
from ssrm.sources.aws.errors import CredentialsError

STOP_AFTER_ENV = "SSRM_ORG_STOP_AFTER_UNITS"  # test hook: the process dies after this many new units


@dataclass
class OrgScanRequest:
    access: MemberAccess
    accounts: list[str] = field(default_factory=list)
    ous: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    checkpoint_dir: Path = DEFAULT_DIR
    store: str | None = None  # a history store URL: checkpoints go there instead of checkpoint_dir
    resume: str | None = None
    max_age: timedelta | None = None


@dataclass
class OrgScan:
    """What the scan produced: the listing, each account's plan and inventory, and how it ran."""

    run_id: str
    listing: OrgListing
    selected: list[OrgAccount]
    plans: dict[str, AccountPlan]
    inventories: dict[str, Inventory]
    executor: str
    workers: int
    units_total: int = 0
    units_resumed: int = 0
    wall_seconds: float = 0.0
    calls: int = 0
    unit_errors: list[Gap] = field(default_factory=list)


Progress = Callable[[str, int, int], None]  # (phase, done, total)


def listing_to_dict(listing: OrgListing) -> dict[str, Any]:
    return {
        "organization": resource_to_dict(listing.organization),
        "units": [resource_to_dict(u) for u in listing.units],
        "accounts": [resource_to_dict(a) for a in listing.accounts],
        "policies": [resource_to_dict(p) for p in listing.policies],
        "gaps": [g.model_dump(mode="json") for g in listing.gaps],
        "calls": listing.calls,
    }


def listing_from_dict(data: dict[str, Any]) -> OrgListing:
    def typed(items: list[dict[str, Any]], cls: type) -> list[Any]:
        found = [resource_from_dict(i) for i in items]
        return [r for r in found if isinstance(r, cls)]

    organization = resource_from_dict(data["organization"])
    assert isinstance(organization, Organization)
    return OrgListing(organization=organization, units=typed(data["units"], OrgUnit),
                      accounts=typed(data["accounts"], OrgAccount), policies=typed(data["policies"], OrgPolicy),
                      gaps=[Gap.model_validate(g) for g in data.get("gaps") or []], calls=int(data.get("calls", 0)))


def _list(access: MemberAccess) -> OrgListing:
    try:
        session, _, _ = base_session(access)
    except MemberAccessError as exc:
        raise CredentialsError(f"AWS rejected the credentials ({exc}); set AWS_PROFILE or pass --profile") from exc
    client = session.client("organizations", region_name=access.region, endpoint_url=access.options().endpoint,
                            config=Config(retries={"mode": "adaptive", "max_attempts": access.max_attempts or 6}))
    if access.latency_seconds > 0:
        client.meta.events.register("before-send", lambda **_: time.sleep(access.latency_seconds))
    return read_organization(client)


def _plan_task(item: tuple[str, list[list[dict[str, Any]]], bool], access: MemberAccess,
               regions: list[str]) -> dict[str, Any]:
    account, levels, management = item
    return plan_account(access, account, regions or None, levels, management).as_dict()


def _unit_task(unit: WorkUnit, access: MemberAccess, services: list[str]) -> dict[str, Any]:
    return run_unit(unit, access, services or None)


def scan_organization(request: OrgScanRequest, executor: Executor, progress: Progress | None = None) -> OrgScan:
    t0 = time.perf_counter()
    started = datetime.now(UTC)
    if request.resume:
        store = _open_checkpoints(request, request.resume)
        meta = store.load_run()
        listing_data = store.load_listing()
        listing = listing_from_dict(listing_data) if listing_data else _list(request.access)
        request.accounts, request.ous, request.exclude = meta["accounts"], meta["ous"], meta["exclude"]
        request.regions, request.services = meta["regions"], meta["services"]
    else:
        listing = _list(request.access)
        store = _open_checkpoints(request, None)
        store.save_run({"run_id": store.run_id, "created": started.isoformat(),
                        "organization": listing.organization.id, "accounts": request.accounts, "ous": request.ous,
                        "exclude": request.exclude, "regions": request.regions, "services": request.services,
                        "member_role": request.access.role_name})
        store.save_listing(listing_to_dict(listing))
    try:
        return _scan(request, executor, progress, store, listing, started, t0)
    finally:
        store.close()


def _open_checkpoints(request: OrgScanRequest, run: str | None) -> Checkpoints:
    """The run's checkpoints: in the history store when one is named, else in the run directory."""
    if request.store:
        from ssrm.org.checkpoint_store import StoreCheckpoints

        return StoreCheckpoints.open(request.store, run) if run else StoreCheckpoints.create(request.store)
    return RunStore.open(request.checkpoint_dir, run) if run else RunStore.create(request.checkpoint_dir)


def _scan(request: OrgScanRequest, executor: Executor, progress: Progress | None, store: Checkpoints,
          listing: OrgListing, started: datetime, t0: float) -> OrgScan:
    """Plan every account and run its units on the executor. An account's units go out together as soon as
    its plan is back, not after every account's plan: reaching an account takes a few calls in a row, and
    waiting for the slowest before scanning any was the largest serial part of the run. Going out together,
    the units of a few accounts run at a time and each account finishes in about the time of a
    single-account scan (spread over the whole run, each account took as long as the run). API rate limits
    are per account and API: a few units of one account at once is what a single-account scan does anyway,
    and each client backs off on throttling."""
    selected = select_accounts(listing, request.accounts, request.ous, request.exclude)
    management = listing.organization.management_account
    pipeline = executor.pipeline()
    plans: dict[str, AccountPlan] = {}
    units_by_account: dict[str, list[WorkUnit]] = {}
    results: dict[WorkUnit, dict[str, Any]] = {}
    counts = {"planned": 0, "to_plan": 0, "resumed": 0, "done": 0, "units": 0}

    def start_units(account: str) -> None:
        plan = plans[account]
        units = [] if plan.denied is not None else plan_units(account, plan.partition, plan.regions,
                                                              request.services or None)
        units_by_account[account] = units
        counts["units"] += len(units)
        for unit in units:
            saved = store.load_unit(unit, request.max_age)
            if saved is not None:
                results[unit] = saved
                counts["resumed"] += 1
            else:
                pipeline.submit(_unit_task, unit, request.access, request.services)

    for account in selected:
        saved = store.load_plan(account.id, request.max_age)
        if saved is not None:
            plans[account.id] = AccountPlan.from_dict(saved)
            start_units(account.id)
        else:
            levels = listing.levels(account, "SCP") if listing.has_policies("SCP") else []
            pipeline.submit(_plan_task, (account.id, levels, account.id == management), request.access,
                            request.regions)
            counts["to_plan"] += 1
    stop_after = int(os.environ.get(STOP_AFTER_ENV, "0") or 0)
    unit_errors: list[Gap] = []
    for item, result in pipeline.results():
        if isinstance(item, WorkUnit):
            unit_errors.extend(_unit_done(item, result, results, store))
            counts["done"] += 1
            if progress:
                progress("units", counts["resumed"] + counts["done"], counts["units"])
            if stop_after and counts["done"] >= stop_after:
                os._exit(75)  # the interruption hook: as abrupt as a kill, checkpoints stay as written
            continue
        account = item[0]
        if isinstance(result, BaseException):
            result = AccountPlan(account=account, denied=Gap(
                service="ssrm", region="global", api="(worker)", error=type(result).__name__,
                message=str(result)[:300], account=account)).as_dict()
        plans[account] = AccountPlan.from_dict(result)
        store.save_plan(account, result)
        start_units(account)
        counts["planned"] += 1
        if progress:
            progress("accounts", counts["planned"], counts["to_plan"])

    inventories = {a.id: account_inventory(a, plans[a.id], [results[u] for u in units_by_account.get(a.id, [])],
                                           request.services, started, request.access.options().endpoint_overridden())
                   for a in selected}
    calls = listing.calls + sum(p.calls for p in plans.values())
    calls += sum(sum(r.get("calls_by_service", {}).values()) for r in results.values())
    return OrgScan(run_id=store.run_id, listing=listing, selected=selected, plans=plans, inventories=inventories,
                   executor=executor.name, workers=executor.workers, units_total=counts["units"],
                   units_resumed=counts["resumed"], wall_seconds=round(time.perf_counter() - t0, 3), calls=calls,
                   unit_errors=unit_errors)


def _unit_done(unit: WorkUnit, result: Any, results: dict[WorkUnit, dict[str, Any]],
               store: Checkpoints) -> list[Gap]:
    """Keep a unit's result (checkpointed), or, when its worker died on every retry, a gap in its place."""
    if not isinstance(result, BaseException):
        store.save_unit(unit, result)
        results[unit] = result
        return []
    gap = Gap(service=unit.group, region=unit.region, api="(worker)", error=type(result).__name__,
              message=str(result)[:300], account=unit.account)
    results[unit] = {"unit": unit.key, "account": unit.account, "region": unit.region, "group": unit.group,
                     "resources": [], "gaps": [gap.model_dump(mode="json")], "calls_by_service": {},
                     "calls_by_api": {}, "wall_seconds": 0.0}
    return [gap]


def account_inventory(account: OrgAccount, plan: AccountPlan, results: list[dict[str, Any]],
                      services: list[str], started: datetime, emulated: bool = False) -> Inventory:
    """One member account's inventory from its units, in a stable order whatever order they finished in."""
    partition = plan.partition
    inventory = Inventory(account=account.id, regions=list(plan.regions), partition=partition, source="aws",
                          started_at=started, skipped_regions=[*plan.disabled_regions, *plan.scp_denied_regions],
                          services=_services(services), emulated=emulated)
    if plan.denied is not None:
        inventory.add_gaps([plan.denied])
        inventory.finished_at = datetime.now(UTC)
        return inventory
    inventory.add([Account(arn=f"arn:{partition}:iam::{account.id}:root", id=account.id, account=account.id,
                           alias=account.name or None)])
    inventory.add(Region(arn=f"arn:{partition}:ec2:{r}:{account.id}:region/{r}", id=r, name=r, account=account.id,
                         region=r) for r in plan.regions)
    resources = [resource_from_dict(r) for result in results for r in result["resources"]]
    # A record that several units see (an organization trail listed from each region's unit) is kept once.
    unique = {(r.resource_type, r.arn): r for r in sorted(resources, key=lambda r: (r.resource_type, r.region, r.arn),
                                                          reverse=True)}
    inventory.add(sorted(unique.values(), key=lambda r: (r.resource_type, r.region, r.arn)))
    gaps = [*plan.gaps, *(Gap.model_validate(g) for result in results for g in result["gaps"])]
    inventory.add_gaps(sorted(gaps, key=lambda g: (g.service, g.region, g.api, g.resource or "")))
    by_service: dict[str, int] = {}
    by_api: dict[str, int] = {}
    for result in results:
        for key, count in result.get("calls_by_service", {}).items():
            by_service[key] = by_service.get(key, 0) + count
        for key, count in result.get("calls_by_api", {}).items():
            by_api[key] = by_api.get(key, 0) + count
    inventory.stats = ScanStats(calls_by_service=dict(sorted(by_service.items())),
                                calls_by_api=dict(sorted(by_api.items())),
                                wall_seconds=round(sum(r.get("wall_seconds", 0.0) for r in results), 3))
    inventory.finished_at = datetime.now(UTC)
    return inventory


def _services(services: list[str]) -> list[str]:
    from ssrm.sources.aws.collectors import ALL_COLLECTORS

    return [c.name for c in ALL_COLLECTORS if c.name in services or (not services and not c.opt_in)]
