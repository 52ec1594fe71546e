from __future__ import annotations

from typing import Any

from ssrm.report.teams import UNASSIGNED, owner_of, team_fix_lists


def _finding(rule: str, sev: str, stage: str, res: str, tags: dict[str, str], status: str = "FAIL") -> dict[str, Any]:
    return {"rule_id": rule, "title": rule.replace("_", " "), "severity": sev, "stage": stage, "layer": "cloud",
            "status": status, "resource_id": res, "resource_arn": f"arn:{res}", "tags": tags,
            "remediation": {"text": f"fix {rule}"}}


def test_owner_tag_keys_are_ordered_and_case_insensitive() -> None:
    assert owner_of({"Team": "web", "owner": "pay"}) == "pay"
    assert owner_of({"TEAM": " web "}) == "web"
    assert owner_of({"owner": ""}) is None
    assert owner_of({"cost-center": "42"}, ("cost-center",)) == "42"


def test_routes_failures_by_tag_and_orders_by_severity_then_stage(full_doc: dict[str, Any]) -> None:
    doc = {"findings": [
        _finding("a_low", "low", "recon", "r1", {"owner": "pay"}),
        _finding("a_high_late", "high", "exfiltrate", "r1", {"owner": "pay"}),
        _finding("a_high_early", "high", "initial-access", "r2", {"owner": "pay"}),
        _finding("a_high_early", "high", "initial-access", "r3", {"Owner": "pay"}),
        _finding("a_crit", "critical", "control", "r4", {}),
        _finding("a_pass", "critical", "control", "r5", {"owner": "pay"}, status="PASS"),
    ]}
    lists = {t.team: t for t in team_fix_lists(doc)}
    assert set(lists) == {"pay", UNASSIGNED}
    assert [i.rule_id for i in lists["pay"].items] == ["a_high_early", "a_high_late", "a_low"]
    assert lists["pay"].items[0].resources == ["r2", "r3"]
    assert [i.rule_id for i in lists[UNASSIGNED].items] == ["a_crit"]
    assert list(lists)[-1] == UNASSIGNED


def test_real_document_every_failure_lands_on_exactly_one_list(full_doc: dict[str, Any]) -> None:
    failing = [f for f in full_doc["findings"] if f["status"] == "FAIL"]
    lists = team_fix_lists(full_doc, ("team", "owner"))
    assert sum(t.findings for t in lists) == len({(f["rule_id"], f["resource_id"]) for f in failing})
    assert {"payments", "web", "data", UNASSIGNED} <= {t.team for t in lists}
