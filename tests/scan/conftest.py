"""The demo company in the emulator, reached through the fault-injecting proxy (a real network hop)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from ssrm.demo.plant import plant_all
from ssrm.demo.proxy import ProxyProcess
from ssrm.demo.server import emulator
from ssrm.demo.world import DemoWorld


@pytest.fixture(scope="module")
def world() -> Iterator[DemoWorld]:
    saved = dict(os.environ)
    try:
        with emulator() as endpoint:
            yield plant_all(DemoWorld(endpoint))
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="module")
def proxy(world: DemoWorld) -> Iterator[ProxyProcess]:
    with ProxyProcess(world.endpoint, latency_ms=0) as running:
        yield running


@pytest.fixture(autouse=True)
def own_retry_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The emulator's environment caps attempts at 2 for quick tests; these tests need ssrm's own policy."""
    monkeypatch.delenv("AWS_MAX_ATTEMPTS", raising=False)
