"""``ssrm history`` and ``ssrm diff``: runs kept in the store, and what changed between two of them."""

from __future__ import annotations

import io
import json
import re
import sys
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ssrm.store import Store, StoreError, open_store, resolve_store_url

app = typer.Typer(pretty_exceptions_enable=False)
history_app = typer.Typer(help="Runs kept in the history store: list, prune, finding ages and SLAs.",
                          invoke_without_command=True, pretty_exceptions_enable=False)
app.add_typer(history_app, name="history")

out = Console()
err = Console(stderr=True, soft_wrap=True)
StoreOpt = Annotated[str | None, typer.Option("--store", help="History store: a path or postgresql:// URL "
                     "(default: $SSRM_STORE, else the per-user default store).")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="text or json.")]
_DURATION = re.compile(r"^(\d+)([hdw])$")


def _fail(message: str) -> SystemExit:
    err.print(f"[red]error:[/] {message}", highlight=False)
    return SystemExit(2)


def _open(store: str | None) -> Store:
    try:
        return open_store(resolve_store_url(store, required=True) or "", readonly=False)
    except StoreError as exc:
        raise _fail(str(exc)) from None


def parse_duration(text: str) -> timedelta:
    m = _DURATION.match(text.strip())
    if not m:
        raise ValueError(f"not a duration: {text!r} (use e.g. 90d, 12w or 36h)")
    unit = {"h": "hours", "d": "days", "w": "weeks"}[m[2]]
    return timedelta(**{unit: int(m[1])})


@history_app.callback()
def history(
    ctx: typer.Context,
    store: StoreOpt = None,
    account: Annotated[str | None, typer.Option(help="Only this account.")] = None,
    limit: Annotated[int, typer.Option(help="How many runs, newest first.")] = 20,
    fmt: FormatOpt = "text",
) -> None:
    """The runs in the store with their scores (newest first)."""
    if ctx.invoked_subcommand is not None:
        return
    list_runs(store, account, limit, fmt)


@history_app.command("list")
def list_runs(store: StoreOpt = None, account: Annotated[str | None, typer.Option(help="Only this account.")] = None,
              limit: Annotated[int, typer.Option(help="How many runs, newest first.")] = 20,
              fmt: FormatOpt = "text") -> None:
    """The runs in the store with their scores (newest first)."""
    from ssrm.drift.render import render_runs

    s = _open(store)
    try:
        runs = s.runs(account=account, limit=limit)
    except StoreError as exc:
        raise _fail(str(exc)) from None
    if fmt == "json":
        scores = s.scores([r.id for r in runs])
        sys.stdout.write(json.dumps([{**r.as_dict(), "layers": scores.get(r.id, {})} for r in runs], indent=2)
                         + "\n")
        return
    render_runs(runs, out)


@history_app.command("prune")
def prune(keep: Annotated[str, typer.Option(help="Keep runs newer than this: 90d, 12w, 36h.")],
          store: StoreOpt = None,
          dry_run: Annotated[bool, typer.Option("--dry-run", help="Only say what would be deleted.")] = False) -> None:
    """Delete runs older than --keep (the newest finished run of each account is always kept)."""
    try:
        age = parse_duration(keep)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    deleted = _open(store).prune(age, dry_run=dry_run)
    verb = "would delete" if dry_run else "deleted"
    out.print(f"{verb} {len(deleted)} run(s)" + (f": {', '.join(map(str, deleted))}" if deleted else ""),
              highlight=False)


