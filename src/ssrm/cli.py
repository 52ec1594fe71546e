"""The command line: the only place that wires the packages together."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ssrm import __version__
from ssrm.assess.assessment import Assessment, build_assessment
from ssrm.engine import evaluate
from ssrm.engine.suppress import SuppressionError, load_mutelist
from ssrm.inputs import InputProblem, check_control_status, check_limit, prepare_run
from ssrm.model import Inventory, Layer, Severity, Status
from ssrm.model.snapshot import SnapshotError, load_inventory, save_inventory
from ssrm.progress import RichScanProgress, wants_progress
from ssrm.report.asff import render_asff
from ssrm.report.csv_out import render_csv
from ssrm.report.json_out import assessment_to_dict, render_json
from ssrm.report.terminal import render_stats, render_summary
from ssrm.rules.base import Rule
from ssrm.rules.catalog import builtin_rules, find_rule
from ssrm.rules.compliance import evaluate_framework
from ssrm.rules.custom import RulesDirError, load_rules_dir
from ssrm.rules.frameworks import all_frameworks, controls_of_rule
from ssrm.sources.aws.errors import ScanSetupError

if TYPE_CHECKING:
    from ssrm.sources.aws.session import ConnectOptions

app = typer.Typer(
    name="ssrm", no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False,
    help="Assess, prioritize and watch the customer's side of the AWS shared responsibility model.",
)
rules_app = typer.Typer(no_args_is_help=True, help="The rule catalog.")
app.add_typer(rules_app, name="rules")

# Commands whose modules are heavy to import (DuckDB, pySigma, the HCL parser) are mounted only when the
# command line may need them, so `ssrm scan` and `ssrm iac` start fast.
LAZY_APPS = {"detect": "ssrm.detect.cli", "baseline": "ssrm.detect.cli", "iac": "ssrm.sources.iac.cli"}

out = Console()
err = Console(stderr=True, soft_wrap=True)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    ocsf = "ocsf"
    asff = "asff"
    html = "html"
    md = "md"


def render_ocsf(doc: dict[str, Any]) -> str:
    from ssrm.report.ocsf import render_ocsf as render  # the OCSF models take a second to import

    return render(doc)


def render_html(doc: dict[str, Any]) -> str:
    from ssrm.report.html import render_html as render

    return render(doc)


def render_markdown(doc: dict[str, Any]) -> str:
    from ssrm.report.markdown import render_markdown as render

    return render(doc)


def write_pdf(doc: dict[str, Any], path: Path) -> Path:
    from ssrm.report.pdf import render_pdf

    return render_pdf(doc, path)


RENDERERS: dict[OutputFormat, Callable[[dict[str, Any]], str]] = {
    OutputFormat.html: render_html,
    OutputFormat.md: render_markdown,
    OutputFormat.json: render_json,
    OutputFormat.csv: render_csv,
    OutputFormat.ocsf: render_ocsf,
    OutputFormat.asff: render_asff,
}
REPORT_FILES: dict[str, Callable[[dict[str, Any]], str]] = {
    "report.html": render_html,
    "summary.md": render_markdown,
    "assessment.json": render_json,
    "findings.csv": render_csv,
    "findings.ocsf.json": render_ocsf,
    "findings.asff.json": render_asff,
}


class Failure(Exception):
    """A user-facing failure: one line on stderr and an exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


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


@dataclass
class AttackView:
    paths: list[Any]  # ssrm.paths.AttackPath
    plan: list[Any]  # ssrm.paths.PlanStep


def assess_inventory(inventory: Inventory, rules: list[Rule] | None = None, *, mutelist: Path | None = None,
                     rule_problems: list[str] | None = None, crown_jewels: Path | None = None,
                     paths: bool = True) -> Assessment:
    rules = rules if rules is not None else builtin_rules()
    findings = evaluate(inventory, rules, runtime=inventory.source == "aws")
    suppressions = None
    if mutelist is not None:
        try:
            findings, report = load_mutelist(mutelist).apply(findings)
        except SuppressionError as exc:
            raise Failure(str(exc)) from exc
        suppressions = report.as_dict()
    assessment = build_assessment(inventory, findings, {r.id: r.phase for r in rules}, len(rules),
                                  suppressions=suppressions, rule_problems=rule_problems)
    results = [(f.rule_id, f.status) for f in assessment.findings]
    assessment.compliance = {key: evaluate_framework(fw, results).as_dict() for key, fw in all_frameworks().items()}
    assessment.controls_of_rule = controls_of_rule()
    if paths:
        add_attack_paths(assessment, crown_jewels)
    return assessment


