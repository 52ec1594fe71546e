"""The HTML report's Access section, from the escalation rules' findings and the internal paths."""

from __future__ import annotations

from ssrm.report.html.access import access
from ssrm.report.html.render import render_html


def _finding(rule: str, name: str, status: str, reason: str) -> dict[str, object]:
    return {"rule_id": rule, "resource_name": name, "resource_arn": f"arn:aws:iam::1:role/{name}",
            "resource_type": "AWS::IAM::Role", "status": status, "reason": reason}


DOC = {"findings": [
    _finding("iam_role_privilege_escalation", "ci-build", "FAIL", "ci-build can become administrator by x"),
    _finding("iam_role_privilege_escalation", "web-role", "PASS", "no chain"),
    _finding("iam_role_crown_jewel_via_escalation", "ci-build", "FAIL", "ci-build reaches payroll only by escalating"),
], "paths": [{"origin": "internal", "steps": [{"from": "arn:aws:iam::1:role/ci-build", "sentence": "passes <role>"}]}]}


def test_access_section_lists_escalations_with_steps() -> None:
    html = access(DOC)
    assert "1 of 2 users, roles and groups can become administrator" in html
    assert "ci-build can become administrator by x" in html and "web-role" not in html
    assert "passes &lt;role&gt;" in html  # steps escaped
    assert "reaches payroll only by escalating" in html


def test_access_section_in_the_page_and_absent_when_not_computed() -> None:
    assert 'id="access"' in render_html(DOC)
    assert "Not computed" in access({"findings": []})
