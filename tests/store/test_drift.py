"""Diffs between stored runs: findings by category, resources in words, paths, scores; the CLI around them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from ssrm.drift import classify, describe_changes, diff_runs, pick_runs
from ssrm.drift.changes import changes_since_previous
from ssrm.model.resources.compute.network import PortRule
from ssrm.report.html import render_html
from tests.store.world import assessment_doc, base_inventory, remove, replace, snapshot

WORLD_SSH = PortRule(protocol="tcp", from_port=22, to_port=22, ipv4_ranges=("0.0.0.0/0",))
PUBLIC_READ = {"Version": "2012-10-17", "Statement": [
    {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
     "Resource": "arn:aws:s3:::shop-data/*"}]}


def _keep(store: Any, inv: Any) -> Any:
    return store.record(assessment_doc(inv), snapshot(inv), source="live")


def test_classify_every_category() -> None:
    def state(status: str) -> dict[str, str]:
        return {"status": status, "rule_id": "r", "title": "t", "severity": "high", "resource_arn": "a"}

    before = {"same": state("FAIL"), "fixed": state("FAIL"), "gone": state("FAIL"), "blind": state("FAIL"),
              "back": state("PASS"), "fresh": state("PASS")}
    after = {"same": state("FAIL"), "fixed": state("PASS"), "blind": state("ERROR"), "back": state("FAIL"),
             "fresh": state("FAIL")}
    got = {k: [e["fingerprint"] for e in v] for k, v in classify(before, after, {"back"}).items()}
    assert got == {"new": ["fresh"], "regressed": ["back"], "resolved": ["fixed", "gone"], "unknown": ["blind"],
                   "muted": [], "unchanged": ["same"]}


def test_field_level_changes_read_as_sentences() -> None:
    inv = base_inventory()
    sg = snapshot(inv)["resources"][0]
    opened = snapshot(replace(inv, "sg-0ab", ingress=(*inv.resources[0].ingress, WORLD_SSH)))["resources"][0]
    assert describe_changes(sg, opened) == ["sg-0ab ingress gained tcp/22 from 0.0.0.0/0"]
    bucket = snapshot(inv)["resources"][1]
    public = snapshot(replace(inv, "shop-data", policy=PUBLIC_READ))["resources"][1]
    assert describe_changes(bucket, public) == ["shop-data policy statement PublicRead added"]
    attached = snapshot(replace(inv, "AROAAPP", attached_policy_arns=["arn:aws:iam::aws:policy/AdministratorAccess"]))
    assert describe_changes(snapshot(inv)["resources"][3], attached["resources"][3]) == [
        "AROAAPP attached policy arns gained arn:aws:iam::aws:policy/AdministratorAccess"]


def test_diff_of_two_stored_runs(store: Any) -> None:
    inv = base_inventory()
    first = _keep(store, inv)
    changed = replace(inv, "sg-0ab", ingress=(*inv.resources[0].ingress, WORLD_SSH))
    changed = replace(changed, "shop-data", policy=PUBLIC_READ, public_access_block=None)
    changed = remove(changed, "shop-logs")
    second = _keep(store, changed)
    base, head = pick_runs(store, None, None)
    assert (base.id, head.id) == (first.id, second.id)
    d = diff_runs(store, base, head)
    assert d.resources is not None
    assert [r["id"] for r in d.resources.removed] == ["shop-logs"]
    changes = {c.id: c.changes for c in d.resources.changed}
    assert changes.keys() == {"sg-0ab", "shop-data"}
    assert changes["sg-0ab"] == ["sg-0ab ingress gained tcp/22 from 0.0.0.0/0"]
    assert changes["shop-data"][0].startswith("shop-data policy statement PublicRead added")
    assert changes["shop-data"][1] == "shop-data public access block removed"
    new_on = {e["resource_id"] for e in d.findings["new"]}
    assert new_on == {"sg-0ab", "shop-data"}
    assert {e["resource_id"] for e in d.findings["resolved"]} == {"shop-logs"}
    assert all(e["after"] is None for e in d.findings["resolved"])
    assert d.scores["overall"]["delta"] is not None and d.scores["overall"]["delta"] < 0
    section = changes_since_previous(store.url, head)
    assert section is not None and section["previous_run"] == first.id
    html = render_html({**assessment_doc(changed), "history": section})
    assert "sg-0ab ingress gained tcp/22 from 0.0.0.0/0" in html and "removed AWS::S3::Bucket shop-logs" in html


def test_a_fix_then_a_relapse_is_a_regression(store: Any) -> None:
    inv = base_inventory()
    bad = replace(inv, "sg-0ab", ingress=(WORLD_SSH,))
    for version in (bad, inv, bad):
        _keep(store, version)
    base, head = pick_runs(store, None, None)
    d = diff_runs(store, base, head)
    assert d.findings["regressed"] and not d.findings["new"]
    assert {e["resource_id"] for e in d.findings["regressed"]} == {"sg-0ab"}


def _ssrm(*args: str, store: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SSRM_STORE": store, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "ssrm", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def test_cli_history_diff_sla_and_errors(store: Any, tmp_path: Path) -> None:
    inv = base_inventory()
    _keep(store, inv)
    _keep(store, replace(inv, "sg-0ab", ingress=(WORLD_SSH,)))
    listed = _ssrm("history", "--format", "json", store=store.url)
    assert listed.returncode == 0, listed.stderr
    runs = json.loads(listed.stdout)
    assert len(runs) == 2 and runs[0]["status"] == "complete" and runs[0]["layers"]
    text = _ssrm("diff", store=store.url)
    assert text.returncode == 0, text.stderr
    assert "sg-0ab ingress gained tcp/22 from 0.0.0.0/0" in text.stdout and "sg-0ab ingress lost tcp/443" in text.stdout
    md = _ssrm("diff", "--format", "md", store=store.url)
    assert md.stdout.startswith("# Changes: run") and "## New failures" in md.stdout
    as_json = json.loads(_ssrm("diff", "--format", "json", store=store.url).stdout)
    assert as_json["counts"]["new"] >= 1 and as_json["resources"]["changed"][0]["id"] == "sg-0ab"
    sla = json.loads(_ssrm("history", "sla", "--format", "json", store=store.url).stdout)
    assert sla["severities"]["high"]["open"] >= 1
    missing = _ssrm("diff", "1", "999", store=store.url)
    assert missing.returncode == 2 and "no run 999" in missing.stderr and "Traceback" not in missing.stderr
    bad = _ssrm("history", "prune", "--keep", "soon", store=store.url)
    assert bad.returncode == 2 and "not a duration" in bad.stderr


def test_sla_counts_an_organization_runs_findings_once() -> None:
    """``ssrm scan --org --store`` keeps the merged run under o-… and each member under its own id: the
    account-wide SLA views (CLI and dashboard) count each finding once."""
    from ssrm.drift.lifecycle import counted_once, remediation_stats

    member = {"account": "111122223333", "severity": "high", "status": "FAIL",
              "first_seen": "2026-01-01T00:00:00+00:00", "last_seen": "2026-01-02T00:00:00+00:00",
              "resolved_at": None, "team": None}
    merged = {**member, "account": "o-abc123"}
    once = remediation_stats(counted_once([member, merged]))
    assert counted_once([member, merged]) == [member]
    assert once == remediation_stats([member])
