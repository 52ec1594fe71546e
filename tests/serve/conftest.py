"""A store with a few runs of a changing account, the dashboard over it, and Debian's chromium."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.report.conftest import CHROMIUM_ARGS, browser  # noqa: F401  (Debian's chromium, shared)
from tests.store.conftest import store, store_url  # noqa: F401  (SQLite + PostgreSQL)
from tests.store.test_drift import PUBLIC_READ, WORLD_SSH
from tests.store.world import assessment_doc, base_inventory, remove, replace, snapshot

__all__ = ["CHROMIUM_ARGS"]


def fill(target: Any) -> None:
    """Three runs: the base account, then SSH opened and a bucket made public, then a bucket deleted."""
    inv = base_inventory()
    second = replace(replace(inv, "sg-0ab", ingress=(WORLD_SSH,)), "shop-data", policy=PUBLIC_READ,
                     public_access_block=None)
    third = remove(second, "shop-logs")
    for version in (inv, second, third):
        target.record(assessment_doc(version), snapshot(version), source="live")
    target.record_alerts([{"rule_id": "ct_root_login", "title": "Root user signed in", "severity": "high",
                          "kind": "rule", "principal": "root", "account": "111122223333", "region": "us-east-1",
                          "first_seen": "2026-01-01T00:00:00+00:00", "last_seen": "2026-01-01T00:05:00+00:00",
                          "explanation": "console login as root"}])


@pytest.fixture(scope="module")
def filled_sqlite(tmp_path_factory: pytest.TempPathFactory) -> str:
    from ssrm.store import open_store

    path = str(tmp_path_factory.mktemp("serve") / "history.db")
    s = open_store(path)
    fill(s)
    s.close()
    return path


class Running:
    def __init__(self, url: str, server: Any, thread: threading.Thread) -> None:
        self.url, self.server, self.thread = url, server, thread


def start(app: Any) -> Running:
    import uvicorn

    from ssrm.demo.server import free_port

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the dashboard did not start"
    return Running(f"http://127.0.0.1:{port}", server, thread)


def stop(running: Running) -> None:
    running.server.should_exit = True
    running.thread.join(timeout=10)


@pytest.fixture(scope="module")
def dashboard(filled_sqlite: str) -> Iterator[str]:
    from ssrm.serve.app import create_app
    from ssrm.store import open_store

    running = start(create_app(open_store(filled_sqlite, readonly=True)))
    yield running.url
    stop(running)


@pytest.fixture
def screenshots_dir() -> Path:
    path = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
