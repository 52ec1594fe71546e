"""The one conftest: fake credentials, a lean in-process emulator, botocore models parsed once, refused or
answered API calls on demand (``deny``, ``answer``), and the demo company planted once per session for the
end-to-end tests (``planted``, ``scanned``). Helpers live in tests/emulator.py, tests/builders.py and
tests/cli_runner.py."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from botocore.loaders import JSONFileLoader
from moto import mock_aws

from ssrm.demo.world import DemoWorld
from ssrm.model import Inventory
from ssrm.sources.aws.collectors import ALL_COLLECTORS
from ssrm.sources.aws.runner import scan, select_collectors
from ssrm.sources.aws.session import ConnectOptions
from tests.cli_runner import run_ssrm
from tests.emulator import api_patch, planted_emulator

FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "MOTO_IAM_LOAD_MANAGED_POLICIES": "true",
}
# Test packages that need neither AWS-managed IAM policies nor Amazon's public AMIs in the emulator:
# loading them is most of moto's start-up time.
LEAN_PACKAGES = {"apps", "containers", "data", "devtools", "edge", "operations"}


@pytest.fixture(autouse=True)
def _fake_aws_env(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Never let a test reach real AWS or a developer's profile."""
    for key in [k for k in os.environ if k.startswith("AWS_ENDPOINT_URL")] + ["AWS_PROFILE"]:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    for key, value in FAKE_ENV.items():
        monkeypatch.setenv(key, value)
    if LEAN_PACKAGES & set(Path(str(request.path)).parts):
        monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "false")
        monkeypatch.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")


_parsed_models: dict[str, Any] = {}
_load_file = JSONFileLoader.load_file


def _load_once(self: JSONFileLoader, file_path: str) -> Any:
    """Every scan opens a new boto3 session, which parses botocore's service models again; botocore only
    reads them (its one in-place merge, of sdk-extras, is idempotent), so they are parsed once."""
    if file_path not in _parsed_models:
        _parsed_models[file_path] = _load_file(self, file_path)
    return _parsed_models[file_path]


@pytest.fixture(autouse=True, scope="session")
def _botocore_models_parsed_once() -> Iterator[None]:
    with mock.patch.object(JSONFileLoader, "load_file", _load_once):
        yield


@pytest.fixture
def aws() -> Iterator[None]:
    """moto's in-process emulator for the duration of the test."""
    with mock_aws():
        yield


ScanFn = Callable[..., Inventory]


@pytest.fixture
def mock_scan(aws: None) -> ScanFn:
    """Scan the in-process emulator: ``mock_scan(["s3"], regions=["us-east-1"])`` -> Inventory."""

    def run(services: Sequence[str] | None = None, regions: Sequence[str] = ("us-east-1",)) -> Inventory:
        collectors = select_collectors(ALL_COLLECTORS, list(services) if services else None)
        return scan(ConnectOptions(region="us-east-1"), collectors, regions=list(regions), workers=8)

    return run


@pytest.fixture
def deny() -> Callable[..., AbstractContextManager[list[str]]]:
    """``with deny("GetBucketPolicy", ...):`` those operations raise AccessDenied."""
    return lambda *operations: api_patch(denied=operations)


@pytest.fixture
def answer() -> Callable[..., AbstractContextManager[list[str]]]:
    """``with answer({"GetFoo": {...}}, "DeniedOp"):`` canned answers (or error codes), some denials."""
    return lambda answers, *denied: api_patch(denied=denied, answers=answers)


# --- the end-to-end tests: the real CLI in child processes against the planted demo company ---

@pytest.fixture(scope="session")
def planted() -> Iterator[DemoWorld]:
    """The demo company, planted once per session in an emulator of its own process."""
    with planted_emulator() as served:
        yield DemoWorld(served["endpoint"], refs=served["refs"])


def emulator_env(world: DemoWorld) -> dict[str, str]:
    """What a child process needs to reach the planted emulator."""
    from ssrm.demo.server import DEMO_ENV

    return {**DEMO_ENV, "AWS_ENDPOINT_URL": world.endpoint}


@pytest.fixture
def env(planted: DemoWorld) -> dict[str, str]:
    return emulator_env(planted)


@pytest.fixture(scope="session")
def scanned(planted: DemoWorld, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    """The JSON assessment of a full scan of the planted account, and the saved snapshot."""
    snapshot = tmp_path_factory.mktemp("scan") / "inventory.json"
    proc = run_ssrm("scan", "--regions", "us-east-1,eu-west-1", "--format", "json", "--quiet",
                    "--save", str(snapshot), env=emulator_env(planted))
    return json.loads(proc.stdout), snapshot
