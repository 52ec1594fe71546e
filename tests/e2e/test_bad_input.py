"""Bad input: one clear line, the right exit code, never a traceback."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

from tests.cli_runner import run_ssrm

NO_CREDS = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "",
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "AWS_CONFIG_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": "http://127.0.0.1:9"}


def assert_one_line_error(proc, code: int, *needles: str) -> None:  # type: ignore[no-untyped-def]
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0]


def test_no_credentials() -> None:
    env = {k: v for k, v in NO_CREDS.items()}
    proc = run_ssrm("scan", "--regions", "us-east-1", env=env, check=False)
    assert_one_line_error(proc, 2, "no AWS credentials")


def test_region_typo(env: dict[str, str]) -> None:
    proc = run_ssrm("scan", "--regions", "us-eastt-1", env=env, check=False)
    assert_one_line_error(proc, 2, "unknown region 'us-eastt-1'", "us-east-1")


def test_unknown_service(env: dict[str, str]) -> None:
    proc = run_ssrm("scan", "--regions", "us-east-1", "--services", "s4", env=env, check=False)
    assert_one_line_error(proc, 2, "unknown service 's4'")


def test_truncated_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "inv.json"
    path.write_text('{"kind": "ssrm-inventory", "schema_version": 1, "resources": [{"type"')
    assert_one_line_error(run_ssrm("assess", str(path), check=False), 2, "truncated")
    gz = tmp_path / "inv.json.gz"
    gz.write_bytes(gzip.compress(b'{"kind": "ssrm-inventory"')[:-6])
    assert_one_line_error(run_ssrm("assess", str(gz), check=False), 2, "cannot be read")


def test_snapshot_of_another_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "inv.json"
    path.write_text(json.dumps({"kind": "ssrm-inventory", "schema_version": 99, "resources": []}))
    assert_one_line_error(run_ssrm("assess", str(path), check=False), 2, "schema version 99")


def test_missing_snapshot(tmp_path: Path) -> None:
    assert_one_line_error(run_ssrm("assess", str(tmp_path / "nope.json"), check=False), 2, "not found")


def test_unknown_rule() -> None:
    assert_one_line_error(run_ssrm("rules", "show", "nope_nope", check=False), 2, "no rule")


def test_processes_out_of_range_or_with_org() -> None:
    assert_one_line_error(run_ssrm("scan", "--processes", "0", check=False), 2, "--processes")
    assert_one_line_error(run_ssrm("scan", "--org", "--processes", "2", check=False), 2, "--workers")
