"""``ssrm watch --trail`` on the demo account: a port opened through boto3, its CloudTrail record delivered,
and the port reported within one cycle (a refreshed run, the diff, a webhook message); SIGTERM ends it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from ssrm.demo.world import DemoWorld
from tests.cli_runner import run_ssrm
from tests.conftest import emulator_env
from tests.notify.receiver import receiver


def _follow(stream: object, lines: list[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        lines.append(line)


def _wait_for(lines: list[str], text: str, proc: subprocess.Popen[str], seconds: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if any(text in line for line in lines):
            return time.monotonic() - start
        assert proc.poll() is None, "".join(lines)
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not seen in {seconds}s:\n" + "".join(lines[-30:]))


def test_watch_reports_an_opened_port_from_the_trail(own_world: DemoWorld, tmp_path: Path) -> None:
    planted = own_world
    trail, store = tmp_path / "trail", tmp_path / "history.db"
    trail.mkdir()
    with receiver() as hook:
        env = {**os.environ, **emulator_env(planted), "SSRM_NOTIFY_WEBHOOK_URL": hook.url + "/ssrm"}
        proc = subprocess.Popen([sys.executable, "-m", "ssrm", "watch", "--interval", "1h", "--store", str(store),
                                 "--regions", "us-east-1", "--trail", str(trail), "--trail-poll", "1"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        lines: list[str] = []
        threading.Thread(target=_follow, args=(proc.stdout, lines), daemon=True).start()
        try:
            _wait_for(lines, "run 1 (", proc, 240)
            sg = planted.refs["worker_sg_id"]
            planted.client("ec2").authorize_security_group_ingress(GroupId=sg, IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
            record = {"eventVersion": "1.08", "eventSource": "ec2.amazonaws.com", "eventType": "AwsApiCall",
                      "eventName": "AuthorizeSecurityGroupIngress", "awsRegion": "us-east-1", "readOnly": False,
                      "eventTime": "2026-12-02T10:00:00Z", "requestParameters": {"groupId": sg}}
            (trail / "123456789012_CloudTrail_us-east-1_delivery.json").write_text(json.dumps({"Records": [record]}))
            took = _wait_for(lines, "trail refresh → run 2", proc, 60)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=60) == 0, "".join(lines)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    output = "".join(lines)
    assert "stopped after 1 cycle(s), 0 failed" in output and took < 60
    diff = json.loads(run_ssrm("diff", "--format", "json", "--store", str(store)).stdout)
    changed = {c["id"]: c["changes"] for c in diff["resources"]["changed"]}
    assert changed == {sg: [f"{sg} ingress gained tcp/22 from 0.0.0.0/0"]}
    assert {f["resource_id"] for f in diff["findings"]["new"]} == {sg}
    runs = json.loads(run_ssrm("history", "--format", "json", "--store", str(store)).stdout)
    assert runs[0]["target"].startswith("trail: AuthorizeSecurityGroupIngress")
    told = [e for body in hook.bodies for e in body["events"]]
    assert any(e["kind"] == "finding.new" and e["subject"] == sg for e in told), hook.bodies
