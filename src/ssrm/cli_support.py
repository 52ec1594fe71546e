"""What the commands share beyond the grammar (``ssrm.cli_common``): loading rules, suppressions, crown jewels
and documents; the pipeline run; printing or writing an assessment or a single view; the option types."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from ssrm.assess.assessment import Assessment
from ssrm.cli_common import Failure, emit_text, err, out, write_into
from ssrm.documents import DocumentError, Loaded, load_document
from ssrm.model import Inventory
from ssrm.model.snapshot import save_inventory
from ssrm.pipeline import assess as run_pipeline
from ssrm.progress import RichScanProgress, wants_progress
from ssrm.report.formats import RENDERERS, ReportFormat, ReportWriteError, write_reports
from ssrm.report.json_out import assessment_to_dict
from ssrm.report.terminal import render_stats, render_summary
from ssrm.rules.base import Rule
from ssrm.rules.catalog import builtin_rules
from ssrm.rules.custom import RulesDirError, load_rules_dir

if TYPE_CHECKING:
    from ssrm.paths import CrownJewels
    from ssrm.pipeline import Suppressor
    from ssrm.sources.aws.session import ConnectOptions


OutputFormat = ReportFormat  # the name code written against the earlier CLI used


class ViewFormat(StrEnum):
    """Formats of the single-view commands (compliance, plan, rules list)."""

    text = "text"
    json = "json"
    csv = "csv"


class DataFormat(StrEnum):
    """Formats of views with no table form (paths, rules show)."""

    text = "text"
    json = "json"


class DocumentFormat(StrEnum):
    """What ``ssrm report`` prints: a document format (the terminal summary belongs to scan and assess)."""

    md = "md"
    html = "html"
    json = "json"
    csv = "csv"
    ocsf = "ocsf"
    asff = "asff"


EXTENSIONS = {"text": "txt", "json": "json", "csv": "csv", "md": "md", "html": "html", "ocsf": "ocsf.json",
              "asff": "asff.json"}


def split_csv(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def load_rules(rules_dir: Path | None) -> tuple[list[Rule], list[str]]:
    """The built-in rules plus the user's, and one line per custom rule file that could not be loaded."""
    rules = builtin_rules()
    if rules_dir is None:
        return rules, []
    try:
        custom, problems = load_rules_dir(rules_dir, {r.id for r in rules})
    except RulesDirError as exc:
        raise Failure(str(exc)) from exc
    for problem in problems:
        err.print(f"[red]custom rule not loaded:[/] {problem}", highlight=False)
    return rules + custom, problems


def _loaded(path: Path | None, load: Callable[[Path], Any], errors: type[Exception]) -> Any:
    """``load(path)``, its one-line error a usage failure; None without a path."""
    if path is None:
        return None
    try:
        return load(path)
    except errors as exc:
        raise Failure(str(exc)) from exc


def load_suppressor(mutelist: Path | None) -> Suppressor | None:
    from ssrm.engine.suppress import SuppressionError, load_mutelist

    suppressor: Suppressor | None = _loaded(mutelist, load_mutelist, SuppressionError)
    return suppressor


def load_jewels(path: Path | None) -> CrownJewels | None:
    from ssrm.paths import CrownJewelError, load_crown_jewels

    jewels: CrownJewels | None = _loaded(path, load_crown_jewels, CrownJewelError)
    return jewels


def assess_inventory(inventory: Inventory, rules: list[Rule] | None = None, *, mutelist: Path | None = None,
                     rule_problems: list[str] | None = None, crown_jewels: Path | None = None,
                     paths: bool = True) -> Assessment:
    """The pipeline with the command line's file options loaded (kept for code written against the CLI;
    new code calls :func:`ssrm.pipeline.assess`)."""
    from ssrm.pipeline import DEFAULT_BUDGET

    return run_pipeline(inventory, rules, suppress=load_suppressor(mutelist), crown_jewels=load_jewels(crown_jewels),
                        budget=DEFAULT_BUDGET if paths else None, rule_problems=rule_problems or ())


def render_attack_text(console: Console, doc: dict[str, Any], *, plan_limit: int, path_limit: int) -> None:
    from ssrm.paths.render import render_paths, render_plan

    if doc.get("paths") is None:
        return
    console.print()
    render_plan(console, doc.get("plan") or [], limit=plan_limit)
    console.print()
    render_paths(console, doc["paths"], limit=path_limit)


def capture(draw: Callable[[Console], None]) -> str:
    buffer = io.StringIO()
    draw(Console(file=buffer, width=140, no_color=True, highlight=False))
    return buffer.getvalue()


def show(draw: Callable[[Console], None] | None, text: Callable[[], str] | None, *, output_file: Path | None,
         quiet: bool) -> None:
    """Print a view: ``draw`` with rich (text format) or ``text`` (a document format), to stdout or a file."""
    if draw is not None:
        if output_file is None:
            draw(out)
            return
        emit_text(capture(draw), output_file, quiet=quiet)
        return
    assert text is not None
    emit_text(text(), output_file, quiet=quiet)


def note_written(paths: Sequence[Path], quiet: bool) -> None:
    if quiet:
        return
    err.print("Reports written:", highlight=False)
    for path in paths:
        err.print(f"  {path}", highlight=False)


