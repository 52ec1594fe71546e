"""The command line: commands only. The pipeline is ``ssrm.pipeline``, reports are ``ssrm.report``, the
grammar every command follows (``-f``, ``--output DIR``, ``--output-file``, ``--quiet``, exit codes) is
written down in docs/cli.md and shared through ``ssrm.cli_common``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from ssrm import __version__
from ssrm.cli_common import Failure, OutputFileOpt, OutputOpt, QuietOpt, emit_text, err, out, run_app, write_into
from ssrm.cli_support import (
    DataFormat,
    DocumentFormat,
    FormatOpt,
    InputArg,
    JewelsOpt,
    MutelistOpt,
    ProcessesOpt,
    RegionsOpt,
    RulesDirOpt,
    ServicesOpt,
    StatsOpt,
    ViewFormat,
    assessed,
    collect,
    csv_text,
    emit,
    load_rules,
    note_written,
    print_view,
    read_input,
    rule_dict,
    save_snapshot,
    show,
    split_csv,
)
from ssrm.documents import DocumentError
from ssrm.inputs import InputProblem, check_control_status, check_limit, prepare_run
from ssrm.model import Layer, Severity, Status
from ssrm.model.snapshot import SnapshotError, load_inventory
from ssrm.org.options import (
    DEFAULT_CHECKPOINT_DIR,
    DEFAULT_MEMBER_ROLE,
    AccountsOpt,
    CheckpointDirOpt,
    ClusterOpt,
    ExcludeOpt,
    MaxAgeOpt,
    MemberRoleOpt,
    OrgOpt,
    OusOpt,
    ResumeOpt,
    WorkersOpt,
)
from ssrm.pipeline import AttackView, add_attack_paths  # noqa: F401  (re-exported for code written against cli)
from ssrm.report.formats import RENDERERS, ReportFormat, ReportWriteError, write_reports
from ssrm.report.reader import AssessmentFileError, read_assessment  # noqa: F401  (re-exported)
from ssrm.rules.attest import AttestationError, by_control, load_attestations
from ssrm.rules.catalog import builtin_rules, find_rule
from ssrm.rules.compliance import evaluate_framework
from ssrm.rules.frameworks import all_frameworks
from ssrm.sources.aws.errors import ScanSetupError

if TYPE_CHECKING:
    from ssrm.assess.assessment import Assessment


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
LAZY_APPS = {"detect": "ssrm.detect.cli", "baseline": "ssrm.detect.cli", "iac": "ssrm.iac.cli",
             "access": "ssrm.access.cli", "integrations": "ssrm.org.integrations_cli"}
LAZY_APPS |= {"history": "ssrm.drift.cli", "diff": "ssrm.drift.cli"}  # the history store (docs/continuous.md)
LAZY_APPS |= {"notify": "ssrm.notify.cli", "serve": "ssrm.serve.cli", "watch": "ssrm.watch.cli"}
StoreOpt = Annotated[str | None, typer.Option("--store", help="Keep this run in a history store: a path or "
                     "postgresql:// URL (default: $SSRM_STORE; for scan also the default store once it exists).")]


@contextmanager
def keeping(store: str | None, source: str, target: str, *, quiet: bool,
            use_default: bool = True) -> Iterator[Callable[[Assessment], None]]:
    """Begin a run in the history store before the work starts, so a crash leaves it failed (or, killed
    outright, interrupted), never clean; yields ``keep(assessment)``, which completes it and puts the changes
    since the previous run into the assessment's ``history``. Without a store, nothing happens."""
    from ssrm.store import StoreError, recording

    try:
        with recording(store, source=source, target=target, use_default=use_default) as rec:
            def keep(assessment: Assessment) -> None:
                info = rec.record(assessment)
                if info is None:
                    return
                from ssrm.drift.changes import changes_since_previous

                assessment.history = changes_since_previous(rec.store.url if rec.store else None, info)
                if not quiet:
                    err.print(f"Run {info.id} kept in the history store ({info.status}).", highlight=False)

            yield keep
    except StoreError as exc:
        raise Failure(str(exc)) from exc

