"""Fixtures for the report tests: real assessment documents and, for browser tests, Debian's chromium."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.report.sample import sample_document, with_extras

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def plain_doc() -> dict[str, Any]:
    """The pipeline's document as it is today: no paths, plan, compliance or history."""
    return sample_document()


@pytest.fixture(scope="session")
def full_doc(plain_doc: dict[str, Any]) -> dict[str, Any]:
    """The same document with paths, plan, compliance and history in the contract's shape."""
    return with_extras(plain_doc)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed in CI: make test runs scripts/ensure-chromium.sh first")
        pytest.skip("chromium is not installed (run scripts/ensure-chromium.sh)")
    # An earlier test in this worker (the API fuzzing) can leave an asyncio loop marked as running in this
    # thread, which the sync API refuses; nothing runs it any more, so the marker is cleared.
    asyncio.events._set_running_loop(None)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class OpenedPage:
    """A page loaded from file://, with every console error and page error it produced."""

    def __init__(self, page: Any, errors: list[str]) -> None:
        self.page = page
        self.errors = errors


@pytest.fixture
def open_report(browser: Any, tmp_path: Path) -> Iterator[Callable[..., OpenedPage]]:
    pages: list[Any] = []

    def _open(html: str, name: str = "report.html", fragment: str = "") -> OpenedPage:
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        pages.append(page)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: errors.append(f"network request: {r.url}")
                if not r.url.startswith(("file:", "data:", "blob:")) else None)
        page.goto(path.as_uri() + fragment)
        page.wait_for_selector("body[data-ready]", timeout=30_000)
        return OpenedPage(page, errors)

    yield _open
    for p in pages:
        p.close()
