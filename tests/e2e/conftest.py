"""An emulator with the demo company planted, shared by the end-to-end tests of one module."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ssrm.demo.plant import plant_all
from ssrm.demo.server import emulator
from ssrm.demo.world import DemoWorld

SSRM = [sys.executable, "-m", "ssrm"]


def run_ssrm(*args: str, env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a child process, as a user would."""
    proc = subprocess.run([*SSRM, *args], capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"ssrm {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def planted() -> Iterator[DemoWorld]:
    saved = dict(os.environ)
    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        os.environ.pop(key, None)
    try:
        with emulator() as endpoint:
            yield plant_all(DemoWorld(endpoint))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def emulator_env(world: DemoWorld) -> dict[str, str]:
    """What a child process needs to reach the emulator (the test fixtures reset the parent's env)."""
    from ssrm.demo.server import DEMO_ENV

    return {**DEMO_ENV, "AWS_ENDPOINT_URL": world.endpoint}


@pytest.fixture
def env(planted: DemoWorld) -> dict[str, str]:
    return emulator_env(planted)


@pytest.fixture(scope="module")
def scanned(planted: DemoWorld, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    """The JSON assessment of a full scan of the planted account, and the saved snapshot."""
    snapshot = tmp_path_factory.mktemp("scan") / "inventory.json"
    proc = run_ssrm("scan", "--regions", "us-east-1,eu-west-1", "--format", "json", "--quiet",
                    "--save", str(snapshot), env=emulator_env(planted))
    return json.loads(proc.stdout), snapshot