@app.command()
def scan(
    profile: Annotated[str | None, typer.Option(help="AWS profile (SSO profiles work too).")] = None,
    role_arn: Annotated[str | None, typer.Option(help="Assume this role before scanning.")] = None,
    external_id: Annotated[str | None, typer.Option(help="External id for --role-arn.")] = None,
    regions: RegionsOpt = None,
    services: ServicesOpt = None,
    processes: ProcessesOpt = 1,
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
    org: OrgOpt = False,
    member_role: MemberRoleOpt = DEFAULT_MEMBER_ROLE,
    accounts: AccountsOpt = None,
    ous: OusOpt = None,
    exclude: ExcludeOpt = None,
    cluster: ClusterOpt = None,
    workers: WorkersOpt = 16,
    checkpoint_dir: CheckpointDirOpt = DEFAULT_CHECKPOINT_DIR,
    resume: ResumeOpt = None,
    max_age: MaxAgeOpt = None,
    store: StoreOpt = None,
) -> None:
    """Collect a live AWS account (or, with --org, every account of the organization) and assess it."""
    from ssrm.sources.aws.session import ConnectOptions

    if (org or resume) and processes > 1:
        raise Failure("--processes spreads one account's scan; an organization scan spreads over --workers "
                      "or --cluster")
    if org or resume:
        from ssrm.org.cli import scan_org

        scan_org(org=True, profile=profile, member_role=member_role, external_id=external_id, accounts=accounts,
                 ous=ous, exclude=exclude, regions=regions, services=services, cluster=cluster, workers=workers,
                 checkpoint_dir=checkpoint_dir, resume=resume, max_age=max_age, store=store, endpoint_url=endpoint_url,
                 save=save, fmt=fmt, output=output, output_file=output_file, quiet=quiet, stats=stats,
                 mutelist=mutelist, rules_dir=rules_dir, crown_jewels=crown_jewels)
        return
    if role_arn is None and (accounts or ous or exclude or cluster):
        raise Failure("--accounts, --ous, --exclude and --cluster belong to an organization scan: add --org")
    # every file and path the options name is checked before anything is collected
    prepare_run(mutelist=mutelist, crown_jewels=crown_jewels, output=output, output_file=output_file, save=save)
    load_rules(rules_dir)
    options = ConnectOptions(profile=profile, role_arn=role_arn, external_id=external_id,
                             endpoint_url=endpoint_url)
    with keeping(store, "live", profile or role_arn or "", quiet=quiet) as keep:
        inventory = collect(options, split_csv(regions), split_csv(services), quiet, processes)
        if save:
            save_snapshot(inventory, save, quiet)
        assessment = assessed(inventory, rules_dir, mutelist, crown_jewels)
        keep(assessment)
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
    store: StoreOpt = None,
) -> None:
    """Assess a saved inventory offline."""
    prepare_run(mutelist=mutelist, crown_jewels=crown_jewels, output=output, output_file=output_file)
    # A snapshot is kept only in a store that is named (--store or SSRM_STORE), never in the default one.
    with keeping(store, "snapshot", str(snapshot), quiet=quiet, use_default=False) as keep:
        assessment = assessed(load_inventory(snapshot), rules_dir, mutelist, crown_jewels)
        keep(assessment)
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
    org: Annotated[bool, typer.Option("--org", help="Plant a small organization (OUs, member accounts, "
                                      "guardrails, cross-account trusts) and scan it with 'scan --org'.",
                                      rich_help_panel="Organization")] = False,
) -> None:
    """Plant the demo web shop in the moto emulator, scan it through boto3, and assess it."""
    if org:
        from ssrm.org.cli import demo_org

        demo_org(org=True, output=output, fmt=fmt, quiet=quiet, save=save, cluster=None)
        return
    try:
        from ssrm.demo.plant import plant_all
        from ssrm.demo.server import emulator
    except ImportError as exc:
        raise Failure(f"the demo needs the emulator: pip install 'ssrm[demo]' ({exc.name} is missing)") from exc
    from ssrm.demo.world import DEMO_REGIONS, MAIN_REGION, DemoWorld
    from ssrm.sources.aws.session import ConnectOptions

    prepare_run(mutelist=mutelist, crown_jewels=crown_jewels, output=output, output_file=output_file, save=save)
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
        save_snapshot(inventory, target, quiet)
    assessment = assessed(inventory, rules_dir, mutelist, crown_jewels)
    emit(assessment, fmt, output, stats=stats, output_file=output_file, quiet=quiet)


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
    prepare_run(mutelist=mutelist, crown_jewels=crown_jewels, output=output, output_file=output_file)
    doc = read_input(source, rules_dir, mutelist, crown_jewels).doc
    if output is not None:
        try:
            note_written(write_reports(doc, output), quiet)
        except ReportWriteError as exc:
            raise Failure(str(exc)) from exc
        if output_file is None:
            return
    show(None, lambda: RENDERERS[ReportFormat(fmt.value)](doc), output_file=output_file, quiet=quiet)


