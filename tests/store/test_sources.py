"""``ssrm iac --store`` and ``ssrm detect --store``: infrastructure code runs and detection alerts kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ssrm.store import open_store
from tests.detect.helpers import at, write_trail

FIXTURES = Path(__file__).resolve().parents[1] / "iac" / "fixtures"


def _ssrm(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SSRM_STORE"}
    return subprocess.run([sys.executable, "-m", "ssrm", *args], capture_output=True, text=True, timeout=300,
                          env=env)


def test_iac_runs_are_kept_and_diffable(tmp_path: Path) -> None:
    store = str(tmp_path / "h.db")
    for _ in range(2):
        proc = _ssrm("iac", str(FIXTURES / "capital_one"), "--format", "json", "--store", store)
        assert proc.returncode == 0, proc.stderr
        assert "kept in the history store" in proc.stderr
    runs = open_store(store).runs()
    assert [r.source for r in runs] == ["iac", "iac"] and runs[0].failures > 0
    assert runs[0].target.endswith("capital_one")
    diff = json.loads(_ssrm("diff", "--format", "json", "--store", store).stdout)
    assert diff["counts"]["new"] == 0 and diff["counts"]["unchanged"] == runs[0].failures
    assert open_store(store).lifecycles() == []  # code is not a deployed account: no remediation clock


def test_detect_alerts_are_kept_once(tmp_path: Path) -> None:
    store = str(tmp_path / "h.db")
    root = {"type": "Root", "principalId": "111122223333", "arn": "arn:aws:iam::111122223333:root"}
    logs = tmp_path / "logs"
    write_trail(logs, [at(1, userIdentity=root, eventSource="signin.amazonaws.com", eventName="ConsoleLogin",
                          eventType="AwsConsoleSignIn", responseElements={"ConsoleLogin": "Success"})])
    for _ in range(2):
        proc = _ssrm("detect", str(logs), "--format", "json", "--no-baselines", "--store", store)
        assert proc.returncode == 0, proc.stderr
    alerts = open_store(store).alerts()
    assert alerts, "the root sign-in raised an alert"
    assert len({(a["rule_id"], a["principal"]) for a in alerts}) == len(alerts)  # deduplicated
