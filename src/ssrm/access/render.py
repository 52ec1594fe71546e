"""Text (rich), JSON and CSV for the access answers. CSV has one row per principal and target, with the
chain flattened into one column ("a -> b (method) -> c")."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.table import Table

from ssrm.access.queries import AccessRow, WhatCan

CSV_COLUMNS = ("principal", "principal_label", "target", "target_label", "access", "via", "conditional",
               "methods", "steps", "chain")


def chain_text(row: AccessRow, labels: dict[str, str] | None = None) -> str:
    """"dev -> ci (sts:AssumeRole) -> admin-role (lambda:CreateFunction+InvokeFunction) -> ..."."""
    labels = labels or {}
    words = [row.principal_label]
    for step in row.steps:
        name = labels.get(step.target) or (row.target_label if step.target == row.target else
                                           step.target.rsplit("/", 1)[-1].rsplit(":", 1)[-1])
        if step.target.startswith("admin:"):
            name = "administrator"
        how = f" ({step.method})" if step.method and step.method != "*:*" else ""
        words.append(f"{name}{how}")
    return " -> ".join(words)


def rows_to_json(rows: Iterable[AccessRow], **extra: Any) -> str:
    return json.dumps({**extra, "rows": [row.as_dict() for row in rows]}, indent=2)


def rows_to_csv(rows: Iterable[AccessRow], labels: dict[str, str] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([row.principal, row.principal_label, row.target, row.target_label, row.access, row.via,
                         "yes" if row.conditional else "no", " ".join(row.methods), len(row.steps),
                         chain_text(row, labels)])
    return buffer.getvalue()


def print_rows(console: Console, rows: list[AccessRow], title: str, labels: dict[str, str] | None = None,
               *, explain: bool = False) -> None:
    if not rows:
        console.print(f"{title}: none.", highlight=False)
        return
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in ("principal", "access", "via", "chain"):
        table.add_column(column, overflow="fold")
    for row in rows:
        via = row.via + (" (conditional)" if row.conditional else "")
        table.add_row(row.principal_label, row.access, via, chain_text(row, labels))
    console.print(table)
    if explain:
        for row in rows:
            console.print(f"\n[bold]{row.principal_label}[/] -> {row.target_label}", highlight=False)
            for number, step in enumerate(row.steps, start=1):
                mark = " [yellow](conditional)[/]" if step.conditional else ""
                technique = f" [{step.technique}]" if step.technique else ""
                console.print(f"  {number}. {step.sentence}{technique}{mark}", highlight=False, markup=True)


def print_what_can(console: Console, answer: WhatCan, labels: dict[str, str] | None = None) -> None:
    if answer.is_admin:
        console.print(f"{answer.label} is an administrator: it reaches every one of the {answer.store_count} stores.",
                      highlight=False)
    elif answer.admin is not None:
        maybe = "may become" if answer.admin.conditional else "can become"
        console.print(f"{answer.label} {maybe} administrator ({', '.join(answer.admin.methods)}): "
                      f"{chain_text(answer.admin, labels)}; then every one of the {answer.store_count} stores.",
                      highlight=False)
        for number, step in enumerate(answer.admin.steps, start=1):
            console.print(f"  {number}. {step.sentence}", highlight=False)
    else:
        console.print(f"{answer.label} cannot become administrator.", highlight=False)
    print_rows(console, answer.stores, f"Stores {answer.label} reaches through grants, role chains or escalation",
               labels)
