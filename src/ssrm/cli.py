"""The command line: commands only. The pipeline is ``ssrm.pipeline``, reports are ``ssrm.report``, the
grammar every command follows (``-f``, ``--output DIR``, ``--output-file``, ``--quiet``, exit codes) is
written down in docs/cli.md and shared through ``ssrm.cli_common``."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ssrm import __version__
from ssrm.assess.assessment import Assessment
from ssrm.cli_common import (
    Failure,
    OutputFileOpt,
    OutputOpt,
    QuietOpt,
    emit_text,
    err,
    out,
    run_app,
    write_into,
)
from ssrm.documents import DocumentError, Loaded, load_document
from ssrm.model import Inventory, Layer, Severity, Status
from ssrm.model.snapshot import SnapshotError, load_inventory, save_inventory
from ssrm.pipeline import AttackView, add_attack_paths  # noqa: F401  (re-exported for code written against cli)
from ssrm.pipeline import assess as run_pipeline
from ssrm.progress import RichScanProgress, wants_progress
from ssrm.report.formats import RENDERERS, ReportFormat, ReportWriteError, write_reports
from ssrm.report.json_out import assessment_to_dict
from ssrm.report.reader import AssessmentFileError, read_assessment  # noqa: F401  (re-exported)
from ssrm.report.terminal import render_stats, render_summary
from ssrm.rules.base import Rule
from ssrm.rules.catalog import builtin_rules, find_rule
from ssrm.rules.compliance import evaluate_framework
from ssrm.rules.custom import RulesDirError, load_rules_dir
from ssrm.rules.frameworks import all_frameworks
from ssrm.sources.aws.errors import ScanSetupError

if TYPE_CHECKING:
    from ssrm.paths import CrownJewels
    from ssrm.pipeline import Suppressor
    from ssrm.sources.aws.session import ConnectOptions


def _show_version(value: bool) -> None:
    if value:
        out.print(f"ssrm {__version__}", highlight=False)
        raise typer.Exit()


app = typer.Typer(
    name="ssrm", no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False,
    help="Assess, prioritize and watch the customer's side of the AWS shared responsibility model.",
)


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    """Assess, prioritize and watch the customer's side of the AWS shared responsibility model."""


rules_app = typer.Typer(no_args_is_help=True, help="The rule catalog.")
app.add_typer(rules_app, name="rules")

# Commands whose modules are heavy to import (DuckDB, pySigma, the HCL parser) are mounted only when the
# command line may need them, so `ssrm scan` and `ssrm iac` start fast.
LAZY_APPS = {"detect": "ssrm.detect.cli", "baseline": "ssrm.detect.cli", "iac": "ssrm.iac.cli"}

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


def _split(values: list[str] | None) -> list[str]:
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


def load_suppressor(mutelist: Path | None) -> Suppressor | None:
    from ssrm.engine.suppress import SuppressionError, load_mutelist

    if mutelist is None:
        return None
    try:
        return load_mutelist(mutelist)
    except SuppressionError as exc:
        raise Failure(str(exc)) from exc


def load_jewels(path: Path | None) -> CrownJewels | None:
    if path is None:
        return None
    from ssrm.paths import CrownJewelError, load_crown_jewels

    try:
        return load_crown_jewels(path)
    except CrownJewelError as exc:
        raise Failure(str(exc)) from exc


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


def _capture(draw: Callable[[Console], None]) -> str:
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
        emit_text(_capture(draw), output_file, quiet=quiet)
        return
    assert text is not None
    emit_text(text(), output_file, quiet=quiet)


def _note_written(paths: Sequence[Path], quiet: bool) -> None:
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
        _note_written(written, quiet)


def collect(options: ConnectOptions, regions: list[str], services: list[str], quiet: bool) -> Inventory:
    # boto3 and the collectors load only for commands that talk to AWS (``ssrm iac`` must start fast).
    from ssrm.sources.aws.collectors import ALL_COLLECTORS
    from ssrm.sources.aws.runner import scan as run_scan
    from ssrm.sources.aws.runner import select_collectors

    collectors = select_collectors(ALL_COLLECTORS, services or None)
    progress = RichScanProgress(err) if wants_progress(err, quiet) else None
    with progress if progress else nullcontext():
        return run_scan(options, collectors, regions=regions or None, progress=progress)


