"""The grammar of docs/cli.md, checked on every command: each ``--format`` value a command lists renders,
``--output`` is a directory and ``--output-file`` one file, ``--quiet`` exists, errors are one line with
exit code 2, and ``report``/``compliance``/``paths``/``plan`` read a snapshot, an assessment JSON and the
JSON of ``ssrm iac`` alike."""

from __future__ import annotations

import csv
import io
import json
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer
from tests.builders import web_shop_inventory
from tests.cli_runner import Ran, invoke
from tests.detect.helpers import at, write_trail

from ssrm import __version__
from ssrm.cli import app, main, mount_lazy_apps
from ssrm.model.resources.identity.iam import IamRole, IamUser, InlinePolicy
from ssrm.model.snapshot import save_inventory
from ssrm.report.fingerprint import finding_uid
from ssrm.rules.catalog import builtin_rules

IAC_DIR = Path(__file__).resolve().parents[1] / "iac" / "fixtures" / "capital_one"
NO_FORMAT = {"permissions", "baseline show", "version", "serve"}  # one output form each: no --format to choose
LIVE = {"scan", "demo"}  # need an account or the emulator; they share assess's options (checked below)
WATCHING = {"watch"}  # scans a live account until stopped: its options are checked, its formats not walked
SERVER = {"serve"}  # prints nothing but where it listens: -q, no --output or --output-file


def all_commands() -> dict[str, Any]:
    mount_lazy_apps(["--help"])
    found: dict[str, Any] = {}

    def walk(group: Any, prefix: str) -> None:
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                walk(command, f"{prefix}{name} ")
            else:
                found[f"{prefix}{name}"] = command

    walk(typer.main.get_command(app), "")
    return found


def option(command: Any, flag: str) -> Any:
    return next((p for p in command.params if flag in getattr(p, "opts", [])), None)


def formats_of(command: Any) -> list[str]:
    fmt = option(command, "--format")
    if fmt is None:
        return []
    kind = fmt.type_descriptor.annotation
    assert isinstance(kind, type) and issubclass(kind, Enum), "a --format lists its values (an Enum)"
    return [member.value for member in kind]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("grammar")
    snapshot = root / "inventory.json"
    save_inventory(web_shop_inventory(), snapshot)
    assessment = root / "assessment.json"
    assert invoke(main, "assess", str(snapshot), "-f", "json", "--output-file", str(assessment), "-q").code == 0
    iac_json = root / "iac.json"
    assert invoke(main, "iac", str(IAC_DIR), "-f", "json", "--output-file", str(iac_json), "-q").code == 0
    trail = root / "trail"
    trail.mkdir()
    write_trail(trail, [at(eventSource="kms.amazonaws.com", eventName="ScheduleKeyDeletion",
                           requestParameters={"keyId": "k1"})])
    shared = web_shop_inventory()  # with a vendor's way in, so `ssrm integrations` has a row to print
    shared.add([IamRole(arn=f"arn:aws:iam::{shared.account}:role/vendor", id="vendor", name="vendor",
                        account=shared.account, trust_policy={"Version": "2012-10-17", "Statement": [{
                            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::464622532012:root"},
                            "Action": "sts:AssumeRole"}]})])
    shared.add([IamUser(arn=f"arn:aws:iam::{shared.account}:user/intern", id="intern", name="intern",
                        account=shared.account, inline_policies=[InlinePolicy(name="self-service", document={
                            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action":
                                                                    "iam:AttachUserPolicy", "Resource": "*"}]})])])
    save_inventory(shared, root / "integrations.json")  # also an escalation, for `ssrm access escalations`
    store = root / "history.db"  # two runs, so history and diff have something to show
    for _ in range(2):
        assert invoke(main, "assess", str(snapshot), "--store", str(store), "-q", "-o", str(root / "r")).code == 0
    fingerprint = finding_uid(json.loads(assessment.read_text())["findings"][0])
    return {"snapshot": snapshot, "assessment": assessment, "iac": iac_json, "trail": trail,
            "integrations": root / "integrations.json", "store": store, "fingerprint": Path(fingerprint)}


