"""Every output format, rendered from a real scan of the planted account and validated."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from botocore.validate import ParamValidator
from py_ocsf_models.events.findings.compliance_finding import ComplianceFinding

from ssrm.demo.world import DemoWorld
from ssrm.report.asff import LIMITS, render_asff
from ssrm.report.csv_out import render_csv
from ssrm.report.ocsf import render_ocsf


def judged(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in doc["findings"] if f["status"] != "NOT_APPLICABLE"]


def test_ocsf_validates_with_the_model_library(scanned: tuple[dict[str, Any], Path]) -> None:
    doc, _ = scanned
    events = json.loads(render_ocsf(doc))
    assert len(events) == len(judged(doc))
    for event in events:
        parsed = ComplianceFinding.model_validate(event)
        assert parsed.class_uid == 2003
        assert parsed.compliance.status_id is not None
    fails = [e for e in events if e["status_code"] == "FAIL"]
    assert fails and all(e["compliance"]["status_id"] == 3 for e in fails)
    assert len({e["finding_info"]["uid"] for e in events}) == len(events), "finding ids are unique"


def test_asff_matches_security_hub_shapes_and_imports(scanned: tuple[dict[str, Any], Path],
                                                      planted: DemoWorld) -> None:
    doc, _ = scanned
    findings = json.loads(render_asff(doc))
    assert len(findings) == len(judged(doc))
    client = boto3.client("securityhub", region_name="us-east-1", endpoint_url=planted.endpoint,
                          config=Config(retries={"max_attempts": 1}))
    shape = client.meta.service_model.operation_model("BatchImportFindings").input_shape
    for start in range(0, len(findings), 100):
        batch = findings[start:start + 100]
        report = ParamValidator().validate({"Findings": batch}, shape)
        assert not report.has_errors(), report.generate_report()
        for f in batch:
            assert len(f["Title"]) <= LIMITS["Title"] and len(f["Description"]) <= LIMITS["Description"]
            assert len(f["Id"]) <= LIMITS["Id"]
        answer = client.batch_import_findings(Findings=batch)
        assert answer["FailedCount"] == 0, answer["FailedFindings"][:3]


def test_csv_has_one_row_per_finding(scanned: tuple[dict[str, Any], Path]) -> None:
    doc, _ = scanned
    rows = list(csv.DictReader(io.StringIO(render_csv(doc))))
    assert len(rows) == len(doc["findings"])
    assert {r["status"] for r in rows} == {f["status"] for f in doc["findings"]}
    assert rows[0]["rule_id"] == doc["findings"][0]["rule_id"]