@history_app.command("sla")
def sla(store: StoreOpt = None,
        sla_file: Annotated[Path | None, typer.Option("--sla", help="YAML of SLA days per severity and team.")] = None,
        account: Annotated[str | None, typer.Option(help="Only this account.")] = None,
        fmt: FormatOpt = "text") -> None:
    """Mean time to remediate per severity, and failing findings open past their SLA, per team."""
    from rich.table import Table

    from ssrm.drift.lifecycle import SlaError, load_sla, remediation_stats

    try:
        rules = load_sla(sla_file)
    except SlaError as exc:
        raise _fail(str(exc)) from None
    stats = remediation_stats(_open(store).lifecycles(account=account), rules)
    if fmt == "json":
        sys.stdout.write(json.dumps(stats, indent=2) + "\n")
        return
    table = Table(title="Remediation by severity")
    for col in ("Severity", "Open", "Fixed", "MTTR (days)", "SLA (days)", "Past SLA"):
        table.add_column(col)
    for sev, r in stats["severities"].items():
        table.add_row(sev, str(r["open"]), str(r["fixed"]), "-" if r["mttr_days"] is None else f"{r['mttr_days']:.1f}",
                      "-" if r["sla_days"] is None else f"{r['sla_days']:g}", str(r["past_sla"]))
    out.print(table)
    teams = Table(title="Teams")
    for col in ("Team", "Open", "Past SLA", "Oldest (days)"):
        teams.add_column(col)
    for team, r in stats["teams"].items():
        teams.add_row(team, str(r["open"]), str(r["past_sla"]), f"{r['oldest_days']:.1f}")
    out.print(teams)


@history_app.command("finding")
def finding(fingerprint: Annotated[str, typer.Argument(help="A finding id (ssrm-…) from any output.")],
            store: StoreOpt = None, fmt: FormatOpt = "text") -> None:
    """One finding across runs: first seen, last seen, age, and its status in each run."""
    from ssrm.drift.lifecycle import age_days

    s = _open(store)
    rows, lc = s.finding_history(fingerprint), s.lifecycle(fingerprint)
    if not rows:
        raise _fail(f"no finding {fingerprint!r} in the store")
    if fmt == "json":
        sys.stdout.write(json.dumps({"lifecycle": lc, "runs": rows}, indent=2) + "\n")
        return
    head = rows[0]
    out.print(f"[bold]{head['title']}[/] — {head['resource_arn']}", highlight=False)
    if lc:
        state = "open" if lc["open"] else f"resolved {lc['resolved_at']}"
        out.print(f"first seen {lc['first_seen']}, last seen {lc['last_seen']}, {state}, "
                  f"age {age_days(lc):.1f} days, reopened {lc['reopened']} time(s)", highlight=False)
    for r in rows:
        out.print(f"  run {r['run_id']:>5}  {r['when'][:16]}  {r['status']:<8} {r['reason']}", highlight=False)


@app.command("diff")
def diff(
    run_a: Annotated[int | None, typer.Argument(help="Older run id (default: the second newest finished run).")]
    = None,
    run_b: Annotated[int | None, typer.Argument(help="Newer run id (default: the newest finished run).")] = None,
    store: StoreOpt = None,
    account: Annotated[str | None, typer.Option(help="Compare the last two runs of this account.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json or md.")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead.")] = None,
) -> None:
    """What changed between two runs: findings, resources (field by field), attack paths, scores."""
    from ssrm.drift.diff import diff_runs, pick_runs
    from ssrm.drift.render import render_diff_json, render_diff_markdown, render_diff_text

    if fmt not in ("text", "json", "md"):
        raise _fail(f"unknown format {fmt!r} (text, json, md)")
    s = _open(store)
    try:
        base, head = pick_runs(s, run_a, run_b, account)
        result = diff_runs(s, base, head)
    except StoreError as exc:
        raise _fail(str(exc)) from None
    if fmt == "text" and output is None:
        render_diff_text(result, out)
        return
    text = render_diff_json(result) if fmt == "json" else render_diff_markdown(result)
    if fmt == "text":
        console = Console(record=True, width=120, file=io.StringIO())
        render_diff_text(result, console)
        text = console.export_text()
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _fail(f"cannot write {output}: {exc.strerror}") from None
    err.print(f"diff written to {output}", highlight=False)
