"""``ssrm access`` as a user runs it: a saved inventory in, text / JSON / CSV out, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ssrm.model.snapshot import save_inventory
from tests.access.test_analysis import _world

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "ssrm", "access", *args], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("access") / "inventory.json"
    save_inventory(_world(), path)
    return path


def test_escalations_json_and_csv(saved: Path) -> None:
    doc = json.loads(_run("escalations", str(saved), "--format", "json").stdout)
    assert {row["principal_label"] for row in doc["rows"]} == {"dev", "ci"}
    dev = next(row for row in doc["rows"] if row["principal_label"] == "dev")
    assert [step["method"] for step in dev["chain"]][:2] == ["sts:AssumeRole", "lambda:CreateFunction+InvokeFunction"]
    rows = list(csv.DictReader(io.StringIO(_run("escalations", str(saved), "--format", "csv").stdout)))
    assert {r["principal_label"] for r in rows} == {"dev", "ci"} and all(r["via"] == "escalation" for r in rows)


def test_who_can_and_what_can(saved: Path) -> None:
    doc = json.loads(_run("who-can", "s3:GetObject", "arn:aws:s3:::payroll/*", str(saved), "--format", "json").stdout)
    via = {row["principal_label"]: row["via"] for row in doc["rows"]}
    assert via["reader"] == "direct" and via["admin-role"] == "direct" and via["dev"] == "escalation"
    assert "nobody" not in via
    text = _run("what-can", "dev", str(saved)).stdout
    assert "can become administrator" in text


@pytest.mark.parametrize("args", [("escalations", "/nonexistent.json"),
                                  ("what-can", "ghost", "INVENTORY"),
                                  ("who-can", "notanaction", "arn:aws:s3:::payroll", "INVENTORY")])
def test_bad_input_is_one_line_and_exit_2(saved: Path, args: tuple[str, ...]) -> None:
    proc = _run(*(str(saved) if a == "INVENTORY" else a for a in args))
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and proc.stderr.startswith("error:") and "Traceback" not in proc.stderr
