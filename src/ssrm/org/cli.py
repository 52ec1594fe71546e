"""``ssrm scan --org`` and ``ssrm demo --org``: what the main commands run when given ``--org``.

The options are declared on the main commands (``ssrm.cli``, with ``ssrm.org.options``), so the whole
command line follows one grammar (docs/cli.md); these functions do the organization work.
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ssrm.cli_common import Failure as OrgFailure
from ssrm.cli_common import OutputFileOpt, OutputOpt, QuietOpt, err, out
from ssrm.cli_support import FormatOpt, JewelsOpt, MutelistOpt, RulesDirOpt, StatsOpt
from ssrm.org.checkpoint import DEFAULT_DIR, CheckpointError, parse_age
from ssrm.org.executors import ClusterError, DaskCluster, Executor, LocalPool
from ssrm.org.member import MemberAccess
from ssrm.org.options import DEFAULT_MEMBER_ROLE
from ssrm.report.formats import ReportFormat


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def _store_url(store: str | None) -> str | None:
    """The history store named by --store or $SSRM_STORE (never the default one: checkpoints go to the run
    directory unless a store is named)."""
    import os

    if not (store or os.environ.get("SSRM_STORE")):
        return None
    from ssrm.store import StoreError, resolve_store_url

    try:
        return resolve_store_url(store, use_default=False)
    except StoreError as exc:
        raise OrgFailure(str(exc)) from exc


def make_executor(cluster: str | None, workers: int) -> Executor:
    if cluster:
        try:
            return DaskCluster(cluster)
        except ClusterError as exc:
            raise OrgFailure(str(exc)) from exc
    return LocalPool(workers)


class _Bar:
    def __init__(self, console: Console) -> None:
        self.progress = Progress(TextColumn("[bold]{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=console, transient=True)
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> _Bar:
        self.progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.progress.stop()

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase not in self.tasks:
            self.tasks[phase] = self.progress.add_task(phase, total=total)
        self.progress.update(self.tasks[phase], completed=done, total=total)


Opt = typer.Option


def scan_org(
    org: Annotated[bool, Opt("--org", help="Scan every account of the organization.")] = False,
    profile: Annotated[str | None, Opt(help="AWS profile of the management account or a delegated admin.")] = None,
    member_role: Annotated[str, Opt(help="Role assumed in each member account.")] = DEFAULT_MEMBER_ROLE,
    external_id: Annotated[str | None, Opt(help="External id the member role requires.")] = None,
    accounts: Annotated[list[str] | None, Opt("--accounts", help="Only these accounts (ids or names).")] = None,
    ous: Annotated[list[str] | None, Opt("--ous", help="Only accounts under these OUs (id, name or path).")] = None,
    exclude: Annotated[list[str] | None, Opt("--exclude", help="Leave these accounts or OUs out.")] = None,
    regions: Annotated[list[str] | None, Opt("--regions", "-r", help="Regions (default: each account's "
                                                                     "enabled regions).")] = None,
    services: Annotated[list[str] | None, Opt("--services", "-s", help="Only these services.")] = None,
    cluster: Annotated[str | None, Opt(help="Dask scheduler address (tcp://host:8786); default: a local "
                                            "pool in this process.")] = None,
    workers: Annotated[int, Opt(help="Threads of the local pool.")] = 16,
    checkpoint_dir: Annotated[Path, Opt(help="Where runs are checkpointed.")] = DEFAULT_DIR,
    resume: Annotated[str | None, Opt(help="Continue this interrupted run (its id or directory).")] = None,
    max_age: Annotated[str | None, Opt(help="With --resume: re-collect units older than this (12h, 7d).")] = None,
    store: Annotated[str | None, Opt(help="Keep the run, and checkpoint its units, in this history store (path "
                                          "or postgresql:// URL; default: $SSRM_STORE, checkpoints then in "
                                          "--checkpoint-dir).")] = None,
    endpoint_url: Annotated[str | None, Opt(hidden=True)] = None,
    save: Annotated[Path | None, Opt(help="Also save the merged inventory (JSON, .gz ok).")] = None,
    fmt: FormatOpt = ReportFormat.text,
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
    stats: StatsOpt = False,
    mutelist: MutelistOpt = None,
    rules_dir: RulesDirOpt = None,
    crown_jewels: JewelsOpt = None,
) -> None:
    """Collect and assess every account of the organization (or a selection) as one assessment."""
    from ssrm.org.scan import OrgScanRequest

    if not org:
        raise OrgFailure("this is the organization scan: pass --org")
    access = MemberAccess(role_name=member_role, external_id=external_id, profile=profile,
                          endpoint_url=endpoint_url)
    try:
        age = parse_age(max_age) if max_age else None
    except CheckpointError as exc:
        raise OrgFailure(str(exc)) from exc
    request = OrgScanRequest(access=access, accounts=_split(accounts), ous=_split(ous), exclude=_split(exclude),
                             regions=_split(regions), services=_split(services), checkpoint_dir=checkpoint_dir,
                             store=_store_url(store), resume=resume, max_age=age)
    run_org_scan(request, cluster=cluster, workers=workers, save=save, fmt=fmt, output=output, quiet=quiet,
                 stats=stats, mutelist=mutelist, rules_dir=rules_dir, crown_jewels=crown_jewels,
                 output_file=output_file, store=store)


def run_org_scan(request: Any, *, cluster: str | None, workers: int, save: Path | None, fmt: ReportFormat,
                 output: Path | None, quiet: bool, stats: bool, mutelist: Path | None, rules_dir: Path | None,
                 crown_jewels: Path | None, output_file: Path | None = None, integrations: bool = True,
                 store: str | None = None, use_default_store: bool = True) -> Any:
    """Scan, assess and report an organization; the run is kept in the history store when one is named (or,
    as for 'ssrm scan', the per-user default store exists): begun before the scan, so a crash leaves it failed."""
    from ssrm.store import StoreError, recording

    try:
        with recording(store, source="org", target="organization scan", use_default=use_default_store) as rec:
            return _run_org_scan(request, rec, cluster=cluster, workers=workers, save=save, fmt=fmt, output=output,
                                 quiet=quiet, stats=stats, mutelist=mutelist, rules_dir=rules_dir,
                                 crown_jewels=crown_jewels, output_file=output_file, integrations=integrations)
    except StoreError as exc:
        raise OrgFailure(str(exc)) from exc


def _run_org_scan(request: Any, rec: Any, *, cluster: str | None, workers: int, save: Path | None,
                  fmt: ReportFormat, output: Path | None, quiet: bool, stats: bool, mutelist: Path | None,
                  rules_dir: Path | None, crown_jewels: Path | None, output_file: Path | None,
                  integrations: bool) -> Any:
    from ssrm.cli_support import emit, load_rules, save_snapshot
    from ssrm.org.assess import assess_organization, merged_inventory
    from ssrm.org.scan import scan_organization
    from ssrm.paths import CrownJewelError, load_crown_jewels
    from ssrm.sources.aws.runner import select_collectors

    if request.services:
        from ssrm.sources.aws.collectors import ALL_COLLECTORS

        select_collectors(ALL_COLLECTORS, request.services)  # unknown names: a usage error now, not later
    rules, _ = load_rules(rules_dir)
    try:
        jewels = load_crown_jewels(crown_jewels) if crown_jewels else None
    except CrownJewelError as exc:
        raise OrgFailure(str(exc)) from exc
    executor = make_executor(cluster, workers)
    try:
        bar = _Bar(err) if err.is_terminal and not quiet else None
        with bar if bar else nullcontext():
            try:
                scan = scan_organization(request, executor, bar)
            except CheckpointError as exc:
                raise OrgFailure(str(exc)) from exc
            assessment = assess_organization(scan, executor, rules=rules, rules_dir=rules_dir, mutelist=mutelist,
                                             crown_jewels=jewels)
    finally:
        executor.close()
    if integrations:
        from ssrm.org.integrations import find_integrations

        assessment.integrations = find_integrations(assessment.inventory).as_dict()
    if rec.store is not None:
        from ssrm.org.history import keep_org_run

        merged, accounts = keep_org_run(rec, assessment, scan, rules)
        if merged is not None and not quiet:
            err.print(f"Run {merged.id} (organization {merged.account}) and {len(accounts)} account run(s) kept "
                      "in the history store.", highlight=False)
    if save:
        save_snapshot(merged_inventory(scan), save, quiet)
    if not quiet:
        err.print(f"Run {scan.run_id}: {scan.units_total} units ({scan.units_resumed} from checkpoints) on "
                  f"{scan.executor} x{scan.workers}, {scan.wall_seconds:.1f} s; resume with --resume {scan.run_id}",
                  highlight=False)
    if fmt is ReportFormat.text and output_file is None:
        render_org_summary(assessment.organization or {}, out)
    emit(assessment, fmt, output, stats=stats, output_file=output_file, quiet=quiet)
    return assessment


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def render_org_summary(org: dict[str, Any], console: Console, limit: int = 30) -> None:
    """Accounts worst first, with a score per layer."""
    rows = org.get("accounts") or []
    console.print(f"[bold]Organization {org.get('organization')}[/]: {org.get('accounts_selected')} of "
                  f"{org.get('accounts_listed')} accounts scanned, {org.get('accounts_not_assessed')} not assessed, "
                  f"{org.get('cross_account_paths', 0)} cross-account attack paths", highlight=False)
    table = Table(title="Accounts, worst first (score per layer, 0-100)")
    for column in ("Account", "Name", "OU", "Env", "apps", "hosts", "networks", "cloud", "overall", "FAIL", "Note"):
        table.add_column(column, overflow="fold")
    for row in rows[:limit]:
        layers = row.get("layers") or {}
        note = row.get("note", "")
        table.add_row(row["account"], row.get("name", ""), row.get("ou_path", ""), row.get("environment", ""),
                      *(_score(layers.get(k)) for k in ("apps", "hosts", "networks", "cloud")),
                      _score(row.get("overall")), str((row.get("counts") or {}).get("FAIL", 0)), note)
    console.print(table)
    console.print()



def demo_org(
    org: Annotated[bool, Opt("--org", help="Plant a small organization instead of one account.")] = False,
    accounts: Annotated[int, Opt(help="Member accounts to plant (at least 5).")] = 8,
    output: OutputOpt = Path("ssrm-demo-org-report"),
    fmt: FormatOpt = ReportFormat.text,
    quiet: QuietOpt = False,
    save: Annotated[Path | None, Opt(help="Also save the merged inventory.")] = None,
    cluster: Annotated[str | None, Opt(help="Dask scheduler address; default: a local pool.")] = None,
) -> None:
    """Plant an organization in the moto emulator (OUs, member accounts, guardrails, a cross-account path,
    vendor and GitHub trusts, a quarantined account) and scan it with 'scan --org'."""
    import os
    import tempfile

    try:
        from ssrm.demo.org import DEMO_ORG_REGIONS, EMULATED_SERVICES, ORG_EMULATOR_ENV, plant_org
        from ssrm.demo.server import emulator
    except ImportError as exc:
        raise OrgFailure(f"the demo needs the emulator: pip install 'ssrm[demo]' ({exc.name} is missing)") from exc
    from ssrm.demo.world import DemoWorld
    from ssrm.org.scan import OrgScanRequest

    if not org:
        raise OrgFailure("pass --org")
    if accounts < 5:
        raise OrgFailure("--accounts must be at least 5")
    with emulator(ORG_EMULATOR_ENV) as endpoint, tempfile.TemporaryDirectory(prefix="ssrm-demo-org-") as runs:
        if not quiet:
            err.print(f"Demo: moto emulator on {endpoint}; planting an organization of {accounts + 1} accounts…")
        planted = plant_org(DemoWorld(endpoint), members=accounts)
        os.environ["AWS_ACCESS_KEY_ID"] = planted.auditor_keys["id"]
        os.environ["AWS_SECRET_ACCESS_KEY"] = planted.auditor_keys["secret"]
        access = MemberAccess(endpoint_url=endpoint, max_attempts=2)
        request = OrgScanRequest(access=access, regions=list(DEMO_ORG_REGIONS), services=list(EMULATED_SERVICES),
                                 checkpoint_dir=Path(runs))
        run_org_scan(request, cluster=cluster, workers=16, save=save, fmt=fmt, output=output, quiet=quiet,
                     stats=False, mutelist=None, rules_dir=None, crown_jewels=None, use_default_store=False)
