"""A run diff as text (rich), Markdown or JSON; the run history as a table."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.table import Table

from ssrm.drift.diff import RunDiff
from ssrm.store import RunInfo

_LABELS = {"new": "New failures", "regressed": "Regressed (failing again after a fix)", "resolved": "Resolved",
           "unknown": "No longer judged (ERROR: could not be read)", "muted": "Muted since"}
_SHOWN = 50


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def _delta(value: float | None) -> str:
    return "" if value is None or value == 0 else f"{value:+.1f}"


def _finding_line(e: dict[str, Any]) -> str:
    gone = " (resource gone)" if e.get("before") == "FAIL" and e.get("after") is None else ""
    return f"[{e['severity']}] {e['title']} — {e['resource_id'] or e['resource_arn']}{gone}"


def render_diff_text(diff: RunDiff, console: Console, *, limit: int = _SHOWN) -> None:
    b, h = diff.base, diff.head
    console.print(f"[bold]Run {b.id}[/] ({b.when:%Y-%m-%d %H:%M}) → [bold]run {h.id}[/] ({h.when:%Y-%m-%d %H:%M}), "
                  f"account {h.account}", highlight=False)
    counts = diff.counts()
    console.print(", ".join(f"{counts[k]} {k}" for k in ("new", "regressed", "resolved", "unknown", "unchanged")),
                  highlight=False)
    table = Table(title="Scores", show_edge=False)
    for col in ("Layer", "Before", "After", "Change"):
        table.add_column(col)
    for layer, s in diff.scores.items():
        table.add_row(layer, _score(s["before"]), _score(s["after"]), _delta(s["delta"]))
    console.print(table)
    for key, label in _LABELS.items():
        entries = diff.findings[key]
        if entries:
            console.print(f"\n[bold]{label}[/] ({len(entries)})")
            for e in entries[:limit]:
                console.print(f"  {_finding_line(e)}", highlight=False, markup=False)
            if len(entries) > limit:
                console.print(f"  … and {len(entries) - limit} more", highlight=False)
    if diff.resources is None:
        console.print("\n[dim]Resources: a run kept no inventory, so resource changes are not known.[/]")
    else:
        r = diff.resources
        console.print(f"\n[bold]Resources[/]: {len(r.added)} added, {len(r.removed)} removed, "
                      f"{len(r.changed)} changed", highlight=False)
        for a in r.added[:limit]:
            console.print(f"  + {a['resource_type']} {a['id']}", highlight=False)
        for a in r.removed[:limit]:
            console.print(f"  - {a['resource_type']} {a['id']}", highlight=False)
        for c in r.changed[:limit]:
            for line in c.changes:
                console.print(f"  ~ {line}", highlight=False, markup=False)
    if diff.paths_appeared or diff.paths_disappeared:
        console.print(f"\n[bold]Attack paths[/]: {len(diff.paths_appeared)} appeared, "
                      f"{len(diff.paths_disappeared)} disappeared", highlight=False)
        for p in diff.paths_appeared[:limit]:
            console.print(f"  + to {p['target']}: {p['first_step']}", highlight=False, markup=False)
        for p in diff.paths_disappeared[:limit]:
            console.print(f"  - to {p['target']}", highlight=False)


def render_diff_markdown(diff: RunDiff) -> str:
    b, h = diff.base, diff.head
    counts = diff.counts()
    lines = [f"# Changes: run {b.id} → run {h.id}", "",
             f"Account {h.account}; {b.when:%Y-%m-%d %H:%M} → {h.when:%Y-%m-%d %H:%M} UTC.", "",
             " · ".join(f"**{counts[k]}** {k}" for k in ("new", "regressed", "resolved", "unknown", "unchanged")),
             "", "| Layer | Before | After | Change |", "|---|---|---|---|"]
    lines += [f"| {layer} | {_score(s['before'])} | {_score(s['after'])} | {_delta(s['delta'])} |"
              for layer, s in diff.scores.items()]
    for key, label in _LABELS.items():
        entries = diff.findings[key]
        if entries:
            lines += ["", f"## {label} ({len(entries)})", ""]
            lines += [f"- {_finding_line(e)}" for e in entries]
    if diff.resources is not None:
        r = diff.resources
        lines += ["", f"## Resources: {len(r.added)} added, {len(r.removed)} removed, {len(r.changed)} changed", ""]
        lines += [f"- added {a['resource_type']} `{a['id']}`" for a in r.added]
        lines += [f"- removed {a['resource_type']} `{a['id']}`" for a in r.removed]
        lines += [f"- {line}" for c in r.changed for line in c.changes]
    if diff.paths_appeared or diff.paths_disappeared:
        lines += ["", "## Attack paths", ""]
        lines += [f"- appeared, to `{p['target']}`: {p['first_step']}" for p in diff.paths_appeared]
        lines += [f"- disappeared, to `{p['target']}`" for p in diff.paths_disappeared]
    return "\n".join(lines) + "\n"


def render_diff_json(diff: RunDiff) -> str:
    return json.dumps(diff.as_dict(), indent=2, default=str)


def render_runs(runs: list[RunInfo], console: Console) -> None:
    table = Table(title=f"{len(runs)} run(s)")
    for col in ("Run", "When (UTC)", "Account", "Source", "Status", "Resources", "Failures", "Score", "Gaps"):
        table.add_column(col, overflow="fold")
    style = {"complete": "green", "partial": "yellow", "failed": "red", "interrupted": "red", "running": "cyan"}
    for r in runs:
        table.add_row(str(r.id), f"{r.when:%Y-%m-%d %H:%M}", r.account or "-", r.source,
                      f"[{style.get(r.status, 'white')}]{r.status}[/]", str(r.resources), str(r.failures),
                      _score(r.overall_score), str(r.gaps))
    console.print(table)


def render_runs_markdown(runs: list[RunInfo], scores: dict[int, dict[str, float | None]]) -> str:
    """The run history as a Markdown table, with the score of each layer."""
    layers = sorted({layer for by_layer in scores.values() for layer in by_layer})
    head = ["Run", "When (UTC)", "Account", "Source", "Status", "Resources", "Failures", "Score", *layers]
    lines = [f"# History: {len(runs)} run(s)", "", "| " + " | ".join(head) + " |",
             "|" + "---|" * len(head)]
    for r in runs:
        cells = [str(r.id), f"{r.when:%Y-%m-%d %H:%M}", r.account or "-", r.source, r.status, str(r.resources),
                 str(r.failures), _score(r.overall_score), *(_score(scores.get(r.id, {}).get(k)) for k in layers)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
