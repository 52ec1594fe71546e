"""The dashboard in Debian's chromium: filters, the diff page, the trend chart, no console errors, and the
token asked for when it is bound beyond loopback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SHOTS = os.environ.get("SSRM_SCREENSHOTS") == "1"  # regenerate docs/screenshots/dashboard-*.png


class Tab:
    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base, self.errors = page, base, []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.errors.append(f"off-site request {r.url}")
                if not r.url.startswith(base) else None)

    def go(self, path: str) -> Any:
        answer = self.page.goto(self.base + path)
        assert answer is not None and answer.status == 200, path
        return self.page


@pytest.fixture
def tab(browser: Any, dashboard: str) -> Iterator[Tab]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    t = Tab(page, dashboard)
    yield t
    page.close()
    assert t.errors == [], t.errors


def test_overview_draws_the_trend_per_layer(tab: Tab, screenshots_dir: Path) -> None:
    page = tab.go("/")
    lines = page.locator("svg.trend polyline")
    assert lines.count() >= 3
    layers = {lines.nth(i).get_attribute("data-layer") for i in range(lines.count())}
    assert "networks" in layers
    assert page.locator("svg.trend polyline").first.get_attribute("points").count(",") == 3  # three runs
    assert page.locator("table.runs tbody tr").count() == 3
    if SHOTS:
        page.screenshot(path=str(screenshots_dir / "dashboard-overview.png"), full_page=True)


def test_findings_filters_narrow_the_list(tab: Tab, screenshots_dir: Path) -> None:
    page = tab.go("/findings")
    all_failing = int(page.locator("#match-count").inner_text().split()[0])
    page.select_option("#f-severity", "high")
    page.click("#apply")
    page.wait_for_url("**severity=high**")
    high = int(page.locator("#match-count").inner_text().split()[0])
    assert 0 < high < all_failing
    assert set(page.locator("table.findings tbody td:first-child").all_inner_texts()) == {"high"}
    page.fill("#f-q", "sg-0ab")
    page.click("#apply")
    page.wait_for_url("**q=sg-0ab**")
    rows = page.locator("table.findings tbody tr")
    assert rows.count() >= 1 and all("sg-0ab" in t for t in rows.all_inner_texts())
    if SHOTS:
        tab.go("/findings")
        page.screenshot(path=str(screenshots_dir / "dashboard-findings.png"), full_page=False)
    rows.first.locator("a").first.click()
    page.wait_for_selector("table.history")
    assert page.locator("table.history tbody tr").count() >= 1


def test_the_diff_page_between_chosen_runs(tab: Tab, screenshots_dir: Path) -> None:
    page = tab.go("/diff")
    page.select_option("#f-a", "1")
    page.select_option("#f-b", "2")
    page.click("#compare")
    page.wait_for_url("**a=1&b=2**")
    changes = page.locator("#resource-changes li").all_inner_texts()
    assert "sg-0ab ingress gained tcp/22 from 0.0.0.0/0" in changes
    assert "shop-data policy statement PublicRead added" in changes
    assert int(page.locator("#count-new").inner_text()) > 0
    if SHOTS:
        page.screenshot(path=str(screenshots_dir / "dashboard-diff.png"), full_page=True)
    page.select_option("#f-a", "2")
    page.select_option("#f-b", "3")
    page.click("#compare")
    page.wait_for_url("**a=2&b=3**")
    assert "removed AWS::S3::Bucket shop-logs" in page.locator("#resource-changes li").all_inner_texts()
    assert int(page.locator("#count-resolved").inner_text()) > 0


def test_sla_alerts_and_paths_pages_render(tab: Tab, screenshots_dir: Path) -> None:
    page = tab.go("/sla")
    assert page.locator("table.sla tbody tr").count() == 5 and page.locator("table.teams tbody tr").count() >= 1
    if SHOTS:
        page.screenshot(path=str(screenshots_dir / "dashboard-sla.png"), full_page=True)
    assert "Root user signed in" in tab.go("/alerts").content()
    tab.go("/paths")


def _wait_up(url: str, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else "server exited"
        try:
            urllib.request.urlopen(url + "/login", timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise AssertionError("ssrm serve did not start")


def test_off_loopback_needs_a_token(browser: Any, filled_sqlite: str, tmp_path: Path) -> None:
    from ssrm.demo.server import free_port

    refused = subprocess.run([sys.executable, "-m", "ssrm", "serve", "--store", filled_sqlite, "--host", "0.0.0.0"],
                             capture_output=True, text=True, timeout=60, env={**os.environ, "SSRM_SERVE_TOKEN": ""})
    assert refused.returncode == 2 and "token" in refused.stderr
    token_file = tmp_path / "token"
    token_file.write_text("s3cret-dashboard-token\n")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "ssrm", "serve", "--store", filled_sqlite, "--host", "0.0.0.0",
                             "--port", str(port), "--token-file", str(token_file)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(base, proc)
        with pytest.raises(urllib.error.HTTPError) as denied:
            urllib.request.urlopen(base + "/api/runs", timeout=5)
        assert denied.value.code == 401
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "/findings")
        assert page.url.endswith("/login")
        page.fill("#token", "wrong")
        page.click("#sign-in")
        page.wait_for_url("**failed=1")
        page.fill("#token", "s3cret-dashboard-token")
        page.click("#sign-in")
        page.wait_for_selector("svg.trend")
        page.goto(base + "/findings")
        assert page.locator("table.findings tbody tr").count() > 0
        page.close()
        assert errors == []
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert "s3cret-dashboard-token" not in (proc.stderr.read() if proc.stderr else "")
