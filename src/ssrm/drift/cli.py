"""``ssrm history`` and ``ssrm diff``: runs kept in the store, and what changed between two of them.

Both speak the grammar of docs/cli.md: ``-f`` (an Enum), ``-o DIR``, ``--output-file``, ``-q``, one-line
errors with exit code 2 (raised as :class:`ssrm.cli_common.Failure`).
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from ssrm.cli_common import Failure, OutputFileOpt, OutputOpt, QuietOpt
from ssrm.cli_support import DataFormat, print_view
from ssrm.store import Store, StoreError, open_store, resolve_store_url

app = typer.Typer(pretty_exceptions_enable=False)
history_app = typer.Typer(help="Runs kept in the history store: list, prune, finding ages and SLAs.",
                          invoke_without_command=True, pretty_exceptions_enable=False)
app.add_typer(history_app, name="history")


class ChangeFormat(StrEnum):
    """What ``ssrm history list`` and ``ssrm diff`` print: the terminal view, JSON or Markdown."""

    text = "text"
    json = "json"
    md = "md"


StoreOpt = Annotated[str | None, typer.Option("--store", help="History store: a path or postgresql:// URL "
                     "(default: $SSRM_STORE, else the per-user default store).")]
ChangeFormatOpt = Annotated[ChangeFormat, typer.Option("--format", "-f", help="text, json or md.")]
DataFormatOpt = Annotated[DataFormat, typer.Option("--format", "-f", help="text or json.")]
AccountOpt = Annotated[str | None, typer.Option(help="Only this account (or organization id, o-…).")]
LimitOpt = Annotated[int, typer.Option(help="How many runs, newest first.", min=1)]
_DURATION = re.compile(r"^(\d+)([hdw])$")


def _open(store: str | None) -> Store:
    try:
        return open_store(resolve_store_url(store, required=True) or "", readonly=False)
    except StoreError as exc:
        raise Failure(str(exc)) from exc


def parse_duration(text: str) -> timedelta:
    m = _DURATION.match(text.strip())
    if not m:
        raise ValueError(f"not a duration: {text!r} (use e.g. 90d, 12w or 36h)")
    unit = {"h": "hours", "d": "days", "w": "weeks"}[m[2]]
    return timedelta(**{unit: int(m[1])})


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, default=str)


@history_app.callback()
def history(ctx: typer.Context, store: StoreOpt = None, account: AccountOpt = None, limit: LimitOpt = 20,
            fmt: ChangeFormatOpt = ChangeFormat.text, output: OutputOpt = None, output_file: OutputFileOpt = None,
            quiet: QuietOpt = False) -> None:
    """The runs in the store with their scores (newest first); 'ssrm history list' with the same options."""
    if ctx.invoked_subcommand is not None:
        return
    list_runs(store, account, limit, fmt, output, output_file, quiet)


@history_app.command("list")
def list_runs(store: StoreOpt = None, account: AccountOpt = None, limit: LimitOpt = 20,
              fmt: ChangeFormatOpt = ChangeFormat.text, output: OutputOpt = None, output_file: OutputFileOpt = None,
              quiet: QuietOpt = False) -> None:
    """The runs in the store with their scores (newest first)."""
    from ssrm.drift.render import render_runs, render_runs_markdown

    s = _open(store)
    try:
        runs = s.runs(account=account, limit=limit)
        scores = s.scores([r.id for r in runs])
    except StoreError as exc:
        raise Failure(str(exc)) from exc
    finally:
        s.close()

    def text(kind: str) -> str:
        if kind == "md":
            return render_runs_markdown(runs, scores)
        return _json([{**r.as_dict(), "layers": scores.get(r.id, {})} for r in runs])

    print_view(fmt.value, output, output_file, quiet, "history", lambda console: render_runs(runs, console), text)


@history_app.command("prune")
def prune(keep: Annotated[str, typer.Option(help="Keep runs newer than this: 90d, 12w, 36h.")],
          store: StoreOpt = None,
          dry_run: Annotated[bool, typer.Option("--dry-run", help="Only say what would be deleted.")] = False,
          fmt: DataFormatOpt = DataFormat.text, output: OutputOpt = None, output_file: OutputFileOpt = None,
          quiet: QuietOpt = False) -> None:
    """Delete runs older than --keep (the newest finished run of each account is always kept)."""
    try:
        age = parse_duration(keep)
    except ValueError as exc:
        raise Failure(str(exc)) from exc
    s = _open(store)
    try:
        deleted = s.prune(age, dry_run=dry_run)
    finally:
        s.close()
    verb = "would delete" if dry_run else "deleted"
    line = f"{verb} {len(deleted)} run(s)" + (f": {', '.join(map(str, deleted))}" if deleted else "")
    print_view(fmt.value, output, output_file, quiet, "prune", lambda console: console.print(line, highlight=False),
               lambda _: _json({"dry_run": dry_run, "keep": keep, "deleted": deleted}))


@history_app.command("sla")
def sla(store: StoreOpt = None,
        sla_file: Annotated[Path | None, typer.Option("--sla", help="YAML of SLA days per severity and team.")] = None,
        account: AccountOpt = None, fmt: DataFormatOpt = DataFormat.text, output: OutputOpt = None,
        output_file: OutputFileOpt = None, quiet: QuietOpt = False) -> None:
    """Mean time to remediate per severity, and failing findings open past their SLA, per team."""
    from ssrm.drift.lifecycle import SlaError, counted_once, load_sla, remediation_stats

    try:
        rules = load_sla(sla_file)
    except SlaError as exc:
        raise Failure(str(exc)) from exc
    s = _open(store)
    try:
        lifecycles = s.lifecycles(account=account)
    finally:
        s.close()
    if account is None:
        lifecycles = counted_once(lifecycles)
    stats = remediation_stats(lifecycles, rules)
    print_view(fmt.value, output, output_file, quiet, "sla", lambda console: render_sla(stats, console),
               lambda _: _json(stats))


def render_sla(stats: dict[str, Any], console: Console) -> None:
    from rich.table import Table

    table = Table(title="Remediation by severity")
    for col in ("Severity", "Open", "Fixed", "MTTR (days)", "SLA (days)", "Past SLA"):
        table.add_column(col)
    for sev, r in stats["severities"].items():
        table.add_row(sev, str(r["open"]), str(r["fixed"]), "-" if r["mttr_days"] is None else f"{r['mttr_days']:.1f}",
                      "-" if r["sla_days"] is None else f"{r['sla_days']:g}", str(r["past_sla"]))
    console.print(table)
    teams = Table(title="Teams")
    for col in ("Team", "Open", "Past SLA", "Oldest (days)"):
        teams.add_column(col)
    for team, r in stats["teams"].items():
        teams.add_row(team, str(r["open"]), str(r["past_sla"]), f"{r['oldest_days']:.1f}")
    console.print(teams)


@history_app.command("finding")
def finding(fingerprint: Annotated[str, typer.Argument(help="A finding id (ssrm-…) from any output.")],
            store: StoreOpt = None, fmt: DataFormatOpt = DataFormat.text, output: OutputOpt = None,
            output_file: OutputFileOpt = None, quiet: QuietOpt = False) -> None:
    """One finding across runs: first seen, last seen, age, and its status in each run."""
    from ssrm.drift.lifecycle import age_days

    s = _open(store)
    try:
        rows, lc = s.finding_history(fingerprint), s.lifecycle(fingerprint)
    finally:
        s.close()
    if not rows:
        raise Failure(f"no finding {fingerprint!r} in the store")

    def draw(console: Console) -> None:
        head = rows[0]
        console.print(f"[bold]{head['title']}[/] — {head['resource_arn']}", highlight=False)
        if lc:
            state = "open" if lc["open"] else f"resolved {lc['resolved_at']}"
            console.print(f"first seen {lc['first_seen']}, last seen {lc['last_seen']}, {state}, "
                          f"age {age_days(lc):.1f} days, reopened {lc['reopened']} time(s)", highlight=False)
        for r in rows:
            console.print(f"  run {r['run_id']:>5}  {r['when'][:16]}  {r['status']:<8} {r['reason']}", highlight=False)

    print_view(fmt.value, output, output_file, quiet, "finding", draw,
               lambda _: _json({"lifecycle": lc, "runs": rows}))


@app.command("diff")
def diff(
    run_a: Annotated[int | None, typer.Argument(help="Older run id (default: the second newest finished run).")]
    = None,
    run_b: Annotated[int | None, typer.Argument(help="Newer run id (default: the newest finished run).")] = None,
    store: StoreOpt = None,
    account: Annotated[str | None, typer.Option(help="Compare the last two runs of this account (or of an "
                                                "organization: its id, o-…).")] = None,
    fmt: ChangeFormatOpt = ChangeFormat.text,
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """What changed between two runs: findings, resources (field by field), attack paths, scores."""
    from ssrm.drift.diff import diff_runs, pick_runs
    from ssrm.drift.render import render_diff_json, render_diff_markdown, render_diff_text

    s = _open(store)
    try:
        base, head = pick_runs(s, run_a, run_b, account)
        result = diff_runs(s, base, head)
    except StoreError as exc:
        raise Failure(str(exc)) from exc
    finally:
        s.close()
    print_view(fmt.value, output, output_file, quiet, f"diff-{base.id}-{head.id}",
               lambda console: render_diff_text(result, console),
               lambda kind: render_diff_json(result) if kind == "json" else render_diff_markdown(result))