def _save(inventory: Inventory, path: Path, quiet: bool) -> None:
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
MutelistOpt = Annotated[Path | None, typer.Option("--mutelist", help="YAML suppressions (see docs/suppressions.md).")]
RulesDirOpt = Annotated[Path | None, typer.Option("--rules-dir", help="Load your own rules from this directory.")]
JewelsOpt = Annotated[Path | None, typer.Option("--crown-jewels", help="YAML naming what attackers want most "
                      "(see docs/paths.md); default: admin access and data stores tagged sensitive.")]
InputArg = Annotated[Path, typer.Argument(help="An inventory snapshot (scan/demo --save), an assessment JSON "
                     "(assessment.json, scan -f json) or the JSON of 'ssrm iac -f json'.")]


def _assessed(inventory: Inventory, rules_dir: Path | None, mutelist: Path | None,
              crown_jewels: Path | None) -> Assessment:
    rules, problems = load_rules(rules_dir)
    return run_pipeline(inventory, rules, suppress=load_suppressor(mutelist), crown_jewels=load_jewels(crown_jewels),
                        rule_problems=problems)


@app.command()
def scan(
    profile: Annotated[str | None, typer.Option(help="AWS profile (SSO profiles work too).")] = None,
    role_arn: Annotated[str | None, typer.Option(help="Assume this role before scanning.")] = None,
    external_id: Annotated[str | None, typer.Option(help="External id for --role-arn.")] = None,
    regions: RegionsOpt = None,
    services: ServicesOpt = None,
    endpoint_url: Annotated[str | None, typer.Option(help="Send every call to this endpoint (an emulator).",
                                                     hidden=True)] = None,
    save: Annotated[Path | None, typer.Option(help="Also save the collected inventory (JSON, .gz ok).")] = None,
    fmt: FormatOpt = ReportFormat.text,
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
    stats: StatsOpt = False,
    mutelist: MutelistOpt = None,
    rules_dir: RulesDirOpt = None,
    crown_jewels: JewelsOpt = None,
) -> None:
    """Collect a live AWS account and assess it."""
    from ssrm.sources.aws.session import ConnectOptions

    load_rules(rules_dir)  # a bad rules directory fails before anything is collected
    options = ConnectOptions(profile=profile, role_arn=role_arn, external_id=external_id,
                             endpoint_url=endpoint_url)
    inventory = collect(options, _split(regions), _split(services), quiet)
    if save:
        _save(inventory, save, quiet)
    assessment = _assessed(inventory, rules_dir, mutelist, crown_jewels)
    emit(assessment, fmt, output, stats=stats, output_file=output_file, quiet=quiet)


@app.command()
def assess(
    snapshot: Annotated[Path, typer.Argument(help="An inventory saved by 'ssrm scan --save'.")],
    fmt: FormatOpt = ReportFormat.text,
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
    stats: StatsOpt = False,
    mutelist: MutelistOpt = None,
    rules_dir: RulesDirOpt = None,
    crown_jewels: JewelsOpt = None,
) -> None:
    """Assess a saved inventory offline."""
    assessment = _assessed(load_inventory(snapshot), rules_dir, mutelist, crown_jewels)
    emit(assessment, fmt, output, stats=stats, output_file=output_file, quiet=quiet)


@app.command()
def demo(
    output: OutputOpt = Path("ssrm-demo-report"),
    output_file: OutputFileOpt = None,
    fmt: FormatOpt = ReportFormat.text,
    quiet: QuietOpt = False,
    stats: StatsOpt = False,
    save: Annotated[Path | None, typer.Option(help="Where to save the demo inventory (default: inventory.json "
                                              "in the --output directory).")] = None,
    mutelist: MutelistOpt = None,
    rules_dir: RulesDirOpt = None,
    crown_jewels: JewelsOpt = None,
) -> None:
    """Plant the demo web shop in the moto emulator, scan it through boto3, and assess it."""
    try:
        from ssrm.demo.plant import plant_all
        from ssrm.demo.server import emulator
    except ImportError as exc:
        raise Failure(f"the demo needs the emulator: pip install 'ssrm[demo]' ({exc.name} is missing)") from exc
    from ssrm.demo.world import DEMO_REGIONS, MAIN_REGION, DemoWorld
    from ssrm.sources.aws.session import ConnectOptions

    load_rules(rules_dir)
    with emulator() as endpoint:
        if not quiet:
            err.print(f"Demo: moto emulator on {endpoint}; planting the Acme Shop account…")
        plant_all(DemoWorld(endpoint))
        # The emulator is local: a failing call will not succeed on a retry, so do not wait for one.
        options = ConnectOptions(region=MAIN_REGION, endpoint_url=endpoint, max_attempts=2)
        inventory = collect(options, list(DEMO_REGIONS), [], quiet)
    target = save or (output / "inventory.json" if output is not None else None)
    if target is not None:
        _save(inventory, target, quiet)
    assessment = _assessed(inventory, rules_dir, mutelist, crown_jewels)
    emit(assessment, fmt, output, stats=stats, output_file=output_file, quiet=quiet)
    if not quiet and inventory.gaps:
        err.print(f"Note: {len(inventory.gaps)} collection gaps come from API calls the moto emulator does not "
                  "implement (emulator limits, not problems of the demo account); docs/emulator-notes-*.md "
                  "lists them.", highlight=False)


