"""The HTML report in Debian's chromium (file://, no network): loading, filters, resource page, graph, scale."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from ssrm.report.html import render_html
from tests.report.conftest import OpenedPage
from tests.report.sample import scaled_document

Open = Callable[..., OpenedPage]


def _count(page: Any) -> str:
    return str(page.inner_text("#f-count"))


def _rows(page: Any) -> list[str]:
    return [str(t) for t in page.locator("#findings-body tr").all_inner_texts()]


def _wait_count_changes(page: Any, old: str) -> None:
    """Search is debounced: wait until the count no longer says ``old``."""
    page.wait_for_function("old => !document.getElementById('f-count').textContent.includes(old)", arg=old)


def test_loads_from_file_without_errors(open_report: Open, plain_doc: dict[str, Any]) -> None:
    opened = open_report(render_html(plain_doc))
    page = opened.page
    assert page.get_attribute("body", "data-ready") == "true"
    assert f"of {len(plain_doc['findings'])} matching findings" in _count(page)
    assert len(_rows(page)) == min(50, len(plain_doc["findings"]))
    paths_text = page.inner_text("#paths")
    if plain_doc.get("paths"):
        assert "Not computed" not in paths_text
    else:
        assert "No attack path found" in paths_text
    assert page.locator(".ssrm-diagram .band").count() == 7
    sev = ["critical", "high", "medium", "low", "info"]
    page.click("button.sort[data-sort='severity']")
    page.click("button.sort[data-sort='severity']")
    assert page.get_attribute("th[data-sort='severity']", "aria-sort") == "descending" and "sort=-severity" in page.url
    shown = [r.split("\t")[1].strip() for r in _rows(page)]
    assert [sev.index(x) for x in shown] == sorted((sev.index(x) for x in shown), reverse=True)
    assert shown[0] == max((f["severity"] for f in plain_doc["findings"]), key=sev.index)
    page.locator(".band-link[href='#layer=networks']").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('f-layer').value === 'networks'")
    assert all("networks" in r for r in _rows(page))
    assert opened.errors == []


def test_filters_and_search_combine_and_live_in_the_hash(open_report: Open, full_doc: dict[str, Any]) -> None:
    opened = open_report(render_html(full_doc))
    page = opened.page
    total = len(full_doc["findings"])
    page.select_option("#f-status", "FAIL")
    fails = [f for f in full_doc["findings"] if f["status"] == "FAIL"]
    assert f"of {len(fails)} matching" in _count(page)
    # facet counts: each option says what choosing it would give, with the other filters kept
    high = sum(1 for f in fails if f["severity"] == "high")
    assert page.inner_text("#f-severity option[value='high']") == f"high ({high})"
    assert page.inner_text("#f-status option[value='PASS']").endswith(
        f"({sum(1 for f in full_doc['findings'] if f['status'] == 'PASS')})")
    page.select_option("#f-layer", "networks")
    both = [f for f in fails if f["layer"] == "networks"]
    assert f"of {len(both)} matching" in _count(page) and 0 < len(both) < len(fails) < total
    assert all(r.startswith("FAIL") and "networks" in r for r in _rows(page))
    assert "status=FAIL" in page.url and "layer=networks" in page.url
    page.click("#f-reset")
    page.fill("#f-q", "shop-data-0-1")
    _wait_count_changes(page, f"of {total} matching")
    expected = [f for f in full_doc["findings"]
                if "shop-data-0-1" in f["resource_arn"] or "shop-data-0-1" in f["reason"]]
    assert f"of {len(expected)} matching" in _count(page)
    assert all("shop-data-0-1" in r for r in _rows(page))
    page.select_option("#f-tag", "owner=payments")
    assert "No matching" in _count(page) or all("shop-data-0-1" in r for r in _rows(page))
    assert opened.errors == []


def test_hash_restores_filters_on_open(open_report: Open, full_doc: dict[str, Any]) -> None:
    opened = open_report(render_html(full_doc), fragment="#severity=critical&status=FAIL")
    page = opened.page
    assert page.input_value("#f-severity") == "critical"
    n = sum(1 for f in full_doc["findings"] if f["status"] == "FAIL" and f["severity"] == "critical")
    assert f"of {n} matching" in _count(page)
    page.select_option("#f-control", "CIS AWS Foundations 3.0:1.10")
    assert "No matching" in _count(page)  # the MFA rule is high, not critical: filters combine
    page.select_option("#f-severity", "")
    assert _rows(page) and all("iam_fixture_user_mfa" in r for r in _rows(page))
    assert opened.errors == []


def test_finding_opens_its_resource_by_mouse_and_keyboard(open_report: Open, full_doc: dict[str, Any]) -> None:
    opened = open_report(render_html(full_doc), fragment="#q=shop-data-0-2")
    page = opened.page
    link = page.locator("#findings-body a").first
    name = link.inner_text()
    link.click()
    view = page.locator("#resource-view")
    view.wait_for(state="visible")
    assert page.inner_text("#resource-h") == f"Resource {name}"
    arn = unquote(page.url.split("#resource=", 1)[1])
    mine = [f for f in full_doc["findings"] if f["resource_arn"] == arn]
    assert view.locator(".rfinding").count() == len(mine) > 1
    body = view.inner_text()
    assert "Tags" in body and mine[0]["region"] in body and "attack path(s)" in body
    page.click("#resource-back")
    view.wait_for(state="hidden")
    assert "q=shop-data-0-2" in page.url
    page.locator("#findings-body a").nth(1).focus()
    page.keyboard.press("Enter")
    view.wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "resource-h"
    assert opened.errors == []


def test_attack_graph_renders_and_nodes_are_clickable(open_report: Open, full_doc: dict[str, Any]) -> None:
    opened = open_report(render_html(full_doc))
    page = opened.page
    names = {s[k] for p in full_doc["paths"] for s in p["steps"] for k in ("from", "to")}
    assert page.locator("#path-graph .node").count() == len(names)
    assert page.locator("#path-graph .edge").count() == len({(s["from"], s["to"]) for p in full_doc["paths"]
                                                              for s in p["steps"]})
    assert page.locator("#path-graph .node.entry").count() == 1
    page.locator("#path-graph .node.target").first.click()
    assert "Target" in page.inner_text("#graph-detail")
    page.locator("#path-graph .node.entry").focus()
    page.keyboard.press("Enter")
    detail = page.inner_text("#graph-detail")
    assert "internet" in detail and "Anyone on the internet" in detail
    page.locator(".path-list button").first.click()
    assert page.get_attribute(".path-list button >> nth=0", "aria-pressed") == "true"
    assert page.locator("#path-graph .edge.hi").count() == len(full_doc["paths"][0]["steps"])
    page.locator("#graph-detail a[href^='#rule=']").first.click()
    page.wait_for_function("document.getElementById('f-rule').value !== ''")
    assert all(page.input_value("#f-rule") in r for r in _rows(page))
    assert opened.errors == []


def test_controls_are_labelled_and_text_meets_contrast(open_report: Open, full_doc: dict[str, Any]) -> None:
    page = open_report(render_html(full_doc)).page
    unlabelled = page.evaluate("""[...document.querySelectorAll('select, input')]
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).length""")
    assert unlabelled == 0
    worst = page.evaluate("""(() => {
      const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
      const lin = x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
      const lum = c => { const v = c.map(lin);
                         return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
      const bg = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
                         if (c !== 'rgba(0, 0, 0, 0)') return rgb(c); } return [255, 255, 255]; };
      let worst = 99;
      document.querySelectorAll('.badge, td, th, .rid, .reason, .rtype, .hint, .note, label, a, button').forEach(e => {
        if (!e.offsetParent) return;
        const a = lum(rgb(getComputedStyle(e).color)), b = lum(bg(e));
        worst = Math.min(worst, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05));
      });
      return worst; })()""")
    assert worst >= 4.5


def test_fifty_thousand_findings_open_in_seconds(open_report: Open, full_doc: dict[str, Any]) -> None:
    big = scaled_document(full_doc, 50_000)
    t0 = time.perf_counter()
    html = render_html(big)
    rendered = time.perf_counter() - t0
    t1 = time.perf_counter()
    opened = open_report(html, name="big.html")
    loaded = time.perf_counter() - t1
    page = opened.page
    print(f"\n50 000 findings: render_html {rendered:.2f}s, {len(html) / 1e6:.2f} MB, page ready {loaded:.2f}s "
          f"(script {page.get_attribute('body', 'data-load-ms')} ms)")
    assert "of 50,000 matching" in _count(page)
    t2 = time.perf_counter()
    page.select_option("#f-status", "FAIL")
    failing = _count(page)
    page.fill("#f-q", "shop-data")
    _wait_count_changes(page, failing)
    print(f"filter + search over 50 000: {time.perf_counter() - t2:.2f}s")
    assert loaded < 30
    assert opened.errors == []