def add_attack_paths(assessment: Assessment, crown_jewels: Path | None) -> None:
    """Attack paths to the crown jewels and the cheapest fixes that cut them (bounded in time)."""
    from ssrm.paths import (
        DEFAULT_CROWN_JEWELS,
        CrownJewelError,
        build_graph,
        find_paths,
        load_crown_jewels,
        paths_to_dict,
        plan_fixes,
        plan_to_dict,
    )

    try:
        jewels = load_crown_jewels(crown_jewels) if crown_jewels else DEFAULT_CROWN_JEWELS
    except CrownJewelError as exc:
        raise Failure(str(exc)) from exc
    graph = build_graph(assessment.inventory, assessment.findings, crown_jewels=jewels)
    found = find_paths(graph, max_paths=50, max_depth=8, time_budget_s=10.0)
    plan = plan_fixes(graph, found, assessment.findings)
    assessment.paths = paths_to_dict(found)
    assessment.plan = plan_to_dict(plan)
    assessment.path_notes = list(graph.notes)
    assessment.attack = AttackView(found, plan)


def emit(assessment: Assessment, fmt: OutputFormat, output: Path | None, *, stats: bool = False) -> None:
    """Print the assessment in ``fmt`` and write every report into ``output`` (a directory)."""
    doc = assessment_to_dict(assessment)
    if fmt is OutputFormat.text:
        render_summary(assessment, out, show_stats=stats)
        if assessment.attack is not None:
            from ssrm.paths import render_paths, render_plan

            out.print()
            render_plan(out, assessment.attack.plan, limit=5)
            out.print()
            render_paths(out, assessment.attack.paths, limit=3)
    else:
        sys.stdout.write(RENDERERS[fmt](doc) + "\n")
        if stats:
            render_stats(assessment, err)
    if output is not None:
        written = write_reports(doc, output)
        console = out if fmt is OutputFormat.text else err
        console.print("\nReports written:", highlight=False)
        for path in written:
            console.print(f"  {path}", highlight=False)


def write_reports(doc: dict[str, Any], output: Path) -> list[Path]:
    """Every report format into ``output``: HTML, executive summary (Markdown, PDF), JSON, CSV, OCSF, ASFF."""
    from ssrm.output_files import write_report_dir

    try:
        return write_report_dir(doc, output, REPORT_FILES, ("summary.pdf", write_pdf))
    except OSError as exc:
        raise Failure(f"cannot write reports to {output}: {exc.strerror or exc}") from exc


def collect(options: ConnectOptions, regions: list[str], services: list[str], quiet: bool) -> Inventory:
    # boto3 and the collectors load only for commands that talk to AWS (``ssrm iac`` must start fast).
    from ssrm.sources.aws.collectors import ALL_COLLECTORS
    from ssrm.sources.aws.runner import scan as run_scan
    from ssrm.sources.aws.runner import select_collectors

    collectors = select_collectors(ALL_COLLECTORS, services or None)
    progress = RichScanProgress(err) if wants_progress(err, quiet) else None
    with progress if progress else nullcontext():
        return run_scan(options, collectors, regions=regions or None, progress=progress)


RegionsOpt = Annotated[list[str] | None, typer.Option("--regions", "-r", help="Regions (comma separated); "
                       "default: every region enabled for the account.")]
ServicesOpt = Annotated[list[str] | None, typer.Option("--services", "-s", help="Only these services "
                        "(comma separated), e.g. s3,iam,ec2.")]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="What to print on stdout: the terminal "
                      "summary, or the JSON assessment, CSV, OCSF or ASFF findings.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Directory to write reports into.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")]