def _document(path: Path, rules_dir: Path | None, mutelist: Path | None, crown_jewels: Path | None) -> Loaded:
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


@app.command()
def report(
    source: InputArg,
    fmt: Annotated[DocumentFormat, typer.Option("--format", "-f", help="What to print: the Markdown executive "
                   "summary, HTML report, JSON, CSV, OCSF or ASFF.")] = DocumentFormat.md,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Directory to write every report into "
                      "(HTML, summary md and PDF, JSON, CSV, OCSF, ASFF) instead of printing one.")] = None,
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
    mutelist: MutelistOpt = None,
    rules_dir: RulesDirOpt = None,
    crown_jewels: JewelsOpt = None,
) -> None:
    """Render the reports of an assessment: HTML, executive summary (md, PDF), JSON, CSV, OCSF, ASFF."""
    doc = _document(source, rules_dir, mutelist, crown_jewels).doc
    if output is not None:
        try:
            _note_written(write_reports(doc, output), quiet)
        except ReportWriteError as exc:
            raise Failure(str(exc)) from exc
        if output_file is None:
            return
    show(None, lambda: RENDERERS[ReportFormat(fmt.value)](doc), output_file=output_file, quiet=quiet)


def _view(fmt: str, output: Path | None, output_file: Path | None, quiet: bool, name: str,
          draw: Callable[[Console], None], text: Callable[[str], str]) -> None:
    """Print a single view in ``fmt`` and, with ``--output DIR``, write it as ``DIR/name.<ext>``."""
    if fmt == "text":
        show(draw, None, output_file=output_file, quiet=quiet)
    else:
        show(None, lambda: text(fmt), output_file=output_file, quiet=quiet)
    if output is not None:
        body = _capture(draw) if fmt == "text" else text(fmt)
        _note_written([write_into(output, f"{name}.{EXTENSIONS[fmt]}", body)], quiet)


