"""``ssrm detect``: threat detection over CloudTrail and VPC flow logs (mounted by ssrm's main CLI)."""

from __future__ import annotations

import io
import os
import re
import sys
import time
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console

from ssrm.cli_common import OutputFileOpt, OutputOpt, QuietOpt, emit_text, err, write_into
from ssrm.detect import awsranges
from ssrm.detect import baseline as baseline_mod
from ssrm.detect.checkpoint import Checkpoint, CheckpointError
from ssrm.detect.context import ContextError, NetworkContext
from ssrm.detect.engine import Detector, Options
from ssrm.detect.flows import FlowConfig, FlowError, load_bad_addresses
from ssrm.detect.instance_creds import InstanceCredentialConfig
from ssrm.detect.output import render_terminal, to_json, to_ocsf_json
from ssrm.detect.posture import PostureError, PostureIndex
from ssrm.detect.ruleset import RuleError, Ruleset, load_ruleset
from ssrm.detect.sources import SourceError, list_objects
from ssrm.model.alert import Alert

app = typer.Typer(help="Threat detection over CloudTrail and VPC flow logs.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
baseline_app = typer.Typer(help="Inspect behavioural baselines.", no_args_is_help=True)
app.add_typer(baseline_app, name="baseline")

_RELATIVE = re.compile(r"^(\d+)([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class AlertFormat(StrEnum):
    text = "text"
    json = "json"
    ocsf = "ocsf"


class BadInput(Exception):
    """Bad command-line input: reported on one line, exit code 2."""


def parse_time(text: str | None) -> datetime | None:
    """ISO 8601 (``2026-11-01``, ``2026-11-01T12:00:00Z``) or relative to now (``15m``, ``6h``, ``7d``)."""
    if text is None:
        return None
    m = _RELATIVE.match(text.strip())
    if m:
        return datetime.now(UTC) - timedelta(**{_UNITS[m[2]]: int(m[1])})
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadInput(f"not a time: {text!r} (use ISO 8601 or 15m / 6h / 7d)") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _check_numbers(window: int, interval: float, batch_mb: int, threads: int, min_score: float) -> None:
    """Numbers that end up in SQL or in sleeps: validated before anything runs."""
    if not 1 <= window <= 3650:
        raise BadInput(f"--window must be between 1 and 3650 days, not {window}")
    if not 0 <= interval <= 86400:
        raise BadInput(f"--interval must be between 0 and 86400 seconds, not {interval}")
    if not 1 <= batch_mb <= 4096:
        raise BadInput(f"--batch-mb must be between 1 and 4096, not {batch_mb}")
    if not 1 <= threads <= 256:
        raise BadInput(f"--threads must be between 1 and 256, not {threads}")
    if not 0 <= min_score <= 100:
        raise BadInput(f"--min-score must be between 0 and 100, not {min_score}")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def _emit(alerts: list[Alert], stats: dict[str, object], fmt: str, output: Path | None,
          output_file: Path | None, console: Console, quiet: bool) -> None:
    """Alerts in ``fmt`` on stdout (or ``--output-file``); with ``--output DIR`` JSON and OCSF files too."""
    if fmt == "text":
        if output_file is None:
            render_terminal(alerts, console, stats)
        else:
            buffer = io.StringIO()
            render_terminal(alerts, Console(file=buffer, width=160, no_color=True), stats)
            emit_text(buffer.getvalue(), output_file, quiet=quiet)
    else:
        emit_text(to_json(alerts, stats) if fmt == "json" else to_ocsf_json(alerts), output_file, quiet=quiet)
    if output is not None:
        written = [write_into(output, "alerts.json", to_json(alerts, stats)),
                   write_into(output, "alerts.ocsf.json", to_ocsf_json(alerts))]
        if not quiet:
            err.print("Alerts written: " + ", ".join(str(p) for p in written), highlight=False)


@app.command("detect")
def detect(
    sources: Annotated[
        list[str] | None, typer.Argument(help="Local folders/files or s3://bucket/prefix locations.")
    ] = None,
    rules: Annotated[list[Path] | None, typer.Option("--rules", help="Extra Sigma rule folder (repeatable).")] = None,
    no_bundled: Annotated[bool, typer.Option("--no-bundled", help="Do not load ssrm's own rules.")] = False,
    state: Annotated[Path | None, typer.Option(help="Baseline state file (DuckDB); learned and updated.")] = None,
    checkpoint: Annotated[Path | None, typer.Option(help="Checkpoint of processed objects (JSON).")] = None,
    since: Annotated[str | None, typer.Option(help="Only events at or after (ISO time or 15m/6h/7d).")] = None,
    until: Annotated[str | None, typer.Option(help="Only events before (ISO time or relative).")] = None,
    follow: Annotated[bool, typer.Option(help="Keep polling the sources for new objects.")] = False,
    interval: Annotated[float, typer.Option(help="Seconds between polls in follow mode.")] = 60.0,
    max_polls: Annotated[int, typer.Option(hidden=True)] = 0,
    findings: Annotated[
        Path | None, typer.Option(help="ssrm assessment JSON, to rank alerts on failing resources.")
    ] = None,
    bad_ips: Annotated[Path | None, typer.Option("--bad-ips", help="File of bad addresses/CIDRs, one a line.")] = None,
    learn: Annotated[bool, typer.Option(help="Only learn baselines (needs --state); no alerts.")] = False,
    no_baselines: Annotated[bool, typer.Option("--no-baselines", help="Rules only.")] = False,
    window: Annotated[int, typer.Option(help="Baseline window in days.")] = 30,
    min_score: Annotated[float, typer.Option(help="Drop anomaly alerts scoring below this.")] = 30.0,
    fmt: Annotated[AlertFormat, typer.Option("--format", "-f", help="What to print.")] = AlertFormat.text,
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
    batch_mb: Annotated[int, typer.Option(help="Compressed input per batch (bounds memory).")] = 32,
    threads: Annotated[int, typer.Option(help="DuckDB threads.")] = 2,
    list_rules: Annotated[bool, typer.Option("--list-rules", help="List the loaded rules and exit.")] = False,
    store: Annotated[str | None, typer.Option("--store", help="Keep the alerts (deduplicated) in a history store "
                                              "(default: $SSRM_STORE).")] = None,
    coverage: Annotated[
        bool, typer.Option("--coverage", help="Print the coverage table (Stratus Red Team, ATT&CK IaaS) and exit.")
    ] = False,
    inventory: Annotated[
        Path | None, typer.Option(help="ssrm inventory snapshot (scan --save): own addresses, endpoints, IMDSv1.")
    ] = None,
    aws_ranges: Annotated[
        Path | None, typer.Option("--aws-ranges", help="AWS ip-ranges.json to use for this run.")
    ] = None,
    engine: Annotated[
        str, typer.Option(help="duckdb (this machine) or spark (rules and correlations, any Spark cluster).")
    ] = "duckdb",
    spark_master: Annotated[str, typer.Option(help="Spark master for --engine spark.")] = "local[2]",
    update_aws_ranges: Annotated[
        Path | None, typer.Option("--update-aws-ranges", help="Save this AWS ip-ranges.json as your copy and exit.")
    ] = None,
) -> None:
    """Detect threats in CloudTrail and VPC flow logs: Sigma rules plus behavioural baselines."""
    console = Console(stderr=fmt is not AlertFormat.text, width=None if sys.stdout.isatty() else 160,
                      quiet=quiet and fmt is not AlertFormat.text)
    try:
        if update_aws_ranges is not None:
            saved = awsranges.update(update_aws_ranges)
            typer.echo(f"saved {saved.summary} to {awsranges.user_copy()}")
            return
        _check_numbers(window=window, interval=interval, batch_mb=batch_mb, threads=threads, min_score=min_score)
        if learn and state is None:
            raise BadInput("--learn needs --state FILE to keep what it learns")
        start, end = parse_time(since), parse_time(until)
        if start and end and start >= end:
            raise BadInput("--since must be before --until")
        ruleset = load_ruleset(list(rules or []), bundled=not no_bundled)
        if coverage:
            from ssrm.detect.coverage import render_coverage

            typer.echo(render_coverage(ruleset))
            return
        if list_rules:
            for r in ruleset.rules:
                if r.emit:
                    typer.echo(f"{r.meta.rule_id}\t{r.meta.severity}\t{r.meta.stage}\t{','.join(r.meta.attack)}\t"
                               f"{r.meta.title}")
            for c in ruleset.correlations:
                typer.echo(f"{c.meta.rule_id}\t{c.meta.severity}\t{c.meta.stage}\t{','.join(c.meta.attack)}\t"
                           f"{c.meta.title} [{c.kind}]")
            from ssrm.detect.coverage import render_coverage

            ranges = awsranges.load(aws_ranges)
            typer.echo(f"\n{ranges.summary if ranges else 'AWS IP ranges: none (see --update-aws-ranges)'}, "
                       "used by ssrm_instance_credentials_outside_aws")
            typer.echo("")
            typer.echo(render_coverage(ruleset))
            return
        if not sources:
            raise BadInput("name at least one log location (folder, file or s3://bucket/prefix)")
        if engine not in ("duckdb", "spark"):
            raise BadInput(f"unknown engine {engine!r} (duckdb, spark)")
        for skipped in ruleset.skipped:
            console.print(f"[yellow]rule skipped[/yellow] {skipped}")
        if engine == "spark":
            _run_spark(sources, ruleset, spark_master, fmt.value, output, output_file, console, quiet)
            return
        opts = Options(
            since=start, until=end, batch_bytes=max(1, batch_mb) << 20, threads=threads, learn_only=learn,
            baselines=not no_baselines,
            baseline=baseline_mod.BaselineConfig(window_days=window, min_score=min_score),
            flow=FlowConfig(bad_networks=load_bad_addresses(bad_ips) if bad_ips else ()),
            posture=PostureIndex.load(findings) if findings else None,
            instance=InstanceCredentialConfig(
                ranges=awsranges.chosen(aws_ranges), ranges_loader=awsranges.bundled,
                context=NetworkContext.load(inventory) if inventory else None,
            ),
        )
        ckpt = Checkpoint(checkpoint)
        detector = Detector(ruleset, opts, state=state)
    except (BadInput, RuleError, CheckpointError, PostureError, FlowError, SourceError, ContextError,
            awsranges.RangesError) as exc:
        raise _fail(str(exc)) from None
    except duckdb.Error as exc:
        raise _fail(f"cannot open state {state}: {str(exc).splitlines()[0]}") from None
    try:
        polls = 0
        while True:
            objs = list_objects(sources or [])
            detector.run(objs, ckpt)
            found = detector.alerts()
            stats = detector.stats.as_dict() | {"rules": len(ruleset)}
            if not (follow and not found and polls > 0):
                _emit(found, stats, fmt.value, output, output_file, console, quiet)
            if found and (store or os.environ.get("SSRM_STORE")):
                from ssrm.store import StoreError, record_alerts

                try:
                    record_alerts(store, found)
                except StoreError as exc:
                    raise _fail(str(exc)) from None
            detector.stats.problems.clear()
            polls += 1
            if not follow or (max_polls and polls >= max_polls):
                break
            time.sleep(interval)
    except SourceError as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        pass
    finally:
        detector.close()


def _run_spark(sources: list[str], ruleset: Ruleset, master: str, fmt: str, output: Path | None,
               output_file: Path | None, console: Console, quiet: bool) -> None:
    """Rules and correlations as Spark SQL; baselines and flow logs stay with the DuckDB engine."""
    from ssrm.detect import spark as spark_engine

    started = time.perf_counter()
    try:
        session = spark_engine.session(master)
    except spark_engine.SparkError as exc:
        raise _fail(str(exc)) from None
    try:
        frame, skipped = spark_engine.load_ct(session, sources)
        events = frame.count()
        found = spark_engine.alerts(session, ruleset)
    finally:
        session.stop()
    stats: dict[str, object] = {
        "engine": "spark", "events": events, "seconds": round(time.perf_counter() - started, 2),
        "problems": [f"{s}: not CloudTrail or JSON lines" for s in skipped], "rules": len(ruleset)}
    _emit(found, stats, fmt, output, output_file, console, quiet)


@baseline_app.command("show")
def baseline_show(state: Annotated[Path, typer.Argument(help="Baseline state file.")]) -> None:
    """Summarize what a baseline state file has learned."""
    if not state.exists():
        raise _fail(f"no such state file: {state}")
    try:
        con = duckdb.connect(str(state), read_only=True)
        info = baseline_mod.summary(con)
    except duckdb.Error as exc:
        raise _fail(f"not a baseline state file: {state} ({str(exc).splitlines()[0]})") from None
    for k, v in info.items():
        typer.echo(f"{k}: {v}")