def arguments(command: str, inputs: dict[str, Path]) -> list[str]:
    return {
        "assess": [str(inputs["snapshot"])],
        "report": [str(inputs["assessment"])],
        "compliance": ["cis", str(inputs["iac"])],
        "paths": [str(inputs["snapshot"])],
        "plan": [str(inputs["iac"])],
        "rules list": ["--service", "s3"],
        "rules show": [builtin_rules()[0].id],
        "iac": [str(IAC_DIR)],
        "detect": [str(inputs["trail"]), "--no-baselines"],
        "integrations": [str(inputs["integrations"])],
        "access who-can": ["s3:GetObject", "arn:aws:s3:::customer-data/*", str(inputs["snapshot"])],
        "access what-can": ["web-role", str(inputs["snapshot"])],
        "access escalations": [str(inputs["integrations"])],
        "history list": ["--store", str(inputs["store"])],
        "history prune": ["--keep", "90d", "--dry-run", "--store", str(inputs["store"])],
        "history sla": ["--store", str(inputs["store"])],
        "history finding": [str(inputs["fingerprint"]), "--store", str(inputs["store"])],
        "diff": ["--store", str(inputs["store"])],
        "notify channels": [],
        "notify test": ["--dry-run", "--store", str(inputs["store"])],
        "notify diff": ["--dry-run", "--store", str(inputs["store"])],
        "notify retry": ["--store", str(inputs["store"])],
    }[command]


def check_rendered(fmt: str, text: str) -> None:
    assert text.strip(), fmt
    if fmt in ("json", "ocsf", "asff", "sarif"):
        json.loads(text)
    elif fmt == "csv":
        assert len(list(csv.reader(io.StringIO(text)))) >= 2
    elif fmt == "html":
        assert text.lstrip().lower().startswith("<!doctype html")
    elif fmt == "md":
        assert text.startswith("#")
    elif fmt == "json":
        json.loads(text)
    else:
        assert "{'" not in text and "['" not in text, "no Python representations in text output"


def walked() -> list[tuple[str, str]]:
    return [(name, fmt) for name, command in sorted(all_commands().items())
            if name not in LIVE | WATCHING | NO_FORMAT for fmt in formats_of(command)]


def test_every_command_has_the_shared_options() -> None:
    commands = all_commands()
    assert {"scan", "assess", "demo", "report", "compliance", "paths", "plan", "rules list", "rules show",
            "permissions", "iac", "detect", "baseline show"} <= set(commands)
    for name, command in commands.items():
        if name in {"baseline show", "version"}:
            continue
        for flag in ("--quiet", "-q") if name in SERVER else ("--output", "-o", "--output-file", "--quiet", "-q"):
            assert option(command, flag) is not None, f"ssrm {name} lacks {flag}"
        if name not in NO_FORMAT:
            assert option(command, "-f") is option(command, "--format") is not None, f"ssrm {name} lacks -f"
    for live in LIVE:
        assert formats_of(commands[live]) == formats_of(commands["assess"])
    for name in ("report", "compliance", "paths", "plan", "scan", "assess", "demo"):
        for flag in ("--mutelist", "--rules-dir", "--crown-jewels"):
            assert option(commands[name], flag) is not None, f"ssrm {name} lacks {flag}"


