from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ssrm.report.markdown import render_markdown, top_risks
from ssrm.report.pdf import render_pdf


def test_summary_has_every_part(full_doc: dict[str, Any]) -> None:
    md = render_markdown(full_doc)
    for heading in ("## Where the account stands", "## The risks that matter", "## What changed since the last",
                    "## Who must act", "## First steps of the action plan"):
        assert heading in md
    for name in ("Applications", "Networks", "(hosts)", "(cloud)"):
        assert name in md
    assert "Warning:" in md  # the sample has a collection gap
    assert "3 new failure(s), 1 fixed" in md
    assert "### unassigned" in md


def test_risks_come_from_the_worst_failing_rules(full_doc: dict[str, Any]) -> None:
    risks = top_risks(full_doc)
    assert len(risks) == 5
    failing_titles = {f["title"] for f in full_doc["findings"] if f["status"] == "FAIL"}
    assert all(r.title in failing_titles for r in risks)
    ranks = ["critical", "high", "medium", "low", "info"]
    assert [ranks.index(r.severity) for r in risks] == sorted(ranks.index(r.severity) for r in risks)
    assert risks[0].severity == "critical"
    on_paths = [r for r in risks if r.paths]
    assert on_paths and "attack path" in on_paths[0].impact
    md = render_markdown(full_doc)
    numbered = re.findall(r"^\d\. \*\*(.+?)\*\*", md.split("## The risks that matter")[1], flags=re.M)
    assert len(numbered) == 5


def test_absent_history_and_clean_account(plain_doc: dict[str, Any]) -> None:
    md = render_markdown(plain_doc)
    assert "No earlier assessment to compare with." in md
    assert "First steps" not in md
    clean = {**plain_doc, "findings": [f for f in plain_doc["findings"] if f["status"] == "PASS"], "gaps": []}
    md = render_markdown(clean)
    assert "No check fails" in md and "Warning" not in md


def test_markdown_escapes_account_values(plain_doc: dict[str, Any]) -> None:
    doc = {**plain_doc, "findings": [{**f, "tags": {"owner": "*evil*|team"}} for f in plain_doc["findings"]]}
    md = render_markdown(doc)
    assert "\\*evil\\*\\|team" in md


def test_owner_tag_keys_are_configurable(full_doc: dict[str, Any]) -> None:
    md = render_markdown(full_doc, tag_keys=("env",))
    assert "`env`" in md and "### prod" in md and "### dev" in md


def test_pdf_is_written(full_doc: dict[str, Any], tmp_path: Path) -> None:
    out = render_pdf(full_doc, tmp_path / "summary.pdf")
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type /Page\b", data)) >= 2
    assert out.stat().st_size > 2_000


def test_emulator_gaps_are_worded_as_emulator_limits(plain_doc: dict[str, Any]) -> None:
    from ssrm.report.markdown import gap_warning

    doc = {**plain_doc, "gaps": [{"service": "accessanalyzer", "region": "us-east-1", "api": "ListAnalyzers"}]}
    assert "incomplete" in (gap_warning(doc) or "")
    assert "limits of the emulator" in (gap_warning({**doc, "emulated": True}) or "")
