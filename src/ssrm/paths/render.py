"""Terminal rendering of paths and plan with rich."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ssrm.paths.plan import PlanStep, severity_of
from ssrm.paths.search import AttackPath

STAGE_STYLE = {"recon": "cyan", "initial-access": "red", "control": "magenta", "discover-spread": "yellow",
               "exfiltrate": "bold red"}


def render_paths(console: Console, paths: Sequence[AttackPath], *, limit: int = 10) -> None:
    """Internet paths first (``limit`` of them), then up to ``limit`` internal escalation chains."""
    outside = [p for p in paths if not p.internal]
    inside = [p for p in paths if p.internal]
    if not outside:
        console.print("[green]No attack path from the internet reaches a crown jewel.[/green]")
    else:
        console.print(f"[bold]Attack paths[/bold] ({len(outside)} found, top {min(limit, len(outside))} shown)")
        _render(console, outside[:limit])
    if inside:
        console.print(f"[bold]Internal escalation[/bold] ({len(inside)} users or roles can become administrator "
                      f"without the internet, top {min(limit, len(inside))} shown)")
        _render(console, inside[:limit])


def _render(console: Console, paths: Sequence[AttackPath]) -> None:
    for number, path in enumerate(paths, start=1):
        console.print(Text.assemble((f"{number}. ", "bold"), (path.target.label, "bold"),
                                    f"  value {path.value}, {path.length} steps, ease {path.ease:.2f}  ",
                                    (path.id, "dim")))
        for edge in path.edges:
            stage = edge.stage.value
            line = Text("   ")
            line.append(f"[{stage}]", style=STAGE_STYLE.get(stage, ""))
            line.append(f" {edge.technique} ", style="dim")
            line.append(edge.sentence)
            if edge.finding_rule_id:
                line.append(f"  ({edge.finding_rule_id})", style="dim")
            console.print(line)


def render_plan(console: Console, plan: Sequence[PlanStep], *, limit: int = 10) -> None:
    if not plan:
        console.print("[green]Nothing to cut: no attack path was found, or none can be fixed.[/green]")
        return
    table = Table(title="Kill-chain plan: the cheapest fixes that cut every path", show_lines=False)
    for column in ("#", "fix", "stage", "effort", "paths", "severity", "rules"):
        table.add_column(column, overflow="fold")
    for step in plan[:limit]:
        table.add_row(str(step.order), step.title, step.stage.value, step.fix.effort_label,
                      str(len(step.paths_broken)), severity_of(step).value, ", ".join(step.fix.rule_ids) or "-")
    console.print(table)
    for step in plan[:limit]:
        if step.fix.cli:
            console.print(Text(f"  {step.order}. ", style="bold") + Text(step.fix.cli[0], style="dim"))
