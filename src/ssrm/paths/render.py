"""Terminal rendering of paths and plan with rich, from their JSON form (``ssrm.paths.serialize``).

Working on the JSON form lets ``ssrm paths`` and ``ssrm plan`` print a saved assessment exactly as they
print a fresh one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

STAGE_STYLE = {"recon": "cyan", "initial-access": "red", "control": "magenta", "discover-spread": "yellow",
               "exfiltrate": "bold red"}


def render_paths(console: Console, paths: Sequence[Mapping[str, Any]], *, limit: int = 10) -> None:
    if not paths:
        console.print("[green]No attack path reaches a crown jewel.[/green]")
        return
    console.print(f"[bold]Attack paths[/bold] ({len(paths)} found, top {min(limit, len(paths))} shown)")
    for number, path in enumerate(paths[:limit], start=1):
        console.print(Text.assemble((f"{number}. ", "bold"), (str(path.get("target_label") or path["target"]), "bold"),
                                    f"  value {path['value']}, {path['length']} steps, ease {path['ease']:.2f}  ",
                                    (str(path["id"]), "dim")))
        for step in path["steps"]:
            stage = str(step["stage"])
            line = Text("   ")
            line.append(f"[{stage}]", style=STAGE_STYLE.get(stage, ""))
            line.append(f" {step['technique']} ", style="dim")
            line.append(str(step["sentence"]))
            if step.get("finding_rule_id"):
                line.append(f"  ({step['finding_rule_id']})", style="dim")
            console.print(line)


def render_plan(console: Console, plan: Sequence[Mapping[str, Any]], *, limit: int = 10) -> None:
    if not plan:
        console.print("[green]Nothing to cut: no attack path was found, or none can be fixed.[/green]")
        return
    table = Table(title="Kill-chain plan: the cheapest fixes that cut every path", show_lines=False)
    for column in ("#", "fix", "stage", "effort", "paths", "severity", "rules"):
        table.add_column(column, overflow="fold")
    for step in plan[:limit]:
        table.add_row(str(step["order"]), str(step["title"]), str(step["stage"]), str(step["effort"]),
                      str(len(step["paths_broken"])), str(step["severity"]),
                      ", ".join(step["fixes_rule_ids"]) or "-")
    console.print(table)
    for step in plan[:limit]:
        if step.get("cli"):
            first = str(step["cli"]).splitlines()[0]
            console.print(Text(f"  {step['order']}. ", style="bold") + Text(first, style="dim"))