StatsOpt = Annotated[bool, typer.Option("--stats", help="Print API calls per service and wall time.")]
MutelistOpt = Annotated[Path | None, typer.Option("--mutelist", help="YAML suppressions (see docs/suppressions.md).")]
RulesDirOpt = Annotated[Path | None, typer.Option("--rules-dir", help="Load your own rules from this directory.")]
JewelsOpt = Annotated[Path | None, typer.Option("--crown-jewels", help="YAML naming what attackers want most "
                      "(see docs/paths.md); default: admin access and data stores tagged sensitive.")]


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
    fmt: FormatOpt = OutputFormat.text,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    stats: StatsOpt = False,
    mutelist: MutelistOpt = None,
    rules_dir: RulesDirOpt = None,
    crown_jewels: JewelsOpt = None,
) -> None:
    """Collect a live AWS account and assess it."""
    from ssrm.sources.aws.session import ConnectOptions

    prepare_run(mutelist=mutelist, crown_jewels=crown_jewels, output=output, save=save)
    rules, problems = load_rules(rules_dir)
    options = ConnectOptions(profile=profile, role_arn=role_arn, external_id=external_id,
                             endpoint_url=endpoint_url)
    inventory = collect(options, _split(regions), _split(services), quiet)
    if save:
        save_inventory(inventory, save)
        err.print(f"Inventory saved to {save}")
    assessment = assess_inventory(inventory, rules, mutelist=mutelist, rule_problems=problems,
                                  crown_jewels=crown_jewels)
    emit(assessment, fmt, output, stats=stats)


@app.command()
def assess(
    snapshot: Annotated[Path, typer.Argument(help="An inventory saved by 'ssrm scan --save'.")],
    fmt: FormatOpt = OutputFormat.text,
    output: OutputOpt = None,
    stats: StatsOpt = False,
    mutelist: MutelistOpt = None,
    rules_dir: RulesDirOpt = None,
    crown_jewels: JewelsOpt = None,
) -> None:
    """Assess a saved inventory offline."""
    prepare_run(mutelist=mutelist, crown_jewels=crown_jewels, output=output)
    rules, problems = load_rules(rules_dir)
    inventory = load_inventory(snapshot)
    assessment = assess_inventory(inventory, rules, mutelist=mutelist, rule_problems=problems,
                                  crown_jewels=crown_jewels)
    emit(assessment, fmt, output, stats=stats)


@app.command()
def demo(
    output: OutputOpt = Path("ssrm-demo-report"),
    fmt: FormatOpt = OutputFormat.text,
    quiet: QuietOpt = False,
    stats: StatsOpt = False,
    save: Annotated[Path | None, typer.Option(help="Also save the demo inventory.")] = None,
    mutelist: MutelistOpt = None,
    rules_dir: RulesDirOpt = None,
    crown_jewels: JewelsOpt = None,
) -> None:
    """Plant the demo web shop in the moto emulator, scan it through boto3, and assess it."""
    from ssrm.demo.plant import plant_all
    from ssrm.demo.server import emulator
    from ssrm.demo.world import DEMO_REGIONS, MAIN_REGION, DemoWorld
    from ssrm.sources.aws.session import ConnectOptions

    prepare_run(mutelist=mutelist, crown_jewels=crown_jewels, output=output, save=save)
    rules, problems = load_rules(rules_dir)
    with emulator() as endpoint:
        if not quiet:
            err.print(f"Demo: moto emulator on {endpoint}; planting the Acme Shop account…")
        plant_all(DemoWorld(endpoint))
        # The emulator is local: a failing call will not succeed on a retry, so do not wait for one.
        options = ConnectOptions(region=MAIN_REGION, endpoint_url=endpoint, max_attempts=2)
        inventory = collect(options, list(DEMO_REGIONS), [], quiet)
    if save:
        save_inventory(inventory, save)
        err.print(f"Inventory saved to {save}")
    assessment = assess_inventory(inventory, rules, mutelist=mutelist, rule_problems=problems,
                                  crown_jewels=crown_jewels)
    emit(assessment, fmt, output, stats=stats)


@app.command()
def report(
    assessment_file: Annotated[Path, typer.Argument(help="An assessment.json written by scan, assess or demo.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Format to print (html, md, json, csv, "
                                              "ocsf, asff); with --output every format is written.")]
    = OutputFormat.html,
    output: OutputOpt = None,
) -> None:
    """Render the reports of a saved assessment: HTML, executive summary (md, PDF), JSON, CSV, OCSF, ASFF."""
    if output is not None:
        prepare_run(output=output)
    doc = read_assessment(assessment_file)
    if output is not None:
        for path in write_reports(doc, output):
            err.print(f"  {path}", highlight=False)
        return
    if fmt is OutputFormat.text:
        raise Failure("'ssrm report' renders files: choose --format html, md, json, csv, ocsf or asff")
    sys.stdout.write(RENDERERS[fmt](doc) + "\n")


