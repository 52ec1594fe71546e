"""``ssrm notify``: which channels are configured, a test message, kept deliveries, a diff's news."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console

from ssrm.notify.channels import PREFIX, ConfigError, configured_channels
from ssrm.notify.deliver import Notifier, Outcome, sample_event
from ssrm.notify.events import events_from_alerts, events_from_diff
from ssrm.store import StoreError, open_store, resolve_store_url

app = typer.Typer(pretty_exceptions_enable=False)
notify_app = typer.Typer(no_args_is_help=True, pretty_exceptions_enable=False, help=(
    f"Notifications: a JSON webhook ({PREFIX}WEBHOOK_URL), Slack ({PREFIX}SLACK_URL), e-mail "
    f"({PREFIX}SMTP_URL, {PREFIX}EMAIL_FROM, {PREFIX}EMAIL_TO, {PREFIX}SMTP_PASSWORD), SNS "
    f"({PREFIX}SNS_TOPIC_ARN). Each can instead be read from the file named by NAME_FILE."))
app.add_typer(notify_app, name="notify")
err = Console(stderr=True, soft_wrap=True)
StoreOpt = Annotated[str | None, typer.Option("--store", help="History store (keeps failed deliveries).")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Print what would be sent; send nothing.")]
MinSeverityOpt = Annotated[str, typer.Option("--min-severity", help="Only findings and alerts at or above.")]
DigestOpt = Annotated[bool, typer.Option("--digest/--each", help="One message for everything, or one each.")]


def _fail(message: str) -> SystemExit:
    err.print(f"[red]error:[/] {message}", highlight=False)
    return SystemExit(2)


def build_notifier(store_url: str | None, *, dry_run: bool, digest: bool = True) -> Notifier:
    try:
        channels = configured_channels()
        url = resolve_store_url(store_url)
        store = open_store(url) if url else None
    except (ConfigError, StoreError) as exc:
        raise _fail(str(exc)) from None
    if not channels:
        raise _fail(f"no notification channel configured (set {PREFIX}WEBHOOK_URL, {PREFIX}SLACK_URL, "
                    f"{PREFIX}SMTP_URL or {PREFIX}SNS_TOPIC_ARN; see 'ssrm notify --help')")
    return Notifier(channels, store=store, dry_run=dry_run, digest=digest)


def report(outcome: Outcome) -> None:
    for item in outcome.dry_run:
        sys.stdout.write(json.dumps(item) + "\n")
    if outcome.dry_run:
        return
    err.print(f"sent {outcome.sent}, kept for retry {outcome.queued}, earlier deliveries retried "
              f"{outcome.retried}, still failing {outcome.still_failing}", highlight=False)


@notify_app.command("channels")
def channels() -> None:
    """The configured channels (by kind; their secrets are never shown)."""
    try:
        found = configured_channels()
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    for c in found:
        sys.stdout.write(c.name + "\n")
    if not found:
        err.print("no channel configured")


@notify_app.command("test")
def test(store: StoreOpt = None, dry_run: DryRunOpt = False) -> None:
    """Send a test message to every configured channel."""
    outcome = build_notifier(store, dry_run=dry_run).send([sample_event()])
    report(outcome)
    if outcome.queued or outcome.still_failing:
        raise SystemExit(1)


@notify_app.command("retry")
def retry(store: StoreOpt = None) -> None:
    """Try again every delivery that failed earlier and was kept in the store."""
    notifier = build_notifier(store, dry_run=False)
    if notifier.store is None:
        raise _fail("no history store: failed deliveries are kept only in a store")
    report(notifier.retry_pending())


@notify_app.command("diff")
def notify_diff(
    run_a: Annotated[int | None, typer.Argument(help="Older run (default: the last two finished runs).")] = None,
    run_b: Annotated[int | None, typer.Argument(help="Newer run.")] = None,
    store: StoreOpt = None, dry_run: DryRunOpt = False, min_severity: MinSeverityOpt = "high",
    digest: DigestOpt = True,
    alerts: Annotated[bool, typer.Option(help="Also send detection alerts not sent yet.")] = True,
) -> None:
    """Tell people what got worse between two runs (cron-friendly: run it after 'ssrm scan --store')."""
    from ssrm.drift.diff import diff_runs, pick_runs

    notifier = build_notifier(store, dry_run=dry_run, digest=digest)
    if notifier.store is None:
        raise _fail("no history store to compare runs in (--store or SSRM_STORE)")
    try:
        base, head = pick_runs(notifier.store, run_a, run_b)
        events = events_from_diff(diff_runs(notifier.store, base, head, with_resources=False), min_severity)
    except StoreError as exc:
        raise _fail(str(exc)) from None
    pending: list[dict[str, Any]] = notifier.store.alerts(unnotified=True) if alerts else []
    events += events_from_alerts(pending, min_severity)
    outcome = notifier.send(events)
    if not dry_run:
        notifier.store.mark_alerts_notified(a["id"] for a in pending)
    report(outcome)
