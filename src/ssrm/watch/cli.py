"""``ssrm watch``: scan on an interval (and on CloudTrail changes), keep every run, tell people what got worse."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from ssrm.store import StoreError, default_store_path, open_store, resolve_store_url

if TYPE_CHECKING:
    from ssrm.sources.aws.session import ConnectOptions
    from ssrm.store import Store

app = typer.Typer(pretty_exceptions_enable=False)
err = Console(stderr=True, soft_wrap=True)
log = logging.getLogger("ssrm.watch")
_INTERVAL = re.compile(r"^(\d+(?:\.\d+)?)([smhd]?)$")


def _fail(message: str) -> SystemExit:
    err.print(f"[red]error:[/] {message}", highlight=False)
    return SystemExit(2)


def parse_interval(text: str) -> float:
    m = _INTERVAL.match(text.strip())
    if not m or float(m[1]) <= 0:
        raise ValueError(f"not an interval: {text!r} (use e.g. 30m, 1h, 6h, 1d or seconds)")
    return float(m[1]) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m[2]]


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def make_scan(options: ConnectOptions, regions: list[str], services: list[str]) -> Any:
    def scan() -> Any:
        from ssrm.cli_support import collect
        from ssrm.pipeline import assess

        return assess(collect(options, regions, services, quiet=True))

    return scan


def make_refresh(store: Store, options: ConnectOptions, notifier: Any, min_severity: str) -> Any:
    """Re-collect some collectors in some regions, merge into the last run's inventory, re-judge, keep."""

    def refresh(names: tuple[str, ...], regions: set[str], changes: list[Any]) -> None:
        from ssrm.model.snapshot import inventory_from_dict
        from ssrm.pipeline import assess
        from ssrm.sources.aws.collectors import ALL_COLLECTORS
        from ssrm.sources.aws.runner import scan as run_scan
        from ssrm.sources.aws.runner import select_collectors
        from ssrm.store import recording
        from ssrm.watch.cycle import after_run
        from ssrm.watch.trail import merge_inventory

        latest = store.runs(finished_only=True, source="live", limit=1)
        if not latest:
            log.info("trail change before the first complete run: the next cycle will see it")
            return
        snapshot = store.inventory(latest[0].id)
        if snapshot is None:
            return
        base = inventory_from_dict(snapshot)
        collectors = select_collectors(ALL_COLLECTORS, list(names))
        scan_regions = sorted(regions - {"global"}) or list(base.regions)
        events = ", ".join(sorted({c.event_name for c in changes}))
        with recording(store.url, source="live", target=f"trail: {events}"[:500]) as rec:
            fresh = run_scan(options, collectors, regions=scan_regions)
            assessment = assess(merge_inventory(base, fresh, collectors, regions))
            info = rec.record(assessment)
        if info is not None:
            result = after_run(store, info, notifier, min_severity)
            err.print(f"trail refresh → run {info.id}: {_summary(result.counts)}", highlight=False)

    return refresh


def _summary(counts: dict[str, int]) -> str:
    if not counts:
        return "first run of this account"
    return ", ".join(f"{counts.get(k, 0)} {k}" for k in ("new", "regressed", "resolved", "unknown"))


@app.command("watch")
def watch(
    interval: Annotated[str, typer.Option(help="Time between scans: 30m, 1h, 6h, 1d.")] = "1h",
    store: Annotated[str | None, typer.Option("--store", help="History store (default: $SSRM_STORE, else the "
                                              "per-user default store, created if needed).")] = None,
    profile: Annotated[str | None, typer.Option(help="AWS profile.")] = None,
    role_arn: Annotated[str | None, typer.Option(help="Assume this role before scanning.")] = None,
    external_id: Annotated[str | None, typer.Option(help="External id for --role-arn.")] = None,
    regions: Annotated[list[str] | None, typer.Option("--regions", "-r", help="Regions (comma separated).")] = None,
    services: Annotated[list[str] | None, typer.Option("--services", "-s", help="Only these services.")] = None,
    endpoint_url: Annotated[str | None, typer.Option(hidden=True)] = None,
    trail: Annotated[list[str] | None, typer.Option("--trail", help="CloudTrail logs to follow (folders, files "
                                                    "or s3:// prefixes, as for 'ssrm detect'): a configuration "
                                                    "change re-collects what it touched within a minute.")] = None,
    trail_poll: Annotated[float, typer.Option(help="Seconds between trail polls.", min=1)] = 20.0,
    min_severity: Annotated[str, typer.Option("--min-severity", help="Notify at or above this severity.")] = "high",
    digest: Annotated[bool, typer.Option("--digest/--each", help="One message per cycle, or one per event.")]
    = True,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print notifications instead of sending them.")]
    = False,
    retry_after: Annotated[float, typer.Option(help="Seconds before retrying a failed cycle (doubles each time, "
                                               "at most the interval).", min=1)] = 60.0,
    max_cycles: Annotated[int, typer.Option(hidden=True)] = 0,
) -> None:
    """Scan every --interval: keep each run, diff it with the last complete one, notify what got worse."""
    from ssrm.notify.channels import ConfigError, configured_channels
    from ssrm.notify.deliver import Notifier
    from ssrm.sources.aws.session import ConnectOptions
    from ssrm.watch.cycle import CycleResult, ScanCycle
    from ssrm.watch.loop import WatchLoop
    from ssrm.watch.trail import TrailPoller, TrailRefresher

    try:
        seconds = parse_interval(interval)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    if min_severity not in ("critical", "high", "medium", "low", "info"):
        raise _fail(f"unknown severity {min_severity!r} (critical, high, medium, low, info)")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        url = resolve_store_url(store) or str(default_store_path())
        opened = open_store(url)
        channels = configured_channels()
    except (StoreError, ConfigError) as exc:
        raise _fail(str(exc)) from None
    notifier = Notifier(channels, store=opened, digest=digest, dry_run=dry_run) if channels or dry_run else None
    if notifier is None:
        err.print("no notification channel configured: runs are kept and diffed, nobody is told "
                  "(see 'ssrm notify --help')", highlight=False)
    options = ConnectOptions(profile=profile, role_arn=role_arn, external_id=external_id, endpoint_url=endpoint_url)

    def said(result: CycleResult) -> None:
        if result.run is not None:
            err.print(f"run {result.run.id} ({result.run.status}): {_summary(result.counts)}; "
                      f"{len(result.events)} event(s) to notify", highlight=False)
            if dry_run and result.events:
                for e in result.events:
                    err.print(f"  would notify: {e.line()}", highlight=False)

    cycle = ScanCycle(opened, make_scan(options, _split(regions), _split(services)), notifier, min_severity,
                      target=profile or role_arn or "", on_result=said)
    loop = WatchLoop(cycle, seconds, retry_after=retry_after, max_cycles=max_cycles)
    if trail:
        poller = TrailPoller(list(trail))
        try:
            poller.prime()
        except ValueError as exc:
            raise _fail(str(exc)) from None
        loop.between = TrailRefresher(poller, make_refresh(opened, options, notifier, min_severity),
                                      poll_every=trail_poll, sleep=loop.stop.wait)
    loop.install_signals()
    err.print(f"watching every {interval} into {opened.label}" + (f", following {', '.join(trail)}" if trail else "")
              + "; SIGTERM or Ctrl-C stops after the current cycle", highlight=False)
    stats = loop.run()
    err.print(f"stopped after {stats.cycles} cycle(s), {stats.failures} failed", highlight=False)
    opened.close()