@app.command()
def compliance(
    framework: Annotated[str, typer.Argument(help="cis, fsbp, smm (AWS Security Maturity Model) or attack.")],
    assessment_file: Annotated[Path, typer.Argument(help="An assessment.json written by scan, assess or demo.")],
    fmt: FormatOpt = OutputFormat.text,
    status: Annotated[str | None, typer.Option(help="Only controls with this status (PASS, FAIL, ERROR, "
                                               "MANUAL, NOT_COVERED, NOT_APPLICABLE, MUTED).")] = None,
) -> None:
    """Each control of a framework with its status, and the framework's score."""
    status = check_control_status(status)
    frameworks = all_frameworks()
    if framework.lower() not in frameworks:
        raise Failure(f"unknown framework {framework!r}; known: {', '.join(sorted(frameworks))}")
    doc = read_assessment(assessment_file)
    results = [(f["rule_id"], Status(f["status"])) for f in doc["findings"]]
    view = evaluate_framework(frameworks[framework.lower()], results)
    controls = [c for c in view.controls if status is None or c.status == status.upper()]
    if fmt is OutputFormat.json:
        data = view.as_dict()
        data["controls"] = [c for c in data["controls"] if status is None or c["status"] == status.upper()]
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    score = "n/a" if view.score is None else f"{view.score:.0f}%"
    out.print(f"[bold]{view.name}[/] {view.version} — score {score} (controls passed / judged)")
    out.print(", ".join(f"{n} {k}" for k, n in sorted(view.counts().items())), highlight=False)
    table = Table(show_lines=False)
    for column in ("Control", "Status", "Title", "Rules"):
        table.add_column(column, overflow="fold")
    style = {"PASS": "green", "FAIL": "red", "ERROR": "magenta", "MANUAL": "yellow", "NOT_COVERED": "dim"}
    for c in controls:
        table.add_row(c.id, f"[{style.get(c.status, 'white')}]{c.status}[/]", c.title,
                      ", ".join(c.rules) or "-")
    out.print(table)


def read_assessment(path: Path) -> dict[str, Any]:
    from ssrm.inputs import read_assessment as read_checked

    return read_checked(path)


@app.command("paths")
def paths_command(
    snapshot: Annotated[Path, typer.Argument(help="An inventory saved by 'ssrm scan --save'.")],
    fmt: FormatOpt = OutputFormat.text,
    crown_jewels: JewelsOpt = None,
    limit: Annotated[int, typer.Option(help="How many paths to print.")] = 10,
) -> None:
    """Attack paths from the internet (or a leaked credential) to your crown jewels, each step explained."""
    from ssrm.paths import render_paths

    check_limit(limit)
    assessment = assess_inventory(load_inventory(snapshot), crown_jewels=crown_jewels)
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps({"paths": assessment.paths, "notes": assessment.path_notes}, indent=2) + "\n")
        return
    render_paths(out, assessment.attack.paths, limit=limit)


@app.command("plan")
def plan_command(
    snapshot: Annotated[Path, typer.Argument(help="An inventory saved by 'ssrm scan --save'.")],
    fmt: FormatOpt = OutputFormat.text,
    crown_jewels: JewelsOpt = None,
    limit: Annotated[int, typer.Option(help="How many steps to print.")] = 10,
) -> None:
    """The cheapest fixes that cut every attack path, earliest kill-chain stage first, with the commands."""
    from ssrm.paths import render_plan

    check_limit(limit)
    assessment = assess_inventory(load_inventory(snapshot), crown_jewels=crown_jewels)
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps({"plan": assessment.plan}, indent=2) + "\n")
        return
    render_plan(out, assessment.attack.plan, limit=limit)
    for step in assessment.plan[:limit]:
        out.print(f"\n[bold]{step['order']}. {step['title']}[/]", highlight=False)
        if step.get("cli"):
            out.print(f"[dim]AWS CLI:[/]\n{step['cli']}", highlight=False)


@app.command()
def permissions() -> None:
    """Print the read-only IAM policy ssrm needs (every action it calls)."""
    from ssrm.sources.aws.collectors import required_actions

    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "SsrmReadOnly", "Effect": "Allow", "Action": required_actions(), "Resource": "*"}],
    }
    sys.stdout.write(json.dumps(policy, indent=2) + "\n")