@pytest.mark.parametrize(("command", "fmt"), walked())
def test_every_listed_format_renders(command: str, fmt: str, inputs: dict[str, Path], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSRM_NOTIFY_WEBHOOK_URL", "http://127.0.0.1:9/never-called")  # notify runs dry
    target = tmp_path / "out"
    ran = invoke(main, *command.split(), *arguments(command, inputs), "-f", fmt, "--output-file", str(target),
                 "--quiet")
    assert ran.code == 0, ran.stderr
    assert ran.stdout == "" and ran.stderr == "", "--output-file takes stdout; --quiet silences notes"
    check_rendered(fmt, target.read_text(encoding="utf-8"))


@pytest.mark.parametrize("command", ["assess", "report", "compliance", "paths", "plan", "rules list", "rules show",
                                     "iac", "detect", "history list", "diff", "history sla"])
def test_output_is_a_directory(command: str, inputs: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "reports"
    ran = invoke(main, *command.split(), *arguments(command, inputs), "--output", str(target))
    assert ran.code == 0, ran.stderr
    assert target.is_dir() and any(target.iterdir())
    assert str(target) in ran.stderr, "where the files went is said on stderr"


def test_assess_output_writes_every_report(inputs: dict[str, Path], tmp_path: Path) -> None:
    ran = invoke(main, "assess", str(inputs["snapshot"]), "-q", "-f", "json", "-o", str(tmp_path / "r"))
    assert ran.code == 0 and json.loads(ran.stdout)["findings"]
    assert {p.name for p in (tmp_path / "r").iterdir()} == {
        "report.html", "summary.md", "summary.pdf", "assessment.json", "findings.csv", "findings.ocsf.json",
        "findings.asff.json"}


@pytest.mark.parametrize("kind", ["snapshot", "assessment", "iac"])
@pytest.mark.parametrize("command", ["report", "compliance", "paths", "plan"])
def test_views_read_every_input(command: str, kind: str, inputs: dict[str, Path]) -> None:
    args = ["cis"] if command == "compliance" else []
    ran = invoke(main, command, *args, str(inputs[kind]), "-f", "json")
    assert ran.code == 0, ran.stderr
    assert json.loads(ran.stdout)


def test_paths_from_an_assessment_equal_paths_from_its_snapshot(inputs: dict[str, Path]) -> None:
    from_snapshot = json.loads(invoke(main, "paths", str(inputs["snapshot"]), "-f", "json").stdout)
    from_assessment = json.loads(invoke(main, "paths", str(inputs["assessment"]), "-f", "json").stdout)
    assert from_snapshot == from_assessment and from_snapshot["paths"], "the web shop has an attack path"


def one_line_error(ran: Ran, code: int, *needles: str) -> None:
    assert ran.code == code
    lines = [line for line in ran.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, ran.stderr
    assert lines[0].startswith("error:") and "Traceback" not in ran.stderr
    for needle in needles:
        assert needle in lines[0]


def test_usage_errors_are_one_line() -> None:
    one_line_error(invoke(main, "assess", "--bogus"), 2, "--bogus", "ssrm assess --help")
    one_line_error(invoke(main, "rules", "list", "-f", "xml"), 2, "xml")
    one_line_error(invoke(main, "compliance"), 2, "Missing argument")
    one_line_error(invoke(main, "diff", "-f", "xml"), 2, "xml")
    one_line_error(invoke(main, "history", "list", "--bogus"), 2, "--bogus", "ssrm history list --help")
    one_line_error(invoke(main, "watch", "--interval", "soon"), 2, "not an interval")


def test_store_commands_say_their_errors_in_one_line(inputs: dict[str, Path], tmp_path: Path) -> None:
    store = ["--store", str(inputs["store"])]
    one_line_error(invoke(main, "diff", "1", "999", *store), 2, "no run 999")
    one_line_error(invoke(main, "history", "prune", "--keep", "soon", *store), 2, "not a duration")
    one_line_error(invoke(main, "history", "finding", "ssrm-nope", *store), 2, "no finding")
    one_line_error(invoke(main, "serve", "--host", "0.0.0.0", *store), 2, "token")


def test_input_errors_are_one_line(inputs: dict[str, Path], tmp_path: Path) -> None:
    jewels = tmp_path / "jewels.yml"
    jewels.write_text("defaults: true\n")
    one_line_error(invoke(main, "plan", str(inputs["assessment"]), "--crown-jewels", str(jewels)), 2,
                   "--crown-jewels")
    assert invoke(main, "plan", str(inputs["snapshot"]), "--crown-jewels", str(jewels)).code == 0
    newer = tmp_path / "newer.json"
    doc = json.loads(inputs["assessment"].read_text())
    newer.write_text(json.dumps({**doc, "schema_version": 99}))
    one_line_error(invoke(main, "report", str(newer)), 2, "schema version 99")
    foreign = tmp_path / "foreign.json"
    foreign.write_text("{}")
    one_line_error(invoke(main, "compliance", "cis", str(foreign)), 2, "neither")
    one_line_error(invoke(main, "paths", str(tmp_path / "missing.json")), 2, "not found")


def test_version() -> None:
    ran = invoke(main, "--version")
    assert ran.code == 0 and ran.stdout.strip() == f"ssrm {__version__}"


def test_rules_list_by_service_covers_every_service() -> None:
    services = {r.service for r in builtin_rules()}
    assert {"opensearch", "elbv2", "s3", "iam", "ec2"} <= services
    for service in ("opensearch", "elbv2"):
        ran = invoke(main, "rules", "list", "--service", service, "-f", "json")
        listed = json.loads(ran.stdout)
        assert listed and {r["service"] for r in listed} == {service}
