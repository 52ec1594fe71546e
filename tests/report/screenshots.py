"""Regenerate docs/screenshots from an assessment document (normally a fresh ``ssrm demo`` run).

    .venv/bin/ssrm demo --output /tmp/demo --quiet
    .venv/bin/python -m tests.report.screenshots /tmp/demo/assessment.json docs/screenshots

When the document has no ``paths`` yet, the attack-path shot uses the test sample's paths (and says so in
its file name), so the graph can still be seen.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

from ssrm.report.html import render_html
from ssrm.report.pdf import render_pdf
from tests.report.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.report.sample import sample_document, with_extras


def _section(page: Page, selector: str, out: Path, max_height: int = 1000) -> None:
    el = page.locator(selector)
    el.scroll_into_view_if_needed()
    box = el.bounding_box()
    assert box is not None
    top = box["y"] + page.evaluate("window.scrollY")
    page.screenshot(path=str(out), full_page=True,
                    clip={"x": 0, "y": top - 8, "width": 1280, "height": min(box["height"] + 16, max_height)})


def _open(page: Page, html_path: Path, fragment: str = "") -> None:
    page.goto(html_path.as_uri() + fragment)
    page.wait_for_selector("body[data-ready='true']")


def shoot(doc: dict[str, Any], out_dir: Path, work: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    report = work / "report.html"
    report.write_text(render_html(doc), encoding="utf-8")
    shots: list[Path] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        _open(page, report)
        shots.append(out_dir / "html-overview.png")
        page.screenshot(path=str(shots[-1]))
        shots.append(out_dir / "html-maturity.png")
        _section(page, "#maturity", shots[-1])
        _open(page, report, "#status=FAIL&severity=critical")
        shots.append(out_dir / "html-findings-filtered.png")
        _section(page, "#findings", shots[-1])
        page.locator("#findings-body a").first.click()
        page.locator("#resource-view").wait_for(state="visible")
        shots.append(out_dir / "html-resource.png")
        _section(page, "#resource-view", shots[-1])
        name = "html-attack-paths.png"
        if not doc.get("paths"):
            report = work / "sample-with-paths.html"
            report.write_text(render_html(with_extras(sample_document())), encoding="utf-8")
            name = "html-attack-paths-sample.png"
        _open(page, report)
        page.locator("#path-graph .node.target").first.click()
        shots.append(out_dir / name)
        _section(page, "#paths", shots[-1])
        browser.close()
    pdf = render_pdf(doc, work / "summary.pdf")
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(out_dir / "pdf-summary-page1")], check=True)
        shots.append(out_dir / "pdf-summary-page1.png")
    return shots


def main(argv: list[str]) -> None:
    doc = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    out = Path(argv[1]) if len(argv) > 1 else Path("docs/screenshots")
    for shot in shoot(doc, out, Path(argv[2]) if len(argv) > 2 else Path(tempfile.mkdtemp(prefix="ssrm-shots-"))):
        print(shot)


if __name__ == "__main__":
    main(sys.argv[1:])
