"""``ssrm notify``: which channels are configured, a test message, kept deliveries, a diff's news.

Each command prints what it did (``-f text|json``; with ``--dry-run`` what would be sent), follows the
grammar of docs/cli.md (``-o DIR``, ``--output-file``, ``-q``) and exits 1 when a delivery failed and was kept.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from ssrm.cli_common import Failure, OutputFileOpt, OutputOpt, QuietOpt
from ssrm.cli_support import DataFormat, print_view
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
StoreOpt = Annotated[str | None, typer.Option("--store", help="History store (keeps failed deliveries).")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Print what would be sent; send nothing.")]
MinSeverityOpt = Annotated[str, typer.Option("--min-severity", help="Only findings and alerts at or above.")]
DigestOpt = Annotated[bool, typer.Option("--digest/--each", help="One message for everything, or one each.")]
FormatOpt = Annotated[DataFormat, typer.Option("--format", "-f", help="text or json.")]
SEVERITIES = ("critical", "high", "medium", "low", "info")


def check_severity(value: str) -> str:
    if value.lower() not in SEVERITIES:
        raise Failure(f"unknown severity {value!r} ({', '.join(SEVERITIES)})")
    return value.lower()


def build_notifier(store_url: str | None, *, dry_run: bool, digest: bool = True) -> Notifier:
    try:
        channels = configured_channels()
        url = resolve_store_url(store_url)
        store = open_store(url) if url else None
    except (ConfigError, StoreError) as exc:
        raise Failure(str(exc)) from exc
    if not channels:
        raise Failure(f"no notification channel configured (set {PREFIX}WEBHOOK_URL, {PREFIX}SLACK_URL, "
                      f"{PREFIX}SMTP_URL or {PREFIX}SNS_TOPIC_ARN; see 'ssrm notify --help')")
    return Notifier(channels, store=store, dry_run=dry_run, digest=digest)


def outcome_dict(outcome: Outcome) -> dict[str, Any]:
    return {"sent": outcome.sent, "kept_for_retry": outcome.queued, "retried": outcome.retried,
            "still_failing": outcome.still_failing, "dry_run": outcome.dry_run}


def outcome_line(outcome: Outcome) -> str:
    return (f"sent {outcome.sent}, kept for retry {outcome.queued}, earlier deliveries retried {outcome.retried}, "
            f"still failing {outcome.still_failing}")


def report(outcome: Outcome, fmt: DataFormat, output: Path | None, output_file: Path | None, quiet: bool) -> None:
    """Print what was sent (or, dry, what would be); exit 1 when a delivery failed and was kept for later."""

    def draw(console: Console) -> None:
        for item in outcome.dry_run:
            console.print(f"would send to {item['channel']}: {item['subject']}", highlight=False, markup=False)
            console.print(item["text"], highlight=False, markup=False)
        if not outcome.dry_run:
            console.print(outcome_line(outcome), highlight=False)

    print_view(fmt.value, output, output_file, quiet, "notifications", draw,
               lambda _: json.dumps(outcome_dict(outcome), indent=2))
    if outcome.queued or outcome.still_failing:
        raise typer.Exit(1)


@notify_app.command("channels")
def channels(fmt: FormatOpt = DataFormat.text, output: OutputOpt = None, output_file: OutputFileOpt = None,
             quiet: QuietOpt = False) -> None:
    """The configured channels (by kind; their secrets are never shown)."""
    try:
        names = [c.name for c in configured_channels()]
    except ConfigError as exc:
        raise Failure(str(exc)) from exc

    def draw(console: Console) -> None:
        for name in names:
            console.print(name, highlight=False)
        if not names:
            console.print("no channel configured", highlight=False)

    print_view(fmt.value, output, output_file, quiet, "channels", draw, lambda _: json.dumps(names, indent=2))


@notify_app.command("test")
def test(store: StoreOpt = None, dry_run: DryRunOpt = False, fmt: FormatOpt = DataFormat.text,
         output: OutputOpt = None, output_file: OutputFileOpt = None, quiet: QuietOpt = False) -> None:
    """Send a test message to every configured channel."""
    report(build_notifier(store, dry_run=dry_run).send([sample_event()]), fmt, output, output_file, quiet)


@notify_app.command("retry")
def retry(store: StoreOpt = None, fmt: FormatOpt = DataFormat.text, output: OutputOpt = None,
          output_file: OutputFileOpt = None, quiet: QuietOpt = False) -> None:
    """Try again every delivery that failed earlier and was kept in the store."""
    notifier = build_notifier(store, dry_run=False)
    if notifier.store is None:
        raise Failure("no history store: failed deliveries are kept only in a store")
    report(notifier.retry_pending(), fmt, output, output_file, quiet)


@notify_app.command("diff")
def notify_diff(
    run_a: Annotated[int | None, typer.Argument(help="Older run (default: the last two finished runs).")] = None,
    run_b: Annotated[int | None, typer.Argument(help="Newer run.")] = None,
    store: StoreOpt = None, dry_run: DryRunOpt = False, min_severity: MinSeverityOpt = "high",
    digest: DigestOpt = True,
    alerts: Annotated[bool, typer.Option(help="Also send detection alerts not sent yet.")] = True,
    fmt: FormatOpt = DataFormat.text, output: OutputOpt = None, output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Tell people what got worse between two runs (cron-friendly: run it after 'ssrm scan --store')."""
    from ssrm.drift.diff import diff_runs, pick_runs

    severity = check_severity(min_severity)
    notifier = build_notifier(store, dry_run=dry_run, digest=digest)
    if notifier.store is None:
        raise Failure("no history store to compare runs in (--store or SSRM_STORE)")
    try:
        base, head = pick_runs(notifier.store, run_a, run_b)
        events = events_from_diff(diff_runs(notifier.store, base, head, with_resources=False), severity)
    except StoreError as exc:
        raise Failure(str(exc)) from exc
    pending: list[dict[str, Any]] = notifier.store.alerts(unnotified=True) if alerts else []
    events += events_from_alerts(pending, severity)
    outcome = notifier.send(events)
    if not dry_run:
        notifier.store.mark_alerts_notified(a["id"] for a in pending)
    report(outcome, fmt, output, output_file, quiet)