@rules_app.command("list")
def rules_list(
    layer: Annotated[Layer | None, typer.Option(help="Only rules of this layer.")] = None,
    service: Annotated[str | None, typer.Option(help="Only rules on this service (e.g. s3).")] = None,
    severity: Annotated[Severity | None, typer.Option(help="Only rules of this severity.")] = None,
    fmt: FormatOpt = OutputFormat.text,
) -> None:
    """List the rules, filtered by layer, service or severity."""
    rules = [r for r in builtin_rules()
             if (layer is None or r.layer is layer) and (service is None or r.service == service.lower())
             and (severity is None or r.severity is severity)]
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps([_rule_dict(r) for r in rules], indent=2) + "\n")
        return
    table = Table(title=f"{len(rules)} rules")
    for column in ("Id", "Severity", "Layer", "Stage", "Title"):
        table.add_column(column, overflow="fold")
    for r in rules:
        table.add_row(r.id, r.severity.value, r.layer.value, r.stage.value, r.title)
    out.print(table)


def _rule_dict(r: Rule) -> dict[str, object]:
    return {
        "id": r.id, "title": r.title, "resource_type": r.resource_type, "service": r.service,
        "layer": r.layer.value, "domain": r.domain.value, "severity": r.severity.value, "stage": r.stage.value,
        "attack": list(r.attack), "phase": r.phase.value, "smm": r.smm, "references": list(r.references),
        "needs": list(r.needs), "uses": list(r.uses), "skips": r.skips, "description": r.description,
        "remediation": r.remediation.model_dump(), "runtime_only": r.runtime_only,
    }


@rules_app.command("show")
def rules_show(rule_id: Annotated[str, typer.Argument(help="A rule id from 'ssrm rules list'.")]) -> None:
    """Everything about one rule: what it checks, why, how to fix, what it skips."""
    r = find_rule(rule_id)
    if r is None:
        raise Failure(f"no rule with id {rule_id!r} (see 'ssrm rules list')")
    out.print(f"[bold]{r.id}[/] — {r.title}")
    for label, value in (
        ("Resource type", r.resource_type), ("Layer", r.layer.value), ("Domain", r.domain.value),
        ("Severity", r.severity.value), ("Kill-chain stage", r.stage.value),
        ("ATT&CK", ", ".join(r.attack) or "-"), ("Maturity phase", f"{r.phase.value} ({r.smm or '-'})"),
        ("References", ", ".join(r.references) or "-"), ("Needs", ", ".join((*r.needs, *r.uses)) or "-"),
        ("Skips", r.skips or "-"),
    ):
        out.print(f"  {label:<17} {value}", highlight=False)
    if r.description:
        out.print(f"\n{r.description}", highlight=False)
    if r.remediation.text:
        out.print(f"\n[bold]Fix[/]: {r.remediation.text}", highlight=False)
    if r.remediation.cli:
        out.print(f"\n[bold]AWS CLI[/]:\n{r.remediation.cli}", highlight=False)
    if r.remediation.terraform:
        out.print(f"\n[bold]Terraform[/]:\n{r.remediation.terraform}", highlight=False)


@app.command()
def version() -> None:
    """Print the version."""
    out.print(f"ssrm {__version__}")


def mount_lazy_apps(argv: list[str]) -> None:
    """Mount the sub-apps the command line may use: the one named, or all of them for help and unknowns."""
    import importlib

    command = next((a for a in argv if not a.startswith("-")), None)
    core = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    core |= {g.name for g in app.registered_groups if g.name}
    if command in core:
        return
    modules = {LAZY_APPS[command]} if command in LAZY_APPS else set(LAZY_APPS.values())
    for name in sorted(modules):
        app.add_typer(importlib.import_module(name).app)


def main() -> None:
    mount_lazy_apps(sys.argv[1:])
    try:
        code = app(standalone_mode=False)  # in this mode click returns the exit code instead of raising it
        raise SystemExit(code if isinstance(code, int) else 0)
    except Failure as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise SystemExit(exc.code) from None
    except (ScanSetupError, SnapshotError, InputProblem) as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise SystemExit(2) from None
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except typer.Abort:
        err.print("aborted")
        raise SystemExit(130) from None
    except KeyboardInterrupt:
        err.print("interrupted")
        raise SystemExit(130) from None
    except Exception as exc:  # the last line of defence: one line, never a traceback
        if hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()  # a usage error from the argument parser: it prints its own one-line message
            raise SystemExit(exc.exit_code) from None
        if os.environ.get("SSRM_DEBUG"):
            raise
        err.print(f"[red]internal error:[/] {type(exc).__name__}: {exc} (set SSRM_DEBUG=1 for details)",
                  highlight=False)
        raise SystemExit(1) from None
