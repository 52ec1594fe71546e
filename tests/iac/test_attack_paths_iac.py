"""Attack paths on infrastructure code: the Capital One pattern is reported before it is deployed."""

from __future__ import annotations

import json
from pathlib import Path

from ssrm.iac.assess import assess_iac
from ssrm.iac.render import render

FIXTURE = Path(__file__).parent / "fixtures" / "capital_one"


def test_public_imdsv1_instance_with_s3_star_role_is_a_path_to_the_bucket() -> None:
    assessment = assess_iac([FIXTURE])
    targets = {p["target"]: p for p in assessment.paths}
    path = targets["arn:aws:s3:::customer-data"]
    assert [s["stage"] for s in path["steps"]] == ["initial-access", "control", "discover-spread", "exfiltrate"]
    assert path["steps"][1]["finding_rule_id"] == "ec2_instance_imdsv1_allowed"
    assert "s3:GetObject" in path["steps"][-1]["sentence"]
    document = json.loads(render(assessment, "json"))
    assert document["paths"] == assessment.paths
    assert any("ec2_instance_imdsv1_allowed" in step["fixes_rule_ids"] for step in document["plan"])
    assert "Attack paths this code would open" in render(assessment, "text")


def test_without_the_public_ip_there_is_no_path(tmp_path: Path) -> None:
    text = (FIXTURE / "main.tf").read_text()
    (tmp_path / "main.tf").write_text(text.replace("associate_public_ip_address = true",
                                                   "associate_public_ip_address = false"))
    assert assess_iac([tmp_path]).paths == []