def emit(assessment: Assessment, fmt: ReportFormat, output: Path | None, *, stats: bool = False,
         output_file: Path | None = None, quiet: bool = False) -> None:
    """Print the assessment in ``fmt`` (or write it to ``output_file``) and every report into ``output``."""
    doc = assessment_to_dict(assessment)

    def draw(console: Console) -> None:
        render_summary(assessment, console, show_stats=stats)
        render_attack_text(console, doc, plan_limit=5, path_limit=3)

    if fmt is ReportFormat.text:
        show(draw, None, output_file=output_file, quiet=quiet)
    else:
        show(None, lambda: RENDERERS[fmt](doc), output_file=output_file, quiet=quiet)
        if stats:
            render_stats(assessment, err)
    if output is not None:
        try:
            written = write_reports(doc, output)
        except ReportWriteError as exc:
            raise Failure(str(exc)) from exc
        note_written(written, quiet)


def collect(options: ConnectOptions, regions: list[str], services: list[str], quiet: bool,
            processes: int = 1) -> Inventory:
    # boto3 and the collectors load only for commands that talk to AWS (``ssrm iac`` must start fast).
    from ssrm.sources.aws.collectors import ALL_COLLECTORS
    from ssrm.sources.aws.runner import scan as run_scan
    from ssrm.sources.aws.runner import select_collectors

    collectors = select_collectors(ALL_COLLECTORS, services or None)
    progress = RichScanProgress(err) if wants_progress(err, quiet) else None
    with progress if progress else nullcontext():
        return run_scan(options, collectors, regions=regions or None, progress=progress, processes=processes)


def save_snapshot(inventory: Inventory, path: Path, quiet: bool) -> None:
    try:
        if path.parent != Path():
            path.parent.mkdir(parents=True, exist_ok=True)
        save_inventory(inventory, path)
    except OSError as exc:
        raise Failure(f"cannot save the inventory to {path}: {exc.strerror or exc}") from exc
    if not quiet:
        err.print(f"Inventory saved to {path}", highlight=False)


RegionsOpt = Annotated[list[str] | None, typer.Option("--regions", "-r", help="Regions (comma separated); "
                       "default: every region enabled for the account.")]
ServicesOpt = Annotated[list[str] | None, typer.Option("--services", "-s", help="Only these services "
                        "(comma separated), e.g. s3,iam,ec2.")]
FormatOpt = Annotated[ReportFormat, typer.Option("--format", "-f", help="What to print: the terminal summary "
                      "(text), the JSON assessment, CSV, OCSF or ASFF findings, the HTML report or the "
                      "Markdown summary.")]
StatsOpt = Annotated[bool, typer.Option("--stats", help="Print API calls per service and wall time.")]
ProcessesOpt = Annotated[int, typer.Option("--processes", min=1, max=64, help="Collect in this many worker "
                         "processes (for large accounts: botocore's CPU then uses more than one core); "
                         "default 1: threads in this process.")]
MutelistOpt = Annotated[Path | None, typer.Option("--mutelist", help="YAML suppressions (see docs/suppressions.md).")]
RulesDirOpt = Annotated[Path | None, typer.Option("--rules-dir", help="Load your own rules from this directory.")]
JewelsOpt = Annotated[Path | None, typer.Option("--crown-jewels", help="YAML naming what attackers want most "
                      "(see docs/paths.md); default: admin access and data stores tagged sensitive.")]
InputArg = Annotated[Path, typer.Argument(help="An inventory snapshot (scan/demo --save), an assessment JSON "
                     "(assessment.json, scan -f json) or the JSON of 'ssrm iac -f json'.")]


def assessed(inventory: Inventory, rules_dir: Path | None, mutelist: Path | None,
              crown_jewels: Path | None) -> Assessment:
    rules, problems = load_rules(rules_dir)
    return run_pipeline(inventory, rules, suppress=load_suppressor(mutelist), crown_jewels=load_jewels(crown_jewels),
                        rule_problems=problems)


def read_input(path: Path, rules_dir: Path | None, mutelist: Path | None, crown_jewels: Path | None) -> Loaded:
    """``path`` read as a document; the snapshot options apply only to a snapshot, and say so otherwise."""
    rules, problems = load_rules(rules_dir) if rules_dir else (None, [])
    try:
        loaded = load_document(path, rules=rules, suppress=load_suppressor(mutelist),
                               crown_jewels=load_jewels(crown_jewels), rule_problems=problems)
    except DocumentError as exc:
        raise Failure(str(exc)) from exc
    given = [name for name, value in (("--rules-dir", rules_dir), ("--mutelist", mutelist),
                                      ("--crown-jewels", crown_jewels)) if value is not None]
    if given and not loaded.from_snapshot:
        raise Failure(f"{', '.join(given)} apply when the input is an inventory snapshot; {path} is an assessment "
                      "that was already judged (assess its snapshot instead)")
    return loaded


def print_view(fmt: str, output: Path | None, output_file: Path | None, quiet: bool, name: str,
          draw: Callable[[Console], None], text: Callable[[str], str]) -> None:
    """Print a single view in ``fmt`` and, with ``--output DIR``, write it as ``DIR/name.<ext>``."""
    if fmt == "text":
        show(draw, None, output_file=output_file, quiet=quiet)
    else:
        show(None, lambda: text(fmt), output_file=output_file, quiet=quiet)
    if output is not None:
        body = capture(draw) if fmt == "text" else text(fmt)
        note_written([write_into(output, f"{name}.{EXTENSIONS[fmt]}", body)], quiet)


def csv_text(rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def rule_dict(r: Rule) -> dict[str, object]:
    return {
        "id": r.id, "title": r.title, "resource_type": r.resource_type, "service": r.service,
        "layer": r.layer.value, "domain": r.domain.value, "severity": r.severity.value, "stage": r.stage.value,
        "attack": list(r.attack), "phase": r.phase.value, "smm": r.smm, "references": list(r.references),
        "needs": list(r.needs), "uses": list(r.uses), "skips": r.skips, "description": r.description,
        "remediation": r.remediation.model_dump(), "runtime_only": r.runtime_only,
    }
