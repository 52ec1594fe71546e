"""Streaming report writers: same values as building each output whole, written all or nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from ssrm.report import stream
from ssrm.report.asff import asff_finding, asff_findings
from ssrm.report.json_out import render_json
from ssrm.report.ocsf import ocsf_events, ocsf_finding
from ssrm.report.stream import load_assessment, write_reports
from tests.report.sample import sample_document


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    document = sample_document(copies=3)
    # one muted finding and one without tags, so every branch of the OCSF template is met
    document["findings"][0] = {**document["findings"][0], "status": "MUTED", "muted_reason": "accepted risk"}
    document["findings"][1] = {**document["findings"][1], "tags": {}}
    return document


def test_ocsf_from_templates_equals_the_model_for_every_finding(doc: dict[str, Any]) -> None:
    expected = [ocsf_finding(f, doc).model_dump(mode="json", exclude_none=True)
                for f in doc["findings"] if f["status"] != "NOT_APPLICABLE"]
    streamed = list(ocsf_events(doc))
    assert len(streamed) == len(expected) > 20
    for got, want in zip(streamed, expected, strict=True):
        assert got == want


def test_asff_from_templates_equals_building_each_finding(doc: dict[str, Any]) -> None:
    expected = [asff_finding(f, doc) for f in doc["findings"] if f["status"] != "NOT_APPLICABLE"]
    streamed = list(asff_findings(doc))
    assert len(streamed) == len(expected) > 20
    for got, want in zip(streamed, expected, strict=True):
        assert got == want


def test_json_written_a_finding_at_a_time_is_the_same_document(doc: dict[str, Any]) -> None:
    text = render_json(doc)
    assert json.loads(text) == json.loads(json.dumps(doc))
    assert text.count("\n") > len(doc["findings"])  # one finding per line, not one huge line


def test_every_report_file_is_written_and_parses(doc: dict[str, Any], tmp_path: Path) -> None:
    written = write_reports(doc, tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in tmp_path.iterdir())
    assert json.loads((tmp_path / "assessment.json").read_text()) == json.loads(json.dumps(doc))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "findings.csv").read_text())))
    assert len(rows) == len(doc["findings"])
    judged = [f for f in doc["findings"] if f["status"] != "NOT_APPLICABLE"]
    assert len(json.loads((tmp_path / "findings.ocsf.json").read_text())) == len(judged)
    assert len(json.loads((tmp_path / "findings.asff.json").read_text())) == len(judged)


def test_a_failure_half_way_leaves_the_directory_as_it_was(doc: dict[str, Any], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "assessment.json").write_text("previous run")

    def broken(_doc: dict[str, Any], out: Any) -> None:
        out.write("[")
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(stream.REPORT_WRITERS, "findings.ocsf.json", broken)
    with pytest.raises(OSError):
        write_reports(doc, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["assessment.json"]
    assert (tmp_path / "assessment.json").read_text() == "previous run"


def test_loading_shares_repeated_values_and_keeps_the_document(doc: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "assessment.json"
    path.write_text(json.dumps(doc, indent=2))
    loaded = load_assessment(path)
    assert loaded == json.loads(json.dumps(doc))
    same_rule = [f for f in loaded["findings"] if f["rule_id"] == loaded["findings"][0]["rule_id"]]
    assert len(same_rule) > 1
    assert same_rule[0]["remediation"] is same_rule[1]["remediation"]
    assert same_rule[0]["title"] is same_rule[1]["title"]