@app.command()
def compliance(
    framework: Annotated[str, typer.Argument(help="cis, fsbp, smm (AWS Security Maturity Model) or attack.")],
    source: InputArg,
    fmt: Annotated[ViewFormat, typer.Option("--format", "-f", help="text, json or csv.")] = ViewFormat.text,
    status: Annotated[str | None, typer.Option(help="Only controls with this status (PASS, FAIL, ERROR, "
                                               "MANUAL, NOT_COVERED, NOT_APPLICABLE, MUTED, ATTESTED, "
                                               "ATTESTATION_EXPIRED).")] = None,
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
    mutelist: MutelistOpt = None,
    rules_dir: RulesDirOpt = None,
    crown_jewels: JewelsOpt = None,
    attest: Annotated[Path | None, typer.Option(
        "--attest", help="YAML file of attestations for process controls no API shows (who, date, expires); "
                         "see docs/attestations.md.")] = None,
) -> None:
    """Each control of a framework with its status, and the framework's score."""
    status = check_control_status(status)
    frameworks = all_frameworks()
    if framework.lower() not in frameworks:
        raise Failure(f"unknown framework {framework!r}; known: {', '.join(sorted(frameworks))}")
    try:
        attested = by_control(load_attestations(attest), framework.lower()) if attest else {}
    except AttestationError as exc:
        raise Failure(str(exc)) from None
    doc = read_input(source, rules_dir, mutelist, crown_jewels).doc
    results = [(f["rule_id"], Status(f["status"])) for f in doc["findings"]]
    view = evaluate_framework(frameworks[framework.lower()], results, attestations=attested)
    controls = [c for c in view.controls if status is None or c.status == status.upper()]

    def text(kind: str) -> str:
        if kind == "csv":
            return csv_text([("control", "status", "title", "rules"),
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
        style = {"PASS": "green", "FAIL": "red", "ERROR": "magenta", "MANUAL": "yellow", "NOT_COVERED": "dim",
                 "ATTESTED": "cyan", "ATTESTATION_EXPIRED": "red"}
        for c in controls:
            table.add_row(c.id, f"[{style.get(c.status, 'white')}]{c.status}[/]", c.title, ", ".join(c.rules) or "-")
        console.print(table)

    print_view(fmt.value, output, output_file, quiet, f"compliance-{framework.lower()}", draw, text)


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
    check_limit(limit)
    from ssrm.paths.render import render_paths

    doc = read_input(source, rules_dir, mutelist, crown_jewels).doc
    if doc.get("paths") is None:
        raise Failure(f"{source} holds no attack paths (they were not computed); assess its snapshot instead")
    print_view(fmt.value, output, output_file, quiet, "paths",
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

    check_limit(limit)
    doc = read_input(source, rules_dir, mutelist, crown_jewels).doc
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
            return csv_text([("order", "title", "stage", "effort", "severity", "paths_broken", "rules", "resources"),
                         *((s["order"], s["title"], s["stage"], s["effort"], s["severity"], len(s["paths_broken"]),
                            " ".join(s["fixes_rule_ids"]), " ".join(s["resources"])) for s in plan)])
        return json.dumps({"plan": plan}, indent=2)

    print_view(fmt.value, output, output_file, quiet, "plan", draw, text)


@app.command()
def permissions(
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
    org: Annotated[bool, typer.Option("--org", help="The policies of an organization scan: the management "
                                      "(or delegated admin) policy and the member role's.")] = False,
    member_role: MemberRoleOpt = DEFAULT_MEMBER_ROLE,
) -> None:
    """Print the read-only IAM policy ssrm needs (every action it calls), as JSON."""
    from ssrm.sources.aws.collectors import required_actions

    policy: dict[str, object] = {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "SsrmReadOnly", "Effect": "Allow", "Action": required_actions(), "Resource": "*"}],
    }
    if org:
        from ssrm.org.permissions import org_permissions

        policy = org_permissions(member_role)
    text = json.dumps(policy, indent=2)
    emit_text(text, output_file, quiet=quiet)
    if output is not None:
        note_written([write_into(output, "ssrm-policy.json", text)], quiet)


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
            return csv_text([("id", "service", "severity", "layer", "stage", "title"),
                         *((r.id, r.service, r.severity.value, r.layer.value, r.stage.value, r.title) for r in rules)])
        return json.dumps([rule_dict(r) for r in rules], indent=2)

    def draw(console: Console) -> None:
        table = Table(title=f"{len(rules)} rules")
        for column in ("Id", "Severity", "Layer", "Stage", "Title"):
            table.add_column(column, overflow="fold")
        for r in rules:
            table.add_row(r.id, r.severity.value, r.layer.value, r.stage.value, r.title)
        console.print(table)

    print_view(fmt.value, output, output_file, quiet, "rules", draw, text)


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

    print_view(fmt.value, output, output_file, quiet, r.id, draw, lambda _: json.dumps(rule_dict(r), indent=2))


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
    run_app(app, expected=(ScanSetupError, SnapshotError, AssessmentFileError, DocumentError, InputProblem))
