from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ssrm.report.html import render_html
from ssrm.report.html.payload import decode_payload, findings_columns
from ssrm.report.html.render import page_payload
from ssrm.report.markdown import render_markdown
from ssrm.report.pdf import render_pdf


def _payload(html: str) -> dict[str, Any]:
    m = re.search(r'<script id="ssrm-data" type="application/octet-stream">([^<]*)</script>', html)
    assert m
    return decode_payload(m.group(1))


def test_columns_rebuild_every_finding(full_doc: dict[str, Any]) -> None:
    data = findings_columns(full_doc["findings"])
    cols, rules, res, strings = data["columns"], data["rules"], data["resources"], data["strings"]
    assert len(cols["rule"]) == len(full_doc["findings"])
    for i, f in enumerate(full_doc["findings"]):
        r, x = rules[cols["rule"][i]], res[cols["resource"][i]]
        assert (r[0], r[1], r[2], r[3], r[5]) == (f["rule_id"], f["title"], f["severity"], f["layer"], f["stage"])
        assert strings[r[7]] == f["remediation"]
        assert (x[0], x[1], x[3], x[7]) == (f["resource_arn"], f["resource_id"], f["region"], f["tags"])
        assert data["statuses"][cols["status"][i]] == f["status"]
        assert strings[cols["reason"][i]] == f["reason"]


def test_muted_reason_travels(plain_doc: dict[str, Any]) -> None:
    first = {**plain_doc["findings"][0], "status": "MUTED", "muted_reason": "accepted until 2030 (ticket SEC-1)"}
    data = findings_columns([first, *plain_doc["findings"][1:]])
    assert data["statuses"][data["columns"]["status"][0]] == "MUTED"
    assert data["strings"][data["columns"]["muted"][0]] == "accepted until 2030 (ticket SEC-1)"
    assert set(data["columns"]["muted"][1:]) == {-1}


def test_self_contained_and_complete(full_doc: dict[str, Any]) -> None:
    html = render_html(full_doc)
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', html)
    assert "url(http" not in html and "@import" not in html
    for layer in ("Apps", "Hosts", "Networks", "Cloud", "Physical", "Hypervisor", "Foundational services"):
        assert f">{layer}</text>" in html
    assert 'id="gaps"' in html and "Collection incomplete" in html
    assert "Not computed" not in html
    assert _payload(html) == page_payload(full_doc)


def test_plan_shows_counts_never_python_values(full_doc: dict[str, Any]) -> None:
    html = render_html(full_doc)
    assert full_doc["plan"] and isinstance(full_doc["plan"][0]["paths_broken"], list)
    visible = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    cuts = re.findall(r"paths cut: (\S+?)</span>", visible)
    assert cuts and all(c.isdigit() for c in cuts)
    assert "['" not in visible and "{'" not in visible


def test_missing_sections_say_not_computed(plain_doc: dict[str, Any]) -> None:
    bare = {k: v for k, v in plain_doc.items() if k not in ("plan", "paths", "compliance", "history")}
    html = render_html({**bare, "gaps": []})
    assert html.count("Not computed in this assessment.") == 3  # plan, paths, compliance
    assert "No earlier assessment to compare with." in html  # history exists only with an earlier one
    assert 'id="gaps"' not in html


def test_account_values_are_escaped(plain_doc: dict[str, Any]) -> None:
    evil = "</script><script>alert(1)</script>"
    doc = {**plain_doc, "account": evil, "gaps": [{"service": evil, "region": "r", "api": "a", "error": "e"}],
           "findings": [{**f, "reason": evil, "tags": {"owner": evil}} for f in plain_doc["findings"]]}
    html = render_html(doc)
    assert "<script>alert(1)" not in html
    assert _payload(html)["findings"]["strings"].count(evil) == 1


def test_an_empty_document_still_renders(tmp_path: Path) -> None:
    assert "Not assessed" in render_html({})
    assert "was not assessed" in render_markdown({})
    assert render_pdf({}, tmp_path / "empty.pdf").read_bytes().startswith(b"%PDF-")


def test_computed_but_empty_sections_say_so(plain_doc: dict[str, Any]) -> None:
    html = render_html({**plain_doc, "paths": [], "plan": [], "compliance": {}, "history": {"new_failures": []}})
    assert "Not computed in this assessment." not in html
    assert "Nothing to do" in html and "No compliance framework" in html and "0 new failure(s)" in html
    assert _payload(html)["paths"] == []


def test_gaps_of_an_emulator_are_explained_as_its_limits(full_doc: dict[str, Any]) -> None:
    assert full_doc["gaps"]
    live = render_html({**full_doc, "emulated": False})
    emulated = render_html({**full_doc, "emulated": True})
    assert 'class="gaps" aria-labelledby="gaps-h" role="alert"' in live and "Collection incomplete" in live
    assert 'class="gaps emulated" aria-labelledby="gaps-h" role="note"' in emulated
    assert "limits of the emulator" in emulated and "Collection incomplete" not in emulated