def _csv(rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


@app.command()
def compliance(
    framework: Annotated[str, typer.Argument(help="cis, fsbp, smm (AWS Security Maturity Model) or attack.")],
    source: InputArg,
    fmt: Annotated[ViewFormat, typer.Option("--format", "-f", help="text, json or csv.")] = ViewFormat.text,
    status: Annotated[str | None, typer.Option(help="Only controls with this status (PASS, FAIL, ERROR, "
                                               "MANUAL, NOT_COVERED, NOT_APPLICABLE, MUTED).")] = None,
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
    mutelist: MutelistOpt = None,
    rules_dir: RulesDirOpt = None,
    crown_jewels: JewelsOpt = None,
) -> None:
    """Each control of a framework with its status, and the framework's score."""
    frameworks = all_frameworks()
    if framework.lower() not in frameworks:
        raise Failure(f"unknown framework {framework!r}; known: {', '.join(sorted(frameworks))}")
    doc = _document(source, rules_dir, mutelist, crown_jewels).doc
    results = [(f["rule_id"], Status(f["status"])) for f in doc["findings"]]
    view = evaluate_framework(frameworks[framework.lower()], results)
    controls = [c for c in view.controls if status is None or c.status == status.upper()]

    def text(kind: str) -> str:
        if kind == "csv":
            return _csv([("control", "status", "title", "rules"),
                         *((c.id, c.status, c.title, " ".join(c.rules)) for c in controls)])
        data = view.as_dict()
        data["controls"] = [c.as_dict() for c in controls]
        return json.dumps(data, indent=2)

    def draw(console: Console) -> None:
        score = "n/a" if view.score is None else f"{view.score:.0f}%"
        console.print(f"[bold]{view.name}[/] {view.version} — score {score} (controls passed / judged)")
        console.print(", ".join(f"{n} {k}" for k, n in sorted(view.counts().items())), highlight=False)
        table = Table(show_lines=False)
        for column in ("Control", "Status", "Title", "Rules"):
            table.add_column(column, overflow="fold")
        style = {"PASS": "green", "FAIL": "red", "ERROR": "magenta", "MANUAL": "yellow", "NOT_COVERED": "dim"}
        for c in controls:
            table.add_row(c.id, f"[{style.get(c.status, 'white')}]{c.status}[/]", c.title, ", ".join(c.rules) or "-")
        console.print(table)

    _view(fmt.value, output, output_file, quiet, f"compliance-{framework.lower()}", draw, text)


@app.command("paths")
def paths_command(
    source: InputArg,
    fmt: Annotated[DataFormat, typer.Option("--format", "-f", help="text or json.")] = DataFormat.text,
    limit: Annotated[int, typer.Option(help="How many paths to print.")] = 10,
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
    mutelist: MutelistOpt = None,
    rules_dir: RulesDirOpt = None,
    crown_jewels: JewelsOpt = None,
) -> None:
    """Attack paths from the internet (or a leaked credential) to your crown jewels, each step explained."""
    from ssrm.paths.render import render_paths

    doc = _document(source, rules_dir, mutelist, crown_jewels).doc
    if doc.get("paths") is None:
        raise Failure(f"{source} holds no attack paths (they were not computed); assess its snapshot instead")
    _view(fmt.value, output, output_file, quiet, "paths",
          lambda console: render_paths(console, doc["paths"], limit=limit),
          lambda _: json.dumps({"paths": doc["paths"], "notes": doc.get("path_notes", [])}, indent=2))


@app.command("plan")
def plan_command(
    source: InputArg,
    fmt: Annotated[ViewFormat, typer.Option("--format", "-f", help="text, json or csv.")] = ViewFormat.text,
    limit: Annotated[int, typer.Option(help="How many steps to print.")] = 10,
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
    mutelist: MutelistOpt = None,
    rules_dir: RulesDirOpt = None,
    crown_jewels: JewelsOpt = None,
) -> None:
    """The cheapest fixes that cut every attack path, earliest kill-chain stage first, with the commands."""
    from ssrm.paths.render import render_plan

    doc = _document(source, rules_dir, mutelist, crown_jewels).doc
    if doc.get("plan") is None:
        raise Failure(f"{source} holds no plan (attack paths were not computed); assess its snapshot instead")
    plan = doc["plan"]

    def draw(console: Console) -> None:
        render_plan(console, plan, limit=limit)
        for step in plan[:limit]:
            console.print(f"\n[bold]{step['order']}. {step['title']}[/]", highlight=False)
            if step.get("cli"):
                console.print(f"[dim]AWS CLI:[/]\n{step['cli']}", highlight=False, markup=True)

    def text(kind: str) -> str:
        if kind == "csv":
            return _csv([("order", "title", "stage", "effort", "severity", "paths_broken", "rules", "resources"),
                         *((s["order"], s["title"], s["stage"], s["effort"], s["severity"], len(s["paths_broken"]),
                            " ".join(s["fixes_rule_ids"]), " ".join(s["resources"])) for s in plan)])
        return json.dumps({"plan": plan}, indent=2)

    _view(fmt.value, output, output_file, quiet, "plan", draw, text)


@app.command()
def permissions(
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Print the read-only IAM policy ssrm needs (every action it calls), as JSON."""
    from ssrm.sources.aws.collectors import required_actions

    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "SsrmReadOnly", "Effect": "Allow", "Action": required_actions(), "Resource": "*"}],
    }
    text = json.dumps(policy, indent=2)
    emit_text(text, output_file, quiet=quiet)
    if output is not None:
        _note_written([write_into(output, "ssrm-policy.json", text)], quiet)


@rules_app.command("list")
def rules_list(
    layer: Annotated[Layer | None, typer.Option(help="Only rules of this layer.")] = None,
    service: Annotated[str | None, typer.Option(help="Only rules on this service (e.g. s3, elbv2, opensearch).")]
    = None,
    severity: Annotated[Severity | None, typer.Option(help="Only rules of this severity.")] = None,
    fmt: Annotated[ViewFormat, typer.Option("--format", "-f", help="text, json or csv.")] = ViewFormat.text,
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """List the rules, filtered by layer, service or severity."""
    rules = [r for r in builtin_rules()
             if (layer is None or r.layer is layer) and (service is None or r.service == service.lower())
             and (severity is None or r.severity is severity)]

    def text(kind: str) -> str:
        if kind == "csv":
            return _csv([("id", "service", "severity", "layer", "stage", "title"),
                         *((r.id, r.service, r.severity.value, r.layer.value, r.stage.value, r.title) for r in rules)])
        return json.dumps([rule_dict(r) for r in rules], indent=2)

    def draw(console: Console) -> None:
        table = Table(title=f"{len(rules)} rules")
        for column in ("Id", "Severity", "Layer", "Stage", "Title"):
            table.add_column(column, overflow="fold")
        for r in rules:
            table.add_row(r.id, r.severity.value, r.layer.value, r.stage.value, r.title)
        console.print(table)

    _view(fmt.value, output, output_file, quiet, "rules", draw, text)


def rule_dict(r: Rule) -> dict[str, object]:
    return {
        "id": r.id, "title": r.title, "resource_type": r.resource_type, "service": r.service,
        "layer": r.layer.value, "domain": r.domain.value, "severity": r.severity.value, "stage": r.stage.value,
        "attack": list(r.attack), "phase": r.phase.value, "smm": r.smm, "references": list(r.references),
        "needs": list(r.needs), "uses": list(r.uses), "skips": r.skips, "description": r.description,
        "remediation": r.remediation.model_dump(), "runtime_only": r.runtime_only,
    }


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(help="A rule id from 'ssrm rules list'.")],
    fmt: Annotated[DataFormat, typer.Option("--format", "-f", help="text or json.")] = DataFormat.text,
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Everything about one rule: what it checks, why, how to fix, what it skips."""
    r = find_rule(rule_id)
    if r is None:
        raise Failure(f"no rule with id {rule_id!r} (see 'ssrm rules list')")

    def draw(console: Console) -> None:
        console.print(f"[bold]{r.id}[/] — {r.title}")
        for label, value in (
            ("Resource type", r.resource_type), ("Service", r.service), ("Layer", r.layer.value),
            ("Domain", r.domain.value), ("Severity", r.severity.value), ("Kill-chain stage", r.stage.value),
            ("ATT&CK", ", ".join(r.attack) or "-"), ("Maturity phase", f"{r.phase.value} ({r.smm or '-'})"),
            ("References", ", ".join(r.references) or "-"), ("Needs", ", ".join((*r.needs, *r.uses)) or "-"),
            ("Skips", r.skips or "-"),
        ):
            console.print(f"  {label:<17} {value}", highlight=False)
        if r.description:
            console.print(f"\n{r.description}", highlight=False)
        if r.remediation.text:
            console.print(f"\n[bold]Fix[/]: {r.remediation.text}", highlight=False)
        for title, body in (("AWS CLI", r.remediation.cli), ("Terraform", r.remediation.terraform)):
            if body:
                console.print(f"\n[bold]{title}[/]:\n{body}", highlight=False)

    _view(fmt.value, output, output_file, quiet, r.id, draw, lambda _: json.dumps(rule_dict(r), indent=2))


@app.command(hidden=True)
def version() -> None:
    """Print the version (also: ssrm --version)."""
    out.print(f"ssrm {__version__}", highlight=False)


def mount_lazy_apps(argv: list[str]) -> None:
    """Mount the sub-apps the command line may use: the one named, or all of them for help and unknowns."""
    import importlib

    command = next((a for a in argv if not a.startswith("-")), None)
    if command is None and "--version" in argv:
        return
    core = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    core |= {g.name for g in app.registered_groups if g.name}
    if command in core:
        return
    modules = {LAZY_APPS[command]} if command in LAZY_APPS else set(LAZY_APPS.values())
    mounted = {id(g.typer_instance) for g in app.registered_groups}
    for name in sorted(modules):
        sub_app = importlib.import_module(name).app
        if id(sub_app) not in mounted:
            app.add_typer(sub_app)


def main() -> None:
    mount_lazy_apps(sys.argv[1:])
    run_app(app, expected=(ScanSetupError, SnapshotError, AssessmentFileError, DocumentError))
