"""``ssrm watch``: scan on an interval (and on CloudTrail changes), keep every run, tell people what got worse."""

from __future__ import annotations

import logging
import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ssrm.cli_common import Failure, QuietOpt, err
from ssrm.store import StoreError, default_store_path, open_store, resolve_store_url
from ssrm.watch.report import RunReporter

if TYPE_CHECKING:
    from ssrm.sources.aws.session import ConnectOptions
    from ssrm.store import Store
    from ssrm.watch.trail import Change

app = typer.Typer(pretty_exceptions_enable=False)
log = logging.getLogger("ssrm.watch")
_INTERVAL = re.compile(r"^(\d+(?:\.\d+)?)([smhd]?)$")
SEVERITIES = ("critical", "high", "medium", "low", "info")


class WatchFormat(StrEnum):
    """One line per kept run (text), or one JSON object per line (json)."""

    text = "text"
    json = "json"


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


def make_refresh(store: Store, options: ConnectOptions, notifier: Any, min_severity: str,
                 reporter: RunReporter) -> Any:
    """Re-collect what trail changes touched (one resource where a resource-level read exists, else the
    service in the region), merge it into the last run's inventory, re-judge, keep, notify."""

    def refresh(changes: list[Change]) -> None:
        from ssrm.model.snapshot import inventory_from_dict
        from ssrm.pipeline import assess
        from ssrm.store import recording
        from ssrm.watch.cycle import after_run
        from ssrm.watch.refresh import recollect

        latest = store.runs(finished_only=True, source="live", limit=1)
        if not latest:
            log.info("trail change before the first complete run: the next cycle will see it")
            return
        snapshot = store.inventory(latest[0].id)
        if snapshot is None:
            return
        events = ", ".join(sorted({c.event_name for c in changes}))
        with recording(store.url, source="live", target=f"trail: {events}"[:500]) as rec:
            merged = recollect(options, inventory_from_dict(snapshot), changes)
            info = rec.record(assess(merged))
        if info is not None:
            reporter(after_run(store, info, notifier, min_severity), trigger="trail")

    return refresh


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
    fmt: Annotated[WatchFormat, typer.Option("--format", "-f", help="Per kept run: a line (text) or a JSON "
                                             "object per line (json).")] = WatchFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Directory to write each run's diff into "
                                              "(diff-A-B.md and .json).")] = None,
    output_file: Annotated[Path | None, typer.Option("--output-file", help="Append the per-run lines to this "
                                                       "file instead of stdout.")] = None,
    quiet: QuietOpt = False,
    max_cycles: Annotated[int, typer.Option(hidden=True)] = 0,
) -> None:
    """Scan every --interval: keep each run, diff it with the last complete one, notify what got worse."""
    from ssrm.notify.channels import ConfigError, configured_channels
    from ssrm.notify.deliver import Notifier
    from ssrm.sources.aws.session import ConnectOptions
    from ssrm.watch.cycle import ScanCycle
    from ssrm.watch.loop import WatchLoop
    from ssrm.watch.trail import TrailPoller, TrailRefresher

    try:
        seconds = parse_interval(interval)
    except ValueError as exc:
        raise Failure(str(exc)) from exc
    if min_severity not in SEVERITIES:
        raise Failure(f"unknown severity {min_severity!r} ({', '.join(SEVERITIES)})")
    reporter = RunReporter(fmt.value, output, output_file, quiet=quiet, dry_run=dry_run)
    reporter.check()
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO,
                        format="%(asctime)s %(levelname)s %(message)s")
    try:
        url = resolve_store_url(store) or str(default_store_path())
        opened = open_store(url)
        channels = configured_channels()
    except (StoreError, ConfigError) as exc:
        raise Failure(str(exc)) from exc
    notifier = Notifier(channels, store=opened, digest=digest, dry_run=dry_run) if channels or dry_run else None
    if notifier is None and not quiet:
        err.print("no notification channel configured: runs are kept and diffed, nobody is told "
                  "(see 'ssrm notify --help')", highlight=False)
    options = ConnectOptions(profile=profile, role_arn=role_arn, external_id=external_id, endpoint_url=endpoint_url)
    cycle = ScanCycle(opened, make_scan(options, _split(regions), _split(services)), notifier, min_severity,
                      target=profile or role_arn or "", on_result=reporter)
    loop = WatchLoop(cycle, seconds, retry_after=retry_after, max_cycles=max_cycles)
    if trail:
        poller = TrailPoller(list(trail))
        try:
            poller.prime()
        except ValueError as exc:
            raise Failure(str(exc)) from exc
        loop.between = TrailRefresher(poller, make_refresh(opened, options, notifier, min_severity, reporter),
                                      poll_every=trail_poll, sleep=loop.stop.wait)
    loop.install_signals()
    if not quiet:
        err.print(f"watching every {interval} into {opened.label}"
                  + (f", following {', '.join(trail)}" if trail else "")
                  + "; SIGTERM or Ctrl-C stops after the current cycle", highlight=False)
    stats = loop.run()
    if not quiet:
        err.print(f"stopped after {stats.cycles} cycle(s), {stats.failures} failed", highlight=False)
    opened.close()
