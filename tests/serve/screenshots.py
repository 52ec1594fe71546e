"""Regenerate docs/screenshots/dashboard-*.png from the demo account with drift: plant it, scan, change five
things through boto3 (tests.watch.test_demo_drift), scan again, then photograph the dashboard over that store.

    .venv/bin/python -m tests.serve.screenshots docs/screenshots
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from ssrm.demo.plant import plant_all
from ssrm.demo.server import emulator
from ssrm.demo.world import DemoWorld
from ssrm.serve.app import create_app
from ssrm.store import open_store
from tests.report.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.serve.conftest import start, stop
from tests.watch.test_demo_drift import REGIONS, change_five_things

SHOTS = {"dashboard-overview.png": "/", "dashboard-findings.png": "/findings?severity=high",
         "dashboard-diff.png": "/diff", "dashboard-sla.png": "/sla"}


def demo_store(path: Path) -> None:
    with emulator() as endpoint:
        world = plant_all(DemoWorld(endpoint))
        for step in range(2):
            subprocess.run([sys.executable, "-m", "ssrm", "scan", "--regions", REGIONS, "--quiet", "--format",
                            "json", "--store", str(path)], check=True, env=dict(os.environ), capture_output=True)
            if step == 0:
                change_five_things(world)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    store = Path(tempfile.mkdtemp(prefix="ssrm-shots-")) / "history.db"
    demo_store(store)
    running = start(create_app(open_store(str(store), readonly=True)))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for name, path in SHOTS.items():
                page.goto(running.url + path)
                page.screenshot(path=str(out / name), full_page=name not in ("dashboard-findings.png",
                                                                            "dashboard-diff.png"))
                print(out / name)
            browser.close()
    finally:
        stop(running)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
