"""``ssrm access``: effective access on a saved inventory or on infrastructure code (mounted by ssrm's CLI).

    ssrm access who-can s3:GetObject 'arn:aws:s3:::payroll/*' inventory.json
    ssrm access what-can role/ci inventory.json
    ssrm access escalations inventory.json --format csv
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ssrm.cli_common import OutputFileOpt, OutputOpt, QuietOpt
from ssrm.model import Inventory

if TYPE_CHECKING:
    from ssrm.access.analysis import AccessAnalysis

app = typer.Typer(help="Effective access: who can become admin, who can reach each data store.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
access_app = typer.Typer(help="Effective access: who can become administrator, who can reach each data store "
                              "(directly, through role chains, or by escalating).", no_args_is_help=True)
app.add_typer(access_app, name="access")

IAC_SUFFIXES = (".tf", ".yaml", ".yml", ".template", ".hcl")


class Format(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
SourceArg = Annotated[list[Path], typer.Argument(help="An inventory saved by 'ssrm scan --save', or Terraform / "
                                                      "CloudFormation files or directories.")]
DepthOpt = Annotated[int, typer.Option("--max-depth", min=1, max=20, help="Longest chain searched, in steps.")]


def _deliver(fmt: Format, output: Path | None, output_file: Path | None, quiet: bool, name: str,
             draw: Callable[[Console], None], text: Callable[[str], str]) -> None:
    """Print the answer in ssrm's one grammar: stdout or ``--output-file``, and ``--output DIR`` too."""
    from ssrm.cli_support import print_view

    print_view(fmt.value, output, output_file, quiet, name, draw, text)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def load_source(paths: list[Path]) -> Inventory:
    """A saved inventory (JSON, optionally gzipped), else infrastructure code."""
    from ssrm.model.snapshot import SnapshotError, load_inventory

    missing = [p for p in paths if not p.exists()]
    if missing:
        raise _fail(f"not found: {missing[0]}")
    single = paths[0] if len(paths) == 1 else None
    if single is not None and single.is_file() and single.suffix.lower() not in IAC_SUFFIXES:
        try:
            return load_inventory(single)
        except SnapshotError as exc:
            snapshot_error = str(exc)
    else:
        snapshot_error = ""
    from ssrm.sources.iac.discover import InputError
    from ssrm.sources.iac.loader import load_iac

    try:
        load = load_iac(paths)
    except (InputError, OSError) as exc:
        raise _fail(snapshot_error or str(exc)) from None
    if not load.records:
        raise _fail(snapshot_error or "no saved inventory, Terraform or CloudFormation resources in "
                    + ", ".join(map(str, paths)))
    return load.inventory


def _analysis(paths: list[Path], max_depth: int, quiet: bool = False) -> tuple[Inventory, AccessAnalysis]:
    """Load and analyse, with a spinner on a terminal (a large account takes tens of seconds)."""
    from contextlib import nullcontext

    from ssrm.access.analysis import analyze
    from ssrm.progress import wants_progress

    err = Console(stderr=True)
    inventory = load_source(paths)
    status = err.status(f"Effective access of {len(inventory.resources)} resources…") \
        if wants_progress(err, quiet) else nullcontext()
    with status:
        return inventory, analyze(inventory, max_depth=max_depth)


def _labels(analysis: AccessAnalysis) -> dict[str, str]:
    return {node_id: node.label for node_id, node in analysis.graph.nodes.items()}


@access_app.command("who-can")
def who_can_command(
    action: Annotated[str, typer.Argument(help="An action, e.g. s3:GetObject.")],
    resource: Annotated[str, typer.Argument(help="A resource ARN, e.g. 'arn:aws:s3:::payroll/*'.")],
    source: SourceArg,
    fmt: FormatOpt = Format.text,
    explain: Annotated[bool, typer.Option("--explain", help="Print every step of every chain.")] = False,
    max_depth: DepthOpt = 10,
    quiet: QuietOpt = False,
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
) -> None:
    """Every principal that can call ACTION on RESOURCE, and how (the easiest chain for each)."""
    from ssrm.access.queries import QueryError, who_can
    from ssrm.access.render import print_rows, rows_to_csv, rows_to_json

    inventory, analysis = _analysis(source, max_depth, quiet)
    try:
        rows = who_can(analysis, inventory, action, resource)
    except QueryError as exc:
        raise _fail(str(exc)) from None
    labels = _labels(analysis)
    _deliver(fmt, output, output_file, quiet, "who-can",
             lambda console: print_rows(console, rows, f"Who can {action} on {resource}", labels, explain=explain),
             lambda kind: rows_to_json(rows, action=action, resource=resource) + "\n" if kind == "json"
             else rows_to_csv(rows, labels))


@access_app.command("what-can")
def what_can_command(
    principal: Annotated[str, typer.Argument(help="A user, role or group: ARN, 'role/NAME' or NAME.")],
    source: SourceArg,
    fmt: FormatOpt = Format.text,
    max_depth: DepthOpt = 10,
    quiet: QuietOpt = False,
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
) -> None:
    """Whether PRINCIPAL is or can become administrator, and every store it reaches, with the actions."""
    import json

    from ssrm.access.queries import QueryError, what_can
    from ssrm.access.render import print_what_can, rows_to_csv

    inventory, analysis = _analysis(source, max_depth, quiet)
    try:
        answer = what_can(analysis, principal, inventory)
    except QueryError as exc:
        raise _fail(str(exc)) from None
    labels = _labels(analysis)
    _deliver(fmt, output, output_file, quiet, "what-can", lambda console: print_what_can(console, answer, labels),
             lambda kind: json.dumps(answer.as_dict(), indent=2) + "\n" if kind == "json"
             else rows_to_csv(([answer.admin] if answer.admin else []) + answer.stores, labels))


@access_app.command("escalations")
def escalations_command(
    source: SourceArg,
    fmt: FormatOpt = Format.text,
    explain: Annotated[bool, typer.Option("--explain", help="Print every step of every chain.")] = False,
    max_depth: DepthOpt = 10,
    quiet: QuietOpt = False,
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
) -> None:
    """Every principal that is not an administrator but can become one, with the method(s) and the chain."""
    from ssrm.access.queries import escalations
    from ssrm.access.render import print_rows, rows_to_csv, rows_to_json

    _, analysis = _analysis(source, max_depth, quiet)
    rows = escalations(analysis)
    labels = _labels(analysis)
    title = f"Principals that can become administrator ({len(rows)} of {len(analysis.principals())})"
    _deliver(fmt, output, output_file, quiet, "escalations",
             lambda console: print_rows(console, rows, title, labels, explain=explain),
             lambda kind: rows_to_json(rows, principals=len(analysis.principals())) + "\n" if kind == "json"
             else rows_to_csv(rows, labels))
