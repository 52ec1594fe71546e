"""``ssrm integrations``: who outside the organization can get in, from a saved inventory."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ssrm.cli_common import OutputFileOpt, OutputOpt, QuietOpt
from ssrm.cli_support import ViewFormat

app = typer.Typer(pretty_exceptions_enable=False, add_completion=False)

CSV_COLUMNS = ("severity", "kind", "party", "party_name", "known", "locked", "guard", "resource", "resource_type",
               "account", "actions")


def render_csv(report: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in report["integrations"]:
        writer.writerow({**row, "actions": " ".join(row.get("actions") or [])})
    return buffer.getvalue()


def render_text(report: dict[str, Any], console: Console) -> None:
    rows = report["integrations"]
    console.print(f"[bold]{len(rows)} ways in for {len(report['parties'])} outside parties[/] "
                  f"({report['unlocked']} not locked; unknown accounts: "
                  f"{', '.join(report['unknown_accounts']) or 'none'})", highlight=False)
    table = Table()
    for column in ("Severity", "Kind", "Party", "Who", "Locked", "Guard", "Resource"):
        table.add_column(column, overflow="fold")
    style = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}
    for row in rows:
        table.add_row(f"[{style.get(row['severity'], 'white')}]{row['severity']}[/]", row["kind"], row["party"],
                      row["party_name"], "yes" if row["locked"] else "[red]no[/]", row["guard"], row["resource"])
    console.print(table)
    for provider in report["oidc_providers"]:
        console.print(f"OIDC provider {provider['url']} ({provider['account']}): roles "
                      f"{', '.join(provider['roles']) or 'none'}", highlight=False)
    for provider in report["saml_providers"]:
        console.print(f"SAML provider {provider['name']} ({provider['account']}): roles "
                      f"{', '.join(provider['roles']) or 'none'}", highlight=False)


@app.command("integrations")
def integrations(
    snapshot: Annotated[Path, typer.Argument(help="An inventory saved by 'ssrm scan --save' (or --org --save).")],
    fmt: Annotated[ViewFormat, typer.Option("--format", "-f", help="text, json or csv.")] = ViewFormat.text,
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
    unlocked: Annotated[bool, typer.Option("--unlocked", help="Only the ways in that nothing locks.")] = False,
) -> None:
    """Every party outside the organization that can get in: trusted accounts (named through the known-vendor
    list), OIDC and SAML providers, resource policies and shares; and whether each is locked."""
    from ssrm.cli_support import print_view
    from ssrm.model.snapshot import load_inventory
    from ssrm.org.integrations import find_integrations

    report = find_integrations(load_inventory(snapshot)).as_dict()
    if unlocked:
        report["integrations"] = [i for i in report["integrations"] if not i["locked"]]

    def text(kind: str) -> str:
        return json.dumps(report, indent=2) + "\n" if kind == "json" else render_csv(report)

    print_view(fmt.value, output, output_file, quiet, "integrations", lambda console: render_text(report, console),
               text)
