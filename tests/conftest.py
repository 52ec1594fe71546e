"""Shared test fixtures: fake credentials, an in-process moto scan helper."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence

import pytest
from moto import mock_aws

from ssrm.model import Inventory
from ssrm.sources.aws.collectors import ALL_COLLECTORS
from ssrm.sources.aws.runner import scan, select_collectors
from ssrm.sources.aws.session import ConnectOptions

FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "MOTO_IAM_LOAD_MANAGED_POLICIES": "true",
}


@pytest.fixture(autouse=True)
def _fake_aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never let a test reach real AWS or a developer's profile."""
    for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    for key, value in FAKE_ENV.items():
        monkeypatch.setenv(key, value)


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
