"""The terminal summary: where each layer stands, then the worst findings first."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ssrm.assess.assessment import Assessment
from ssrm.model import Finding, Layer, Severity, Status

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}
LAYER_TITLE = {
    Layer.APPS: "Apps",
    Layer.HOSTS: "Hosts",
    Layer.NETWORKS: "Networks",
    Layer.CLOUD: "Account, identity & data",
}


def _score_text(score: float | None) -> Text:
    if score is None:
        return Text("n/a", style="dim")
    style = "green" if score >= 80 else "yellow" if score >= 50 else "red"
    return Text(f"{score:.0f}%", style=style)


def resource_label(f: Finding) -> str:
    if f.resource_name and f.resource_name != f.resource_id:
        return f"{f.resource_name} ({f.resource_id})"
    return f.resource_id or f.resource_arn


def render_summary(a: Assessment, console: Console, *, top: int = 15, show_stats: bool = False) -> None:
    inv = a.inventory
    regions = ", ".join(inv.regions)
    console.print(
        f"[bold]ssrm assessment[/] of account [bold]{inv.account}[/] ({inv.source}) — regions: {regions}"
    )
    if inv.skipped_regions:
        console.print(f"[dim]Skipped (not enabled for the account): {', '.join(inv.skipped_regions)}[/]")
    counts = Counter(f.status for f in a.findings)
    console.print(
        f"{len(inv.resources)} resources, {a.rules_evaluated} rules, {len(a.findings)} results: "
        f"[red]{counts[Status.FAIL]} fail[/], [green]{counts[Status.PASS]} pass[/], "
        f"[magenta]{counts[Status.ERROR]} error[/], {counts[Status.MUTED]} muted, "
        f"{counts[Status.NOT_APPLICABLE]} n/a"
    )
    console.print()
    table = Table(title="Your side of the shared responsibility model", title_justify="left")
    table.add_column("Layer")
    table.add_column("Score", justify="right")
    table.add_column("Maturity phase")
    table.add_column("Pass", justify="right", style="green")
    table.add_column("Fail", justify="right", style="red")
    table.add_column("Error", justify="right", style="magenta")
    for layer in Layer:
        m = a.maturity.layers[layer]
        table.add_row(
            LAYER_TITLE[layer], _score_text(m.total.score), m.phase.value if m.phase else "not started",
            str(m.total.counts[Status.PASS]), str(m.total.counts[Status.FAIL]),
            str(m.total.counts[Status.ERROR]),
        )
    overall = a.maturity.overall
    table.add_section()
    table.add_row("Overall", _score_text(overall.score), "", str(overall.counts[Status.PASS]),
                  str(overall.counts[Status.FAIL]), str(overall.counts[Status.ERROR]))
    console.print(table)
    if inv.gaps and inv.emulated:
        console.print(f"\n[bold]{len(inv.gaps)} reads the emulator does not implement[/] (emulator limits, not "
                      "account problems; the results that need them are ERROR):")
        for gap in inv.gaps[:8]:
            console.print(f"  • {gap.describe()}", highlight=False)
        if len(inv.gaps) > 8:
            console.print(f"  … and {len(inv.gaps) - 8} more (see the JSON output)")
    elif inv.gaps:
        console.print(f"\n[magenta bold]{len(inv.gaps)} collection gaps[/] — results that depend on them are ERROR:")
        for gap in inv.gaps[:8]:
            console.print(f"  [magenta]•[/] {gap.describe()}", highlight=False)
        if len(inv.gaps) > 8:
            console.print(f"  … and {len(inv.gaps) - 8} more (see the JSON output)")
    for problem in a.rule_problems:
        console.print(f"[red]custom rule not loaded:[/] {problem}", highlight=False)
    if a.suppressions:
        expired_entries = a.suppressions.get("expired")
        for expired in expired_entries if isinstance(expired_entries, list) else []:
            console.print(f"[yellow]suppression expired, no longer muting:[/] {expired}", highlight=False)
    failures = a.top_failures
    if failures:
        console.print(f"\n[bold]Top findings[/] ({min(top, len(failures))} of {len(failures)} failing, worst first):")
        for f in failures[:top]:
            line = Text("  ")
            line.append(f"{f.severity.value.upper():<8}", style=SEVERITY_STYLE[f.severity])
            line.append(f" {f.rule_id}", style="bold")
            line.append(f"  {resource_label(f)}", style="cyan")
            if f.region not in ("global", ""):
                line.append(f"  ({f.region})", style="dim")
            console.print(line)
            console.print(Text(f"           {f.reason}"), overflow="fold")
    if show_stats:
        render_stats(a, console)


def render_stats(a: Assessment, console: Console) -> None:
    stats = a.inventory.stats
    table = Table(title="API calls by service", title_justify="left")
    table.add_column("Service")
    table.add_column("Calls", justify="right")
    for service, calls in sorted(stats.calls_by_service.items(), key=lambda kv: -kv[1]):
        table.add_row(service, str(calls))
    table.add_section()
    table.add_row("total", str(stats.total_calls))
    console.print(table)
    console.print(f"Wall time {stats.wall_seconds:.2f} s; at most {stats.max_in_flight} calls in flight.")
