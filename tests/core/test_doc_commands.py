"""Every ssrm command line in README.md and docs/ is checked against the CLI, so the docs cannot drift:
each one parses (its command, options and values exist), and each that needs no AWS account, no S3 and no
emulator runs to exit 0 in a folder holding the files it names."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import typer
from tests.builders import web_shop_inventory
from tests.cli_runner import invoke
from tests.detect.helpers import at, write_trail

from ssrm.cli import app, main, mount_lazy_apps
from ssrm.model.snapshot import save_inventory

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
PLAN_JSON = ROOT / "tests" / "iac" / "fixtures" / "equivalent" / "plan" / "plan.json"
TEMPLATE = re.compile(r"\.\.\.|\[|\||<|\b[A-Z]{2,}\b")  # synopsis lines: PATH..., [--opt], a|b, <x>, ID
LIVE = ("scan", "demo", "watch")  # need an account or the emulator: parsed, not run
SERVER = ("serve",)  # listens until stopped: parsed, not run
STORE = ("history", "diff", "notify")  # run against the workdir's store of two runs (SSRM_STORE)
REMOTE = ("s3://", "s3a://", "--engine spark")  # a bucket, or the optional Spark extra with Java: parsed, not run


def documented_lines() -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        for block in re.findall(r"```[a-z]*\n(.*?)```", doc.read_text(encoding="utf-8"), re.S):
            for raw in block.splitlines():
                line = re.sub(r"^(\.venv/bin/|\$ )", "", raw.strip())
                line = line.split(" #")[0].split(" > ")[0].strip()
                if line.startswith("ssrm ") and not TEMPLATE.search(line.removeprefix("ssrm ")):
                    found.append((doc.relative_to(ROOT).as_posix(), line))
    return found


def inline_commands() -> set[str]:
    spans = {m for doc in DOCS for m in re.findall(r"`(ssrm [a-z][^`]*)`", doc.read_text(encoding="utf-8"))}
    return {" ".join(s.split()[1:3]) for s in spans}


def command_of(args: list[str]) -> tuple[object, list[str]]:
    mount_lazy_apps(["--help"])
    group = typer.main.get_command(app)
    rest = list(args)
    command = group
    while hasattr(command, "commands") and rest and rest[0] in command.commands:
        command = command.commands[rest.pop(0)]
    return command, rest


LINES = documented_lines()


def test_the_docs_hold_command_lines() -> None:
    assert len(LINES) >= 15
    assert any(line.startswith("ssrm detect") for _, line in LINES)


@pytest.mark.parametrize(("doc", "line"), LINES, ids=[f"{d}: {line}" for d, line in LINES])
def test_documented_command_line_parses(doc: str, line: str) -> None:
    command, rest = command_of(shlex.split(line)[1:])
    assert not hasattr(command, "commands"), f"{doc}: {line!r} names no command"
    command.make_context(line, rest)  # raises a usage error for an unknown option, value or missing argument


def test_inline_command_names_exist() -> None:
    for words in sorted(inline_commands()):
        first = words.split()[0]
        if first.startswith("-"):
            continue
        command, _ = command_of(words.split())
        assert command is not typer.main.get_command(app), f"`ssrm {words}` names no command"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with every file the documented lines name."""
    root = tmp_path_factory.mktemp("docs")
    save_inventory(web_shop_inventory(), root / "inventory.json")
    assert invoke(main, "assess", str(root / "inventory.json"), "-q", "-o", str(root / "ssrm-demo-report")).code == 0
    shutil.copy(root / "inventory.json", root / "ssrm-demo-report" / "inventory.json")
    shutil.copy(root / "ssrm-demo-report" / "assessment.json", root / "assessment.json")
    shutil.copy(PLAN_JSON, root / "plan.json")
    trail = [at(eventSource="kms.amazonaws.com", eventName="ScheduleKeyDeletion", requestParameters={"keyId": "k"})]
    for folder in ("trail", "trail-bucket-copy"):
        write_trail(root / folder, trail)
    (root / "events.jsonl").write_text("")
    shutil.copytree(ROOT / "tests" / "iac" / "fixtures" / "capital_one", root / "infra" / "terraform")
    (root / "sla.yaml").write_text("severity: {critical: 7, high: 30}\nteams:\n  payments: {critical: 2}\n")
    for _ in range(2):  # a history store with two runs, for history and diff
        assert invoke(main, "assess", str(root / "inventory.json"), "-q", "--store", str(root / "history.db"),
                      "-f", "json", "--output-file", str(root / "run.json")).code == 0
    (root / "sla.yaml").write_text("severity: {critical: 7, high: 30}\nteams:\n  payments: {critical: 2}\n")
    for _ in range(2):  # a history store with two runs, for history and diff
        assert invoke(main, "assess", str(root / "inventory.json"), "-q", "--store", str(root / "history.db"),
                      "-f", "json", "--output-file", str(root / "run.json")).code == 0
    (root / "attest.yaml").write_text("attestations:\n  - control: smm IR3.1\n    by: Jane Doe\n"
                                      "    date: 2026-01-01\n    expires: 2099-01-01\n")
    return root


RUNNABLE = [(d, line) for d, line in LINES
            if line.split()[1] not in (*LIVE, *SERVER) and not any(remote in line for remote in REMOTE)]


@pytest.mark.parametrize(("doc", "line"), RUNNABLE, ids=[f"{d}: {line}" for d, line in RUNNABLE])
def test_documented_command_line_runs(doc: str, line: str, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)
    args = shlex.split(line)[1:]
    if args[0] in STORE:
        monkeypatch.setenv("SSRM_STORE", str(workdir / "history.db"))
    if args[0] in STORE:
        monkeypatch.setenv("SSRM_STORE", str(workdir / "history.db"))
    if args[:2] == ["baseline", "show"]:
        assert invoke(main, "detect", "trail", "--state", args[2], "--learn", "-q").code == 0
    ran = invoke(main, *args)
    assert ran.code == 0, f"{doc}: {line}\n{ran.stderr}"
